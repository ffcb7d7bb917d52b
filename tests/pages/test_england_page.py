"""The England overview page as a user meets it, run through Streamlit's AppTest."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.tables import opened

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 180


def test_router_opens_the_england_overview_with_illustrative_homes_labelled():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/england.py").run()
    assert not at.exception
    assert at.title[0].value == "England overview"
    text = "\n".join(m.value for m in at.markdown)
    assert "Illustrative homes" in text
    warning = at.warning[0].value
    assert warning.startswith("The 14,000 care homes on this map are illustrative")
    captions = "\n".join(c.value for c in at.caption)
    assert "153 councils at England zoom, and their 32,844 small areas (LSOAs)" in captions
    assert "14,000 illustrative homes" in captions
    assert "ONS Postcode Directory" in captions
    assert "stand-in for where people live" in captions
    # Plain English on screen: no module paths or file names.
    assert not re.search(r"\w+/\w+\.py|`", captions + text)
    assert "ONS Postcode Directory, November 2025" in text
    assert "Open Government Licence v3.0" in text


def test_the_councils_table_sorts_by_any_column_and_downloads_as_shown():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/england.py").run()
    # Made once opened: the browser draws the map before it loads any table code.
    assert not at.dataframe and not at.get("download_button")
    at.session_state[opened("england-councils-csv")] = True
    at.run()
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Council",
        "Care homes",
        "Beds",
        "Kind (homes, beds)",
        "Postcodes per km²",
        "Kind (postcodes per km²)",
    ]
    assert len(table) == 153 and table["Care homes"].sum() == 14_000
    assert set(table["Kind (homes, beds)"]) == {"Illustrative"}
    assert set(table["Kind (postcodes per km²)"]) == {"Derived"}
    durham = table.set_index("Council").loc["County Durham"]
    assert 5 < durham["Postcodes per km²"] < 30
    download = at.get("download_button")[0]
    assert download.proto.label == "Download CSV"
