"""The map page as a user meets it, run through Streamlit's AppTest."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.tables import opened

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60


@pytest.fixture
def app() -> AppTest:
    """The page as a new visitor sees it once the map is drawn: the first run, then the run
    the map's frame asks for (tests/pages/test_held_back_below_map.py)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.run()
    assert not at.exception
    return at


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [m.label + " " + str(m.value) for m in at.metric]
    return "\n".join(parts)


def test_map_page_opens_on_county_durham_with_its_small_areas_and_sources(app):
    assert app.title[0].value == "County Durham: the map"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Small areas (LSOAs)"] == "324"
    assert metrics["Neighbourhoods (MSOAs)"] == "66"
    text = _text(app)
    for source in ("December 2011", "ONS Postcode Directory, November 2025", "GeoNames"):
        assert source in text
    assert "Open Government Licence v3.0" in text and "CC BY 4.0" in text


def test_council_picker_lists_the_source_councils_first_and_switches_council(app):
    picker = app.sidebar.selectbox[0]
    assert picker.options[:4] == [
        "County Durham (E06000047)",
        "Wiltshire (E06000054)",
        "Stockton-on-Tees (E06000004)",
        "Nottinghamshire (E10000024)",
    ]
    assert "Hartlepool (E06000001)" in picker.options
    picker.set_value("E10000024").run()
    assert not app.exception
    assert app.title[0].value == "Nottinghamshire: the map"
    caption = _text(app)
    assert "seven" not in caption and "7 districts" in caption
    assert "Newark and Sherwood" in caption and "Rushcliffe" in caption


@pytest.mark.parametrize("typed", ["dl15 8nn", "DL158NN", " DL15  8NN "])
def test_postcode_in_any_common_form_is_found_and_placed(app, typed):
    app.text_input[0].set_value(typed).run()
    assert not app.exception
    (message,) = app.success
    assert message.value.startswith(
        "DL15 8NN is in County Durham (E06000047), small area County Durham"
    )
    assert "E01" in message.value and "marked on the map" in message.value


def test_postcode_in_another_council_says_which(app):
    app.text_input[0].set_value("SN15 1ER").run()
    assert "Wiltshire (E06000054)" in app.success[0].value
    assert "choose Wiltshire in the sidebar" in app.success[0].value


def test_malformed_and_unknown_postcodes_get_different_clear_messages(app):
    app.text_input[0].set_value("12345").run()
    assert not app.exception
    assert "is not a UK postcode" in app.error[0].value
    app.text_input[0].set_value("dl15 8zz").run()
    assert not app.exception
    assert not app.error
    assert "DL15 8ZZ is written like a postcode but is not in the ONS Postcode Directory" in (
        app.warning[0].value
    )
    assert app.title[0].value == "County Durham: the map"


def test_a_link_opens_its_council_and_a_bad_code_falls_back_with_a_note():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["council"] = "e06000054"
    at.run()
    assert at.title[0].value == "Wiltshire: the map"
    assert at.query_params["council"] == "E06000054"
    bad = AppTest.from_file(APP, default_timeout=TIMEOUT)
    bad.query_params["council"] = "E99999999"
    bad.run()
    assert not bad.exception
    assert bad.title[0].value == "County Durham: the map"
    assert "is not an English council code" in bad.sidebar.warning[0].value


def test_typed_markdown_is_shown_as_typed_not_rendered(app):
    app.text_input[0].set_value("[x](http://e.vil)").run()
    assert "\\[x\\]\\(http\\:/\u2060/e.vil\\)" in app.error[0].value


def test_the_towns_table_is_made_only_once_opened_and_offers_its_rows_as_csv(app):
    # Closed, the page sends no table: the browser loads no table code before the map.
    assert not app.dataframe and not app.get("download_button")
    assert next(e.label for e in app.expander) == "Towns and villages as a table"
    app.session_state[opened("cmm_towns_download")] = True
    app.run()
    (table,) = [t.value for t in app.dataframe]
    assert list(table.columns) == ["Name", "Population"]
    assert len(table) == int(next(m.value for m in app.metric if m.label == "Towns and villages"))
    assert [b.label for b in app.get("download_button")] == ["Download CSV"]
