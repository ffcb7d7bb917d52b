"""The unit costs command line: `python -m data.unit_costs_cli import FILE` or `... fetch URL`.

Reads NHS England's ASC-FR CSV (or the zip holding it) through the same importer as the app,
adds its figures to each council's stored unit costs (a year given again takes the new
values), and saves every council in one transaction. For a scheduled refresh, run `fetch`
with the address of the year's published file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

from data.cqc_cli import fetch
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
    parser = argparse.ArgumentParser(prog="python -m data.unit_costs_cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("import", help="import a downloaded ASC-FR file (.zip or .csv)")
    load.add_argument("file", type=Path)
    get = commands.add_parser("fetch", help="download an ASC-FR file, then import it")
    get.add_argument("url")
    get.add_argument("--output", type=Path, help="also keep the downloaded file here")
    get.add_argument("--timeout", type=float, default=FETCH_TIMEOUT_S, help="seconds")
    get.add_argument("--max-mb", type=float, default=FETCH_MAX_MB, help="size limit")
    for command in (load, get):
        command.add_argument("--by", default="command line", help="who imported it")
        command.add_argument(
            "--quiet", action="store_true", help="do not list each council as it is saved"
        )
    args = parser.parse_args(argv)
    try:
        if args.command == "import":
            if not args.file.is_file():
                print(f"{args.file}: no such file", file=sys.stderr)
                return 2
            return _run_import(args.file.read_bytes(), args.file.name, args.by, args.quiet)
        try:
            raw = fetch(args.url, timeout=args.timeout, max_mb=args.max_mb)
        except (OSError, ValueError) as exc:
            print(f"{args.url} was not downloaded: {exc}", file=sys.stderr)
            return 1
        if args.output:
            args.output.write_bytes(raw)
        name = Path(urlparse(args.url).path).name or "asc-fr-download.zip"
        return _run_import(raw, name, args.by, args.quiet)
    except InputFileError as error:
        print(str(error), file=sys.stderr)
        print("The unit costs already imported stay in use.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
