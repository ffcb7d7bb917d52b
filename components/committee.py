"""Committee view pieces: headline figures in large type, the static map, key charts, the pack."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.geodata import council_geography, councils_by_code
from components.safe_text import escape_markdown
from components.supply_data import HomesSource
from components.supply_panels import render_homes_list
from components.zone_data import layout_in_use
from data.measures import measure_definition
from data.sources import imported, source_lines
from market.kinds import kind_of
from market.supply import homes_within
from market.zones import AreaSelection
from report.chart_export import KeyChart, enlarge_text, kind_summary
from report.headlines import Headline, no_figures_message
from report.outlook import OutlookSummary
from report.pack import Pack, build_pack
from report.static_map import draw_supply_map, render_png

HEADLINE_COLUMNS = 3
CHART_COLUMNS = 2
MAP_DPI = 110
MAP_WIDTH_PX = 1400  # the whole map fits a 1080-line projector screen at this width

# No user data in here: it is a fixed style sheet. Large type for a projector; for print,
# A4 landscape with the sidebar and buttons hidden, Streamlit's scrolling panes opened out
# so every page prints, and charts scaled to the page and never split across pages.
COMMITTEE_STYLE = """
<style>
[data-testid="stMetricValue"] { font-size: 3.2rem; line-height: 1.1; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem; font-weight: 600; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stDownloadButton"],
  [data-testid="stExpander"] {
    display: none !important;
  }
  html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"] {
    height: auto !important; overflow: visible !important; position: static !important;
  }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0 !important; }
  [class*="st-key-cmm-committee-"], [data-testid="stVegaLiteChart"],
  [data-testid="stImage"] {
    break-inside: avoid; page-break-inside: avoid;
  }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  canvas, svg, img { max-width: 100% !important; height: auto !important; }
  .st-key-cmm-committee-map img { max-height: 160mm !important; width: auto !important; }
  [data-testid="stMetricValue"] { font-size: 2.2rem; }
}
</style>
"""


def render_committee_style() -> None:
    """Add the committee page's fixed style sheet: large type on screen, A4 landscape in print."""
    st.html(COMMITTEE_STYLE)


def homes_source_text(source: HomesSource) -> str:
    """Return where the homes on the map come from, in words."""
    if source.is_illustrative:
        return f"illustrative, made up at real postcodes ({source.method})"
    return imported(source.record).citation()


def illustrative_reasons(
    source: HomesSource, headlines: list[Headline], charts: list[KeyChart]
) -> list[str]:
    """Return what on the page is illustrative, one phrase each; empty when nothing is."""
    reasons = []
    if source.is_illustrative:
        reasons.append("the care homes on the map")
    if any(h.kind == "illustrative" for h in headlines):
        reasons.append("some headline figures")
    if any(chart.is_illustrative for chart in charts):
        reasons.append("some chart figures")
    return reasons


def render_illustrative_notice(reasons: list[str]) -> None:
    """Show the orange Illustrative badge and say what is illustrative, when anything is."""
    if not reasons:
        return
    st.badge(
        "Illustrative",
        icon=":material/science:",
        color="orange",
        help="Made up to demonstrate the page before the council loads its own data.",
    )
    st.warning(
        "Illustrative data is shown: "
        + " and ".join(reasons)
        + " are made up to demonstrate the page, not real. Each is labelled where it appears."
    )


def _render_headline(headline: Headline, number: int) -> None:
    # The key names a CSS class (st-key-...), which the print style keeps on one page.
    with st.container(border=True, key=f"cmm-committee-headline-{number}"):
        st.metric(headline.title, headline.value_text, help=measure_definition(headline.measure))
        kind = kind_of(headline.kind)
        st.badge(kind.label, color=kind.badge)
        st.markdown(f"As at {escape_markdown(headline.as_at_text)}")
        st.caption(f"Source: {escape_markdown(headline.source)}")


def render_headlines(headlines: list[Headline], council_name: str) -> None:
    """Show the headline figures in large type, three to a row, each with as-at and source."""
    st.header("Headline figures")
    if not headlines:
        st.info(no_figures_message(council_name))
        return
    for start in range(0, len(headlines), HEADLINE_COLUMNS):
        columns = st.columns(HEADLINE_COLUMNS)
        for offset, (column, headline) in enumerate(
            zip(columns, headlines[start : start + HEADLINE_COLUMNS], strict=False)
        ):
            with column:
                _render_headline(headline, start + offset)


def render_selection_summary(chosen: AreaSelection, source: HomesSource) -> None:
    """Show the selected zone's own figures, counted from the homes, beside the council's."""
    st.caption(
        "The headline figures above are for the whole council: its documents publish none "
        f"per zone. Counted from the care homes on the map for {escape_markdown(chosen.name)}:"
    )
    homes = homes_within(source.homes, chosen)
    kind = kind_of("illustrative" if source.is_illustrative else "derived")
    figures = (
        ("Care homes", f"{len(homes):,}"),
        ("Care home beds", f"{int(homes['beds'].fillna(0).sum()):,}"),
        ("Homes with nursing", f"{int(homes['care_type'].isin(('nursing', 'both')).sum()):,}"),
    )
    for number, (column, (title, value)) in enumerate(
        zip(st.columns(HEADLINE_COLUMNS), figures, strict=False)
    ):
        with column, st.container(border=True, key=f"cmm-committee-zone-{number}"):
            # A metric's label is Markdown; the name may come from an uploaded file.
            st.metric(f"{title} in {escape_markdown(chosen.name)}", value)
            st.badge(kind.label, color=kind.badge)
            st.caption(f"Source: {escape_markdown(homes_source_text(source))}")


@st.cache_data(show_spinner=False, max_entries=16)
def _map_png(
    code: str,
    homes: pd.DataFrame,
    illustrative: bool,
    homes_source: str,
    selection_key: tuple[str, tuple[str, ...]],
    _selection: AreaSelection | None,
) -> bytes:
    del selection_key  # the cache key for the unhashable selection: its name and areas
    figure = draw_supply_map(
        council_geography(code),
        homes,
        illustrative=illustrative,
        homes_source=homes_source,
        selection=_selection,
    )
    return render_png(figure, dpi=MAP_DPI)


def render_supply_map(
    council_code: str, council_name: str, source: HomesSource, chosen: AreaSelection | None
) -> None:
    """Show the care homes map as drawn for print: legend, scale bar and north arrow included.

    With a zone or neighbourhood selected, the map is framed on it and shows its homes only.
    """
    homes = homes_within(source.homes, chosen)
    with st.spinner("Drawing the map…"):
        png = _map_png(
            council_code,
            homes,
            source.is_illustrative,
            homes_source_text(source),
            (chosen.name, tuple(sorted(chosen.lsoas))) if chosen else ("", ()),
            chosen,
        )
    where = f" in {chosen.name}" if chosen else ""
    # One keyed block, so print keeps the heading on the same page as the map.
    with st.container(key="cmm-committee-map"):
        st.header(f"Care homes on the map{escape_markdown(where)}", anchor=False)
        st.image(png, width=MAP_WIDTH_PX, alt=f"Map of care homes in {council_name}{where}")
        st.caption(
            "To zoom in, filter the homes or see areas far from a bed, open Care homes and "
            "supply in the sidebar."
        )
        with st.expander("The homes on this map as a table"):
            layout = layout_in_use(council_geography(council_code))
            render_homes_list(homes, source.kind, layout, council_code)


def _render_chart(chart: KeyChart, council_name: str) -> None:
    st.subheader(chart.title, anchor=False)
    if chart.is_illustrative:
        st.badge("Illustrative", icon=":material/science:", color="orange")
    st.altair_chart(
        enlarge_text(chart.chart), width="stretch", alt=f"{chart.title}: {council_name}"
    )
    sources = "; ".join(escape_markdown(line) for line in source_lines(chart.rows))
    st.caption(f"Figures: {kind_summary(chart.rows)}. Source: {sources}")


def render_key_charts(charts: list[KeyChart], council_name: str) -> None:
    """Show the key charts, two to a row, each with its kinds and sources."""
    st.header("Key charts")
    if not charts:
        st.info(f"No figures for {council_name} to chart in the loaded documents.")
        return
    for start in range(0, len(charts), CHART_COLUMNS):
        columns = st.columns(CHART_COLUMNS)
        for column, chart in zip(columns, charts[start : start + CHART_COLUMNS], strict=False):
            with column, st.container(key=f"cmm-committee-chart-{chart.slug}"):
                _render_chart(chart, council_name)


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_pack(
    code: str,
    figures: pd.DataFrame,
    homes: pd.DataFrame,
    illustrative: bool,
    homes_source: str,
    generated: date,
    outlook: OutlookSummary | None,
) -> Pack:
    return build_pack(
        councils_by_code()[code],
        figures,
        council_geography(code),
        homes,
        homes_illustrative=illustrative,
        homes_source=homes_source,
        generated=generated,
        outlook=outlook,
    )


def committee_pack(
    council_code: str,
    figures: pd.DataFrame,
    source: HomesSource,
    generated: date,
    outlook: OutlookSummary | None = None,
) -> Pack:
    """Return the committee pack, built once per council, data, outlook and day, then cached."""
    return _cached_pack(
        council_code,
        figures,
        source.homes,
        source.is_illustrative,
        homes_source_text(source),
        generated,
        outlook,
    )


def render_outlook_figure(summary: OutlookSummary | None, reason: str) -> None:
    """Show the demand outlook's one figure, with its kind, method and source."""
    st.header("Outlook")
    if summary is None:
        st.info(reason)
        return
    with st.container(border=True, key="cmm-committee-outlook"):
        st.metric(summary.title, summary.value_text)
        kind = kind_of(summary.kind)
        st.badge(kind.label, color=kind.badge, help=kind.meaning)
        st.caption(f"Method: {escape_markdown(summary.method)}")
        st.caption(f"Source: {escape_markdown(summary.source)}")


def render_pack_downloads(
    council_code: str,
    figures: pd.DataFrame,
    source: HomesSource,
    generated: date,
    outlook: OutlookSummary | None = None,
) -> None:
    """Offer the PDF pack and the charts zip; the pack is built only when one is clicked."""
    st.header("Committee pack")
    st.markdown(
        "A PDF to print on A4 landscape: a title page, the headline figures, the map with "
        "its legend, scale and north arrow, the demand outlook where there is one, the key "
        "charts and a page listing the source of "
        "every figure. The charts and the map also come as PNG and SVG images. The first "
        "download takes about ten seconds while the pack is drawn."
    )

    def pdf_bytes() -> bytes:
        return committee_pack(council_code, figures, source, generated, outlook).pdf

    def zip_bytes() -> bytes:
        return committee_pack(council_code, figures, source, generated, outlook).charts_zip()

    stem = f"committee-pack-{council_code}-{generated:%Y-%m-%d}"
    left, right = st.columns(2)
    left.download_button(
        "Download the committee pack (PDF)",
        data=pdf_bytes,
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        type="primary",
        on_click="ignore",
        key="cmm_committee_pdf",
    )
    right.download_button(
        "Download the charts and map (PNG and SVG, zip)",
        data=zip_bytes,
        file_name=f"{stem}-charts.zip",
        mime="application/zip",
        icon=":material/folder_zip:",
        on_click="ignore",
        key="cmm_committee_zip",
    )
    st.caption(
        "To print this page instead, use the browser's Print command and choose A4 landscape."
    )
