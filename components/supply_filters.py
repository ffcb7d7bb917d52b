"""The supply page's filters: each widget owns its key; returns one filter object."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components import permalink
from data.cqc import CARE_TYPES, RATINGS
from data.deprivation import DECILE_LABEL
from data.deprivation import MEASURE as DEPRIVATION
from maps.supply_layers import TYPE_LABELS
from market.supply import HomeFilter

KEY = "cmm_supply"
COLOUR_CHOICES = {"type": "Type of home", "rating": "CQC rating"}
MEASURE_CHOICES = {
    "beds_per_1000_65plus": "Beds per 1,000 people aged 65+",
    "beds_per_1000_85plus": "Beds per 1,000 people aged 85+",
    "beds": "Beds",
}
# Offered only once deprivation deciles are imported for the council: small areas, not MSOAs.
DEPRIVATION_CHOICE = {DEPRIVATION: DECILE_LABEL}
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


PARAMS = (
    permalink.Param(
        f"{KEY}_types",
        "types",
        "types of home",
        list(CARE_TYPES),
        permalink.choices(CARE_TYPES),
        permalink.write_list,
    ),
    permalink.Param(
        f"{KEY}_ratings",
        "ratings",
        "CQC ratings",
        list(RATINGS),
        permalink.choices(RATINGS),
        permalink.write_list,
    ),
    permalink.Param(
        f"{KEY}_older", "older", "older people only", False, permalink.flag, permalink.write_flag
    ),
    permalink.Param(
        f"{KEY}_dementia",
        "dementia",
        "dementia care only",
        False,
        permalink.flag,
        permalink.write_flag,
    ),
    permalink.Param(
        f"{KEY}_min_beds", "min_beds", "a minimum of beds", 0, permalink.number(0, 150, int)
    ),
    permalink.Param(
        f"{KEY}_colour", "colour", "a colouring", "type", permalink.choice(list(COLOUR_CHOICES))
    ),
    permalink.Param(
        f"{KEY}_measure",
        "shade_by",
        "a shading measure",
        next(iter(MEASURE_CHOICES)),
        permalink.choice([*MEASURE_CHOICES, *DEPRIVATION_CHOICE]),
    ),
    permalink.Param(f"{KEY}_shade", "shade", "shading", True, permalink.flag, permalink.write_flag),
    permalink.Param(f"{KEY}_gaps", "gaps", "gaps", True, permalink.flag, permalink.write_flag),
    permalink.Param(
        f"{KEY}_gap_km", "gap_km", "a gap distance", DEFAULT_GAP_KM, permalink.number(1.0, 20.0)
    ),
)


def measure_label(measure: str) -> str:
    """Return how a shading measure is named on screen."""
    return {**MEASURE_CHOICES, **DEPRIVATION_CHOICE}[measure]


def render_supply_filters(*, deprivation: bool = False, drawn: bool = True) -> SupplyView:
    """Draw the filters in an expander and return what they select.

    Every filter is kept in the URL (see components.permalink), so a link opens the view.
    With `deprivation` (deciles imported), small areas may be shaded by decile too. Without
    `drawn`, the expander is drawn empty and the selection read from the session and link
    alone (what the widgets would show).
    """
    permalink.restore(PARAMS, scope=KEY)
    for param in PARAMS:
        st.session_state.setdefault(param.key, param.default)
    measures = {**MEASURE_CHOICES, **(DEPRIVATION_CHOICE if deprivation else {})}
    if st.session_state[f"{KEY}_measure"] not in measures:
        # A link made where deciles were imported, opened where they are not.
        st.session_state[f"{KEY}_measure"] = next(iter(MEASURE_CHOICES))
    # Closed to start, on every screen. Open, they put the map's top 830 px down a 1440 by
    # 1000 screen; and a new visitor's first run leaves their widgets to the next run
    # (`drawn`, hold_back_below_map) without the map moving when they arrive.
    with st.expander("Filters and layers"):
        if drawn:
            _draw(measures, deprivation)
    permalink.publish(PARAMS)
    state = st.session_state
    return SupplyView(
        homes=HomeFilter(
            tuple(state[f"{KEY}_types"]),
            tuple(state[f"{KEY}_ratings"]),
            state[f"{KEY}_older"],
            state[f"{KEY}_dementia"],
            int(state[f"{KEY}_min_beds"]),
        ),
        colour_by=state[f"{KEY}_colour"],
        measure=state[f"{KEY}_measure"],
        show_choropleth=state[f"{KEY}_shade"],
        show_gaps=state[f"{KEY}_gaps"],
        gap_km=float(state[f"{KEY}_gap_km"]),
    )


def _draw(measures: dict[str, str], deprivation: bool) -> None:
    """Draw the filters' widgets; each keeps its value under its own key."""
    left, middle, right = st.columns(3)
    left.multiselect(
        "Type of home",
        options=list(CARE_TYPES),
        format_func=lambda t: TYPE_LABELS[t],
        key=f"{KEY}_types",
    )
    left.multiselect("CQC rating", options=list(RATINGS), key=f"{KEY}_ratings")
    middle.checkbox("Older people only", key=f"{KEY}_older")
    middle.checkbox("Dementia care only", key=f"{KEY}_dementia")
    middle.slider("Minimum beds", 0, 150, step=5, key=f"{KEY}_min_beds")
    right.radio(
        "Colour homes by",
        options=list(COLOUR_CHOICES),
        format_func=COLOUR_CHOICES.get,
        horizontal=True,
        key=f"{KEY}_colour",
    )
    right.selectbox(
        "Shade areas by" if deprivation else "Shade neighbourhoods by",
        options=list(measures),
        format_func=measures.get,
        key=f"{KEY}_measure",
    )
    right.checkbox(
        "Shade areas (neighbourhoods, or small areas by deprivation decile)"
        if deprivation
        else "Shade neighbourhoods (MSOAs)",
        key=f"{KEY}_shade",
    )
    right.checkbox("Show gaps", key=f"{KEY}_gaps")
    right.slider("Gap: no bed within (km, straight line)", 1.0, 20.0, step=0.5, key=f"{KEY}_gap_km")
