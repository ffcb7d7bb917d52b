"""The committee pack's demand outlook page: its figure, chart and zones, above the footer."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pypdfium2 as pdfium
import pytest

from report import pdf_pages
from report.outlook import OutlookSummary, demand_view, draw_outlook_page, outlook_chart_png
from report.pack import build_pack
from tests.report.test_pack import GENERATED, STOCKTON, stockton  # noqa: F401 (a fixture)


def _demand(zones: int, years: tuple[int, ...] = (2026, 2035)) -> pd.DataFrame:
    rows = []
    for number in range(1, zones + 1):
        for year in years:
            people = 1000.0 * number * (1 + (year - years[0]) / 40)
            needed = people * 80 / 1000
            today = 80.0 * number
            rows.append(
                {
                    "area": f"Zone {number}: a town with a long name",
                    "year": year,
                    "people": people,
                    "beds_today": today,
                    "beds_needed": needed,
                    "bed_gap": needed - today,
                    "occupancy_pct": 100 * needed / today,
                    "hours_today": float("nan"),
                    "hours_needed": float("nan"),
                    "hours_gap": float("nan"),
                }
            )
    return pd.DataFrame(rows)


def _summary(zones: int) -> OutlookSummary:
    demand = _demand(zones)
    passes = pd.Series(
        [2035 if n % 2 else pd.NA for n in range(1, zones + 1)],
        index=demand["area"].unique(),
        dtype="Int64",
    )
    people = pd.DataFrame(
        {
            "year": [2026, 2035, 2026, 2035],
            "band": ["65plus", "65plus", "85plus", "85plus"],
            "people": [100_000.0, 120_000.0, 15_000.0, 21_000.0],
            "kind": ["published"] * 4,
            "source": ["Office for National Statistics, projections"] * 4,
        }
    )
    table = demand_view(demand, passes, 2035, "Zone", "75plus", 95.0)
    keep = [table.columns[i] for i in (0, 2, 3)] + [table.columns[-1]]
    totals = demand[demand["year"] == 2035]
    return OutlookSummary(
        council="Stockton-on-Tees",
        year=2035,
        base_year=2026,
        band="75plus",
        beds_needed=float(totals["beds_needed"].sum()),
        beds_today=float(totals["beds_today"].sum()),
        kind="derived",
        method="A long method. " * 30,
        source="Office for National Statistics, 2022-based projections",
        threshold_pct=95.0,
        zones=table.loc[:, keep],
        people=people,
    )


@pytest.mark.parametrize("zones", [3, 40])
def test_the_outlook_page_stops_above_the_footer(zones):
    summary = _summary(zones)
    fig = pdf_pages.new_page()
    draw_outlook_page(fig, summary, outlook_chart_png(summary))
    body = len(fig.texts)
    pdf_pages.draw_footer(fig, "Stockton-on-Tees", date(2026, 1, 1), 3, 9, illustrative=False)
    renderer = fig.canvas.get_renderer()
    footer_top = max(t.get_window_extent(renderer).y1 for t in fig.texts[body:])
    texts = [t.get_text() for t in fig.texts[:body]]
    for text in fig.texts[:body]:
        assert text.get_window_extent(renderer).y0 > footer_top, text.get_text()
    listed = [t for t in texts if t.startswith("Zone ")]
    if zones == 3:
        assert len(listed) == 3
        assert not any("more zones" in t for t in texts)
    else:
        more = next(t for t in texts if "more zones" in t)
        assert int(more.split()[1]) == zones - len(listed)


def test_the_pack_has_an_outlook_page_with_its_figure_and_source(stockton):  # noqa: F811
    geography, figures, homes = stockton
    summary = _summary(4)
    pack = build_pack(
        geography.council,
        figures,
        geography,
        homes,
        homes_illustrative=True,
        homes_source="illustrative",
        generated=GENERATED,
        outlook=summary,
    )
    assert pack.page_titles[3] == "Demand outlook"
    pages = [
        " ".join(page.get_textpage().get_text_range().split())
        for page in pdfium.PdfDocument(pack.pdf)
    ]
    page = pages[3]
    assert f"{summary.title}: {summary.value_text}" in page
    assert "Derived" in page
    assert "Demand outlook" in pages[0]  # listed in the contents
    assert "Demand outlook: Office for National Statistics" in pages[-1]
    assert STOCKTON not in page


def test_the_title_says_which_rate():
    assert _summary(1).title == "Care home beds needed by 2035 at today's rate"
    entered = OutlookSummary(**{**_summary(1).__dict__, "rate_entered": True})
    assert entered.title.endswith("at the rate entered")
