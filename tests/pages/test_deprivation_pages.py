"""Deprivation deciles on the pages: offered once imported, shaded, and in the tables."""

from __future__ import annotations

from bench.generate import imd_file1, imd_file7
from components import deprivation_upload
from data.deprivation import DECILE_LABEL, MEDIAN_DECILE_LABEL
from geo.councils import list_councils
from tests.apptest import open_page, shown_text

DURHAM = "E06000047"


def _durham():
    return next(c for c in list_councils() if c.code == DURHAM)


def _measure_box(at):
    return next(
        box for box in at.selectbox if box.label in ("Shade areas by", "Shade neighbourhoods by")
    )


def _area_table(at):
    return next(d.value for d in at.dataframe if "Population" in d.value.columns)


ZONES = ["cmm_zones_download"]  # the zones page's table, opened


def _zones_table(at):
    return next(d.value for d in at.dataframe if "Zone" in d.value.columns)


def test_without_an_import_the_pages_offer_no_deprivation():
    at = open_page(
        "pages/supply.py", council=DURHAM, query={"shade_by": "imd_decile"}, tables=ZONES
    )
    box = _measure_box(at)
    assert box.label == "Shade neighbourhoods by" and DECILE_LABEL not in box.options
    assert box.value == "beds_per_1000_65plus"  # a link's decile shading falls back
    assert MEDIAN_DECILE_LABEL not in _area_table(at).columns
    assert "Deprivation" not in shown_text(at)
    at.switch_page("pages/zones.py").run()
    assert not at.exception
    assert MEDIAN_DECILE_LABEL not in _zones_table(at).columns


def test_durham_with_file_7_imported_shades_small_areas_and_adds_the_table_columns():
    assert deprivation_upload.import_file(imd_file7([DURHAM]), "File_7.csv", _durham()).stored
    at = open_page(
        "pages/supply.py", council=DURHAM, query={"shade_by": "imd_decile"}, tables=ZONES
    )
    box = _measure_box(at)
    assert box.label == "Shade areas by" and DECILE_LABEL in box.options
    assert box.value == "imd_decile"
    text = shown_text(at)
    # The legend beside the map: ten deciles, 1 the most deprived.
    assert DECILE_LABEL in text and "1 (most deprived 10%)" in text
    assert "10 (least deprived 10%)" in text
    assert (
        "Deprivation: Ministry of Housing, Communities and Local Government, English Indices "
        "of Deprivation 2019, uploaded" in text
    )
    assert "the median of its small areas' deciles" in text
    table = _area_table(at)
    deciles = table[MEDIAN_DECILE_LABEL]
    assert deciles.notna().all() and deciles.between(1, 10).all()
    at.switch_page("pages/zones.py").run()
    assert not at.exception
    zones = _zones_table(at)
    assert zones[MEDIAN_DECILE_LABEL].map(lambda v: 1 <= float(v) <= 10).all()
    assert "A zone's decile is the median of its small areas' deciles." in shown_text(at)


def test_the_your_data_page_offers_the_upload_and_lists_stored_deciles():
    at = open_page("pages/your_data.py", council=DURHAM)
    captions = [c.value for c in at.caption]
    assert "No deprivation deciles imported for County Durham yet." in captions
    assert "Deprivation" in [h.value for h in at.subheader]
    assert deprivation_upload.import_file(imd_file1([DURHAM]), "File_1.xlsx", _durham()).stored
    at.run()
    assert not at.exception
    assert any(
        "File_1.xlsx" in frame.value["File"].tolist()
        for frame in at.dataframe
        if "File" in frame.value
    )
