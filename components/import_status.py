"""Sidebar list of the data sets imported for the chosen council, read from data.store."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.safe_text import escape_markdown
from data import store
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
        for record in records:
            st.markdown(describe_import(record))
    return records


def describe_import(record: store.ImportRecord) -> str:
    """One Markdown line for an import: kind, file name, time (UTC) and rows kept."""
    kind = record.kind.replace("_", " ").capitalize()
    when = record.imported_at.strftime("%d %b %Y %H:%M UTC")
    rows = rows_label(record.kind, record.rows_kept, record.rows_read)
    return f"**{escape_markdown(kind)}**: {escape_markdown(record.file_name)}, {when}, {rows}"
