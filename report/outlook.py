"""The outlook's tables as a reader sees and downloads them, and its page in the committee pack."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
import vl_convert as vlc
from matplotlib.figure import Figure
from PIL import Image

from charts.common import for_projector
from charts.outlook import population_chart
from market.kinds import kind_of
from market.outlook import BAND_LABELS
from report import pdf_pages
from report.chart_export import PNG_SCALE
from report.static_map import wrap_text

OUTLOOK_CHART_PX = 620
NOT_PASSED = "not by the last year shown"


def population_table(people: pd.DataFrame) -> pd.DataFrame:
    """Return the council's older people by year and age group, each with its kind and source."""
    rows = people.sort_values(["year", "band"], key=_band_order)
    return pd.DataFrame(
        {
            "Year": rows["year"].astype("int64").to_numpy(),
            "Age group": rows["band"].map(BAND_LABELS).to_numpy(),
            "People": rows["people"].round().astype("Int64").to_numpy(),
            "Kind": rows["kind"].map(lambda k: kind_of(k).label).to_numpy(),
            "Source": rows["source"].to_numpy(),
        }
    )


def _band_order(column: pd.Series) -> pd.Series:
    if column.name == "band":
        return column.map(list(BAND_LABELS).index)
    return column


def area_people_table(people: pd.DataFrame, year: int, area_title: str) -> pd.DataFrame:
    """Return people by area for one year, one column per age group, rounded to whole people."""
    rows = people[people["year"] == year]
    wide = rows.pivot_table(index="area", columns="band", values="people", aggfunc="sum")
    wide = wide.reindex(pd.unique(rows["area"]))  # the areas' own order (zones as laid out)
    wide = wide.reindex(columns=[band for band in BAND_LABELS if band in wide.columns])
    out = wide.round().astype("Int64").rename(columns=BAND_LABELS)
    out.columns = [f"{label}, {year}" for label in out.columns]
    return out.rename_axis(area_title).reset_index()


def demand_view(
    demand: pd.DataFrame,
    passes: pd.Series | None,
    year: int,
    area_title: str,
    band: str,
    threshold_pct: float,
) -> pd.DataFrame:
    """Return beds and home care hours needed by area in `year` against today's, as shown."""
    rows = demand[demand["year"] == year].set_index("area")
    people = BAND_LABELS[band]
    out = pd.DataFrame(
        {
            f"{people}, {year}": rows["people"].round().astype("Int64"),
            "Care home beds today": rows["beds_today"].round().astype("Int64"),
            f"Beds needed in {year} at the rate used": rows["beds_needed"].round().astype("Int64"),
            "Beds short (more needed than there are)": rows["bed_gap"].round().astype("Int64"),
            "Beds needed as a share of today's": rows["occupancy_pct"].map(_percent),
        }
    )
    if passes is not None:
        first = passes.reindex(rows.index)
        out[f"First year over {threshold_pct:g}%"] = [
            NOT_PASSED if pd.isna(y) else str(int(y)) for y in first
        ]
    if rows["hours_needed"].notna().any():
        out["Home care hours a week today"] = rows["hours_today"].round().astype("Int64")
        out[f"Home care hours a week needed in {year}"] = (
            rows["hours_needed"].round().astype("Int64")
        )
        out["Hours short"] = rows["hours_gap"].round().astype("Int64")
    return out.rename_axis(area_title).reset_index()


def _count(value: object) -> str:
    return value if isinstance(value, str) else f"{value:,}"


def _percent(value: float) -> str:
    return "no beds today" if pd.isna(value) else f"{value:,.0f}%"


@dataclass(frozen=True)
class OutlookSummary:
    """The outlook's one figure for a committee, the zones behind it, and how it was made."""

    council: str
    year: int
    base_year: int
    band: str
    beds_needed: float
    beds_today: float
    kind: str  # "derived", or "illustrative" while the homes are
    method: str
    source: str
    threshold_pct: float
    zones: pd.DataFrame  # Zone, beds today, beds needed in `year`, first year over the threshold
    people: pd.DataFrame  # the council's older people by year (CouncilOutlook.people)
    rate_entered: bool = False  # the commissioner's own rate, not today's
    with_scenario: bool = False  # beds_today includes a what-if scenario's homes

    @property
    def title(self) -> str:
        """The figure's title, as the committee view and pack show it."""
        rate = "the rate entered" if self.rate_entered else "today's rate"
        return f"Care home beds needed by {self.year} at {rate}"

    @property
    def value_text(self) -> str:
        """The figure, with today's beds beside it."""
        beside = "with the what-if" if self.with_scenario else "today"
        return f"{self.beds_needed:,.0f} ({beside} {self.beds_today:,.0f})"


def summarise(
    council: str,
    demand_msoa: pd.DataFrame,
    demand_zone: pd.DataFrame,
    passes: pd.Series,
    people: pd.DataFrame,
    *,
    year: int,
    base_year: int,
    band: str,
    kind: str,
    method: str,
    source: str,
    threshold_pct: float,
    rate_entered: bool = False,
) -> OutlookSummary:
    """Return the committee's outlook figure: the council's beds needed in `year`, by zone too."""
    rows = demand_msoa[demand_msoa["year"] == year]
    zones = demand_view(demand_zone, passes, year, "Zone", band, threshold_pct)
    keep = [
        "Zone",
        "Care home beds today",
        f"Beds needed in {year} at the rate used",
        f"First year over {threshold_pct:g}%",
    ]
    return OutlookSummary(
        council=council,
        year=year,
        base_year=base_year,
        band=band,
        beds_needed=float(rows["beds_needed"].sum()),
        beds_today=float(rows["beds_today"].sum()),
        kind=kind,
        method=method,
        source=source,
        threshold_pct=threshold_pct,
        zones=zones.loc[:, keep],
        people=people,
        rate_entered=rate_entered,
    )


def outlook_chart_png(summary: OutlookSummary) -> bytes:
    """Return the population chart as a PNG for the pack, its text large enough for print.

    vl-convert carries Vega and its fonts inside the package, so nothing is fetched.
    """
    chart = population_chart(summary.people).properties(width=OUTLOOK_CHART_PX, height=360)
    return vlc.vegalite_to_png(for_projector(chart).to_dict(), scale=PNG_SCALE)


def _zone_line(row: tuple, summary: OutlookSummary) -> str:
    zone, today, needed, first = ("no figure" if value is pd.NA else value for value in row)
    passes = f"passes {summary.threshold_pct:g}% in {first}" if first.isdigit() else first
    return (
        f"{zone}: {_count(today)} beds today, {_count(needed)} needed in {summary.year}; {passes}"
    )


def draw_outlook_page(fig: Figure, summary: OutlookSummary, chart_png: bytes) -> None:
    """Draw the pack's outlook page: the figure, older people by year, and the zones' list,
    with the method and source at the foot; nothing runs into the footer."""
    kind = kind_of(summary.kind)
    top = pdf_pages.draw_heading(
        fig,
        f"{summary.council}: demand outlook",
        f"{summary.title}: {summary.value_text}. {kind.label} ({kind.meaning}).",
    )
    method = f"Method: {summary.method}"
    source = f"Source: {summary.source}"
    foot = sum(wrap_text(text, pdf_pages.TEXT_W, 9).count("\n") + 1 for text in (method, source))
    bottom = pdf_pages.PAGE_BOTTOM - foot * pdf_pages.line_height(9) - 0.1
    image = np.asarray(Image.open(io.BytesIO(chart_png)).convert("RGB"))
    height_px, width_px = image.shape[:2]
    box_w, box_h = pdf_pages.TEXT_W * 0.55, bottom - top - 0.15
    scale = min(box_w / width_px, box_h / height_px)
    w, h = width_px * scale, height_px * scale
    page_w, page_h = pdf_pages.PAGE_W, pdf_pages.PAGE_H
    ax = fig.add_axes((pdf_pages.MARGIN / page_w, 1 - (top + h) / page_h, w / page_w, h / page_h))
    ax.imshow(image, interpolation="none")
    ax.set_axis_off()
    left = pdf_pages.MARGIN + box_w + 0.3
    width = pdf_pages.TEXT_W - box_w - 0.3
    y = top + pdf_pages.put_wrapped(fig, left, top, "By zone", 13, width, fontweight="bold")
    rows = list(summary.zones.itertuples(index=False))
    last_line = pdf_pages.line_height(10) + 0.04
    for number, row in enumerate(rows):
        line = _zone_line(row, summary)
        lines = wrap_text(line, width, 10).count("\n") + 1
        if y + lines * pdf_pages.line_height(10) + last_line > bottom and number < len(rows) - 1:
            more = len(rows) - number
            pdf_pages.put_wrapped(fig, left, y, f"and {more} more zones in the app", 10, width)
            break
        y += pdf_pages.put_wrapped(fig, left, y, line, 10, width) + 0.04
    y = bottom + 0.1
    y += pdf_pages.put_wrapped(fig, pdf_pages.MARGIN, y, method, 9, pdf_pages.TEXT_W)
    pdf_pages.put_wrapped(
        fig, pdf_pages.MARGIN, y, source, 9, pdf_pages.TEXT_W, color=pdf_pages.MUTED
    )
