"""The record-level package table, for the commissioners' page only."""

from __future__ import annotations

import streamlit as st

from components.safe_text import escape_markdown
from components.tables import render_table
from components.zone_data import ZoneData
from market.disclosure import records_for_view

COLUMNS = {
    "date": "Date",
    "status": "Status",
    "reason": "Reason",
    "hours_per_week": "Hours a week",
    "postcode": "Postcode",
    "lsoa_code": "Small area (LSOA)",
    "msoa_name": "Neighbourhood (MSOA)",
}


def render_package_records(data: ZoneData, council_name: str) -> None:
    """Show every package as a row, with where it came from and a CSV download."""
    if data.packages_illustrative:
        st.badge("Illustrative packages", icon=":material/science:", color="orange")
    st.caption(f"Unmet packages: {escape_markdown(data.packages_method)}")
    records = records_for_view(data.packages, record_level_allowed=True)
    table = records[list(COLUMNS)].rename(columns=COLUMNS).sort_values("Date", ascending=False)
    st.metric("Packages in the list", f"{len(table):,}")
    render_table(
        table,
        file_name=f"{council_name} unmet packages.csv",
        key="cmm_records_download",
        label="Download the records (CSV)",
        help="Personal data: keep it within the council's information governance rules.",
        stretch=True,
    )
