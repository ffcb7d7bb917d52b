"""What the import command lines share: `import FILE` and `fetch URL` with their options, a
size- and time-limited download, and a refused file's message and exit code."""

from __future__ import annotations

import argparse
import sys
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from data.problems import InputFileError

# An option both commands take: its flag and argparse's keyword arguments for it.
Option = tuple[str, dict[str, Any]]
BY_OPTION: Option = ("--by", {"default": "command line", "help": "who imported it"})


def fetch(url: str, *, timeout: float, max_mb: float) -> bytes:
    """Download a file over http(s), refusing anything larger than max_mb megabytes."""
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


def build_parser(
    prog: str,
    description: str | None,
    *,
    import_help: str,
    fetch_help: str,
    timeout: float,
    max_mb: float,
    options: Sequence[Option],
) -> argparse.ArgumentParser:
    """Return the parser for `import FILE` and `fetch URL`, both taking `options` in order."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("import", help=import_help)
    load.add_argument("file", type=Path)
    get = commands.add_parser("fetch", help=fetch_help)
    get.add_argument("url")
    get.add_argument("--output", type=Path, help="also keep the downloaded file here")
    get.add_argument("--timeout", type=float, default=timeout, help="seconds")
    get.add_argument("--max-mb", type=float, default=max_mb, help="size limit")
    for command in (load, get):
        for flag, settings in options:
            command.add_argument(flag, **settings)
    return parser


def read_source(args: argparse.Namespace, default_name: str) -> tuple[bytes, str] | int:
    """Return the file's bytes and name (downloaded for `fetch`, kept too with --output),
    or the exit code when there is none: 2 for no such file, 1 for a failed download."""
    if args.command == "import":
        if not args.file.is_file():
            print(f"{args.file}: no such file", file=sys.stderr)
            return 2
        return args.file.read_bytes(), args.file.name
    try:
        raw = fetch(args.url, timeout=args.timeout, max_mb=args.max_mb)
    except (OSError, ValueError) as exc:
        print(f"{args.url} was not downloaded: {exc}", file=sys.stderr)
        return 1
    if args.output:
        args.output.write_bytes(raw)
    return raw, Path(urlparse(args.url).path).name or default_name


def run_command(
    args: argparse.Namespace,
    *,
    default_name: str,
    run_import: Callable[[bytes, str], int],
    refused: type[InputFileError],
    kept: str,
) -> int:
    """Read the file or download as parsed and import it; a file refused (`refused`) prints
    why and what stays in use (`kept`), and exits 2."""
    try:
        source = read_source(args, default_name)
        if isinstance(source, int):
            return source
        return run_import(*source)
    except refused as error:
        print(str(error), file=sys.stderr)
        print(kept, file=sys.stderr)
        return 2


def save_every_council(
    kind: str,
    tables: dict,
    *,
    file_name: str,
    rows_read: int,
    by: str,
    what: str,
) -> None:
    """Save every council's table in one transaction (all on the new file, or none), then
    print a line for each council saved: "Saved 324 `what` for E06000047."."""
    from data import store

    saved: list[str] = []
    store.save_imports(
        kind,
        tables,
        file_name=file_name,
        rows_read=rows_read,
        imported_by=by,
        on_saved=lambda code, rows: saved.append(f"Saved {rows:,} {what} for {code}."),
    )
    for line in saved:  # printed once the transaction is committed
        print(line)
