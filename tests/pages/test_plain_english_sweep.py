"""Every page, for the four seed councils, speaks plain English: no seed file names, code
names, module paths or package versions in what a reader sees or in a table's headers.

Code spans (`like_this`) are exempt: they name the columns an upload must have.
"""

from __future__ import annotations

import re

import pytest

from geo.councils import FEATURED_CODES
from tests.apptest import open_every_table, open_page, shown_text

PAGES = (
    None,
    "pages/fees.py",
    "pages/occupancy.py",
    "pages/workforce.py",
    "pages/supply.py",
    "pages/zones.py",
    "pages/demand.py",
    "pages/outlook.py",
    "pages/committee.py",
    "pages/your_data.py",
)
MACHINE_COLUMNS = ("Source file", "Measure code", "Service code", "Council code", "LSOA")
FORBIDDEN = {
    "a seed file name": re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b"),
    "a code name": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "a module path": re.compile(r"\b[\w/]+\.py\b"),
    "a file name": re.compile(r"\b[\w/-]+\.(?:md|csv|txt|json|parquet)\b"),
    "a package version": re.compile(r"\b[A-Za-z][\w-]* \d+\.\d+\.\d+\b"),
}


def _readable(at) -> list[str]:
    lines = shown_text(at).splitlines()
    lines += [e.value for kind in ("title", "header") for e in at.get(kind)]
    lines += [str(column) for frame in at.dataframe for column in frame.value.columns]
    # Cells too, but for the codes a machine reading the CSV needs, in their own columns.
    for frame in at.dataframe:
        table = frame.value.drop(columns=list(MACHINE_COLUMNS), errors="ignore")
        lines += [str(v) for v in table.astype(str).to_numpy().ravel()]
    lines += [m.label for m in at.metric]
    return [re.sub(r"`[^`]*`", "", line) for line in lines]


@pytest.mark.parametrize("code", FEATURED_CODES)
def test_no_page_shows_a_file_name_code_name_path_or_version(code, empty_store):
    found = []
    at = open_page(None, council=code)
    for page in PAGES:
        if page is not None:
            at.switch_page(page).run()
        assert not at.exception, f"{page}: {at.exception}"
        open_every_table(at)
        for line in _readable(at):
            for what, pattern in FORBIDDEN.items():
                if match := pattern.search(line):
                    found.append(f"{page or 'map'}: {what} {match.group(0)!r} in {line[:120]!r}")
    assert not found, "\n".join(sorted(set(found)))
