"""The CQC command line: `python -m data.cqc_cli import FILE` or `... fetch URL`.

Fetches a CQC care directory over http(s) (size and time limited), imports it through the
same reader as the app, and saves every council's homes in one transaction.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from data.cli import BY_OPTION, build_parser, run_command
from data.cqc import (
    FETCH_MAX_MB,
    FETCH_TIMEOUT_S,
    KIND,
    CqcFileError,
    CqcImport,
    import_cqc,
)
from data.cqc_places import split_by_council
from data.problems import Problem
from geo.councils import Council, list_councils


def _save(result: CqcImport, council_code: str | None, imported_by: str) -> list[str]:
    """Save the homes, every council's in one transaction: all on the new file, or none."""
    from data import store

    groups = {council_code: result.homes} if council_code else split_by_council(result.homes)
    lines = []
    store.save_imports(
        KIND,
        groups,
        file_name=result.file_name,
        rows_read=result.rows_read,
        imported_by=imported_by,
        on_saved=lambda code, rows: lines.append(f"Saved {rows:,} care homes for {code}."),
    )
    return lines


def _council(code: str | None) -> Council | None:
    if code is None:
        return None
    for council in list_councils():
        if council.code == code.strip().upper():
            return council
    raise CqcFileError(code, [Problem(None, None, "not an English council code such as E06000047")])


def _run_import(raw: bytes, file_name: str, council_code: str | None, by: str) -> int:
    result = import_cqc(raw, file_name, _council(council_code))
    for line in result.summary_lines():
        print(line)
    for problem in result.warnings:
        print(f"Warning: {problem}")
    for line in _save(result, council_code and council_code.strip().upper(), by):
        print(line)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run `python -m data.cqc_cli import FILE` or `python -m data.cqc_cli fetch URL`."""
    parser = build_parser(
        "python -m data.cqc_cli",
        __doc__,
        import_help="import a downloaded CQC file (.ods, .xlsx, .csv)",
        fetch_help="download a CQC file, then import it",
        timeout=FETCH_TIMEOUT_S,
        max_mb=FETCH_MAX_MB,
        options=[
            ("--council", {"help": "ONS code: keep only this council's homes"}),
            BY_OPTION,
        ],
    )
    args = parser.parse_args(argv)
    return run_command(
        args,
        default_name="cqc-download",
        run_import=lambda raw, name: _run_import(raw, name, args.council, args.by),
        refused=CqcFileError,
        kept="The last good import stays in use.",
    )


if __name__ == "__main__":
    sys.exit(main())
