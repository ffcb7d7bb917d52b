"""Build the committee pack: a PDF (title, headlines, map, charts, sources) and chart files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import matplotlib
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from charts.common import format_value
from data.measures import SERVICE_LABELS, measure_label
from data.sources import data_set
from geo.boundaries import CouncilGeography
from geo.councils import Council
from geo.sources import GEOGRAPHY_SOURCES
from report import pdf_pages
from report.chart_export import KeyChart, choose_charts, export_chart
from report.headlines import Headline, choose_headlines, no_figures_message
from report.outlook import OutlookSummary, draw_outlook_page, outlook_chart_png
from report.static_map import draw_supply_map, render_png

HEADLINES_USE = "Headline figures"


@dataclass(frozen=True)
class Pack:
    """The committee pack: the PDF, each chart as PNG and SVG, and what went into it."""

    pdf: bytes
    png: dict[str, bytes]
    svg: dict[str, str]
    page_titles: tuple[str, ...]
    sources: tuple[pdf_pages.SourceEntry, ...]
    illustrative: bool
    notice: tuple[str, ...] = field(default=())

    def charts_zip(self) -> bytes:
        """Return the chart and map images, PNG and SVG, in one zip file."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.png.items():
                archive.writestr(name, data)
            for name, text in self.svg.items():
                archive.writestr(name, text)
        return buffer.getvalue()


def _figure_label(measure: str, service: str) -> str:
    label = measure_label(measure)
    return label if service == "all" else f"{label} ({SERVICE_LABELS.get(service, service)})"


def collect_sources(
    headlines: list[Headline], charts: list[KeyChart]
) -> list[pdf_pages.SourceEntry]:
    """Return one entry for every figure in the pack, headlines first, naming where it is shown.

    A figure shown both as a headline and in a chart is listed once, under its headline title.
    """
    labels: dict[tuple, str] = {}
    shown: dict[tuple, list[str]] = {}

    def note(key: tuple, label: str, use: str) -> None:
        labels.setdefault(key, label)
        uses = shown.setdefault(key, [])
        if use not in uses:
            uses.append(use)

    for h in headlines:
        key = (
            h.measure,
            h.service,
            h.value_text,
            h.period,
            h.kind,
            h.source_file,
            h.source_section,
        )
        note(key, h.title, HEADLINES_USE)
    for chart in charts:
        for row in chart.rows.itertuples(index=False):
            value = format_value(float(row.value), row.unit)
            key = (row.measure, row.service, value, row.period, row.kind, row.source_file)
            key += (row.source_section,)
            note(key, _figure_label(row.measure, row.service), chart.title)
    return [
        pdf_pages.SourceEntry(labels[key], *key[2:], "; ".join(uses)) for key, uses in shown.items()
    ]


def illustrative_notice(
    homes_illustrative: bool, sources: list[pdf_pages.SourceEntry]
) -> list[str]:
    """Return the sentences of the illustrative notice, or none when all data is real."""
    lines = []
    if homes_illustrative:
        lines.append(
            "The care homes on the map are illustrative: made-up homes placed at real "
            "postcodes, consistent with the council's published totals where it has them, so "
            "the map can be shown before the council imports the Care Quality Commission (CQC) "
            "care directory. They are not real care homes."
        )
    made_up = sum(entry.kind == "illustrative" for entry in sources)
    if made_up:
        lines.append(
            f"{made_up} figure{'s are' if made_up > 1 else ' is'} illustrative, marked as such "
            "beside the figure and on the sources page."
        )
    return lines


def _geography_lines(homes_source: str) -> list[str]:
    lines = [f"Care homes on the map: {homes_source}."]
    lines += [
        f"{record.citation()} ({record.licence})." for record in map(data_set, GEOGRAPHY_SOURCES)
    ]
    return lines


def build_pack(
    council: Council,
    figures: pd.DataFrame,
    geography: CouncilGeography,
    homes: pd.DataFrame,
    *,
    homes_illustrative: bool,
    homes_source: str,
    generated: date,
    outlook: OutlookSummary | None = None,
) -> Pack:
    """Return the committee pack for a council, drawn from the app's own figures and charts.

    With `outlook`, a page after the map gives the demand outlook's figure, chart and zones.
    """
    headlines = choose_headlines(figures, council.code, generated)
    charts = choose_charts(figures, council.code)
    exported = {chart.slug: export_chart(chart, council.name) for chart in charts}
    sources = collect_sources(headlines, charts)
    notice = illustrative_notice(homes_illustrative, sources)
    other = _geography_lines(homes_source)
    if outlook is not None:
        other.append(f"Demand outlook: {outlook.source}. Method: {outlook.method}")
    source_pages = pdf_pages.paginate_sources(sources, other)

    def map_page() -> Figure:
        return draw_supply_map(
            geography, homes, illustrative=homes_illustrative, homes_source=homes_source
        )

    contents = ["Headline figures", "Map of care homes"]
    contents += ["Demand outlook"] if outlook is not None else []
    contents += [f"Chart: {chart.title}" for chart in charts]
    contents.append("Sources of every figure")
    pages: list[tuple[str, Callable[[], Figure]]] = [
        ("Title", _drawn(pdf_pages.draw_title_page, council.name, generated, notice, contents)),
        (
            HEADLINES_USE,
            _drawn(
                pdf_pages.draw_headlines_page,
                council.name,
                headlines,
                no_figures_message(council.name),
            ),
        ),
        ("Map of care homes", map_page),
    ]
    if outlook is not None:
        chart_png = outlook_chart_png(outlook)
        pages.append(("Demand outlook", _drawn(draw_outlook_page, outlook, chart_png)))
    pages += [
        (f"Chart: {chart.title}", _drawn(pdf_pages.draw_chart_page, exported[chart.slug][0]))
        for chart in charts
    ]
    for number, entries in enumerate(source_pages):
        last = number == len(source_pages) - 1
        pages.append(
            (
                "Sources",
                _drawn(
                    pdf_pages.draw_sources_page,
                    entries,
                    other if last else [],
                    continued=number > 0,
                ),
            )
        )
    illustrative = bool(notice)
    pdf = _render_pdf(pages, council.name, generated, illustrative)
    map_figure = map_page()
    map_svg = io.StringIO()
    map_figure.savefig(map_svg, format="svg")
    stem = f"{council.code}-"
    png = {f"{stem}{slug}.png": files[0] for slug, files in exported.items()}
    svg = {f"{stem}{slug}.svg": files[1] for slug, files in exported.items()}
    png[f"{stem}care-homes-map.png"] = render_png(map_figure, dpi=200)
    svg[f"{stem}care-homes-map.svg"] = map_svg.getvalue()
    return Pack(
        pdf=pdf,
        png=png,
        svg=svg,
        page_titles=tuple(title for title, _ in pages),
        sources=tuple(sources),
        illustrative=illustrative,
        notice=tuple(notice),
    )


def _drawn(draw: Callable[..., None], *args, **kwargs) -> Callable[[], Figure]:
    def page() -> Figure:
        fig = pdf_pages.new_page()
        draw(fig, *args, **kwargs)
        return fig

    return page


def _render_pdf(
    pages: list[tuple[str, Callable[[], Figure]]], council: str, generated: date, illustrative: bool
) -> bytes:
    buffer = io.BytesIO()
    created = datetime(generated.year, generated.month, generated.day)
    metadata = {
        "Title": f"Committee pack: {council}",
        "Author": "Care Market Map",
        "Subject": "Adult social care market",
        "CreationDate": created,
    }
    # TrueType fonts (type 42) keep the text searchable and copyable in any PDF reader.
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buffer, metadata=metadata) as pdf:
        for number, (_, draw) in enumerate(pages, start=1):
            fig = draw()
            pdf_pages.draw_footer(fig, council, generated, number, len(pages), illustrative)
            pdf.savefig(fig)
    return buffer.getvalue()
