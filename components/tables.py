"""One way to show a table with its download: the same table, headers in words, as CSV.

Every table a page shows beside a map or chart is drawn here, so each has a download that
works the same way (cells that a spreadsheet would run as a formula are made inert by
data.export.to_safe_csv) and is reachable by keyboard.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from data.export import to_safe_csv


def render_table(
    table: pd.DataFrame,
    *,
    file_name: str,
    key: str,
    label: str = "Download CSV",
    help: str | None = None,
    stretch: bool = False,
) -> None:
    """Show `table` and offer it, exactly as shown, as a CSV file named `file_name`."""
    st.dataframe(table, hide_index=True, **({"width": "stretch"} if stretch else {}))
    st.download_button(
        label,
        data=to_safe_csv(table),
        file_name=file_name,
        mime="text/csv",
        key=key,
        help=help,
    )


def render_table_when_opened(
    title: str,
    table: Callable[[], pd.DataFrame],
    *,
    file_name: str,
    key: str,
    **options,
) -> DeltaGenerator:
    """Return a closed expander whose table and download are made only once it is opened.

    The browser loads the code that draws a table (about 1.2 MB of script) when the page's
    first table arrives, even inside a closed expander, and that work came before the
    map's (`bench/floor.py`). Opening the expander reruns the page with the table in it;
    it stays open, and drawn, until it is closed.
    """
    box = st.expander(title, on_change="rerun", key=opened(key))
    if box.open:
        with box:
            render_table(table(), file_name=file_name, key=key, **options)
    return box


def opened(key: str) -> str:
    """Return the session key that says whether the table downloaded as `key` is open."""
    return f"{key}-opened"
