"""Choose a council's key charts from the chart pages and export them as PNG and SVG."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd
import vl_convert as vlc

from charts import fees, occupancy, workforce
from charts.common import TIME_SERIES_HEIGHT, Panel, for_projector
from data.sources import source_lines

MAX_CHARTS = 6
# The chart's plot spans the page's width: with axis labels it comes to about 1,100 pixels
# across the 10.6 inches an A4 landscape page leaves, so 16 px text prints at about 10.5 pt.
EXPORT_WIDTH_PX = 880
# A chart over time is drawn this tall, so with its title it fills the page's height too.
EXPORT_TIME_HEIGHT_PX = 470
PNG_SCALE = 3  # about 300 dots per inch across the page

# The charts a committee asks for first; each is drawn when the council has figures for it.
KEY_CHART_BUILDERS: tuple[Callable[[pd.DataFrame], alt.TopLevelMixin | None], ...] = (
    fees.hourly_rates_chart,
    fees.weekly_fees_chart,
    occupancy.occupancy_chart,
    occupancy.beds_by_type_chart,
    workforce.hours_commissioned_chart,
    workforce.handbacks_chart,
    workforce.vacancy_chart,
    fees.uplift_timeline_chart,
    occupancy.capacity_chart,
    occupancy.intermediate_care_chart,
    fees.funding_chart,
    workforce.pa_packages_chart,
)


@dataclass(frozen=True)
class KeyChart:
    """A chart chosen for the committee: its title, file name stem, chart and figure rows."""

    title: str
    slug: str
    chart: alt.TopLevelMixin
    rows: pd.DataFrame

    @property
    def is_illustrative(self) -> bool:
        """Whether any figure drawn is illustrative."""
        return bool((self.rows["kind"] == "illustrative").any())


def _all_panels() -> dict[Callable, Panel]:
    return {panel.build: panel for panel in (*fees.PANELS, *occupancy.PANELS, *workforce.PANELS)}


def slugify(title: str) -> str:
    """Return a file-name stem for a title: lower case words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def choose_charts(
    figures: pd.DataFrame, council_code: str, *, limit: int = MAX_CHARTS
) -> list[KeyChart]:
    """Return up to `limit` key charts for one council, in the order a committee asks."""
    panels = _all_panels()
    rows = figures[figures["council_code"] == council_code]
    chosen = []
    for builder in KEY_CHART_BUILDERS:
        panel = panels[builder]
        shown = rows[rows["measure"].isin(panel.measures)]
        # A benchmark alone (the national minimum price every council has) says nothing
        # about this council: a key chart needs one of the council's own figures.
        own = shown[shown["service"] != "benchmark"]
        chart = panel.build(shown) if not own.empty else None
        if chart is not None:
            chosen.append(KeyChart(panel.title, slugify(panel.title), chart, shown))
        if len(chosen) == limit:
            break
    return chosen


def kind_summary(rows: pd.DataFrame) -> str:
    """Return the kinds of the figures, such as "published and derived"."""
    kinds = [
        kind for kind in ("published", "derived", "illustrative") if (rows["kind"] == kind).any()
    ]
    return " and ".join(kinds) if kinds else "none"


def enlarge_text(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Return the chart with text large enough for a projector or print (16 px or more)."""
    return for_projector(chart)


def page_height(chart: alt.TopLevelMixin) -> int:
    """Return the chart's height on a page: taller for a chart over time, as drawn for bars
    (whose height is one step per bar)."""
    height = chart.height
    return EXPORT_TIME_HEIGHT_PX if height == TIME_SERIES_HEIGHT else int(height)


def _titled(key_chart: KeyChart, council_name: str) -> alt.TopLevelMixin:
    subtitle = [f"{council_name}. Figures: {kind_summary(key_chart.rows)}."]
    subtitle += [f"Source: {line}" for line in source_lines(key_chart.rows)]
    if key_chart.is_illustrative:
        subtitle.append("ILLUSTRATIVE: some figures are made up to demonstrate the chart.")
    title = alt.TitleParams(
        text=key_chart.title,
        subtitle=subtitle,
        anchor="start",
        fontSize=24,
        subtitleFontSize=16,
        subtitleColor="#333333",
        offset=12,
    )
    chart = key_chart.chart.properties(
        width=EXPORT_WIDTH_PX, height=page_height(key_chart.chart), title=title
    )
    return enlarge_text(chart)


def export_chart(key_chart: KeyChart, council_name: str) -> tuple[bytes, str]:
    """Return the chart, titled with its council, kinds and sources, as PNG bytes and SVG text.

    vl-convert carries Vega and its fonts inside the package, so nothing is fetched.
    """
    spec = _titled(key_chart, council_name).to_dict()
    png = vlc.vegalite_to_png(spec, scale=PNG_SCALE)
    svg = vlc.vegalite_to_svg(spec)
    return png, svg
