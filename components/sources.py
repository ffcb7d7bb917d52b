"""A footer naming the data sets a page drew from: readable citations, packages in details."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from data.sources import data_set
from geo.sources import DataSource


def render_sources(sources: Iterable[DataSource], heading: str = "Sources") -> None:
    """List each data set by publisher, title, date and licence; where it is read from in a
    details view."""
    records = [data_set(source) for source in sources]
    lines = [f"- {record.citation()} ({record.licence})" for record in records]
    st.markdown(f"**{heading}**\n\n" + "\n".join(lines))
    with st.expander("Details of these sources"):
        for record in records:
            st.text(f"{record.title}: {record.details}")
