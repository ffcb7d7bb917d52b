"""The demand page as a provider meets it: a postcode gives its zone's card, bad ones a message."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from components.council_picker import COUNCIL_KEY
from components.demand_picker import PICKER_KEY, POSTCODE_KEY, WHOLE_COUNCIL
from components.selection import SELECTION_KEY
from data.figures import load_packs
from geo.boundaries import load_council_geography, postcode_area
from geo.postcodes import lookup_postcode
from market.zones import illustrative_layouts
from tests.apptest import open_page, shown_text

PAGE = "pages/demand.py"
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")


def _open(code: str, **query: str) -> AppTest:
    return open_page(PAGE, council=code, query=query)


def _text(at: AppTest) -> str:
    return shown_text(at)


def _zone_of(durham, postcode: str) -> str:
    """The postcode's zone in the first illustrative layout, found without the page."""
    layout = illustrative_layouts(durham, load_packs())[0]
    area = postcode_area(lookup_postcode(postcode))
    zones = layout.lsoa_zone.set_index("lsoa_code")["zone"]
    return zones[area.lsoa_code]


def test_a_postcode_gives_its_zones_card(durham):
    at = _open("E06000047")
    assert at.title[0].value == "County Durham: demand in your zone"
    assert "Demand in the whole of County Durham" in _text(at)
    at.text_input(key=POSTCODE_KEY).input("dl158nn").run()
    assert not at.exception, at.exception
    zone = _zone_of(durham, "DL15 8NN")
    text = _text(at)
    assert f"Demand in {zone}" in text
    assert at.session_state[SELECTION_KEY] == zone
    assert at.query_params["zone"] == zone
    assert at.selectbox(key=PICKER_KEY).value == zone
    assert "DL15 8NN is in County Durham (E06000047)" in at.success[0].value
    for shown in ("£3.00 a visit", "2 to 4", "Framework providers in this zone", "Illustrative"):
        assert shown in text
    assert "Tender: Autumn 2024. Contract starts: April 2025" in text
    assert "Care homes within 5 km outside it" in text


def test_abbreviations_are_spelled_out_on_first_use():
    text = _text(_open("E06000047"))
    assert text.count("Packages of care (POCs)") == 1
    assert text.index("Packages of care (POCs)") < text.index("POCs handed back")
    assert text.count("Care Quality Commission (CQC)") == 1
    assert "Market Position Statement (MPS)" in text
    assert "discharge to assess" in text  # in the words-used list


def test_a_bad_postcode_gives_a_clear_message_and_keeps_the_council():
    at = _open("E06000047")
    at.text_input(key=POSTCODE_KEY).input("DL15 XYZ!").run()
    assert "is not a UK postcode" in at.error[0].value
    assert "Demand in the whole of County Durham" in _text(at)
    at.text_input(key=POSTCODE_KEY).input("DL15 9ZZ").run()
    assert "not in the ONS Postcode Directory" in at.warning[0].value


def test_a_postcode_in_another_council_takes_the_page_there_in_one_step(councils):
    at = _open("E06000047")
    at.text_input(key=POSTCODE_KEY).input("SN15 1ER").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Wiltshire: demand in your zone"
    assert at.session_state[COUNCIL_KEY] == "E06000054"
    assert at.query_params["council"] == "E06000054"
    assert at.info[0].value == (
        "SN15 1ER is in Wiltshire, so this page now shows Wiltshire instead of County Durham."
    )
    # The postcode then picks its zone in its own council, as it would have there.
    wiltshire = load_council_geography(councils["E06000054"])
    layout = illustrative_layouts(wiltshire, load_packs())[0]
    area = postcode_area(lookup_postcode("SN15 1ER"))
    zone = layout.lsoa_zone.set_index("lsoa_code")["zone"][area.lsoa_code]
    assert at.session_state[SELECTION_KEY] == zone
    assert f"Demand in {zone}" in _text(at)
    # Said once: the next run does not repeat the note or move the council again.
    at.sidebar.selectbox[0].select("E06000047").run()
    assert at.title[0].value == "County Durham: demand in your zone"
    assert not any("now shows" in i.value for i in at.info)


def test_the_postcode_box_comes_straight_after_the_title():
    at = _open("E06000047")
    main = [e for e in at.main if e.type in ("text_input", "markdown", "radio", "badge")]
    assert main[0].type == "text_input" and main[0].label == "Find a postcode"


def test_a_zone_picked_here_is_kept_on_the_zones_page():
    at = _open("E06000047")
    picker = at.selectbox(key=PICKER_KEY)
    zone = picker.options[3]
    picker.select(zone).run()
    assert f"Demand in {zone}" in _text(at)
    at.switch_page("pages/zones.py").run()
    assert f"**Showing:** {zone}" in _text(at)
    at.switch_page(PAGE).run()
    assert at.selectbox(key=PICKER_KEY).value == zone
    at.selectbox(key=PICKER_KEY).select(WHOLE_COUNCIL).run()
    assert at.session_state[SELECTION_KEY] is None


def test_wiltshire_has_no_tender_pipeline_and_no_uplift():
    at = _open("E06000054", zone="Zone 2: Trowbridge")
    text = _text(at)
    assert "Demand in Zone 2: Trowbridge" in text
    assert "No tender pipeline is published in the documents loaded." in text
    assert "No document loaded gives a rural uplift for Wiltshire." in text


def test_no_package_postcode_or_date_is_shown():
    at = _open("E06000047")
    at.text_input(key=POSTCODE_KEY).input("DL15 8NN").run()
    found = set(POSTCODE.findall(_text(at))) - {"DL15 8NN"}
    assert found == set()
    assert not re.search(r"\b\d{1,2} (January|February|March|April|May|June) 20\d\d\b", _text(at))


def test_the_postcode_box_suggests_a_postcode_in_the_council_shown():
    for code, name in (("E06000047", "County Durham"), ("E06000054", "Wiltshire")):
        placeholder = _open(code).text_input(key=POSTCODE_KEY).placeholder
        assert name in placeholder and "DL15" not in placeholder
