"""The Skills for Care uploader on the Your data page: a workbook is read once, refused
without a year until one is given, and filed only under the councils a visitor may load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.generate import workforce_frame, workforce_workbook
from components import uploads, workforce_upload
from components.council_picker import COUNCIL_KEY
from data import store
from data import workforce_estimates as wf
from geo.councils import list_councils

ROOT = Path(__file__).resolve().parents[2]
FILE = "LA-data-download.xlsx"


@pytest.fixture(autouse=True)
def _fresh_store(empty_store):
    """Every test here uses an empty import store of its own."""


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return workforce_workbook(workforce_frame())


def _council(code: str):
    return next(c for c in list_councils() if c.code == code)


def _text(elements) -> str:
    return re.sub(r"\\(.)", r"\1", "\n".join(e.value for e in elements))


def test_the_page_asks_for_the_year_then_stores_every_council(workbook):
    at = AppTest.from_file(str(ROOT / "pages" / "your_data.py"), default_timeout=120)
    at.session_state[COUNCIL_KEY] = "E06000001"
    at.run()
    assert not at.exception
    assert "Skills for Care workforce estimates" in [h.value for h in at.header]
    uploader = at.file_uploader(key=workforce_upload.UPLOAD_KEY)
    uploader.set_value((FILE, workbook, "application/octet-stream")).run()
    assert not at.exception
    refusal = _text(at.error)
    assert f"{FILE} was not loaded" in refusal and "give the year, such as 2023-24" in refusal
    assert store.current_ids_of_kind(wf.KIND) == ()

    at.text_input(key=workforce_upload.YEAR_KEY).set_value("2023-24").run()
    assert not at.exception
    done = _text(at.success)
    assert "vacancy and turnover rates for 153 councils, 2023-24" in done
    assert "Hartlepool, 2023-24, Care provider vacancy rate: all services" in done
    assert len(store.current_ids_of_kind(wf.KIND)) == 153
    assert "No workforce estimates imported" not in _text(at.caption)


def test_with_sign_in_only_the_councils_a_visitor_commissions_are_stored(workbook, monkeypatch):
    monkeypatch.setattr(uploads, "may_import", lambda code: code == "E06000047")
    outcome = workforce_upload.import_file(workbook, FILE, _council("E06000047"), "2023-24")
    assert outcome.stored
    assert store.current_ids_of_kind(wf.KIND) != ()
    assert [r.council_code for r, _ in store.current_of_kind(wf.KIND)] == ["E06000047"]
    assert any("152 other councils" in w for w in outcome.warnings)

    elsewhere = workforce_upload.import_file(workbook, FILE, _council("E06000001"), "2023-24")
    assert elsewhere.stored  # Durham is still in the file and may be loaded
    assert elsewhere.warnings[0] == (
        "Hartlepool's rates were not stored: this sign-in may not load them."
    )
    frame = workforce_frame(["Durham"])
    durham_only = workforce_upload.import_file(
        workforce_workbook(frame), FILE, _council("E06000001"), "2023-24"
    )
    assert durham_only.warnings[0] == "The workbook has no rates for Hartlepool."

    monkeypatch.setattr(uploads, "may_import", lambda code: False)
    refused = workforce_upload.import_file(workbook, FILE, _council("E06000001"), "2023-24")
    assert not refused.stored
    assert "no other council in it may be loaded from this sign-in" in refused.lines[0]
