"""The full-size CQC directory generator: the published layout, read by the real importer."""

from __future__ import annotations

import pandas as pd
import pytest

from bench import generate
from data.cqc import HSCA_COLUMNS, import_cqc
from market.england_homes import england_homes


@pytest.fixture(scope="module")
def homes() -> pd.DataFrame:
    return england_homes()


@pytest.fixture(scope="module")
def directory(homes) -> pd.DataFrame:
    return generate.directory_frame(homes.head(300), locations=1_000)


def test_directory_has_the_published_columns_and_a_row_per_location(directory):
    for header in HSCA_COLUMNS.values():
        assert header in directory.columns
    assert len(directory) == 1_000
    assert (directory["Care home?"] == "Y").sum() == 300
    assert directory["Location ID"].is_unique


@pytest.mark.parametrize("writer", [generate.directory_csv, generate.directory_ods])
def test_the_importer_reads_the_generated_directory(directory, writer):
    raw = writer(directory)
    suffix = ".csv" if writer is generate.directory_csv else ".ods"
    result = import_cqc(raw, f"HSCA_Active_Locations{suffix}")
    dormant = int(((directory["Care home?"] == "Y") & (directory["Dormant (Y/N)"] == "Y")).sum())
    assert result.rows_read == 1_000
    assert result.rows_kept == 300 - dormant
    assert result.dropped["not a care home"] == 700
    counts = result.counts
    assert counts["not placed"] == 0
    assert counts["placed by postcode"] > 0 and counts["placed by coordinates"] > 0
    assert result.homes["beds"].notna().all()
