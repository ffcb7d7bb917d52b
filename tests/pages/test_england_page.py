"""The England overview page as a user meets it, run through Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

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
    assert "32,844 small areas (LSOAs), 153 councils and 14,000 illustrative homes" in captions
    assert "ONS Postcode Directory" in captions
    assert "ONS Postcode Directory, November 2025" in text
    assert "Open Government Licence v3.0" in text
