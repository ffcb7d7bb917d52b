"""Upload a published list of similar councils: each council's list in the file is stored."""

from __future__ import annotations

import streamlit as st

from components import uploads
from components.auth import may_import, render_import_refusal
from components.uploads import Accepted, Outcome, report
from data import peer_lists
from data.problems import Problem
from geo.councils import Council, current_council_names

UPLOAD_KEY = "cmm_peer_list_upload"
TAKEN_KEY = "cmm_peer_list_uploads"
MAX_UPLOAD_MB = 5  # 153 councils with 30 peers each, one a row, is well under 1 MB


def _read_peer_list(raw: bytes, name: str, council: Council) -> Accepted:
    result = peer_lists.import_peer_list(raw, name)
    tables = peer_lists.peer_frames(result.lists)
    why = (
        f"the file has no list for {council.name}, and no other council in it may be loaded "
        "from this sign-in"
    )
    mine = uploads.permitted(
        tables, peer_lists.PeerListFileError(name, [Problem(None, result.council_column, why)])
    )
    lines = result.summary_lines()
    if council.code in mine:
        names = current_council_names()
        peers = result.lists[council.code]
        lines.append(
            f"{council.name}: {len(peers)} similar councils, most similar first: "
            f"{', '.join(names[code] for code in peers)}."
        )
    warnings = uploads.council_warnings(
        council,
        mine,
        tables,
        result.warnings,
        absent=f"The file has no list for {council.name}: its similar councils are unchanged.",
        refused=f"{council.name}'s list was not stored: this sign-in may not load it.",
    )
    return Accepted(mine, result.rows_read, tuple(lines), warnings)


def import_file(raw: bytes, name: str, council: Council) -> Outcome:
    """Import a list of similar councils as the uploader does (outside a page, too)."""
    return uploads.import_file(
        raw,
        name,
        kind=peer_lists.KIND,
        read=lambda raw, name: _read_peer_list(raw, name, council),
    )


def render_peer_list_upload(council: Council) -> None:
    """Draw the similar councils section's uploader and load a new file once."""
    st.header("Similar councils")
    if not may_import(council.code):
        render_import_refusal("a list of similar councils")
        return
    st.markdown(
        "A published list of the councils each council compares itself with: CIPFA's "
        "nearest neighbours, if your council holds a licence for them, or any list of "
        "comparator councils. Where a council has a list, its comparisons with similar "
        "councils use it instead of the councils nearest on the app's own measures. A CSV "
        "file or an Excel workbook (its first sheet) with a header row, in either layout: one "
        "peer a row, with columns `Council code` and `Peer code`; or one council a row, with "
        f"`Council code` then `Peer 1`, `Peer 2` and so on, up to {peer_lists.MAX_PEERS} "
        "peers, most similar first. Cells may hold ONS codes or council names (headed "
        "`Council` and `Peer`, if you like). Codes and names from before April 2023 are read "
        "as today's councils, saying so. The Isles of Scilly and the City of London are left "
        "out as peers: they are too small to compare. Every council with a list in the file "
        "is stored, each with its own history here."
    )
    outcome = uploads.render_uploader(
        "List of similar councils (CSV or Excel workbook)",
        types=list(peer_lists.UPLOAD_SUFFIXES),
        key=UPLOAD_KEY,
        max_mb=MAX_UPLOAD_MB,
        kind=peer_lists.KIND,
        state_key=f"{TAKEN_KEY}-{council.code}",
        read=lambda raw, name: _read_peer_list(raw, name, council),
    )
    report(outcome, keep="The similar councils already in use stay in use.")
    with st.expander("For administrators: load lists of similar councils on a schedule"):
        st.write("Run one of these on the server, from the app's folder (every council is saved):")
        st.code(
            "python -m data.peer_lists_cli import FILE\npython -m data.peer_lists_cli fetch URL",
            language=None,
        )
