"""The tender pipeline: the loader refuses bad files, and every tender traces to its seed."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from data.tenders import (
    TENDER_COLUMNS,
    TENDERS_FILE,
    TenderFileError,
    load_tenders,
    month_of,
    parse_tenders_csv,
    tenders_for,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
HEADER = ",".join(TENDER_COLUMNS)
GOOD_ROW = (
    "E06000047,Commissioning - Adult Social Care,Home care,Autumn 2024,April 2025,"
    "February 2024,001_9667772310db4ab3.txt,Appendix 1,published,"
)


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_county_durham_lists_nine_tenders_in_procurement_order():
    tenders = tenders_for(load_tenders(), "E06000047")
    assert len(tenders) == 9
    assert tenders["activity_month"].is_monotonic_increasing
    assert set(tenders["kind"]) == {"published"}
    home_care = tenders[tenders["contract"].str.contains("Domiciliary Care")]
    assert list(home_care["procurement_activity"]) == ["Autumn 2024"]
    assert list(home_care["contract_start"]) == ["April 2025"]


def test_councils_without_a_tenders_file_have_none():
    assert tenders_for(load_tenders(), "E06000054").empty


def test_published_seasons_and_months_become_dates():
    assert month_of("Autumn 2024") == pd.Timestamp("2024-09-01")
    assert month_of("Spring 2025") == pd.Timestamp("2025-03-01")
    assert month_of("April 2025") == pd.Timestamp("2025-04-01")
    assert month_of("soon") is None


def test_a_good_file_is_read():
    tenders = parse_tenders_csv(_csv(GOOD_ROW), "t.csv")
    assert tenders.loc[0, "start_month"] == pd.Timestamp("2025-04-01")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (GOOD_ROW.replace("E06000047", "Durham"), "row 3, column 'council_code': expected an ONS"),
        (GOOD_ROW.replace("Autumn 2024", "later"), "row 3, column 'procurement_activity'"),
        (GOOD_ROW.replace(",published,", ",guessed,"), "row 3, column 'kind': expected one of"),
        (GOOD_ROW.replace(",Home care,", ",,"), "row 3, column 'contract': empty"),
    ],
)
def test_a_bad_row_is_refused_naming_row_and_column(row, expected):
    with pytest.raises(TenderFileError) as caught:
        parse_tenders_csv(_csv(GOOD_ROW, row), "t.csv")
    message = str(caught.value)
    assert message.startswith("t.csv was not loaded: 1 problem(s) found.")
    assert expected in message


def test_a_missing_column_an_empty_file_and_no_rows_are_refused():
    with pytest.raises(TenderFileError, match="column 'note': missing column"):
        parse_tenders_csv(_csv(GOOD_ROW[:-1], header=HEADER.removesuffix(",note")), "t.csv")
    with pytest.raises(TenderFileError, match="the file is empty"):
        parse_tenders_csv(b"", "t.csv")
    with pytest.raises(TenderFileError, match="no tenders below the header row"):
        parse_tenders_csv(_csv(), "t.csv")


def test_a_pack_folder_holds_only_its_own_councils_tenders(tmp_path):
    folder = tmp_path / "E06000054"
    folder.mkdir()
    (folder / TENDERS_FILE).write_bytes(_csv(GOOD_ROW))
    with pytest.raises(TenderFileError, match="E06000047 found; expected E06000054"):
        load_tenders(tmp_path)
    assert load_tenders(tmp_path / "nowhere").empty


def _seeds_dir() -> Path:
    configured = os.environ.get("CMM_SEEDS_DIR")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def seeds() -> Path:
    folder = _seeds_dir()
    if not folder.is_dir():
        pytest.skip(f"seed documents not found at {folder} (set CMM_SEEDS_DIR)")
    return folder


def _table_rows(text: str, section: str) -> list[list[str]]:
    """Return the tab-separated rows of the first table after a section heading."""
    after = text[text.index(section) :].splitlines()
    rows = [line.split("\t") for line in after if line.count("\t") == 3]
    return [[cell.strip() for cell in row] for row in rows[1:]]  # after the header row


def test_every_tender_is_read_back_out_of_its_seed(seeds):
    tenders = tenders_for(load_tenders(), "E06000047")
    for source_file, group in tenders.groupby("source_file"):
        text = (seeds / source_file).read_text(encoding="utf-8")
        section = group["source_section"].iloc[0]
        assert f"# {section}" in text
        assert f"Last updated {group['list_updated'].iloc[0]}." in text
        published = {
            (area, contract.rstrip("*"), activity, start)
            for area, contract, activity, start in _table_rows(text, f"# {section}")
        }
        ours = set(
            group[
                ["service_area", "contract", "procurement_activity", "contract_start"]
            ].itertuples(index=False, name=None)
        )
        assert ours == published
