"""Folium layers for supply: care homes, Extra Care sites, beds per 1,000 choropleth, gaps."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from data.cqc import cqc_url
from data.deprivation import DECILE_LABEL
from data.deprivation import MEASURE as DEPRIVATION
from maps.geojson import feature_collection, point_collection
from maps.zone_layers import selected_layer
from market.supply import TYPE_LABELS, gap_areas, homes_within
from market.zones import AreaSelection

# Okabe-Ito colours, distinguishable with the common forms of colour-blindness.
TYPE_COLOURS = {
    "nursing": "#D55E00",
    "residential": "#0072B2",
    "both": "#009E73",
    "not stated": "#999999",
}
RATING_COLOURS = {
    "Outstanding": "#009E73",
    "Good": "#56B4E9",
    "Requires improvement": "#E69F00",
    "Inadequate": "#D55E00",
    "Not rated": "#999999",
}
# Radius in pixels by beds: a few size classes keep the number of layers small.
SIZE_CLASSES = (
    (0, 4, "under 20 beds or not known"),
    (20, 6, "20-49 beds"),
    (50, 8, "50-79 beds"),
    (80, 11, "80 beds or more"),
)
EXTRA_CARE_COLOUR = "#CC79A7"
GAP_COLOUR = "#000000"
NO_DATA_COLOUR = "#d9d9d9"
# Sequential light-to-dark blues (ColorBrewer Blues, 5 classes): more beds is darker.
CHOROPLETH_COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
# Deprivation deciles, 1 (most deprived) to 10: ColorBrewer RdBu, 10 classes, a diverging
# palette safe for the common forms of colour-blindness; decile 1 is the darkest.
DECILE_COLOURS = (
    "#67001f",
    "#b2182b",
    "#d6604d",
    "#f4a582",
    "#fddbc7",
    "#d1e5f0",
    "#92c5de",
    "#4393c3",
    "#2166ac",
    "#053061",
)


@dataclass(frozen=True)
class LegendEntry:
    """One legend line: a colour swatch and what it means."""

    colour: str
    label: str
    shape: str = "circle"


POPUP_FIELDS = (
    "name", "provider", "beds", "care_type", "rating", "rating_date", "postcode", "kind",
    "location_id",
)  # fmt: skip


def home_popup(home: Mapping[str, Any]) -> str:
    """Return a home's popup as HTML with every value escaped (`home`: a row, or a dict of
    `POPUP_FIELDS`)."""
    beds = "not known" if pd.isna(home["beds"]) else f"{int(home['beds'])}"
    rated = home["rating"]
    if pd.notna(home["rating_date"]) and rated != "Not rated":
        rated = f"{rated} ({pd.Timestamp(home['rating_date']):%d %b %Y})"
    rows = [
        ("Provider", home["provider"] or "not given"),
        ("Beds", beds),
        ("Type", TYPE_LABELS.get(str(home["care_type"]), str(home["care_type"]))),
        ("CQC rating", rated),
        ("Postcode", home["postcode"] or "not given"),
    ]
    cells = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows
    )
    title = html.escape(str(home["name"]))
    if home["kind"] == "illustrative":
        foot = "<em>Illustrative: not a real care home.</em>"
    else:
        url = html.escape(cqc_url(str(home["location_id"])), quote=True)
        foot = f'<a href="{url}" target="_blank" rel="noopener">CQC page</a>'
    return f"<b>{title}</b><table>{cells}</table>{foot}"


def _size_class(beds: pd.Series) -> pd.Series:
    cuts = [low for low, _, _ in SIZE_CLASSES]
    index = np.searchsorted(cuts, beds.astype("float64").fillna(0).to_numpy(), side="right") - 1
    return pd.Series(index, index=beds.index)


# Each home's colour and size travel with it as data and are applied in the browser, so
# the homes are one GeoJson layer with one popup and one tooltip, whatever their mix. A
# style_function would make folium write a `case` per home into the page instead.
HOME_STYLE_JS = folium.JsCode(
    "function (feature, layer) { layer.setStyle(feature.properties.style); }"
)


def homes_layer(homes: pd.DataFrame, colour_by: str = "type") -> folium.FeatureGroup:
    """Return placed homes as one GeoJson layer, coloured by type or rating, sized by beds."""
    illustrative = bool((homes["kind"] == "illustrative").any())
    name = "Care homes (illustrative)" if illustrative else "Care homes (CQC)"
    group = folium.FeatureGroup(name=name, show=True)
    placed = homes[homes["lat"].notna() & homes["lon"].notna()]
    if placed.empty:
        return group
    column, colours = (
        ("rating", RATING_COLOURS) if colour_by == "rating" else ("care_type", TYPE_COLOURS)
    )
    radii = [radius for _, radius, _ in SIZE_CLASSES]
    fills = placed[column].map(colours).fillna(colours[next(reversed(colours))])
    details = pd.DataFrame(
        {
            # Rows as dicts: a Series per home (iterrows) was most of this layer's time.
            "popup": [home_popup(row) for row in placed[list(POPUP_FIELDS)].to_dict("records")],
            "label": placed["name"].map(lambda v: html.escape(str(v))).to_numpy(),
            "style": [
                {"fillColor": fill, "radius": radii[size]}
                for fill, size in zip(fills, _size_class(placed["beds"]), strict=True)
            ],
        },
        index=placed.index,
    )
    css = "cmm-home cmm-home-illustrative" if illustrative else "cmm-home"
    folium.GeoJson(
        point_collection(placed["lon"], placed["lat"], details),
        marker=folium.CircleMarker(
            radius=radii[0],
            weight=1,
            color="#222222",
            fill=True,
            fill_opacity=0.85,
            class_name=css,
        ),
        on_each_feature=HOME_STYLE_JS,
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=320),
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    ).add_to(group)
    return group


def homes_legend(colour_by: str = "type") -> list[LegendEntry]:
    """Return the legend of the homes layer: colours, then sizes."""
    if colour_by == "rating":
        entries = [LegendEntry(c, r) for r, c in RATING_COLOURS.items()]
    else:
        entries = [LegendEntry(c, TYPE_LABELS[t]) for t, c in TYPE_COLOURS.items()]
    return entries + [LegendEntry("#ffffff", label, f"size-{r}") for _, r, label in SIZE_CLASSES]


def extra_care_layer(sites: pd.DataFrame) -> folium.FeatureGroup:
    """Return Extra Care sites (with lat and lon) as one GeoJson layer of ringed dots."""
    group = folium.FeatureGroup(name="Extra Care sites", show=True)
    placed = sites[sites["lat"].notna()]
    if placed.empty:
        return group
    labels = pd.DataFrame(
        {
            "label": [
                html.escape(f"{row['name']} (Extra Care), {row['postcode']}")
                for _, row in placed.iterrows()
            ]
        }
    )
    style = {"className": "cmm-extra-care", "fillColor": EXTRA_CARE_COLOUR, "color": "#000000"}
    folium.GeoJson(
        point_collection(placed["lon"], placed["lat"], labels),
        marker=folium.CircleMarker(radius=7, weight=2, fill=True, fill_opacity=0.9),
        style_function=lambda _feature: style,
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    ).add_to(group)
    return group


def class_breaks(values: pd.Series, classes: int = len(CHOROPLETH_COLOURS) - 1) -> list[float]:
    """Return rounded upper bounds of equal-count classes of the values above zero."""
    positive = values[values > 0]
    if positive.empty:
        return []
    quantiles = positive.quantile(np.linspace(0, 1, classes + 1)[1:]).round(1)
    # The top bound is rounded up, so the largest value is within it (9.94: 10.0, not 9.9).
    quantiles.iloc[-1] = np.ceil(round(float(positive.max()) * 10, 6)) / 10
    return sorted({float(q) for q in quantiles})


def choropleth_layer(
    areas: gpd.GeoDataFrame, column: str, title: str, *, decimals: int = 1
) -> tuple[folium.FeatureGroup, list[LegendEntry]]:
    """Return areas coloured by a measure in classes, as one GeoJson layer, and its legend.

    `areas` are drawn as given: pass generalised geometry (`CouncilGeography.drawable`).
    Values and class bounds are written with `decimals` places (0 for counts of people).
    """
    group = folium.FeatureGroup(name=title, show=True)
    values = areas[column].astype("float64")
    breaks = class_breaks(values)
    # Class 0 holds areas with none; classes 1.. hold equal numbers of the rest.
    index = pd.Series(np.searchsorted(breaks, values.fillna(0), side="left") + 1, index=areas.index)
    index[values == 0] = 0
    shapes = areas[["code", "name", "geometry"]].assign(
        label=[
            html.escape(f"{n}: {'no estimate' if pd.isna(v) else f'{v:,.{decimals}f}'}")
            for n, v in zip(areas["name"], values, strict=True)
        ]
    )
    legend: list[LegendEntry] = []
    labels = ["none"]
    lower = 0.0
    for upper in breaks:
        labels.append(f"over {lower:,.{decimals}f} to {upper:,.{decimals}f}")
        lower = upper
    fills = pd.Series(NO_DATA_COLOUR, index=areas.index, dtype=object)
    for number, label in enumerate(labels):
        chosen = values.notna() & (index == number)
        if number == 0 and not chosen.any():
            continue
        legend.append(LegendEntry(CHOROPLETH_COLOURS[number], label, "square"))
        fills[chosen] = CHOROPLETH_COLOURS[number]
    if values.isna().any():
        legend.append(LegendEntry(NO_DATA_COLOUR, "no population figure", "square"))
    add_areas(group, shapes, fills, "cmm-supply-area")
    return group, legend


# Each area's fill travels with it as data and is applied in the browser, as the homes'
# styles are (HOME_STYLE_JS): a shaded map is one GeoJson layer, not one per class. A
# layer per class, each class's GeoJSON written and then parsed again by folium, was the
# largest part of the care homes page's run before its map (py-spy; README, issue 15).
FILL_JS = folium.JsCode(
    "function (feature, layer) { layer.setStyle({fillColor: feature.properties.fill}); }"
)


def add_areas(
    group: folium.FeatureGroup, shapes: gpd.GeoDataFrame, fills: pd.Series, css: str
) -> None:
    """Add shapes (with an escaped `label` each) to the group as one layer, each filled
    with its colour in `fills` (a colour per row of `shapes`)."""
    if shapes.empty:
        return
    style = {
        "color": "#555555",
        "weight": 0.6,
        "fillColor": NO_DATA_COLOUR,
        "fillOpacity": 0.7,
        "className": css,
    }
    folium.GeoJson(
        feature_collection(shapes.assign(fill=fills.to_numpy()), ["label", "fill"]),
        style_function=lambda _feature: style,
        on_each_feature=FILL_JS,
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    ).add_to(group)


def decile_legend(missing: bool = False) -> list[LegendEntry]:
    """Return the deprivation layer's legend: ten deciles, and "no decile" when any lack one."""
    ends = {1: " (most deprived 10%)", 10: " (least deprived 10%)"}
    entries = [
        LegendEntry(colour, f"{decile}{ends.get(decile, '')}", "square")
        for decile, colour in enumerate(DECILE_COLOURS, start=1)
    ]
    return entries + ([LegendEntry(NO_DATA_COLOUR, "no decile", "square")] if missing else [])


def deprivation_layer(
    lsoas: gpd.GeoDataFrame, deciles: pd.DataFrame
) -> tuple[folium.FeatureGroup, list[LegendEntry]]:
    """Return small areas shaded by IMD decile (1 darkest), as one GeoJson layer.

    `lsoas` (code, name, geometry) are drawn as given: pass generalised geometry
    (`CouncilGeography.display_level("lsoa")`); `deciles` has lsoa_code and imd_decile.
    """
    group = folium.FeatureGroup(name=DECILE_LABEL, show=True)
    decile = lsoas["code"].map(deciles.set_index("lsoa_code")["imd_decile"]).astype("Float64")
    shapes = lsoas[["code", "name", "geometry"]].assign(
        label=[
            html.escape(f"{n}: {'no decile' if pd.isna(d) else f'decile {int(d)}'}")
            for n, d in zip(lsoas["name"], decile, strict=True)
        ]
    )
    fills = decile.map(dict(enumerate(DECILE_COLOURS, start=1))).astype(object)
    add_areas(group, shapes, fills.where(decile.notna(), NO_DATA_COLOUR), "cmm-decile")
    return group, decile_legend(bool(decile.isna().any()))


def gaps_layer(gaps: gpd.GeoDataFrame, distance_km: float) -> folium.FeatureGroup:
    """Return the small areas with no bed within the distance, outlined with a dashed line.

    `gaps` are drawn as given: pass generalised geometry (`CouncilGeography.drawable`).
    """
    group = folium.FeatureGroup(name=f"No bed within {distance_km:g} km", show=True)
    if gaps.empty:
        return group
    shapes = gaps[["code", "name", "geometry"]].assign(
        label=[
            html.escape(f"{n}: nearest bed {k:,.1f} km (straight line)")
            for n, k in zip(gaps["name"], gaps["nearest_km"], strict=True)
        ]
    )
    style = {
        "color": GAP_COLOUR,
        "weight": 2,
        "dashArray": "4 3",
        "fillColor": GAP_COLOUR,
        "fillOpacity": 0.25,
        "className": "cmm-gap",
    }
    folium.GeoJson(
        feature_collection(shapes, ["label"]),
        style_function=lambda _feature: style,
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    ).add_to(group)
    return group


def legend_html(title: str, entries: list[LegendEntry]) -> str:
    """Return a legend as a small HTML table (labels escaped), for st.markdown."""
    rows = []
    for entry in entries:
        if entry.shape.startswith("size-"):
            size = 2 * int(entry.shape.split("-")[1])
            swatch = (
                f'<span style="display:inline-block;width:{size}px;height:{size}px;'
                'border-radius:50%;border:1px solid #222;background:#fff"></span>'
            )
        else:
            radius = "50%" if entry.shape == "circle" else "2px"
            swatch = (
                f'<span style="display:inline-block;width:14px;height:14px;'
                f"border-radius:{radius};border:1px solid #222;"
                f'background:{html.escape(entry.colour)}"></span>'
            )
        rows.append(f"<tr><td>{swatch}</td><td>{html.escape(entry.label)}</td></tr>")
    return f"<b>{html.escape(title)}</b><table>{''.join(rows)}</table>"


@dataclass(frozen=True)
class SupplyMap:
    """The supply page's map layers, bottom first, and a legend for each that needs one."""

    layers: list
    legends: list[tuple[str, list[LegendEntry]]]


def supply_map(
    homes: pd.DataFrame,
    homes_kind: str,
    colour_by: str,
    geography,
    areas: pd.DataFrame,
    *,
    measure: str | None,
    measure_label: str = "",
    gap_km: float | None,
    sites: pd.DataFrame,
    selection: AreaSelection | None = None,
    deprivation: pd.DataFrame | None = None,
) -> SupplyMap:
    """Return the supply map's layers: beds choropleth (`measure`), gaps (`gap_km`), homes and
    Extra Care sites, with their legends. None leaves a layer out.

    With a selection, only its homes and gaps are drawn, with its outline on top; a gap is
    still measured to every home, so a bed just over the zone's edge counts. The measure
    DEPRIVATION shades small areas by their decile (`deprivation`: lsoa_code, imd_decile).
    """
    layers = [homes_layer(homes_within(homes, selection), colour_by)]
    legends = [(f"Care homes ({homes_kind})", homes_legend(colour_by))]
    if measure == DEPRIVATION and deprivation is not None:
        lsoas = geography.display_level("lsoa")
        if selection is not None:
            lsoas = lsoas[lsoas["code"].isin(selection.lsoas)]
        shading, entries = deprivation_layer(lsoas, deprivation)
        layers.insert(0, shading)
        legends.append((DECILE_LABEL, entries))
    elif measure is not None and measure != DEPRIVATION:
        shapes = geography.drawable(
            geography.msoas.merge(areas, left_on="code", right_on="msoa_name"), "msoa"
        )
        choropleth, entries = choropleth_layer(shapes, measure, measure_label)
        layers.insert(0, choropleth)
        legends.append((measure_label, entries))
    if gap_km is not None:
        gaps = gap_areas(homes, geography, gap_km)
        if selection is not None:
            gaps = gaps[gaps["code"].isin(selection.lsoas)]
        layers.insert(1, gaps_layer(geography.drawable(gaps, "lsoa"), gap_km))
        where = "straight-line distance from the area's centre"
        legends.append(
            (
                f"Gaps: {len(gaps)} small areas with no bed within {gap_km:g} km",
                [LegendEntry(GAP_COLOUR, where, "square")],
            )
        )
    if not sites.empty:
        layers.append(extra_care_layer(sites))
        legends.append(("Extra Care", [LegendEntry(EXTRA_CARE_COLOUR, "Extra Care site")]))
    if selection is not None:
        layers.append(selected_layer(selection.shape))
    return SupplyMap(layers, legends)
