"""The deprivation command line: `python -m data.deprivation_cli import FILE` or
`... fetch URL`, to load the English Indices of Deprivation 2019 for every council in it.

Reads File 1 (xlsx) or File 7 (csv) through the same reader as the app (data/deprivation.py)
and saves each council's small areas in one transaction, every council keeping its earlier
imports in its history.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from data.cli import BY_OPTION, build_parser, run_command, save_every_council
from data.deprivation import (
    KIND,
    TITLE,
    DeprivationFileError,
    import_deprivation,
    split_by_council,
)

FETCH_TIMEOUT_S = 300
FETCH_MAX_MB = 50  # as the upload (components/deprivation_upload.py)


def _run_import(raw: bytes, file_name: str, by: str) -> int:
    result = import_deprivation(raw, file_name)
    tables = split_by_council(result.table)
    older = " with older people's income deprivation" if result.has_older_people else ""
    print(
        f"{file_name}: {TITLE}{older}, {len(result.table):,} small areas in "
        f"{len(tables):,} {'council' if len(tables) == 1 else 'councils'}."
    )
    for warning in result.warnings:
        print(f"Warning: {warning}")
    save_every_council(
        KIND,
        tables,
        file_name=file_name,
        rows_read=result.rows_read,
        by=by,
        what="small areas",
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run `python -m data.deprivation_cli import FILE` or `... fetch URL` (see --help)."""
    parser = build_parser(
        "python -m data.deprivation_cli",
        __doc__,
        import_help="import File 1 (.xlsx) or File 7 (.csv) of the 2019 indices",
        fetch_help="download File 1 or File 7, then import it",
        timeout=FETCH_TIMEOUT_S,
        max_mb=FETCH_MAX_MB,
        options=[BY_OPTION],
    )
    args = parser.parse_args(argv)
    return run_command(
        args,
        default_name="File_7.csv",
        run_import=lambda raw, name: _run_import(raw, name, args.by),
        refused=DeprivationFileError,
        kept="The deprivation deciles already stored stay in use.",
    )


if __name__ == "__main__":
    sys.exit(main())
