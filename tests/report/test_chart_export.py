"""Key charts for a committee and their PNG and SVG export through vl-convert."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from data.figures import load_packs
from report.chart_export import MAX_CHARTS, choose_charts, export_chart, kind_summary, slugify


@pytest.fixture(scope="module")
def figures():
    return load_packs()


def test_wiltshire_gets_its_fee_and_capacity_charts_first(figures):
    charts = choose_charts(figures, "E06000054")
    assert len(charts) == MAX_CHARTS
    assert [c.title for c in charts[:3]] == [
        "Home care hourly rates and benchmarks",
        "Care home weekly fees",
        "Care home beds by type",
    ]
    assert set(charts[0].rows["council_code"]) == {"E06000054"}


def test_a_council_with_no_figures_gets_no_charts(figures):
    assert choose_charts(figures, "E06000001") == []


def test_stockton_gets_only_the_charts_it_has_figures_for(figures):
    charts = choose_charts(figures, "E06000004")
    assert [c.slug for c in charts] == ["fee-uplifts", "grants-and-uplift-funding"]
    assert kind_summary(charts[0].rows) == "published"


def test_export_gives_a_real_png_and_svg_carrying_title_and_sources(figures):
    chart = choose_charts(figures, "E06000004")[0]
    png, svg = export_chart(chart, "Stockton-on-Tees")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width > 2000 and image.height > 1000  # printed at about 250 dots per inch
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = " ".join(root.itertext())
    assert "Fee uplifts" in text
    assert (
        "Source: Stockton-on-Tees Borough Council, "
        "Scrutiny monitoring: Care at Home review progress update, March 2024, Recommendation 15"
        in text
    )
    assert "Stockton-on-Tees. Figures: published." in text
    # Nothing in the drawing loads from the internet (only the SVG namespaces name a URL).
    assert 'href="http' not in svg and "url(http" not in svg


def test_slugs_are_safe_file_names():
    assert slugify("Care homes and Extra Care capacity") == "care-homes-and-extra-care-capacity"
    assert slugify("Fees: £/week (2023)") == "fees-week-2023"
