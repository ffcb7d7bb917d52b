"""Occupancy and capacity charts: occupancy over time, beds by type, intermediate care, homes."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import Panel, labelled_bars, prepare, time_series

OCCUPANCY_MEASURES = ("occupancy_pct", "beds_available_pct")
BEDS_MEASURES = ("beds",)
INTERMEDIATE_MEASURES = ("block_beds",)
CAPACITY_MEASURES = (
    "care_homes",
    "care_homes_contracted",
    "care_homes_in_alliance",
    "care_homes_bariatric",
    "care_homes_closed",
    "care_homes_opened",
    "extra_care_sites",
)


def occupancy_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Care home occupancy and beds available, in per cent, over time."""
    data = prepare(rows, OCCUPANCY_MEASURES, lambda r: r["label"])
    return None if data is None else time_series(data, "Per cent of beds")


def beds_by_type_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Care home beds by type of registration."""
    return labelled_bars(
        rows, BEDS_MEASURES, lambda r: r["period"], lambda d: d["service_label"], "Beds"
    )


def intermediate_care_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Intermediate care beds held on block contracts."""
    return labelled_bars(
        rows,
        INTERMEDIATE_MEASURES,
        lambda r: r["period"],
        lambda d: d["service_label"] + " (" + d["period"] + ")",
        "Beds",
    )


def capacity_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Counts of care homes, contracts and Extra Care sites."""
    return labelled_bars(
        rows,
        CAPACITY_MEASURES,
        lambda r: r["period"],
        lambda d: d["label"] + " (" + d["service_label"] + ", " + d["period"] + ")",
        "Count",
    )


PANELS = (
    Panel("Care home occupancy and beds available", occupancy_chart, OCCUPANCY_MEASURES),
    Panel("Care home beds by type", beds_by_type_chart, BEDS_MEASURES),
    Panel("Intermediate care beds", intermediate_care_chart, INTERMEDIATE_MEASURES),
    Panel("Care homes and Extra Care capacity", capacity_chart, CAPACITY_MEASURES),
)
