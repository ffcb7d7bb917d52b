"""Folium layers for the demand outlook: older people by neighbourhood, and when zones fill."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

from geo.boundaries import WGS84
from maps.supply_layers import LegendEntry, add_areas, choropleth_layer
from market.zones import DISPLAY_COLUMN

# Sooner is darker (ColorBrewer OrRd, darkest first): a zone already over the threshold
# stands out most. Zones that do not pass it by the last year are near white.
PASS_COLOURS = ("#990000", "#d7301f", "#ef6548", "#fc8d59", "#fdbb84", "#fdd49e", "#fef0d9")
NEVER_COLOUR = "#f7f7f7"
NO_BEDS_COLOUR = "#bdbdbd"


def people_layer(
    msoas: gpd.GeoDataFrame, people: pd.Series, title: str
) -> tuple[folium.FeatureGroup, list[LegendEntry]]:
    """Return neighbourhoods (code, name, geometry) shaded by people, with the legend.

    `people` is indexed by MSOA name; neighbourhoods without a figure are drawn grey.
    """
    areas = msoas.assign(people=msoas["name"].map(people))
    return choropleth_layer(areas, "people", title, decimals=0)


def pass_bands(first_year: int, last_year: int) -> list[tuple[int, int]]:
    """Return the spans of years the map tells apart: the first year on its own, then spans
    ending in years that end in 0 or 5 (2027 to 2030, 2031 to 2035, ...), none under 3 years."""
    spans = [(first_year, first_year)]
    start = first_year + 1
    while start <= last_year:
        end = (start + 4) // 5 * 5
        if end - start < 2:
            end += 5
        spans.append((start, min(end, last_year)))
        start = end + 1
    return spans


def pass_labels(passes: pd.Series, first_year: int, last_year: int) -> pd.Series:
    """Return, for each zone, the span of years in which it first passes the threshold."""
    labels = pd.Series(f"Not by {last_year}", index=passes.index, dtype="object")
    for start, end in pass_bands(first_year, last_year):
        within = passes.notna() & (passes >= start) & (passes <= end)
        if start == first_year:
            text = f"Already in {first_year}"
        else:
            text = f"{start} to {end}" if end > start else str(start)
        labels[within.fillna(False).astype(bool)] = text
    return labels


def threshold_layer(
    zones: gpd.GeoDataFrame,
    passes: pd.Series,
    no_beds: set[str],
    *,
    first_year: int,
    last_year: int,
    threshold_pct: float,
) -> tuple[folium.FeatureGroup, list[LegendEntry]]:
    """Return zones coloured by the year their beds needed first pass the threshold share of
    today's beds, with the legend. `passes` is indexed by zone (Int64, NA for never)."""
    title = f"When beds needed pass {threshold_pct:g}% of today's beds"
    group = folium.FeatureGroup(name=title, show=True)
    shapes = gpd.GeoDataFrame(
        {"zone": zones["zone"].to_numpy()}, geometry=zones[DISPLAY_COLUMN].to_numpy(), crs=WGS84
    )
    by_zone = passes.reindex(shapes["zone"]).to_numpy()
    labels = pass_labels(pd.Series(by_zone, index=shapes.index), first_year, last_year)
    labels[shapes["zone"].isin(no_beds)] = "No beds today"
    spans = pass_bands(first_year, last_year)
    order = [f"Already in {first_year}"] + [
        f"{s} to {e}" if e > s else str(s) for s, e in spans[1:]
    ]
    colours = dict(zip(order, PASS_COLOURS, strict=False))
    colours[f"Not by {last_year}"] = NEVER_COLOUR
    colours["No beds today"] = NO_BEDS_COLOUR
    shapes["label"] = [
        html.escape(f"{zone}: {label}") for zone, label in zip(shapes["zone"], labels, strict=True)
    ]
    legend = []
    fills = pd.Series(PASS_COLOURS[-1], index=shapes.index, dtype=object)
    for label in [*order, f"Not by {last_year}", "No beds today"]:
        chosen = labels == label
        if not chosen.any():
            continue
        colour = colours.get(label, PASS_COLOURS[-1])
        legend.append(LegendEntry(colour, label, "square"))
        fills[chosen.to_numpy()] = colour
    add_areas(group, shapes, fills, "cmm-outlook-zone")
    return group, legend
