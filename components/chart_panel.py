"""The chart panel (chart or a plain no-data sentence, sources, badge, table) and compare picker."""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd
import streamlit as st

from charts.common import Panel, figures_table
from components.safe_text import escape_markdown, show_refusal
from components.selection import render_selection_note
from components.tables import render_table_when_opened
from data.figures import (
    PACK_COUNCILS,
    FigureFileError,
    council_name,
    figures_for,
    load_extra_care_sites,
)
from data.measures import measure_definition, measure_label
from data.sources import source_lines
from geo.councils import Council


def no_data_message(council: str, topic: str) -> str:
    """Return the sentence shown instead of an empty chart."""
    # Only the first letter drops its capital: "(NHS England)" keeps its own.
    return f"No figures for {council} on {topic[:1].lower()}{topic[1:]} in the loaded documents."


def render_chart_panel(
    title: str,
    chart_or_none: alt.TopLevelMixin | None,
    rows: pd.DataFrame,
    key: str,
    *,
    council: str = "this council",
) -> None:
    """Draw one chart with its source footer, illustrative badge and table view."""
    st.subheader(title)
    if chart_or_none is None or rows.empty:
        st.info(no_data_message(council, title))
        return
    if (rows["kind"] == "illustrative").any():
        st.badge(
            "Illustrative",
            icon=":material/science:",
            color="orange",
            help="Some figures here are made up to demonstrate the page, not published.",
        )
    st.altair_chart(chart_or_none, width="stretch", alt=f"{title}: {council}")
    st.caption(
        "  \n".join(
            f"{measure_label(m)}: {measure_definition(m)}" for m in rows["measure"].unique()
        )
    )
    # Added figures name their own sources: shown escaped, as typed.
    st.caption("Source: " + "; ".join(escape_markdown(line) for line in source_lines(rows)))
    render_table_when_opened(
        "Table view",
        lambda: figures_table(rows),
        file_name=f"{key}.csv",
        key=f"cmm_download_{key}",
    )


def councils_reporting(figures: pd.DataFrame, measures: Iterable[str], exclude: str) -> list[str]:
    """Return the councils, other than exclude, with a figure for any of the measures.

    Pack councils come first in pack order, then councils known only from uploads.
    """
    reported = set(figures.loc[figures["measure"].isin(list(measures)), "council_code"])
    reported.discard(exclude)
    packs = [code for code in PACK_COUNCILS if code in reported]
    return packs + sorted(reported - set(packs))


def select_comparison(
    council_code: str, figures: pd.DataFrame, measures: Iterable[str], key: str
) -> list[str]:
    """Offer a "Compare with" multiselect of councils reporting the same measures."""
    options = councils_reporting(figures, measures, council_code)
    if not options:
        return []
    return st.multiselect(
        "Compare with",
        options=options,
        format_func=council_name,
        key=f"cmm_compare_{key}",
        help="Councils whose documents report figures shown on this page.",
    )


def render_panels(
    panels: Iterable[Panel], figures: pd.DataFrame, council: Council, key: str
) -> None:
    """Offer the comparison picker, then draw one chart panel per panel for the councils chosen."""
    render_selection_note(council.code)
    panels = list(panels)
    measures = [measure for panel in panels for measure in panel.measures]
    compare = select_comparison(council.code, figures, measures, key=key)
    rows = figures_for(figures, [council.code, *compare])
    for number, panel in enumerate(panels):
        shown = rows[rows["measure"].isin(panel.measures)]
        render_chart_panel(
            panel.title, panel.build(shown), shown, key=f"{key}_{number}", council=council.name
        )


def render_extra_care_sites(council: Council) -> None:
    """List the council's Extra Care sites from its pack, with their source."""
    st.subheader("Extra Care sites")
    try:
        sites = load_extra_care_sites()
    except FigureFileError as error:
        show_refusal(str(error))
        return
    sites = sites[sites["council_code"] == council.code]
    if sites.empty:
        st.info(no_data_message(council.name, "Extra Care sites"))
        return
    st.dataframe(sites.loc[:, ["name", "address", "postcode"]], hide_index=True)
    st.caption("Source: " + "; ".join(source_lines(sites)))
