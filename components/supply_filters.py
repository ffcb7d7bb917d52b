"""The supply page's filters: each widget owns its key; returns one filter object."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data.cqc import CARE_TYPES, RATINGS
from geo.supply_layers import TYPE_LABELS
from market.supply import HomeFilter

KEY = "cmm_supply"
COLOUR_CHOICES = {"type": "Type of home", "rating": "CQC rating"}
MEASURE_CHOICES = {
    "beds_per_1000_65plus": "Beds per 1,000 people aged 65+",
    "beds_per_1000_85plus": "Beds per 1,000 people aged 85+",
    "beds": "Beds",
}
DEFAULT_GAP_KM = 5.0


@dataclass(frozen=True)
class SupplyView:
    """Everything the supply page's controls decide."""

    homes: HomeFilter
    colour_by: str
    measure: str
    show_choropleth: bool
    show_gaps: bool
    gap_km: float


def render_supply_filters() -> SupplyView:
    """Draw the filters in an expander and return what they select."""
    with st.expander("Filters and layers", expanded=True):
        left, middle, right = st.columns(3)
        care_types = left.multiselect(
            "Type of home",
            options=list(CARE_TYPES),
            default=list(CARE_TYPES),
            format_func=lambda t: TYPE_LABELS[t],
            key=f"{KEY}_types",
        )
        ratings = left.multiselect(
            "CQC rating", options=list(RATINGS), default=list(RATINGS), key=f"{KEY}_ratings"
        )
        older = middle.checkbox("Older people only", key=f"{KEY}_older")
        dementia = middle.checkbox("Dementia care only", key=f"{KEY}_dementia")
        min_beds = middle.slider("Minimum beds", 0, 150, 0, step=5, key=f"{KEY}_min_beds")
        colour_by = right.radio(
            "Colour homes by",
            options=list(COLOUR_CHOICES),
            format_func=COLOUR_CHOICES.get,
            horizontal=True,
            key=f"{KEY}_colour",
        )
        measure = right.selectbox(
            "Shade neighbourhoods by",
            options=list(MEASURE_CHOICES),
            format_func=MEASURE_CHOICES.get,
            key=f"{KEY}_measure",
        )
        show_choropleth = right.checkbox("Shade neighbourhoods (MSOAs)", True, key=f"{KEY}_shade")
        show_gaps = right.checkbox("Show gaps", True, key=f"{KEY}_gaps")
        gap_km = right.slider(
            "Gap: no bed within (km, straight line)",
            1.0,
            20.0,
            DEFAULT_GAP_KM,
            step=0.5,
            key=f"{KEY}_gap_km",
        )
    return SupplyView(
        homes=HomeFilter(tuple(care_types), tuple(ratings), older, dementia, int(min_beds)),
        colour_by=colour_by,
        measure=measure,
        show_choropleth=show_choropleth,
        show_gaps=show_gaps,
        gap_km=float(gap_km),
    )
