"""What was wrong with a refused input file, and where, in words a user can act on."""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

SHOWN_PROBLEMS = 20
# A refused cell is quoted up to this many characters.
SHOWN_VALUE = 40


@dataclass(frozen=True)
class Problem:
    """One reason a file was refused: spreadsheet row (header is row 1), column, message."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputFileError(ValueError):
    """A file refused whole: nothing from it is used and the data already loaded stays.

    Subclasses name the kind of file; `OUTCOME` says what did not happen to it.
    """

    OUTCOME = "was not loaded"

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = self.problems[:SHOWN_PROBLEMS]
        lines = [f"{self.file} {self.OUTCOME}: {len(self.problems)} problem(s) found."]
        lines += [f"- {problem}" for problem in shown]
        if len(self.problems) > len(shown):
            lines.append(f"- ... and {len(self.problems) - len(shown)} more")
        return "\n".join(lines)


def line_count(text: str | bytes) -> int:
    """Return the number of lines in a text file, as a CSV reader breaks them: at a line
    feed, a carriage return, or both together (a last line without one counts)."""
    if isinstance(text, bytes):
        lf, cr, crlf = b"\n", b"\r", b"\r\n"
    else:
        lf, cr, crlf = "\n", "\r", "\r\n"
    breaks = text.count(lf) + text.count(cr) - text.count(crlf)  # type: ignore[arg-type]
    ends_open = bool(text) and not text.endswith((lf, cr))  # type: ignore[arg-type]
    return breaks + ends_open


def too_many_rows(count: int, limit: int, *, counted: str = "lines") -> list[Problem]:
    """Return a problem if a file has more than `limit` rows below its header, else none.

    `count` is what was counted: "lines" below the header or "file lines" (a CSV, before
    parsing), "rows" (records, once parsed) or "more" (a workbook read only one row past the
    limit).
    """
    if count <= limit:
        return []
    found = {
        "lines": f"{count:,} lines below it",
        "file lines": f"{count:,} lines in the file",
        "rows": f"{count:,}",
    }.get(counted, "more")
    return [
        Problem(
            None,
            None,
            f"expected at most {limit:,} rows below the header, found {found}; "
            "split it into smaller files",
        )
    ]


# A wider header row is refused before parsing: a 200 KB row of commas took pandas ~25 s.
MAX_COLUMNS = 1000


def wide_header(head: bytes | str) -> list[Problem]:
    """Return a problem if a CSV's first line holds MAX_COLUMNS columns or more, else none."""
    text = head.decode("latin-1") if isinstance(head, bytes) else head
    first_line = text.partition("\n")[0].partition("\r")[0]
    if first_line.count(",") >= MAX_COLUMNS:
        return [Problem(1, None, f"more than {MAX_COLUMNS} columns in the header row")]
    return []


def schema_problems(
    failure_cases: pd.DataFrame, *, row_offset: int, columns: Sequence[str]
) -> list[Problem]:
    """Turn a schema's failure cases (pandera's) into one problem per cell, all its checks
    together, in file order: row (the frame's index + `row_offset`), then `columns` order.

    A check named "column|words" is a wide (whole-row) check that blames that column; pandera
    reports it for every column of the row, and only the blamed one is kept.
    """
    expected: dict[tuple[int | None, str | None], list[str]] = {}
    found: dict[tuple[int | None, str | None], object] = {}
    for case in failure_cases.itertuples(index=False):
        check = str(case.check)
        column = None if case.column is None else str(case.column)
        if "|" in check:
            blamed, check = check.split("|", 1)
            if column not in (None, blamed):
                continue
            column = blamed
        index = case.index
        row = None if index is None or pd.isna(index) else int(index) + row_offset
        checks = expected.setdefault((row, column), [])
        if check not in checks:
            checks.append(check)
        found.setdefault((row, column), case.failure_case)
    problems = []
    for (row, column), checks in expected.items():
        value = str(found[(row, column)])
        shown = value if len(value) <= SHOWN_VALUE else value[: SHOWN_VALUE - 1] + "…"
        where = "" if row is None else f", found '{shown}'"
        problems.append(Problem(row, column, f"expected {' and '.join(checks)}{where}"))
    order = {name: i for i, name in enumerate(columns)}
    return sorted(problems, key=lambda p: (p.row or 0, order.get(p.column or "", len(order))))


def _too_many_cells(text: str, above: int) -> Problem:
    rows = csv.reader(io.StringIO(text))
    width = len(next(rows, []))
    for number, cells in enumerate(rows, start=above + 2):
        if len(cells) > width:
            return Problem(
                number,
                None,
                f"this row has {len(cells)} cells but the header names {width} columns; "
                "a comma inside a value needs the value in double quotes",
            )
    return Problem(None, None, "a row has more cells than the header names columns")


def read_csv_text(
    text: str, *, max_rows: int, lower: bool = True
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read CSV text as strings, the one way every importer does; return it or the problems.

    - Blank lines are kept while reading and dropped after, so a row's index + 2 is the
      row a spreadsheet shows (the header is row 1 after any blank lines above it, which
      are counted too).
    - Column names are stripped (and lower-cased with `lower`); two that differ only by
      case or spaces are refused, since either could be the one meant.
    - A header too wide to parse quickly, or more than `max_rows` lines below it, is
      refused before parsing.
    """
    # Blank lines above the header are skipped, and counted so row numbers stay right.
    lines = text.splitlines(keepends=True)
    above = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    text = "".join(lines[above:])
    if problems := wide_header(text) or too_many_rows(line_count(text) - 1, max_rows):
        return None, problems
    try:
        # index_col=False: a row with one cell too many must not turn the first column into
        # row labels; pandas then warns of the lost cell, and the row is refused below.
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            table = pd.read_csv(
                io.StringIO(text),
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                index_col=False,
            )
    except pd.errors.ParserWarning:
        return None, [_too_many_cells(text, above)]
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        return None, [Problem(None, None, f"expected comma-separated values ({exc})")]
    raw_names = [str(c) for c in table.columns]
    # pandas renames a repeated name ("date", "date.1"): check the header as written.
    header = next(csv.reader(text.splitlines()[:1]), [])
    if problems := duplicate_columns(header):
        return None, problems
    table.columns = [n.strip().lower() if lower else n.strip() for n in raw_names]
    filled = table.apply(lambda column: column.str.strip() != "").any(axis=1)
    table = table[filled]
    table.index = table.index + above
    return table, []


def duplicate_columns(names: list[str]) -> list[Problem]:
    """Return a problem for each column named like an earlier one, ignoring case and spaces.

    Either could be the one meant, so the file is refused rather than one silently used.
    """
    seen: dict[str, str] = {}
    problems = []
    for name in names:
        key = " ".join(str(name).split()).casefold()
        if key in seen:
            problems.append(
                Problem(
                    1,
                    str(name).strip(),
                    f"two columns are named alike ('{seen[key].strip()}' and "
                    f"'{str(name).strip()}', ignoring capitals and spaces): keep one",
                )
            )
        seen.setdefault(key, str(name))
    return problems
