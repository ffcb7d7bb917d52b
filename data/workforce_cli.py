"""The workforce estimates command line: `python -m data.workforce_cli import FILE` or
`... fetch URL`, for a scheduled refresh of Skills for Care's estimates by council.

Fetches the workbook over http(s) (size and time limited, as the CQC command does), reads
it through the same reader as the app, and saves every council's figures in one
transaction, each council keeping its figures for the other years already stored.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

from data.cqc_cli import fetch
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
    parser = argparse.ArgumentParser(prog="python -m data.workforce_cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("import", help="import a downloaded LA-data-download.xlsx")
    load.add_argument("file", type=Path)
    get = commands.add_parser("fetch", help="download the workbook, then import it")
    get.add_argument("url")
    get.add_argument("--output", type=Path, help="also keep the downloaded file here")
    get.add_argument("--timeout", type=float, default=FETCH_TIMEOUT_S, help="seconds")
    get.add_argument("--max-mb", type=float, default=FETCH_MAX_MB, help="size limit")
    for command in (load, get):
        command.add_argument(
            "--year", help="the year of the estimates, such as 2023-24, if the file does not say"
        )
        command.add_argument("--by", default="command line", help="who imported it")
    args = parser.parse_args(argv)
    try:
        if args.command == "import":
            if not args.file.is_file():
                print(f"{args.file}: no such file", file=sys.stderr)
                return 2
            return _run_import(args.file.read_bytes(), args.file.name, args.year, args.by)
        try:
            raw = fetch(args.url, timeout=args.timeout, max_mb=args.max_mb)
        except (OSError, ValueError) as exc:
            print(f"{args.url} was not downloaded: {exc}", file=sys.stderr)
            return 1
        if args.output:
            args.output.write_bytes(raw)
        name = Path(urlparse(args.url).path).name or "LA-data-download.xlsx"
        return _run_import(raw, name, args.year, args.by)
    except WorkforceFileError as error:
        print(str(error), file=sys.stderr)
        print("The figures already stored stay in use.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
