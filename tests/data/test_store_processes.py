"""The store with real processes, as servers and imports run: on SQLite and on PostgreSQL.

Several servers creating a fresh store at once, and a national import killed part-way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from data import store

pytestmark = pytest.mark.usefixtures("database")

ROOT = Path(__file__).resolve().parents[2]
SERVERS = 6

# Each child waits for the same moment, then opens the store and saves: the race of several
# servers starting together on an empty database.
START_TOGETHER = """
import sys, time
import pandas as pd
from data import store
start = float(sys.argv[1])
time.sleep(max(0.0, start - time.time()))
store.engine()
store.save_import("zones", sys.argv[2], pd.DataFrame({"n": [1]}), file_name="z.csv", rows_read=1)
print("ok", flush=True)
"""

# Saves every council's homes in one call, saying each as it is written, and stalls after
# the third so the test can kill it there.
NATIONAL_IMPORT = """
import sys, time
import pandas as pd
from data import store
codes = sys.argv[2].split(",")
def said(code, rows):
    print(code, flush=True)
    if sys.argv[3] == "stall" and code == codes[2]:
        time.sleep(600)
frames = {code: pd.DataFrame({"n": range(3)}) for code in codes}
store.save_imports("cqc_homes", frames, file_name=sys.argv[1], rows_read=9, on_saved=said)
print("done", flush=True)
"""
CODES = ["E06000001", "E06000002", "E06000003", "E06000004", "E06000005"]


def _child(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_servers_starting_together_all_create_or_find_the_schema():
    start = time.time() + 3.0  # time for every interpreter to import pandas first
    children = [_child(START_TOGETHER, str(start), f"E0600000{i}") for i in range(SERVERS)]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err[-2000:]
        assert out.strip() == "ok"
    assert len(store.current_of_kind("zones")) == SERVERS


def test_a_national_import_killed_part_way_leaves_every_council_on_the_old_file():
    before = _child(NATIONAL_IMPORT, "old.ods", ",".join(CODES), "run")
    _, err = before.communicate(timeout=120)
    assert before.returncode == 0, err[-2000:]
    child = _child(NATIONAL_IMPORT, "new.ods", ",".join(CODES), "stall")
    written = [child.stdout.readline().strip() for _ in range(3)]
    assert written == CODES[:3], child.stderr.read()[-2000:] if child.poll() is not None else ""
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    current = store.current_of_kind("cqc_homes")
    assert {record.council_code: record.file_name for record, _ in current} == dict.fromkeys(
        CODES, "old.ods"
    )
    # The store still takes the next import whole.
    after = _child(NATIONAL_IMPORT, "new.ods", ",".join(CODES), "run")
    _, err = after.communicate(timeout=120)
    assert after.returncode == 0, err[-2000:]
    current = store.current_of_kind("cqc_homes")
    assert {record.file_name for record, _ in current} == {"new.ods"}
    assert all(len(frame) == 3 for _, frame in current)


def test_a_national_import_saves_every_council_and_says_so():
    lines = []
    records = store.save_imports(
        "cqc_homes",
        {code: pd.DataFrame({"n": [1, 2]}) for code in reversed(CODES)},
        file_name="national.ods",
        rows_read=10,
        on_saved=lambda code, rows: lines.append((code, rows)),
    )
    assert [r.council_code for r in records] == CODES
    assert lines == [(code, 2) for code in CODES]
    assert all(r.is_current and r.file_name == "national.ods" for r in records)


def test_a_server_starts_while_a_long_import_holds_the_database(database):
    """Opening an existing store takes no lock: a new server is not kept waiting (on SQLite,
    refused after the busy timeout) while a national import's transaction is open."""
    store.save_import(
        "zones", "E06000001", pd.DataFrame({"n": [1]}), file_name="z.csv", rows_read=1
    )
    child = _child(NATIONAL_IMPORT, "slow.ods", ",".join(CODES), "stall")
    try:
        assert [child.stdout.readline().strip() for _ in range(3)] == CODES[:3]
        starting = _child(
            "from data import store; store.engine(); print('started', flush=True)",
        )
        out, err = starting.communicate(timeout=60)
        assert starting.returncode == 0, err[-2000:]
        assert out.strip() == "started"
    finally:
        child.kill()
        child.wait(timeout=30)
