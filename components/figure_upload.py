"""Figures for the chart pages: cached data packs plus CSV files a commissioner uploads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from components.safe_text import escape_markdown, show_refusal
from data.figures import (
    FIGURES_FILE,
    PACKS_DIR,
    FigureFileError,
    combine_figures,
    empty_figures,
    pack_folders,
    parse_figures_csv,
    read_packs,
)

UPLOADS_KEY = "cmm_uploaded_figures"
WIDGET_KEY = "cmm_figure_upload"
MAX_UPLOAD_MB = 5  # thousands of figure rows; far more than any council document holds


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_packs(
    root: str, signature: tuple[tuple[str, int], ...]
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    # The signature (folder names and file times) is part of the cache key, so a new or
    # edited pack is read again on the next run.
    del signature
    figures, refused = read_packs(Path(root))
    return figures, tuple(str(error) for error in refused)


def pack_figures(root: Path = PACKS_DIR) -> pd.DataFrame:
    """Return the figures of every valid pack, showing an error for each refused one."""
    signature = tuple(
        (folder.name, (folder / FIGURES_FILE).stat().st_mtime_ns) for folder in pack_folders(root)
    )
    figures, refused = _cached_packs(str(root), signature)
    for message in refused:
        show_refusal(message)
    return figures


def uploaded_figures() -> pd.DataFrame:
    """Return the figures uploaded in this session (only files that passed the schema)."""
    uploads: dict[str, pd.DataFrame] = st.session_state.get(UPLOADS_KEY, {})
    return combine_figures(uploads.values()) if uploads else empty_figures()


def _add_upload(name: str, raw: bytes) -> None:
    uploads: dict[str, pd.DataFrame] = st.session_state.setdefault(UPLOADS_KEY, {})
    upload_id = f"{name} ({hashlib.sha256(raw).hexdigest()[:8]})"
    if upload_id in uploads:
        return
    try:
        figures = parse_figures_csv(raw, name)
    except FigureFileError as error:
        show_refusal(str(error))
        return
    uploads[upload_id] = figures
    st.success(f"Added {len(figures)} figures from {escape_markdown(name)}.")


def render_figure_upload() -> pd.DataFrame:
    """Draw the CSV uploader and return all figures: packs plus valid uploads."""
    with st.expander("Add figures from a CSV file"):
        st.caption(
            "Use the data pack columns described in docs/data-packs.md. A file with a "
            "problem is refused whole and figures already loaded stay in place."
        )
        upload = st.file_uploader(
            "Figures CSV", type=["csv"], key=WIDGET_KEY, max_upload_size=MAX_UPLOAD_MB
        )
        if upload is not None:
            _add_upload(upload.name, upload.getvalue())
        uploads = st.session_state.get(UPLOADS_KEY, {})
        if uploads:
            st.caption("Uploaded this session: " + "; ".join(escape_markdown(u) for u in uploads))
    return combine_figures([pack_figures(), uploaded_figures()])
