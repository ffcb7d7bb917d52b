"""The similar councils command line: `python -m data.peer_lists_cli import FILE` or
`... fetch URL`, to load a published list of similar councils for every council it names.

Reads the file (CSV or xlsx, see data/peer_lists.py) through the same reader as the app, and
saves each council's list in one transaction, every council keeping its earlier lists in
its history.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from data.cli import BY_OPTION, build_parser, run_command, save_every_council
from data.peer_lists import KIND, PeerListFileError, import_peer_list, peer_frames

FETCH_TIMEOUT_S = 60
FETCH_MAX_MB = 5  # 153 councils with 30 peers each, one a row, is well under 1 MB


def _run_import(raw: bytes, file_name: str, by: str) -> int:
    result = import_peer_list(raw, file_name)
    for line in result.summary_lines():
        print(f"{file_name}: {line}")
    for warning in result.warnings:
        print(f"Warning: {warning}")
    save_every_council(
        KIND,
        peer_frames(result.lists),
        file_name=file_name,
        rows_read=result.rows_read,
        by=by,
        what="similar councils",
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run `python -m data.peer_lists_cli import FILE` or `... fetch URL` (see --help)."""
    parser = build_parser(
        "python -m data.peer_lists_cli",
        __doc__,
        import_help="import a list of similar councils (.csv or .xlsx)",
        fetch_help="download a list of similar councils, then import it",
        timeout=FETCH_TIMEOUT_S,
        max_mb=FETCH_MAX_MB,
        options=[BY_OPTION],
    )
    args = parser.parse_args(argv)
    return run_command(
        args,
        default_name="similar-councils.csv",
        run_import=lambda raw, name: _run_import(raw, name, args.by),
        refused=PeerListFileError,
        kept="The lists of similar councils already stored stay in use.",
    )


if __name__ == "__main__":
    sys.exit(main())
