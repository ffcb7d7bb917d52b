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
    return open_page(PAGE, council=code, query=query, tables=[f"{KEY}_population_download"])


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
    needed_before, today = before.split(" (today ")
    needed_after, with_what_if = after.split(" (with the what-if ")
    # The new home adds beds; it does not change how many beds people need.
    assert needed_after == needed_before
    assert (
        int(with_what_if.rstrip(")").replace(",", ""))
        == int(today.rstrip(")").replace(",", "")) + 120
    )
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


def _zone_demand(at: AppTest) -> pd.DataFrame:
    for frame in at.dataframe:
        if "Care home beds today" in frame.value.columns and "Zone" in frame.value.columns:
            return frame.value.set_index("Zone")
    raise AssertionError("no beds table by zone on the page")


def test_a_new_home_shrinks_its_zones_shortfall_and_leaves_the_need_alone(empty_store):
    plain = _zone_demand(_open(DURHAM))
    added = outlook.scenario_text(
        outlook.Scenario(added=(outlook.NewHome("DL15 8NN", 120, "nursing"),))
    )
    changed = _zone_demand(_open(DURHAM, scenario=added))
    short = "Beds short (more needed than there are)"
    moved = changed[short] - plain[short]
    assert sorted(moved.tolist()) == [-120] + [0] * (len(moved) - 1)
    needed = [c for c in plain.columns if c.startswith("Beds needed in")]
    assert (changed[needed] == plain[needed]).all().all()


def test_hours_for_a_zone_not_in_the_layout_are_left_out_with_a_note(empty_store):
    scenario = outlook.scenario_text(outlook.Scenario(hours=(("No such zone", 5000.0),)))
    at = _open(DURHAM, scenario=scenario)
    assert any("not a zone of this layout" in e.value for e in [*at.error, *at.warning])


def test_a_mistyped_postcode_is_refused_in_plain_words(empty_store):
    at = _open(DURHAM)
    next(t for t in at.text_input if t.label == "Postcode of the new home").input("DL15_8NN")
    next(b for b in at.button if b.label == "Add this home").click().run()
    assert not at.exception
    refusals = " ".join(e.value for e in [*at.error, *at.warning])
    assert "type a full UK postcode" in refusals
    assert "a_" not in refusals and "scenario" not in at.query_params


@pytest.mark.parametrize("code", ["E06000047", "E06000054", "E06000004", "E10000024", "E08000035"])
def test_the_gap_layer_and_a_scenario_work_once_a_projection_is_imported(empty_store, code):
    from bench.generate import snpp_zip
    from data.projections import projection_districts

    table = projections.read_projections(snpp_zip(projection_districts(councils=[code])), "p.zip")
    store.save_import(projections.KIND, code, table, file_name="p.zip", rows_read=len(table))
    first = _open(code)
    zone = _zone_demand(first).index[0]
    scenario = outlook.scenario_text(outlook.Scenario(hours=((zone, 250.0),)))
    at = _open(code, shade="threshold", scenario=scenario)
    legends = " ".join(h.proto.body for h in at.get("html"))
    assert "First year beds needed pass 95% of today" in legends
    assert f"{zone}: +250 home care hours a week" in _changes(at)
    assert len(_population_table(at)["Year"].unique()) == outlook.LAST_YEAR - 2022 + 1
    shown, plain = _zone_demand(at), _zone_demand(first)
    if "Home care hours a week today" in shown.columns:
        hours = "Home care hours a week today"
        assert shown.loc[zone, hours] - plain.loc[zone, hours] == 250
