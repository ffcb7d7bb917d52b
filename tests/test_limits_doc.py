"""docs/limits.md states every upload limit as the code sets it."""

from pathlib import Path

import pytest

from components import cqc_upload, figure_upload, peer_list_upload, population_upload, zone_data
from data import (
    budget,
    cqc,
    cqc_places,
    figures,
    packages,
    peer_lists,
    population,
    problems,
    rurality_files,
    tenders,
    zone_files,
)

DOC = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text()


@pytest.mark.parametrize(
    ("module", "name", "written"),
    [
        (cqc_upload, "MAX_UPLOAD_MB", "{:,} MB"),
        (cqc, "MAX_SHEETS", "| {} |"),
        (cqc, "MAX_UNZIPPED_MB", "{} MB"),
        (cqc, "MAX_ZIP_RATIO", "{} times"),
        (cqc, "MAX_BEDS", "{:,} |"),
        (cqc_places, "MAX_POSTCODE_KM", "{:.0f} km"),
        (figure_upload, "MAX_UPLOAD_MB", "| {} MB |"),
        (figures, "MAX_TEXT", "| {} characters |"),
        (figures, "MAX_NOTE", "| {:,} characters |"),
        (zone_data, "MAX_UPLOAD_MB", "{} MB (lookup)"),
        (zone_files, "MAX_ZONES", "| {} |"),
        (zone_files, "MAX_ZONE_NAME", "| {} characters |"),
        (zone_files, "MAX_VERTICES", "| {:,} |"),
        (population_upload, "MAX_UPLOAD_MB", "| {} MB |"),
        (problems, "MAX_COLUMNS", "| {:,} |"),
        (packages, "MAX_HOURS", "| {} |"),
        (cqc, "MAX_ROWS", "| {:,} (the national"),
        (figures, "MAX_ROWS", "| {:,} |"),
        (zone_files, "MAX_LOOKUP_ROWS", "| {:,} (England"),
        (rurality_files, "MAX_ROWS", "| {:,} |"),
        (population, "MAX_ROWS", "| {:,} |"),
        (packages, "MAX_ROWS", "| {:,} |"),
        (tenders, "MAX_ROWS", "| {:,} |"),
        (budget, "UPLOAD_SECONDS", "| {:g} seconds,"),
        (peer_list_upload, "MAX_UPLOAD_MB", "| {} MB |"),
        (peer_lists, "MAX_ROWS", "| {:,} |"),
        (peer_lists, "MAX_PEERS", "| {} |"),
    ],
)
def test_each_limit_is_written_as_the_code_sets_it(module, name, written):
    # The table row that names this module and constant, and only that row, states it.
    path, constant = f"`{module.__name__.replace('.', '/')}.py`", f"`{name}`"
    where = f"{path} {constant}"
    rows = [
        line
        for line in DOC.splitlines()
        if line.startswith("|") and path in line.rsplit("|", 2)[-2] and constant in line
    ]
    assert len(rows) == 1, f"expected one row naming {where}"
    value = getattr(module, name)
    assert written.format(value) in rows[0], f"{module.__name__}.{name} = {value}: {rows[0]}"
