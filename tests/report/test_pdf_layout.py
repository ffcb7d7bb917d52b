"""Committee pack layout: the title page stops above the footer; charts span the page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from data.figures import load_packs
from report import pdf_pages
from report.chart_export import choose_charts, export_chart

LONG_NOTICE = [
    "The care homes on the map are illustrative: made-up homes placed at real postcodes, "
    "consistent with the council's published totals where it has them. " * 3,
    "12 figures are illustrative, marked as such beside the figure and on the sources page.",
]
CONTENTS = ["Headline figures", "Map of care homes"] + [
    f"Chart: a key chart with a long title, number {n}" for n in range(6)
]


def _text_bottoms(fig) -> list[tuple[float, str]]:
    renderer = fig.canvas.get_renderer()
    return [(t.get_window_extent(renderer).y0, t.get_text()) for t in fig.texts]


@pytest.mark.parametrize("notice", [[], LONG_NOTICE])
def test_the_title_page_stops_above_the_footer(notice) -> None:
    fig = pdf_pages.new_page()
    pdf_pages.draw_title_page(fig, "Nottinghamshire", date(2024, 1, 1), notice, CONTENTS)
    body = len(fig.texts)
    pdf_pages.draw_footer(fig, "Nottinghamshire", date(2024, 1, 1), 1, 9, illustrative=True)
    renderer = fig.canvas.get_renderer()
    footer_top = max(t.get_window_extent(renderer).y1 for t in fig.texts[body:])
    for bottom, text in _text_bottoms(fig)[:body]:
        assert bottom > footer_top, text


def test_the_title_page_shrinks_its_columns_only_when_they_would_not_fit() -> None:
    assert pdf_pages.title_text_size(2.55, CONTENTS) == pdf_pages.TITLE_TEXT_SIZES[0]
    fig = pdf_pages.new_page()
    top = 2.55 + pdf_pages.draw_notice(fig, 2.55, LONG_NOTICE) + 0.25
    size = pdf_pages.title_text_size(top, CONTENTS)
    assert size < pdf_pages.TITLE_TEXT_SIZES[0]
    assert top + pdf_pages.title_columns_height(CONTENTS, size) <= pdf_pages.PAGE_BOTTOM


@pytest.mark.parametrize("code", ["E10000024", "E06000004"])
def test_each_chart_spans_the_width_of_the_page(code: str) -> None:
    box_w, box_h = pdf_pages.TEXT_W, pdf_pages.PAGE_H - 0.5 - 0.6
    for chart in choose_charts(load_packs(), code):
        png, _ = export_chart(chart, "Council")
        width, height = Image.open(io.BytesIO(png)).size
        # Limited by the page's width, so the chart is drawn the full width of the text.
        assert height / width <= box_h / box_w, chart.title
