"""A footer naming the data a page drew from, with vintage and licence."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from geo.sources import DataSource, package_version


def render_sources(sources: Iterable[DataSource], heading: str = "Sources") -> None:
    """List each data source with its publisher, vintage, licence and shipping package."""
    lines = [
        f"- {source.citation()}; read from the `{source.package}` {package_version(source)} package"
        for source in sources
    ]
    st.markdown(f"**{heading}**\n\n" + "\n".join(lines))
