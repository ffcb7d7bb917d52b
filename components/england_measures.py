"""The England overview's "Councils by a national measure": a picker, the map and its table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.england_choropleth import NO_FIGURE, choropleth_alt, england_choropleth
from components import permalink
from components.safe_text import escape_markdown
from components.tables import render_table
from data.measures import UNITS, measure_service_label
from market.council_measures import council_values, national_measure_choices
from market.kinds import kind_of

MEASURE_KEY = "cmm_england_measure"
MISSING = (
    "No national figures are imported yet, so there is nothing to map. Import NHS England's "
    "unit costs (ASC-FR), Skills for Care's workforce estimates or MHCLG's English Indices of "
    "Deprivation on the Your data page."
)


def _link_text(pair: tuple[str, str]) -> str:
    return ":".join(pair)


def _measure_param(choices: list[tuple[str, str]]) -> permalink.Param:
    # Kept in the link as "measure:service" (?measure=vacancy_rate_pct:all).
    by_text = {_link_text(pair): pair for pair in choices}

    def parse(raw: str) -> tuple[str, str]:
        if raw not in by_text:
            raise ValueError(raw)
        return by_text[raw]

    # No default: the measure is always written, so a link opens the same map whatever is
    # imported later (the first choice depends on what is imported).
    return permalink.Param(MEASURE_KEY, "measure", "a measure", None, parse, _link_text)


def _pick_measure(choices: list[tuple[str, str]]) -> tuple[str, str]:
    param = _measure_param(choices)
    permalink.restore([param], scope=MEASURE_KEY)
    if st.session_state.get(MEASURE_KEY) not in choices:
        # A measure picked before the national imports changed: start from the first again.
        st.session_state.pop(MEASURE_KEY, None)
    picked = st.selectbox(
        "Measure",
        choices,
        format_func=lambda pair: measure_service_label(*pair),
        key=MEASURE_KEY,
    )
    permalink.publish([param])
    return picked


def _unit_words(unit: str) -> str:
    # "per cent (0-100, negative for a fall)" reads "per cent" in a column heading.
    return UNITS.get(unit, unit).split(" (")[0]


def measure_table(values: pd.DataFrame, measure: str, service: str) -> pd.DataFrame:
    """Return council_values' rows as the table a reader sees and downloads."""
    unit = str(values["unit"].iloc[0]) if len(values) else ""
    heading = f"{measure_service_label(measure, service)} ({_unit_words(unit)})"
    return pd.DataFrame(
        {
            "Council": values["name"],
            heading: values["value"].round(2),
            "Period": values["period"].fillna(""),
            "Kind": values["kind"].map(lambda k: kind_of(k).label),
            "Source": values["source"].fillna(""),
        }
    )


def _caption(values: pd.DataFrame) -> str:
    known = values.dropna(subset=["value"])
    if known.empty:
        return "No council has a figure for this measure."
    kind = "Each council's figure is published, as the data set gives it."
    derived = known[known["kind"] == "derived"]
    if not derived.empty:
        methods = [escape_markdown(n) for n in dict.fromkeys(derived["note"]) if n]
        kind = " ".join(["Each council's figure is derived from published figures.", *methods])
    missing = int(values["value"].isna().sum())
    grey = (
        f" {missing} {'council' if missing == 1 else 'councils'} shown as “{NO_FIGURE}” "
        f"{'has' if missing == 1 else 'have'} none for this period (not submitted, suppressed, "
        "or not in the data set)."
        if missing
        else ""
    )
    sources = "; ".join(escape_markdown(s) for s in dict.fromkeys(known["source"]))
    return (
        f"{kind} The shading groups the councils with a figure into classes holding about as "
        f"many councils each (quantiles), worked out here.{grey} Source: {sources}"
    )


def render_england_measures(figures: pd.DataFrame) -> None:
    """Show every council on one national measure, picked from those imported: a map of
    England shaded by the councils' figures and the same figures as a table, with a CSV."""
    st.subheader("Councils by a national measure")
    choices = national_measure_choices(figures)
    if not choices:
        st.info(MISSING)
        return
    measure, service = _pick_measure(choices)
    values = council_values(figures, measure, service)
    # The map beside its note; the table below at full width, where its long heading and
    # the numbers under it both fit.
    map_column, note_column = st.columns([3, 2])
    with map_column:
        st.altair_chart(
            england_choropleth(values, measure, service),
            width="stretch",
            alt=choropleth_alt(values, measure, service),
        )
    with note_column:
        st.caption(_caption(values))
    render_table(
        measure_table(values, measure, service),
        file_name=f"england-{measure}-{service}.csv".replace("_", "-"),
        key=f"{MEASURE_KEY}_csv",
        help="Every council as in the table: click a column's name to sort by it.",
    )
