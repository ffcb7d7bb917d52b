"""The selection handler: a click selects, a repeat click clears, a click on nothing keeps."""

from __future__ import annotations

import pandas as pd
import pytest

from components.safe_text import escape_markdown
from components.selection import next_selection, select_from_click
from tests.apptest import open_page, shown_text


def test_the_handler_reads_the_clicked_zones_select_value():
    assert select_from_click({"select": "Zone 3: Consett"}) == "Zone 3: Consett"
    assert select_from_click({"select": "  Zone 3  "}) == "Zone 3"
    assert select_from_click(None) is None
    assert select_from_click({"select": None}) is None
    assert select_from_click({"select": "   "}) is None
    assert select_from_click({"name": "x"}) is None
    assert select_from_click(["select", "x"]) is None
    assert len(select_from_click({"select": "x" * 500})) == 80


def test_a_click_selects_and_a_second_click_on_the_same_zone_clears():
    selected = next_selection(None, "North")
    assert selected == "North"
    assert next_selection(selected, "North") is None
    assert next_selection("North", "South") == "South"


def test_a_click_that_names_nothing_keeps_the_selection():
    assert next_selection("South", None) == "South"
    assert next_selection(None, None) is None


def test_a_zone_name_from_a_link_cannot_become_markdown():
    from components.safe_text import escape_markdown

    assert escape_markdown("[x](http://e.vil)") == "\\[x\\]\\(http\\:/\u2060/e.vil\\)"
    assert escape_markdown("Zone 6 Durham") == "Zone 6 Durham"


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("pages/supply.py", "County Durham: care homes and supply"),
        ("pages/committee.py", "County Durham: committee view"),
    ],
)
def test_the_care_homes_and_committee_pages_check_a_linked_zone(page, title, empty_store):
    at = open_page(page, council="E06000047", query={"zone": "Nowhere"})
    assert at.title[0].value == title
    assert any("The link asks for the zone or area “Nowhere”" in i.value for i in at.info)
    assert "zone" not in at.query_params
    assert "**Showing:** the whole of County Durham" in shown_text(at)


def _homes_list(at) -> pd.DataFrame:
    (table,) = [t.value for t in at.dataframe if "Care home" in t.value.columns]
    return table


@pytest.mark.parametrize("page", ["pages/supply.py", "pages/committee.py"])
def test_the_care_homes_and_committee_pages_follow_the_selected_zone(page, empty_store):
    whole = _homes_list(open_page(page, council="E06000047"))
    zone = "Zone 6: Durham"
    at = open_page(page, council="E06000047", query={"zone": zone})
    assert f"**Showing:** {zone}" in shown_text(at)
    assert at.query_params["zone"] == zone
    homes = _homes_list(at)
    column = "Zone (illustrative layout)"
    assert 0 < len(homes) < len(whole)
    assert set(homes[column]) == {zone}
    assert len(homes) == (whole[column] == zone).sum()
    assert at.button(key="cmm_clear_zone")  # the way back to the whole council
    if page == "pages/committee.py":
        metrics = {m.label: m.value for m in at.metric}
        shown = escape_markdown(zone)  # a metric's label is Markdown: the name is escaped
        assert metrics[f"Care homes in {shown}"] == f"{len(homes):,}"
        assert metrics[f"Care home beds in {shown}"] == f"{int(homes['Beds'].sum()):,}"
        assert "for the whole council: its documents publish none per zone" in shown_text(at)
    else:
        areas = at.dataframe[1].value.set_index("Neighbourhood (MSOA)")
        assert areas.index[0] == zone  # the total row, on top, is the zone's
        assert areas["Homes"].iloc[0] == areas["Homes"].iloc[1:].sum() == len(homes)
        assert set(homes["Neighbourhood (MSOA)"]) <= set(areas.index[1:])
        assert len(areas) - 1 < len(open_page(page, council="E06000047").dataframe[1].value) - 1
