"""Links open the view they name: council, page, zone, postcode, layers and filters."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components import permalink
from data.cqc import CARE_TYPES
from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("empty_store")


def _open_link(page: str | None, **query: str) -> AppTest:
    """Open the app as a link would: query parameters first, then the page it names."""
    return open_page(page, query=query)


def _widget(at: AppTest, key: str):
    return next(w for w in [*at.multiselect, *at.slider, *at.radio, *at.checkbox] if w.key == key)


def _param(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def test_a_supply_link_opens_its_council_filters_and_layers_and_the_url_follows_changes():
    at = _open_link(
        "pages/supply.py",
        council="E06000054",
        types="nursing,both",
        min_beds="20",
        colour="rating",
        gaps="0",
        gap_km="7.5",
    )
    assert at.title[0].value == "Wiltshire: care homes and supply"
    assert _widget(at, "cmm_supply_types").value == ["nursing", "both"]
    assert _widget(at, "cmm_supply_min_beds").value == 20
    assert _widget(at, "cmm_supply_colour").value == "rating"
    assert _widget(at, "cmm_supply_gaps").value is False
    assert _widget(at, "cmm_supply_gap_km").value == 7.5
    shown = next(c.value for c in at.caption if c.value.startswith("Showing "))
    assert not shown.startswith("Showing 87 of 87")  # the filters took effect
    # The URL follows the widgets, so copying it gives the view as it is now ...
    _widget(at, "cmm_supply_min_beds").set_value(40).run()
    assert _param(at, "min_beds") == "40"
    assert _param(at, "council") == "E06000054" and _param(at, "types") == "nursing,both"
    # ... and a setting put back to its default leaves the link.
    _widget(at, "cmm_supply_gaps").check().run()
    assert _param(at, "gaps") is None
    # The changed URL, opened afresh, gives the same widgets.
    again = _open_link("pages/supply.py", **{k: _param(at, k) for k in at.query_params})
    for key in ("cmm_supply_types", "cmm_supply_min_beds", "cmm_supply_colour", "cmm_supply_gaps"):
        assert _widget(again, key).value == _widget(at, key).value


def test_values_that_no_longer_exist_fall_back_with_a_short_note():
    at = _open_link("pages/supply.py", council="E06000047", types="nursing,castles", min_beds="900")
    notes = "\n".join(i.value for i in at.info)
    assert "types of home “nursing,castles”" in notes and "minimum of beds “900”" in notes
    assert _widget(at, "cmm_supply_types").value == list(CARE_TYPES)
    assert _widget(at, "cmm_supply_min_beds").value == 0
    assert _param(at, "min_beds") is None and _param(at, "types") is None


def test_a_renamed_zone_in_a_link_falls_back_to_the_whole_council():
    at = _open_link("pages/zones.py", council="E06000047", zone="Zone 99: Atlantis")
    notes = "\n".join(i.value for i in at.info)
    assert "Zone 99\\: Atlantis" in notes and "whole council is shown" in notes  # escaped
    assert any("Showing:** the whole of County Durham" in m.value for m in at.markdown)
    assert _param(at, "zone") is None


def test_a_zone_link_opens_with_that_zone_selected_and_a_layout_by_position(councils):
    from data.figures import load_packs
    from geo.boundaries import load_council_geography
    from market.zones import illustrative_layouts

    wiltshire = load_council_geography(councils["E06000054"])
    zone = illustrative_layouts(wiltshire, load_packs())[1].zone_names[2]
    at = _open_link("pages/zones.py", council="E06000054", layout="2", zone=zone)
    layout = next(r for r in at.radio if r.key.startswith("cmm_zone_layout_choice"))
    assert layout.value == layout.options[1] and "15" in layout.value
    assert _param(at, "layout") == "2" and _param(at, "zone") == zone
    assert any(m.value.startswith("**Showing:** Zone 3") for m in at.markdown)
    assert not at.info


def test_a_postcode_link_marks_the_postcode_on_the_map_page():
    at = _open_link(None, council="E06000047", postcode="dl15 8nn")
    assert at.text_input[0].value == "dl15 8nn"
    assert at.success[0].value.startswith("DL15 8NN is in County Durham")


@pytest.mark.parametrize(
    ("parse", "raw", "expected"),
    [
        (permalink.choices(["a", "b"]), "b,a", ["b", "a"]),
        (permalink.choices(["a", "b"]), "", []),
        (permalink.number(0, 10, int), "5", 5),
        (permalink.number(1.0, 2.0), "1.5", 1.5),
        (permalink.flag, "TRUE", True),
        (permalink.flag, "0", False),
    ],
)
def test_parsers_read_what_the_writers_write(parse, raw, expected):
    assert parse(raw) == expected


@pytest.mark.parametrize(
    ("parse", "raw"),
    [
        (permalink.choices(["a"]), "a,z"),
        (permalink.number(0, 10, int), "11"),
        (permalink.number(0, 10, int), "ten"),
        (permalink.number(0.0, 1.0), "nan"),
        (permalink.flag, "maybe"),
    ],
)
def test_parsers_refuse_values_that_are_not_valid(parse, raw):
    with pytest.raises(ValueError):
        parse(raw)


def test_a_number_too_big_for_a_filter_falls_back_instead_of_failing():
    at = _open_link("pages/supply.py", council="E06000047", min_beds="1e400", layout="inf")
    assert "minimum of beds “1e400”" in "\n".join(i.value for i in at.info)
    assert _widget(at, "cmm_supply_min_beds").value == 0
