"""A new visitor's first page sends its map alone: the sidebar's widgets and what the page
holds back follow in the run the map's frame asks for once drawn, and the map is not drawn
again."""

from __future__ import annotations

import json

import pytest

from components.errors import RAISE_ENV
from components.first_run import MAP_DRAWN_KEY
from components.map_view import COMPONENT_NAME, HELD_BACK_NOTE
from tests.apptest import open_page, run_map_asked_for


def _map(at) -> dict:
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT_NAME]
    return json.loads(element.proto.json)


def _map_place(at) -> list:
    """Where the map sits in the page: its index in each block down from the main area.
    Streamlit tells elements apart by this; a map whose place changed is drawn anew."""

    def find(node, place):
        for index, child in getattr(node, "children", {}).items():
            proto = getattr(child, "proto", None)
            if getattr(proto, "component_name", None) == COMPONENT_NAME:
                return [*place, index]
            found = find(child, [*place, index])
            if found:
                return found
        return None

    return find(at.main, [])


def _council_picker(at) -> list:
    return [box for box in at.sidebar.selectbox if box.label == "Council"]


@pytest.mark.parametrize(
    ("page", "held_back"),
    [
        ("pages/map.py", ("metric", "expander", "text_input")),  # sources' details, postcode
        ("pages/supply.py", ("dataframe", "multiselect", "slider", "checkbox", "radio", "html")),
        (
            "pages/zones.py",
            ("vega_lite_chart", "multiselect", "number_input", "file_uploader", "radio", "html"),
        ),
    ],
)
def test_the_first_run_sends_the_map_alone_and_the_next_run_the_rest(page, held_back):
    at = open_page(page, council="E06000047", map_drawn=False)
    first = _map(at)
    place = _map_place(at)
    assert first["rerun_when_drawn"] is True
    assert all(not at.get(kind) for kind in held_back)
    assert not _council_picker(at)
    assert not at.sidebar.expander  # the list of imports
    assert any(c.value == HELD_BACK_NOTE for c in at.caption)
    assert not any(m.value.startswith("**Sources**") for m in at.markdown)
    assert at.session_state[MAP_DRAWN_KEY] is True

    run_map_asked_for(at)
    again = _map(at)
    assert again["rerun_when_drawn"] is False
    assert all(at.get(kind) for kind in held_back)
    assert _council_picker(at)[0].value == "E06000047"
    assert [e.label for e in at.sidebar.expander] == ["Imported data"]
    assert not any(c.value == HELD_BACK_NOTE for c in at.caption)
    assert any(m.value.startswith("**Sources**") for m in at.markdown) or page == "pages/zones.py"
    # The same map, layers and all, in the same place: the browser keeps the map it drew.
    assert (again["digest"], again["layers_digest"]) == (first["digest"], first["layers_digest"])
    assert place and _map_place(at) == place


def test_filters_in_a_link_shape_the_first_runs_map_as_the_drawn_filters_do():
    # The first run reads the filters from the link without drawing them; the next run
    # draws them. A map that changed between the two would be drawn twice.
    query = {"types": "nursing", "ratings": "Good", "gaps": "0", "min_beds": "30"}
    at = open_page("pages/supply.py", council="E06000047", query=query, map_drawn=False)
    first = _map(at)
    run_map_asked_for(at)
    again = _map(at)
    assert (again["digest"], again["layers_digest"]) == (first["digest"], first["layers_digest"])
    assert at.multiselect(key="cmm_supply_types").value == ["nursing"]
    assert at.slider(key="cmm_supply_min_beds").value == 30
    assert at.checkbox(key="cmm_supply_gaps").value is False


def test_a_postcode_in_a_link_is_looked_up_and_marked_in_the_first_run():
    # Without a postcode the box waits for the next run, its space kept; with one, the
    # first run draws the box, its answer and the marker, and the next run the same map.
    at = open_page(
        "pages/map.py", council="E06000047", query={"postcode": "DL15 8NN"}, map_drawn=False
    )
    first = _map(at)
    assert first["rerun_when_drawn"] is True
    assert at.text_input(key="cmm_postcode").value == "DL15 8NN"
    assert any(s.value.startswith("DL15 8NN is in County Durham") for s in at.success)
    assert "cmm-postcode" in first["layers"] and ".setView(" in first["frame"]
    run_map_asked_for(at)
    again = _map(at)
    assert (again["digest"], again["layers_digest"]) == (first["digest"], first["layers_digest"])


def test_a_zone_layout_in_a_link_shapes_the_first_runs_map_as_the_choice_does():
    # Wiltshire has two illustrative layouts. The choice waits in the closed expander above
    # the map: the first run takes the layout from the link, the next draws the choice.
    at = open_page("pages/zones.py", council="E06000054", query={"layout": "2"}, map_drawn=False)
    first = _map(at)
    assert not at.radio
    run_map_asked_for(at)
    again = _map(at)
    assert (again["digest"], again["layers_digest"]) == (first["digest"], first["layers_digest"])
    (choices,) = [e for e in at.expander if e.label.startswith("Zone layout")]
    (layout,) = choices.radio
    assert layout.label == "Illustrative zone layout"
    assert layout.value == layout.options[1]
    # The first layout's map differs: the link's layout was the one drawn.
    plain = open_page("pages/zones.py", council="E06000054", map_drawn=False)
    assert _map(plain)["layers_digest"] != first["layers_digest"]


def test_a_layout_chosen_on_another_page_is_the_one_the_zones_map_draws_first():
    # The demand page offers the same choice (the same key). A zones page whose first run
    # only read it would lose it at the end of that run, and draw its map twice.
    at = open_page("pages/demand.py", council="E06000054", map_drawn=False)
    (layout,) = at.radio
    layout.set_value(layout.options[1]).run()
    at.switch_page("pages/zones.py").run()
    assert not at.exception, at.exception
    first = _map(at)
    assert first["rerun_when_drawn"] is True
    run_map_asked_for(at)
    again = _map(at)
    assert (again["digest"], again["layers_digest"]) == (first["digest"], first["layers_digest"])
    (layout,) = at.radio
    assert layout.value == layout.options[1]


def test_a_link_to_a_code_that_is_not_a_council_says_so_with_the_picker_at_once():
    at = open_page("pages/map.py", query={"council": "E99999999"}, map_drawn=False)
    assert any("is not an English council code" in w.value for w in at.sidebar.warning)
    assert _council_picker(at)[0].value == "E06000047"
    # Still said in the run the map asks for; gone once the reader does something.
    run_map_asked_for(at)
    assert any("is not an English council code" in w.value for w in at.sidebar.warning)
    at.run()
    assert not at.sidebar.warning


@pytest.mark.parametrize(
    ("page", "query", "said"),
    [
        ("pages/supply.py", {"min_beds": "lots"}, "a minimum of beds “lots”"),
        ("pages/zones.py", {"zone": "Nowhere"}, "the zone or area “Nowhere”"),
        ("pages/supply.py", {"zone": "Nowhere"}, "the zone or area “Nowhere”"),
    ],
)
def test_a_note_about_the_link_stays_in_place_through_the_maps_run(page, query, said):
    # Gone in the map's run, the note would move the map up, and the map be drawn again.
    at = open_page(page, council="E06000047", query=query, map_drawn=False)
    first = _map(at)
    notes = [i.value for i in at.info if said in i.value]
    assert len(notes) == 1
    run_map_asked_for(at)
    assert [i.value for i in at.info if said in i.value] == notes
    assert _map(at)["digest"] == first["digest"]
    at.run()  # the reader's next step
    assert not [i.value for i in at.info if said in i.value]


def test_a_page_that_fails_before_its_map_still_draws_the_sidebar(monkeypatch):
    import components.geodata

    def fails(code):
        raise RuntimeError("the geography cannot be read")

    monkeypatch.delenv(RAISE_ENV)
    monkeypatch.setattr(components.geodata, "council_geography", fails)
    at = open_page("pages/map.py", council="E06000047", map_drawn=False)
    assert not at.get("bidi_component")
    assert at.error  # one plain sentence, not a traceback
    assert _council_picker(at)


def test_a_reader_who_has_seen_the_sidebar_never_sees_it_taken_away():
    at = open_page("pages/fees.py", council="E06000047", map_drawn=False)
    assert _council_picker(at)
    at.switch_page("pages/map.py").run()
    assert not at.exception
    assert _map(at)["rerun_when_drawn"] is True  # the page still sends its map first
    assert _council_picker(at)


def test_a_session_that_has_drawn_a_map_shows_everything_at_once():
    at = open_page("pages/supply.py", council="E06000047")
    assert _map(at)["rerun_when_drawn"] is False
    assert at.dataframe
    assert _council_picker(at)
