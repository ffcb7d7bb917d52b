"""The unit costs command line: `python -m data.unit_costs_cli import FILE` or `... fetch URL`.

Reads NHS England's ASC-FR CSV (or the zip holding it) through the same importer as the app,
adds its figures to each council's stored unit costs (a year given again takes the new
values), and saves every council in one transaction. For a scheduled refresh, run `fetch`
with the address of the year's published file.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from data.cli import BY_OPTION, build_parser, run_command
from data.problems import InputFileError
from data.unit_costs import (
    FETCH_MAX_MB,
    FETCH_TIMEOUT_S,
    KIND,
    UnitCostImport,
    import_unit_costs,
    merge_stored,
    split_by_council,
)


def _save(result: UnitCostImport, file_name: str, imported_by: str) -> list[str]:
    """Save every council's figures in one transaction: all on the new file, or none."""
    from data import store

    stored = {record.council_code: frame for record, frame in store.current_of_kind(KIND)}
    groups = {
        code: merge_stored(stored.get(code), frame)
        for code, frame in split_by_council(result.figures).items()
    }
    lines: list[str] = []
    store.save_imports(
        KIND,
        groups,
        file_name=file_name,
        rows_read=result.rows_read,
        imported_by=imported_by,
        on_saved=lambda code, rows: lines.append(f"Saved {rows:,} unit costs for {code}."),
    )
    return lines


def _run_import(raw: bytes, file_name: str, by: str, quiet: bool) -> int:
    result = import_unit_costs(raw, file_name)
    councils = result.figures["council_code"].nunique()
    print(
        f"{file_name}: {len(result.figures):,} unit costs for {councils:,} councils "
        f"({', '.join(result.periods)}), from {result.rows_read:,} rows."
    )
    for warning in result.warnings:
        print(f"Warning: {warning}")
    saved = _save(result, file_name, by)
    for line in [] if quiet else saved:
        print(line)
    print(f"Saved {len(saved):,} councils' unit costs in one transaction.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run `python -m data.unit_costs_cli import FILE` or `... fetch URL`."""
    parser = build_parser(
        "python -m data.unit_costs_cli",
        __doc__,
        import_help="import a downloaded ASC-FR file (.zip or .csv)",
        fetch_help="download an ASC-FR file, then import it",
        timeout=FETCH_TIMEOUT_S,
        max_mb=FETCH_MAX_MB,
        options=[
            BY_OPTION,
            (
                "--quiet",
                {"action": "store_true", "help": "do not list each council as it is saved"},
            ),
        ],
    )
    args = parser.parse_args(argv)
    return run_command(
        args,
        default_name="asc-fr-download.zip",
        run_import=lambda raw, name: _run_import(raw, name, args.by, args.quiet),
        refused=InputFileError,
        kept="The unit costs already imported stay in use.",
    )


if __name__ == "__main__":
    sys.exit(main())
