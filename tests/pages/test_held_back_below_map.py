"""A new visitor's first page sends its map alone; the tables and charts follow in the run
the map's frame asks for once drawn, and the map is not drawn again."""

from __future__ import annotations

import json

import pytest

from components.map_view import COMPONENT_NAME, HELD_BACK_NOTE, MAP_DRAWN_KEY
from tests.apptest import open_page


def _map(at) -> dict:
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT_NAME]
    return json.loads(element.proto.json)


@pytest.mark.parametrize(
    ("page", "held_back"),
    [
        ("pages/supply.py", ("dataframe",)),
        ("pages/zones.py", ("vega_lite_chart", "multiselect", "number_input")),
    ],
)
def test_the_first_run_sends_the_map_alone_and_the_next_run_the_rest(page, held_back):
    at = open_page(page, council="E06000047", map_drawn=False)
    first = _map(at)
    assert first["rerun_when_drawn"] is True
    assert all(not at.get(kind) for kind in held_back)
    assert any(c.value == HELD_BACK_NOTE for c in at.caption)
    assert at.session_state[MAP_DRAWN_KEY] is True

    at.run()  # the run the map's frame asks for once it has loaded
    assert not at.exception
    again = _map(at)
    assert again["rerun_when_drawn"] is False
    assert all(at.get(kind) for kind in held_back)
    assert not any(c.value == HELD_BACK_NOTE for c in at.caption)
    # The same map, layers and all: the browser keeps the map it has drawn.
    assert (again["digest"], again["layers_digest"]) == (first["digest"], first["layers_digest"])


def test_a_session_that_has_drawn_a_map_shows_everything_at_once():
    at = open_page("pages/supply.py", council="E06000047")
    assert _map(at)["rerun_when_drawn"] is False
    assert at.dataframe
