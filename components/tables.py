"""One way to show a table with its download: the same table, headers in words, as CSV.

Every table a page shows beside a map or chart is drawn here, so each has a download that
works the same way (cells that a spreadsheet would run as a formula are made inert by
data.export.to_safe_csv) and is reachable by keyboard.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

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
