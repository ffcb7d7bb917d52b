"""The similar councils uploader on the Your data page: a list is read once, each council's
list filed with its history, a refusal said at its row and column, and only the councils a
visitor may load stored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import peer_list_upload, uploads
from components.council_picker import COUNCIL_KEY
from data import peer_lists, store
from geo.councils import list_councils

ROOT = Path(__file__).resolve().parents[2]
FILE = "nearest-neighbours.csv"
LISTS = (
    b"Council,Peer 1,Peer 2\n"
    b"County Durham,Darlington,Hartlepool\n"
    b"Hartlepool,Middlesbrough,Isles of Scilly\n"
)


@pytest.fixture(autouse=True)
def _fresh_store(empty_store):
    """Every test here uses an empty import store of its own."""


def _council(code: str):
    return next(c for c in list_councils() if c.code == code)


def _text(elements) -> str:
    return re.sub(r"\\(.)", r"\1", "\n".join(e.value for e in elements))


def test_the_page_stores_each_councils_list_and_lists_its_history():
    at = AppTest.from_file(str(ROOT / "pages" / "your_data.py"), default_timeout=120)
    at.session_state[COUNCIL_KEY] = "E06000047"
    at.run()
    assert not at.exception
    assert "Similar councils" in [h.value for h in at.header]
    assert "No lists of similar councils imported for County Durham yet." in _text(at.caption)

    uploader = at.file_uploader(key=peer_list_upload.UPLOAD_KEY)
    uploader.set_value((FILE, LISTS, "text/csv")).run()
    assert not at.exception
    done = _text(at.success)
    assert "Lists of similar councils for 2 councils, from 2 rows." in done
    assert FILE not in done  # a file's name is for the import history, not the message
    assert "County Durham: 2 similar councils, most similar first: Darlington, Hartlepool." in (
        done
    )
    assert "Isles of Scilly was left out of the similar councils of Hartlepool" in _text(at.warning)
    assert peer_lists.council_peer_list("E06000047")[1] == ("E06000005", "E06000001")
    assert peer_lists.council_peer_list("E06000001")[1] == ("E06000002",)
    assert "No lists of similar councils imported" not in _text(at.caption)
    history = [frame.value for frame in at.dataframe if "Current" in frame.value.columns]
    assert any(FILE in set(table["File"]) for table in history)

    # The same file is not imported again on a rerun.
    at.run()
    assert len(store.list_imports(peer_lists.KIND, "E06000047")) == 1


def test_a_refused_list_is_said_at_its_row_and_column_and_nothing_is_stored():
    at = AppTest.from_file(str(ROOT / "pages" / "your_data.py"), default_timeout=120)
    at.session_state[COUNCIL_KEY] = "E06000047"
    at.run()
    raw = b"Council code,Peer code\nE06000047,E06000005\nE06000047,Cumbria\n"
    at.file_uploader(key=peer_list_upload.UPLOAD_KEY).set_value(("p.csv", raw, "text/csv")).run()
    assert not at.exception
    refusal = _text(at.error)
    assert "p.csv was not loaded: 1 problem(s) found." in refusal
    assert "row 3, column 'Peer code': 'Cumbria' (E10000006): its area was split" in refusal
    assert "The similar councils already in use stay in use." in refusal
    assert store.current_ids_of_kind(peer_lists.KIND) == ()


def test_with_sign_in_only_the_councils_a_visitor_commissions_are_stored(monkeypatch):
    monkeypatch.setattr(uploads, "may_import", lambda code: code == "E06000047")
    outcome = peer_list_upload.import_file(LISTS, FILE, _council("E06000047"))
    assert outcome.stored
    assert [r.council_code for r, _ in store.current_of_kind(peer_lists.KIND)] == ["E06000047"]
    assert "1 other council was not stored from the file" in " ".join(outcome.warnings)

    elsewhere = peer_list_upload.import_file(LISTS, FILE, _council("E06000001"))
    assert elsewhere.stored  # Durham is in the file and may be loaded
    assert elsewhere.warnings[0] == (
        "Hartlepool's list was not stored: this sign-in may not load it."
    )
    missing = peer_list_upload.import_file(LISTS, FILE, _council("E06000005"))
    assert missing.warnings[0] == (
        "The file has no list for Darlington: its similar councils are unchanged."
    )

    monkeypatch.setattr(uploads, "may_import", lambda code: False)
    refused = peer_list_upload.import_file(LISTS, FILE, _council("E06000001"))
    assert not refused.stored
    assert (
        "column 'Council': the file has no list for Hartlepool, and no other council in it "
        "may be loaded from this sign-in" in refused.lines[0]
    )
    assert len(store.list_imports(peer_lists.KIND, "E06000047")) == 3
