"""The demand outlook page as a commissioner meets it: published figures first, a full series
after an import, the gap and a what-if scenario that travels in the link to the committee."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.outlook_data import KEY
from data import projections, store
from data.figures import load_packs
from market import outlook
from tests.apptest import open_page, shown_text

PAGE = "pages/outlook.py"
DURHAM = "E06000047"


def _open(code: str, **query: str) -> AppTest:
    return open_page(PAGE, council=code, query=query)


def _population_table(at: AppTest) -> pd.DataFrame:
    for frame in at.dataframe:
        value = frame.value
        if {"Year", "Age group", "People", "Kind", "Source"} <= set(value.columns):
            return value
    raise AssertionError("no population table on the page")


def test_durham_shows_its_published_figures_before_any_import(empty_store):
    at = _open(DURHAM)
    assert at.title[0].value == "County Durham: demand outlook"
    table = _population_table(at).set_index(["Year", "Age group"])
    published = load_packs()
    expected = published[
        (published["council_code"] == DURHAM) & (published["measure"] == "population_65plus")
    ]
    for _, row in expected.iterrows():
        shown = table.loc[(row["period_start"].year, outlook.BAND_LABELS["65plus"])]
        assert shown["People"] == round(row["value"])
        assert shown["Kind"] == "Published"
        assert "Durham County Council" in shown["Source"]
        assert ".txt" not in shown["Source"]
    assert {2024, 2039} <= {year for year, _ in table.index}
    text = shown_text(at)
    assert "Load the ONS projections on the Your data page" in text


def test_a_council_with_nothing_published_says_so_plainly(empty_store):
    at = _open("E06000053")  # the Isles of Scilly: no documents in the app
    text = shown_text(at)
    assert "No population projection is loaded for Isles of Scilly" in text
    assert not at.dataframe


def test_an_imported_projection_gives_every_year(empty_store):
    from bench.generate import snpp_zip

    raw = snpp_zip({DURHAM: "County Durham"})
    table = projections.read_projections(raw, "snpp.zip")
    store.save_import(
        projections.KIND,
        DURHAM,
        table[table["council_code"] == DURHAM],
        file_name="snpp.zip",
        rows_read=len(table),
    )
    at = _open(DURHAM)
    shown = _population_table(at)
    assert set(shown["Year"]) == set(range(2022, outlook.LAST_YEAR + 1))
    assert set(shown["Age group"]) == set(outlook.BAND_LABELS.values())
    durham = table[table["council_code"] == DURHAM].set_index("year")
    by_year = shown[shown["Age group"] == outlook.BAND_LABELS["65plus"]].set_index("Year")
    assert by_year.loc[2039, "People"] == round(durham.loc[2039, "age_65plus"])
    assert "Office for National Statistics" in by_year.loc[2039, "Source"]


def _changes(at: AppTest) -> str:
    """The scenario's changes as listed (plain text: they quote what was typed)."""
    return "\n".join(t.value for t in at.text)


def _headline(at: AppTest) -> str:
    return next(m.value for m in at.metric if "needed by" in m.label)


@pytest.mark.parametrize("code", [DURHAM])
def test_a_scenario_in_the_link_reaches_the_committee_view(empty_store, code):
    plain = open_page("pages/committee.py", council=code)
    added = outlook.scenario_text(
        outlook.Scenario(added=(outlook.NewHome("DL15 8NN", 120, "nursing"),))
    )
    with_home = open_page("pages/committee.py", council=code, query={"scenario": added})
    before, after = _headline(plain), _headline(with_home)
    today_before = int(before.split("today ")[1].rstrip(")").replace(",", ""))
    today_after = int(after.split("today ")[1].rstrip(")").replace(",", ""))
    assert today_after == today_before + 120
    page = _open(code, scenario=added)
    assert "Added: 120 nursing beds at DL15 8NN" in _changes(page)
    assert page.query_params["scenario"] == added


def test_a_bad_scenario_in_the_link_falls_back_with_a_note(empty_store):
    at = _open(DURHAM, scenario="a_NOT-A-POSTCODE_9999_x")
    assert not at.exception
    assert "scenario" not in at.query_params
    assert "No changes yet" in shown_text(at)


def test_adding_a_home_on_the_page_updates_the_gap_and_the_link(empty_store):
    at = _open(DURHAM)
    form_inputs = [t for t in at.text_input if t.label == "Postcode of the new home"]
    form_inputs[0].input("dl15 8nn")
    beds = next(n for n in at.number_input if n.label == "Beds")
    beds.set_value(60)
    next(b for b in at.button if b.label == "Add this home").click().run()
    assert not at.exception, at.exception
    assert "Added: 60 residential beds at DL15 8NN" in _changes(at)
    assert outlook.parse_scenario(at.query_params["scenario"]).added == (
        outlook.NewHome("DL15 8NN", 60, "residential"),
    )
    assert at.session_state[f"{KEY}_scenario"] == at.query_params["scenario"]
