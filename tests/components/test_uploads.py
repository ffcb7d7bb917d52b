"""The one upload path: a file refused for time is read again only when uploaded again."""

from __future__ import annotations

from itertools import count

import pandas as pd
import pytest

from components import uploads
from data import budget, store
from data.budget import check_time


class _Upload:
    """What st.file_uploader returns: a name, the bytes, and an id per upload."""

    def __init__(self, file_id: str, raw: bytes = b"area_code,zone\n") -> None:
        self.name, self.file_id, self._raw = "zones.csv", file_id, raw

    def getvalue(self) -> bytes:
        return self._raw


@pytest.fixture
def session(monkeypatch, empty_store) -> dict:
    state: dict = {}
    monkeypatch.setattr(uploads.st, "session_state", state)
    return state


def test_a_file_refused_for_time_is_shown_again_on_reruns_and_read_again_when_uploaded_again(
    session, monkeypatch
):
    reads = []

    def read(raw: bytes, name: str) -> uploads.Accepted:
        reads.append(name)
        check_time("checking each row")
        frame = pd.DataFrame({"zone": ["North"]})
        return uploads.Accepted({"E06000047": frame}, 1, (f"Loaded {name}.",))

    ticks = count()
    monkeypatch.setattr(budget, "_clock", lambda: next(ticks) * 20.0)  # a loaded server
    first = uploads.take_upload(_Upload("u1"), kind="zone_lookup", state_key="k", read=read)
    assert not first.stored and "longer than the 10 seconds" in first.lines[0]
    assert "upload it again later" in first.lines[0]
    again = uploads.take_upload(_Upload("u1"), kind="zone_lookup", state_key="k", read=read)
    assert again is first and len(reads) == 1  # a rerun does not read it again

    monkeypatch.setattr(budget, "_clock", lambda: 0.0)  # the server is free again
    retried = uploads.take_upload(_Upload("u2"), kind="zone_lookup", state_key="k", read=read)
    assert retried.stored and len(reads) == 2
    record, _frame = store.current_import("zone_lookup", "E06000047")
    assert record.file_name == "zones.csv"


def test_a_file_refused_for_what_it_holds_is_not_read_again_even_if_uploaded_again(session):
    from data.problems import InputFileError, Problem

    reads = []

    def read(raw: bytes, name: str) -> uploads.Accepted:
        reads.append(name)
        raise InputFileError(name, [Problem(2, "zone", "expected a zone name (empty)")])

    for upload_id in ("u1", "u2"):
        outcome = uploads.take_upload(
            _Upload(upload_id), kind="zone_lookup", state_key="k", read=read
        )
        assert not outcome.stored and "row 2, column 'zone'" in outcome.lines[0]
    assert len(reads) == 1
