"""Durable storage of imports: current version, history, restore, atomic replacement."""

import pandas as pd
import pytest
from sqlalchemy.exc import IntegrityError

from data import store


@pytest.fixture(autouse=True)
def fresh_database(tmp_path, monkeypatch):
    monkeypatch.delenv("CMM_DATABASE_URL", raising=False)
    monkeypatch.setenv("CMM_DATA_DIR", str(tmp_path))


def _homes(n: int) -> pd.DataFrame:
    return pd.DataFrame({"location_id": [f"1-{i}" for i in range(n)], "beds": range(n)})


def test_the_latest_import_is_current_and_earlier_ones_are_kept():
    assert store.current_import("care_homes", "E06000047") is None
    first = store.save_import("care_homes", "E06000047", _homes(3), file_name="a.csv", rows_read=5)
    second = store.save_import(
        "care_homes", "E06000047", _homes(4), file_name="b.ods", rows_read=9, imported_by="kim"
    )
    record, frame = store.current_import("care_homes", "E06000047")
    assert record.id == second.id and record.file_name == "b.ods" and record.imported_by == "kim"
    assert (record.rows_read, record.rows_kept) == (9, 4)
    pd.testing.assert_frame_equal(frame, _homes(4))
    history = store.list_imports("care_homes", "E06000047")
    assert [r.id for r in history] == [second.id, first.id]
    assert [r.is_current for r in history] == [True, False]


def test_an_earlier_import_can_be_restored():
    first = store.save_import("care_homes", "E06000054", _homes(2), file_name="a.csv", rows_read=2)
    store.save_import("care_homes", "E06000054", _homes(6), file_name="b.csv", rows_read=6)
    store.restore_import(first.id)
    record, frame = store.current_import("care_homes", "E06000054")
    assert record.id == first.id and len(frame) == 2


def test_councils_and_kinds_are_kept_apart():
    store.save_import("care_homes", "E06000047", _homes(2), file_name="a.csv", rows_read=2)
    assert store.current_import("care_homes", "E06000054") is None
    assert store.current_import("packages", "E06000047") is None


def test_a_failed_save_leaves_the_previous_version_current():
    store.save_import("care_homes", "E06000004", _homes(2), file_name="good.csv", rows_read=2)

    # The insert fails inside the transaction, after the old version was marked not current.
    with pytest.raises(IntegrityError):
        store.save_import("care_homes", "E06000004", _homes(9), file_name="x", rows_read=None)
    record, frame = store.current_import("care_homes", "E06000004")
    assert record.file_name == "good.csv" and len(frame) == 2
