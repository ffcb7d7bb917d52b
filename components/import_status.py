"""Sidebar list of the data sets imported for the chosen council, read from data.store."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.auth import may_import
from components.safe_text import escape_markdown
from data import store
from data.sources import imported
from market.disclosure import rows_label

LOGGER = logging.getLogger(__name__)


def render_import_status(council_code: str) -> list[store.ImportRecord]:
    """Draw an "Imported data" expander listing the current import of each kind.

    Read on every run, not cached, so an import made through another app server sharing
    the database shows on the next rerun here.
    """
    with st.sidebar.expander("Imported data"):
        try:
            records = store.current_imports(council_code)
        except SQLAlchemyError:
            LOGGER.exception("Could not read the imports of %s", council_code)
            st.caption("The import store cannot be reached just now.")
            return []
        if not records:
            st.caption("Nothing imported for this council yet; illustrative data is shown.")
        show_files = may_import(council_code)
        for record in records:
            st.markdown(describe_import(record, show_file=show_files))
    return records


def describe_import(record: store.ImportRecord, *, show_file: bool = False) -> str:
    """One Markdown line for an import: its source as the catalogue cites it and the rows
    kept; the file's name (the uploader's own text) only for those who load files."""
    cited = imported(record).citation()
    rows = rows_label(record.kind, record.rows_kept, record.rows_read)
    line = f"{escape_markdown(cited)}, {rows}"
    if show_file:
        when = record.imported_at.strftime("%H:%M UTC")
        line += f" (file: {escape_markdown(record.file_name)}, {when})"
    return line
