"""Upload a CQC care directory for a council; refused files leave the last good import in use."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components import uploads
from components.auth import may_import, render_import_refusal
from components.safe_text import escape_markdown
from components.uploads import Accepted, Outcome, report
from data import cqc, store
from geo.councils import Council
from market.disclosure import rows_label

UPLOAD_KEY = "cmm_cqc_upload"
TAKEN_KEY = "cmm_cqc_uploads"
MAX_UPLOAD_MB = 100  # the national directory is about 30 MB as .ods
COUNT_LABELS = {
    "rows read": "Rows read",
    "kept": "Care homes kept",
    "placed by coordinates": "Placed by coordinates",
    "placed by postcode": "Placed by postcode",
    "not placed": "Not placed",
}


def render_counts(counts: dict[str, int], not_placed: dict[str, int]) -> None:
    """Show an import's counts as metrics, then why homes were not placed."""
    for column, (key, label) in zip(st.columns(len(counts)), COUNT_LABELS.items(), strict=False):
        if key in counts:
            column.metric(label, f"{counts[key]:,}")
    for reason, n in not_placed.items():
        st.caption(f"Not placed ({reason}): {n:,}")


def _read_cqc(raw: bytes, name: str, council: Council) -> Accepted:
    result = cqc.import_cqc(raw, name, council)
    lines = (*result.summary_lines(), *(f"Warning: {problem}" for problem in result.warnings))
    return Accepted({council.code: result.homes}, result.rows_read, tuple(lines))


def import_file(raw: bytes, name: str, council: Council) -> Outcome:
    """Import a CQC file for a council as the uploader does (outside a page, too)."""
    return uploads.import_file(
        raw, name, kind=cqc.KIND, read=lambda raw, name: _read_cqc(raw, name, council)
    )


def render_cqc_upload(council: Council) -> None:
    """Draw the CQC uploader for a council and import a new file once."""
    if not may_import(council.code):
        render_import_refusal("a CQC directory")
        return
    st.markdown(
        "Download the **care directory with filters** (HSCA Active Locations) from the CQC "
        "website and upload it as published: .ods, .xlsx or .csv. The older monthly CQC "
        f"directory CSV works too. Only care homes in {council.name} are kept."
    )
    outcome = uploads.render_uploader(
        "CQC care directory",
        types=cqc.UPLOAD_SUFFIXES,
        key=UPLOAD_KEY,
        max_mb=MAX_UPLOAD_MB,
        kind=cqc.KIND,
        state_key=f"{TAKEN_KEY}-{council.code}",
        read=lambda raw, name: _read_cqc(raw, name, council),
    )
    if outcome is not None and not outcome.stored:
        try:
            current = store.current_import(cqc.KIND, council.code)
        except (SQLAlchemyError, OSError):
            current = None  # the database is why the save failed: say what stays generally
        keep = (
            f"The last good import ({current[0].file_name}) stays in use."
            if current
            else "Illustrative homes stay on the map until a file is imported."
        )
        report(outcome, keep=keep)
    else:
        report(outcome)


def render_import_history(kind: str, council: Council, what: str) -> None:
    """List a council's stored imports of a kind, newest first, with a way to restore one."""
    history = store.list_imports(kind, council.code)
    if not history:
        st.caption(f"No {what} imported for {council.name} yet.")
        return
    table = pd.DataFrame(
        {
            "Current": ["yes" if r.is_current else "" for r in history],
            "Imported": [f"{r.imported_at:%d %b %Y %H:%M}" for r in history],
            "File": [r.file_name for r in history],
            "Rows": [rows_label(r.kind, r.rows_kept, r.rows_read) for r in history],
            "By": [r.imported_by for r in history],
            "Id": [r.id for r in history],
        }
    )
    if not may_import(council.code):
        # Who loaded which file is for the team that loads data, not for every visitor: a
        # file's name is the uploader's own text and may say more than the data shown.
        table = table.drop(columns=["By", "File"])
    st.dataframe(table, hide_index=True)
    earlier = [r for r in history if not r.is_current]
    if not earlier or not may_import(council.code):
        return
    labels = {r.id: f"{r.file_name}, {r.imported_at:%d %b %Y %H:%M} (id {r.id})" for r in earlier}
    chosen = st.selectbox(
        f"Restore an earlier {what} import",
        options=list(labels),
        format_func=labels.get,
        key=f"cmm_restore_{kind}",
    )
    if st.button("Restore", key=f"cmm_restore_{kind}_button"):
        record = store.restore_import(int(chosen))
        st.success(f"{escape_markdown(record.file_name)} is in use again.")
        st.rerun()
