"""The CQC command line: `python -m data.cqc_cli import FILE` or `... fetch URL`.

Fetches a CQC care directory over http(s) (size and time limited), imports it through the
same reader as the app, and saves every council's homes in one transaction.
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

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


def fetch(url: str, *, timeout: float = FETCH_TIMEOUT_S, max_mb: float = FETCH_MAX_MB) -> bytes:
    """Download a CQC file over http(s), refusing anything larger than max_mb megabytes."""
    if urlparse(url).scheme not in ("http", "https"):
        raise ValueError(f"expected an http or https address, found '{url[:60]}'")
    limit = int(max_mb * 1024 * 1024)
    request = urllib.request.Request(url, headers={"User-Agent": "care-market-map"})
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        declared = reply.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise ValueError(f"the file is {int(declared):,} bytes, over the {max_mb} MB limit")
        chunks, size = [], 0
        while chunk := reply.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                raise ValueError(f"the download passed the {max_mb} MB limit and was stopped")
            chunks.append(chunk)
    return b"".join(chunks)


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
    parser = argparse.ArgumentParser(prog="python -m data.cqc_cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("import", help="import a downloaded CQC file (.ods, .xlsx, .csv)")
    load.add_argument("file", type=Path)
    get = commands.add_parser("fetch", help="download a CQC file, then import it")
    get.add_argument("url")
    get.add_argument("--output", type=Path, help="also keep the downloaded file here")
    get.add_argument("--timeout", type=float, default=FETCH_TIMEOUT_S, help="seconds")
    get.add_argument("--max-mb", type=float, default=FETCH_MAX_MB, help="size limit")
    for command in (load, get):
        command.add_argument("--council", help="ONS code: keep only this council's homes")
        command.add_argument("--by", default="command line", help="who imported it")
    args = parser.parse_args(argv)
    try:
        if args.command == "import":
            if not args.file.is_file():
                print(f"{args.file}: no such file", file=sys.stderr)
                return 2
            return _run_import(args.file.read_bytes(), args.file.name, args.council, args.by)
        try:
            raw = fetch(args.url, timeout=args.timeout, max_mb=args.max_mb)
        except (OSError, ValueError) as exc:
            print(f"{args.url} was not downloaded: {exc}", file=sys.stderr)
            return 1
        if args.output:
            args.output.write_bytes(raw)
        name = Path(urlparse(args.url).path).name or "cqc-download"
        return _run_import(raw, name, args.council, args.by)
    except CqcFileError as error:
        print(str(error), file=sys.stderr)
        print("The last good import stays in use.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
