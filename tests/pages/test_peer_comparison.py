"""Fees and workforce pages: every council beside its similar councils and England, once the
national figures are imported; a plain sentence before."""

from __future__ import annotations

import pandas as pd
import pytest

from data import store, unit_costs
from market.peers import PEER_COUNT
from tests.apptest import open_page, shown_text

KENT = "E10000016"


@pytest.fixture
def with_unit_costs(empty_store):
    from bench.generate import asc_fr_csv

    result = unit_costs.import_unit_costs(asc_fr_csv(2024), "asc-fr.csv")
    store.save_imports(
        unit_costs.KIND,
        unit_costs.split_by_council(result.figures),
        file_name="asc-fr.csv",
        rows_read=result.rows_read,
    )
    return result.figures


def _comparison(at) -> pd.DataFrame:
    for frame in at.dataframe:
        if "Similar councils' median" in frame.value.columns:
            return frame.value
    raise AssertionError("no comparison table")


def test_before_any_national_import_the_page_says_there_is_nothing_to_compare(empty_store):
    at = open_page("pages/fees.py", council=KENT)
    assert "No NHS England's unit costs (ASC-FR) are imported yet" in shown_text(at)


def test_kent_sits_beside_its_fifteen_nearest_councils_and_england(with_unit_costs):
    at = open_page("pages/fees.py", council=KENT)
    table = _comparison(at)
    figures = with_unit_costs
    for _, row in table.iterrows():
        assert 0 < row["Similar councils with a figure"] <= PEER_COUNT
    weekly = figures[figures["council_code"] == KENT]
    assert set(table["Kent"].round(2)) >= set(weekly["value"].round(2)) - {pd.NA}
    peers_text = next(t.value for t in at.text if t.value.startswith("Peers: "))
    assert len(peers_text.removeprefix("Peers: ").split(", ")) == PEER_COUNT
    assert "Kent" not in peers_text.removeprefix("Peers: ")


def test_peers_picked_by_hand_travel_in_the_link(with_unit_costs):
    at = open_page("pages/fees.py", council=KENT, query={"peers": f"{KENT}:E10000030,E10000032"})
    table = _comparison(at)
    assert (table["Similar councils with a figure"] <= 2).all()
    assert next(t.value for t in at.text if t.value.startswith("Peers: ")) == (
        "Peers: Surrey, West Sussex"
    )


def test_the_committee_view_sets_the_council_beside_its_similar_councils(with_unit_costs):
    at = open_page("pages/committee.py", council=KENT)
    assert "Compared with similar councils" in [h.value for h in at.header]
    assert (
        len(_comparison(at))
        == with_unit_costs.query("council_code == @KENT")[["measure", "service"]]
        .drop_duplicates()
        .shape[0]
    )


def test_peers_picked_for_one_council_do_not_follow_the_reader_to_another(with_unit_costs):
    at = open_page(
        "pages/fees.py", council="E10000014", query={"peers": f"{KENT}:E10000030,E10000032"}
    )
    listed = next(t.value for t in at.text if t.value.startswith("Peers: "))
    assert len(listed.removeprefix("Peers: ").split(", ")) == PEER_COUNT
    assert "Councils chosen by hand" not in shown_text(at)


def test_the_comparison_names_its_source_and_kind(with_unit_costs):
    table = _comparison(open_page("pages/fees.py", council=KENT))
    assert (
        table["Source"]
        .str.startswith("NHS England, Adult Social Care Activity and Finance Report")
        .all()
    )
    assert (table["Kind"] == "Published (each council's); medians derived").all()


def test_an_imported_list_of_similar_councils_replaces_the_nearest(with_unit_costs):
    from data import peer_lists

    listed = peer_lists.import_peer_list(
        b"Council code,Peer code\nE10000016,E10000030\nE10000016,E10000032\n", "cipfa.csv"
    )
    store.save_imports(
        peer_lists.KIND, peer_lists.peer_frames(listed.lists), file_name="cipfa.csv", rows_read=2
    )
    at = open_page("pages/fees.py", council=KENT)
    assert next(t.value for t in at.text if t.value.startswith("Peers: ")) == (
        "Peers: Surrey, West Sussex"
    )
    assert "2 similar councils in the list imported on " in shown_text(at)
    assert (_comparison(at)["Similar councils with a figure"] <= 2).all()
    # A list picked by hand on the page still wins over the imported one.
    at = open_page("pages/fees.py", council=KENT, query={"peers": f"{KENT}:E10000030"})
    assert next(t.value for t in at.text if t.value.startswith("Peers: ")) == "Peers: Surrey"


def test_the_committee_view_compares_deprivation_marked_derived(empty_store):
    from bench.generate import imd_file1
    from data import deprivation

    result = deprivation.import_deprivation(imd_file1([KENT, "E10000030"]), "File_1.xlsx")
    store.save_imports(
        deprivation.KIND,
        deprivation.split_by_council(result.table),
        file_name="File_1.xlsx",
        rows_read=result.rows_read,
    )
    table = _comparison(open_page("pages/committee.py", council=KENT))
    row = table[table["Measure"] == "Small areas among England's most deprived tenth"].iloc[0]
    areas = result.table[result.table["council_code"] == KENT]
    assert row["Kent"] == round(100 * (areas["imd_decile"] == 1).mean(), 1)
    assert row["Kind"] == "Derived (each council's); medians derived"
    assert row["Source"] == (
        "Ministry of Housing, Communities and Local Government, English Indices of Deprivation 2019"
    )


def test_the_isles_of_scilly_stay_too_small_to_compare_even_with_an_imported_list(
    with_unit_costs,
):
    from data import peer_lists

    scilly = "E06000053"
    listed = peer_lists.import_peer_list(
        f"Council code,Peer code\n{scilly},E06000052\n{scilly},E10000008\n".encode(), "list.csv"
    )
    store.save_imports(
        peer_lists.KIND, peer_lists.peer_frames(listed.lists), file_name="list.csv", rows_read=2
    )
    at = open_page("pages/fees.py", council=scilly)
    assert "Isles of Scilly is too small to compare with other councils" in shown_text(at)
    assert not any(t.value.startswith("Peers: ") for t in at.text)
