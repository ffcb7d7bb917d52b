"""England's 153 councils shaded by one national measure: an Altair choropleth and its alt text.

The councils' outlines are drawn in British National Grid (a flat projection made for Great
Britain, so England keeps its shape), simplified for a map a few hundred pixels across and
cached for the life of the process.
"""

from __future__ import annotations

import json
from functools import lru_cache

import altair as alt
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from charts.common import format_value, readable, wrap_label
from data.measures import measure_service_label
from geo.boundaries import BRITISH_NATIONAL_GRID
from geo.england import council_shapes
from market.council_measures import quantile_classes

# England is about 600 km from north to south and the map a few hundred pixels tall, so a
# pixel is a kilometre or more: 400 m of simplification cannot be seen, and it cuts the
# outlines from 37,000 points to about 13,000.
SIMPLIFY_METRES = 400
# Corners snapped to a 10 m grid, written in kilometres: "412.31" is shorter to send than
# "412310.0", and the "identity" projection draws any planar unit the same way.
GRID_METRES = 10
KM_DECIMALS = 2
# The whole chart: title, map and the legend below it (below, so a phone keeps the width).
MAP_HEIGHT = 780
# Square swatches the size of a line of legend text, as a choropleth's key usually has.
LEGEND_SYMBOL_SIZE = 200
# Viridis (light to dark, higher values darker): ordered in lightness, so it reads with any
# colour vision and in greyscale. Councils with no figure are a neutral light grey.
SEQUENTIAL = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
NO_FIGURE = "No figure"
NO_FIGURE_COLOUR = "#d9d9d9"
OUTLINE_COLOUR = "#ffffff"


@lru_cache(maxsize=1)
def england_outlines() -> gpd.GeoDataFrame:
    """Return the councils' outlines as the choropleth draws them (code and geometry, in
    kilometres of British National Grid, simplified by SIMPLIFY_METRES)."""
    grid = council_shapes().to_crs(BRITISH_NATIONAL_GRID)
    simple = grid.geometry.simplify(SIMPLIFY_METRES, preserve_topology=True).to_numpy()
    snapped = shapely.set_precision(simple, GRID_METRES)
    in_km = shapely.transform(snapped, lambda xy: np.round(xy / 1000, KM_DECIMALS))
    return gpd.GeoDataFrame({"code": grid["code"].to_numpy()}, geometry=in_km)


def class_colours(count: int) -> list[str]:
    """Return `count` colours spread along SEQUENTIAL, lightest first."""
    if count <= 1:
        return [SEQUENTIAL[len(SEQUENTIAL) // 2]][:count]
    picks = np.linspace(0, len(SEQUENTIAL) - 1, count).round().astype(int)
    return [SEQUENTIAL[i] for i in picks]


def range_text(low: float, high: float, unit: str) -> str:
    """Return a range as a reader writes it: "£700.00 to £812.50 a week", or one value."""
    first, last = format_value(low, unit), format_value(high, unit)
    if first == last:
        return first
    shared = _common_suffix(first, last)
    words = shared[shared.find(" ") :] if " " in shared else ""
    return f"{first.removesuffix(words)} to {last}"


def _common_suffix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[-1 - size] == b[-1 - size]:
        size += 1
    return a[len(a) - size :]


def shaded(values: pd.DataFrame) -> pd.DataFrame:
    """Return council_values' rows with what the map shows: `group` (the class's range of
    values, or NO_FIGURE) and `value_text` (the value with its unit)."""
    data = values.assign(number=quantile_classes(values["value"]))
    unit = str(data["unit"].iloc[0]) if len(data) else ""
    bounds = data.groupby("number")["value"].agg(["min", "max"])
    ranges = {n: range_text(low, high, unit) for n, low, high in bounds.itertuples(name=None)}
    return data.assign(
        group=data["number"].map(ranges).fillna(NO_FIGURE),
        value_text=[
            NO_FIGURE if pd.isna(v) else format_value(v, u)
            for v, u in zip(data["value"], data["unit"], strict=True)
        ],
        period=data["period"].fillna(""),
    )


def england_choropleth(values: pd.DataFrame, measure: str, service: str) -> alt.TopLevelMixin:
    """Return the map of England's councils shaded by their figure for a measure and service,
    in quantile classes (market.council_measures.quantile_classes); `values` is
    council_values'."""
    data = shaded(values)
    groups = list(data.dropna(subset=["number"]).sort_values("number")["group"].unique())
    shapes = england_outlines().merge(
        data[["code", "name", "group", "value_text", "period"]], on="code", how="left"
    )
    shapes = shapes.fillna({"group": NO_FIGURE, "value_text": NO_FIGURE, "period": ""})
    colours = class_colours(len(groups))
    if (shapes["group"] == NO_FIGURE).any():
        groups, colours = [*groups, NO_FIGURE], [*colours, NO_FIGURE_COLOUR]
    label = measure_service_label(measure, service)
    lines = wrap_label(label).split("\n")  # a phone's width cuts a long title short
    colour = (
        alt.Color("group:N")
        .title(lines)
        .scale(domain=groups, range=colours)
        .legend(
            orient="bottom",
            direction="vertical",
            symbolType="square",
            symbolSize=LEGEND_SYMBOL_SIZE,
            labelLimit=0,
            titleLimit=0,
        )
    )
    councils = (
        alt.Chart(alt.Data(values=_features(shapes)))
        .mark_geoshape(stroke=OUTLINE_COLOUR, strokeWidth=0.4)
        .encode(
            color=colour,
            tooltip=[
                alt.Tooltip("name:N", title="Council"),
                alt.Tooltip("value_text:N", title="Value"),
                alt.Tooltip("period:N", title="Period"),
            ],
        )
        .project(type="identity", reflectY=True)
        .properties(
            width="container",
            height=MAP_HEIGHT,
            title=alt.Title(lines, subtitle=_subtitle(data), anchor="start"),
        )
    )
    return readable(councils)


def _features(shapes: gpd.GeoDataFrame) -> list[dict]:
    # GeoJSON features, each council's fields beside its geometry, given to the chart as
    # values: Streamlit sends a data frame as an Arrow table, which has no geometry type.
    collection = json.loads(shapes.to_json(drop_id=True))
    return [
        {"type": "Feature", "geometry": feature["geometry"], **feature["properties"]}
        for feature in collection["features"]
    ]


def _subtitle(data: pd.DataFrame) -> str:
    periods = data.loc[data["value"].notna(), "period"].astype(str).unique()
    with_figure = int(data["value"].notna().sum())
    shown = f"{', '.join(periods)}: " if len(periods) else ""
    return f"{shown}{with_figure} of {len(data)} councils with a figure"


def choropleth_alt(values: pd.DataFrame, measure: str, service: str) -> str:
    """Return the map's alt text: what it shows, its lowest and highest councils and how
    many have no figure."""
    known = values.dropna(subset=["value"])
    text = f"Map: {measure_service_label(measure, service)}, by council."
    if known.empty:
        return f"{text} No council has a figure."
    low = known.loc[known["value"].idxmin()]
    high = known.loc[known["value"].idxmax()]
    unit = str(low["unit"])
    return (
        f"{text} {_subtitle(values)}. Lowest: {low['name']}, "
        f"{format_value(low['value'], unit)}; highest: {high['name']}, "
        f"{format_value(high['value'], unit)}. The table lists every council."
    )
