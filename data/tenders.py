"""Tender pipelines: the upcoming tenders a council's documents list, read and checked."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from data.figures import PACKS_DIR
from data.measures import KINDS
from data.problems import InputFileError, Problem, line_count, too_many_rows, wide_header
from data.sniff import check_content

TENDERS_FILE = "tenders.csv"
# Rows in a tender list: a council runs a handful of tenders a year.
MAX_ROWS = 1_000
TENDER_COLUMNS = (
    "council_code",
    "service_area",
    "contract",
    "procurement_activity",
    "contract_start",
    "list_updated",
    "source_file",
    "source_section",
    "kind",
    "note",
)
OPTIONAL_COLUMNS = ("note",)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Documents give tender dates as a season or a month and a year; a season sorts at its
# first month (spring in March, as the Met Office counts seasons).
SEASON_MONTHS = {"Spring": 3, "Summer": 6, "Autumn": 9, "Winter": 12}
_WHEN = re.compile(rf"^({'|'.join([*SEASON_MONTHS, *MONTHS])}) (\d{{4}})$")
_ONS_CODE = re.compile(r"^E\d{8}$")
_WHEN_COLUMNS = ("procurement_activity", "contract_start", "list_updated")


class TenderFileError(InputFileError):
    """A tender list with problems; it is refused whole."""


def month_of(when: str) -> pd.Timestamp | None:
    """Return the first day of the month a published "Autumn 2024" or "April 2025" starts."""
    match = _WHEN.match(when.strip())
    if match is None:
        return None
    word, year = match.groups()
    month = SEASON_MONTHS.get(word) or MONTHS.index(word) + 1
    return pd.Timestamp(int(year), month, 1)


def parse_tenders_csv(raw: bytes, file_name: str) -> pd.DataFrame:
    """Validate a tenders CSV; return it in procurement order or raise TenderFileError."""
    table = _read_table(raw, file_name)
    problems: list[Problem] = []
    for index, row in table.iterrows():
        problems += _row_problems(int(index) + 2, row)
    if problems:
        raise TenderFileError(file_name, problems)
    table["activity_month"] = table["procurement_activity"].map(month_of)
    table["start_month"] = table["contract_start"].map(month_of)
    return table.sort_values(["activity_month", "start_month"], kind="stable").reset_index(
        drop=True
    )


def load_tenders(root: Path = PACKS_DIR) -> pd.DataFrame:
    """Return the tenders of every pack folder that has a tenders file (raises on a bad one)."""
    frames = []
    for path in sorted(Path(root).glob(f"*/{TENDERS_FILE}")):
        tenders = parse_tenders_csv(path.read_bytes(), f"{path.parent.name}/{TENDERS_FILE}")
        wrong = tenders[tenders["council_code"] != path.parent.name]
        if len(wrong):
            raise TenderFileError(
                f"{path.parent.name}/{TENDERS_FILE}",
                [
                    Problem(None, "council_code", f"{code} found; expected {path.parent.name}")
                    for code in sorted(set(wrong["council_code"]))
                ],
            )
        frames.append(tenders)
    if not frames:
        return empty_tenders()
    return pd.concat(frames, ignore_index=True)


def tenders_for(tenders: pd.DataFrame, council_code: str) -> pd.DataFrame:
    """Return one council's tenders in procurement order."""
    return tenders[tenders["council_code"] == council_code].reset_index(drop=True)


def empty_tenders() -> pd.DataFrame:
    """Return an empty tender table with the loader's columns."""
    table = pd.DataFrame({column: pd.Series(dtype=str) for column in TENDER_COLUMNS})
    table["activity_month"] = pd.Series(dtype="datetime64[ns]")
    table["start_month"] = pd.Series(dtype="datetime64[ns]")
    return table


def _read_table(raw: bytes, file_name: str) -> pd.DataFrame:
    check_content(raw, file_name, ("csv",), TenderFileError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TenderFileError(file_name, [Problem(None, None, "expected UTF-8 text")]) from exc
    if not text.strip():
        raise TenderFileError(file_name, [Problem(None, None, "the file is empty")])
    if problems := wide_header(text) or too_many_rows(line_count(text) - 1, MAX_ROWS):
        raise TenderFileError(file_name, problems)
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise TenderFileError(
            file_name, [Problem(None, None, f"expected comma-separated values ({exc})")]
        ) from exc
    table.columns = [str(c).strip() for c in table.columns]
    problems = [
        Problem(1, c, "missing column; expected it in the header row")
        for c in TENDER_COLUMNS
        if c not in table.columns
    ]
    problems += [
        Problem(1, c, f"unexpected column; expected only {', '.join(TENDER_COLUMNS)}")
        for c in table.columns
        if c not in TENDER_COLUMNS
    ]
    if problems:
        raise TenderFileError(file_name, problems)
    if table.empty:
        raise TenderFileError(file_name, [Problem(None, None, "no tenders below the header row")])
    return table.loc[:, list(TENDER_COLUMNS)].apply(lambda column: column.str.strip())


def _row_problems(row: int, cells: pd.Series) -> list[Problem]:
    problems = [
        Problem(row, column, "empty; expected a value")
        for column in TENDER_COLUMNS
        if column not in OPTIONAL_COLUMNS and not cells[column]
    ]
    if cells["council_code"] and not _ONS_CODE.match(cells["council_code"]):
        problems.append(Problem(row, "council_code", "expected an ONS code such as E06000047"))
    for column in _WHEN_COLUMNS:
        if cells[column] and month_of(cells[column]) is None:
            problems.append(
                Problem(row, column, "expected a season or month and a year, such as Autumn 2024")
            )
    if cells["kind"] and cells["kind"] not in KINDS:
        problems.append(Problem(row, "kind", f"expected one of {', '.join(KINDS)}"))
    if cells["source_file"] and not cells["source_file"].endswith((".txt", ".pdf")):
        problems.append(Problem(row, "source_file", "expected a document's file name"))
    return problems
