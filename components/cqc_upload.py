"""Upload a CQC care directory for a council; refused files leave the last good import in use."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.auth import importer_name, may_import, render_import_refusal
from components.safe_text import escape_markdown, show_refusal
from data import cqc, store
from geo.councils import Council

UPLOAD_KEY = "cmm_cqc_upload"
RESULT_KEY = "cmm_cqc_result"
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


def _import(raw: bytes, name: str, council: Council) -> tuple[bool, list[str]]:
    try:
        result = cqc.import_cqc(raw, name, council)
    except cqc.CqcFileError as error:
        return False, [str(error)]
    try:
        store.save_import(
            cqc.KIND,
            council.code,
            result.homes,
            file_name=name,
            rows_read=result.rows_read,
            imported_by=importer_name(),
        )
    except (SQLAlchemyError, OSError) as exc:
        return False, [f"{name} was read but could not be saved: {exc.__class__.__name__}"]
    lines = result.summary_lines()
    lines += [f"Warning: {problem}" for problem in result.warnings]
    return True, lines


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
    upload = st.file_uploader(
        "CQC care directory",
        type=list(cqc.UPLOAD_SUFFIXES),
        key=UPLOAD_KEY,
        max_upload_size=MAX_UPLOAD_MB,
    )
    if upload is not None:
        raw = upload.getvalue()
        digest = (council.code, hashlib.sha256(raw).hexdigest())
        previous = st.session_state.get(RESULT_KEY)
        if previous is None or previous[0] != digest:
            with st.spinner(f"Reading {escape_markdown(upload.name)}…"):
                ok, lines = _import(raw, upload.name, council)
            st.session_state[RESULT_KEY] = (digest, ok, lines)
    outcome = st.session_state.get(RESULT_KEY)
    if outcome is not None and outcome[0][0] == council.code:
        _, ok, lines = outcome
        if ok:
            st.success("\n\n".join(escape_markdown(line) for line in lines))
        else:
            current = store.current_import(cqc.KIND, council.code)
            keep = (
                f"The last good import ({current[0].file_name}) stays in use."
                if current
                else "Illustrative homes stay on the map until a file is imported."
            )
            show_refusal(f"{lines[0]}\n{keep}")


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
            "Rows read": [r.rows_read for r in history],
            "Rows kept": [r.rows_kept for r in history],
            "By": [r.imported_by for r in history],
            "Id": [r.id for r in history],
        }
    )
    if not may_import(council.code):
        # Who loaded what is for the team that loads data, not for every visitor.
        table = table.drop(columns="By")
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
