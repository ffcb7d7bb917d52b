"""Cached readers of geography for the pages (the only Streamlit caching of geo data)."""

from __future__ import annotations

import streamlit as st

from geo.boundaries import CouncilGeography, english_councils, load_council_geography
from geo.councils import Council


@st.cache_data(show_spinner=False, max_entries=16)
def council_geography(code: str) -> CouncilGeography:
    """Return a council's geography by ONS code, built on first use and cached on disk."""
    return load_council_geography(councils_by_code()[code])


def councils_by_code() -> dict[str, Council]:
    """Return every English council keyed by ONS code, featured councils first."""
    return {council.code: council for council in english_councils()}
