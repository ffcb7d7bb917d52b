"""Durable storage of imports on SQLite and PostgreSQL: current version, history, restore."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy.exc import IntegrityError

from data import store

# Every test runs twice: on a fresh SQLite file and in a fresh PostgreSQL schema.
pytestmark = pytest.mark.usefixtures("database")


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


def test_the_configured_database_is_the_one_in_use(database):
    assert store.engine().dialect.name == database


def test_import_times_are_in_utc_on_every_database():
    before = datetime.now(UTC)
    record = store.save_import("packages", "E06000047", _homes(1), file_name="p.csv", rows_read=1)
    assert record.imported_at.tzinfo is not None
    assert before - timedelta(seconds=5) <= record.imported_at <= datetime.now(UTC)


def test_current_imports_lists_one_per_kind_for_the_council():
    store.save_import("care_homes", "E06000047", _homes(2), file_name="a.csv", rows_read=2)
    store.save_import("care_homes", "E06000047", _homes(3), file_name="b.csv", rows_read=3)
    store.save_import("packages", "E06000047", _homes(4), file_name="p.csv", rows_read=4)
    store.save_import("packages", "E06000054", _homes(5), file_name="w.csv", rows_read=5)
    current = store.current_imports("E06000047")
    assert [(r.kind, r.file_name, r.rows_kept) for r in current] == [
        ("care_homes", "b.csv", 3),
        ("packages", "p.csv", 4),
    ]
    assert store.current_imports("E10000024") == []


def test_current_of_kind_gives_each_councils_current_set_and_nothing_else():
    store.save_import("added_figures", "E06000047", _homes(1), file_name="a.csv", rows_read=1)
    store.save_import("added_figures", "E06000047", _homes(2), file_name="b.csv", rows_read=2)
    store.save_import("added_figures", "E06000001", _homes(3), file_name="c.csv", rows_read=3)
    store.save_import("care_homes", "E06000047", _homes(9), file_name="d.csv", rows_read=9)
    current = store.current_of_kind("added_figures")
    assert [(r.council_code, r.file_name, len(f)) for r, f in current] == [
        ("E06000001", "c.csv", 3),
        ("E06000047", "b.csv", 2),
    ]
    assert store.current_of_kind("nothing_of_this_kind") == []


def test_the_ids_read_as_a_cache_key_name_the_data_read_after_a_newer_import():
    store.save_import("added_figures", "E06000047", _homes(1), file_name="a.csv", rows_read=1)
    store.save_import("added_figures", "E06000001", _homes(3), file_name="c.csv", rows_read=3)
    key = store.current_ids_of_kind("added_figures")
    # An import lands between reading the key and reading the data it names.
    store.save_import("added_figures", "E06000047", _homes(2), file_name="b.csv", rows_read=2)
    named = store.imports_with_ids(key)
    assert [(r.council_code, r.file_name, len(f)) for r, f in named] == [
        ("E06000001", "c.csv", 3),
        ("E06000047", "a.csv", 1),
    ]
    newer = store.imports_with_ids(store.current_ids_of_kind("added_figures"))
    assert [r.file_name for r, _ in newer] == ["c.csv", "b.csv"]
    assert store.imports_with_ids(()) == []


def test_restoring_an_unknown_import_is_refused():
    with pytest.raises(KeyError):
        store.restore_import(12345)


def test_concurrent_writers_leave_exactly_one_current_import():
    # As several app servers would: many saves and restores of one kind at once.
    first = store.save_import("zones", "E06000004", _homes(1), file_name="z0.csv", rows_read=1)

    def write(i: int) -> None:
        if i % 4 == 3:
            store.restore_import(first.id)
        else:
            store.save_import("zones", "E06000004", _homes(i), file_name=f"z{i}.csv", rows_read=i)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(1, 25)))
    history = store.list_imports("zones", "E06000004")
    assert len(history) == 19
    assert sum(record.is_current for record in history) == 1
    record, frame = store.current_import("zones", "E06000004")
    assert record.is_current and len(frame) == record.rows_kept
