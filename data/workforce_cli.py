"""The workforce estimates command line: `python -m data.workforce_cli import FILE` or
`... fetch URL`, for a scheduled refresh of Skills for Care's estimates by council.

Fetches the workbook over http(s) (size and time limited, as the CQC command does), reads
it through the same reader as the app, and saves every council's figures in one
transaction, each council keeping its figures for the other years already stored.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from data.cli import BY_OPTION, build_parser, run_command
from data.workforce_estimates import (
    KIND,
    WorkforceFileError,
    WorkforceImport,
    import_workforce,
    split_by_council,
    with_stored_years,
)

FETCH_TIMEOUT_S = 60
FETCH_MAX_MB = 50  # Skills for Care's workbook is a few MB


def _save(result: WorkforceImport, imported_by: str) -> list[str]:
    """Save every council's figures in one transaction: all on the new file, or none."""
    from data import store

    frames = with_stored_years(split_by_council(result.figures))
    lines: list[str] = []
    store.save_imports(
        KIND,
        frames,
        file_name=result.file_name,
        rows_read=result.rows_read,
        imported_by=imported_by,
        on_saved=lambda code, rows: lines.append(f"Saved {rows:,} figures for {code}."),
    )
    return lines


def _run_import(raw: bytes, file_name: str, year: str | None, by: str) -> int:
    result = import_workforce(raw, file_name, year)
    for line in result.summary_lines():
        print(line)
    for warning in result.warnings:
        print(f"Warning: {warning}")
    for line in _save(result, by):
        print(line)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run `python -m data.workforce_cli import FILE` or `... fetch URL` (see --help)."""
    parser = build_parser(
        "python -m data.workforce_cli",
        __doc__,
        import_help="import a downloaded LA-data-download.xlsx",
        fetch_help="download the workbook, then import it",
        timeout=FETCH_TIMEOUT_S,
        max_mb=FETCH_MAX_MB,
        options=[
            (
                "--year",
                {"help": "the year of the estimates, such as 2023-24, if the file does not say"},
            ),
            BY_OPTION,
        ],
    )
    args = parser.parse_args(argv)
    return run_command(
        args,
        default_name="LA-data-download.xlsx",
        run_import=lambda raw, name: _run_import(raw, name, args.year, args.by),
        refused=WorkforceFileError,
        kept="The figures already stored stay in use.",
    )


if __name__ == "__main__":
    sys.exit(main())
