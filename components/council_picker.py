"""The sidebar council picker, shared by every page through st.navigation."""

from __future__ import annotations

import streamlit as st

from components.geodata import councils_by_code
from geo.councils import FEATURED_CODES, Council

COUNCIL_KEY = "cmm_council_code"


def render_council_picker() -> Council:
    """Draw the council picker in the sidebar and return the chosen council."""
    councils = councils_by_code()
    st.session_state.setdefault(COUNCIL_KEY, FEATURED_CODES[0])
    st.sidebar.selectbox(
        "Council",
        options=list(councils),
        format_func=lambda code: councils[code].label,
        key=COUNCIL_KEY,
        help=(
            "The four councils in our source documents come first. Type any English "
            "council's name or ONS code (for example E06000001) to find it."
        ),
    )
    return current_council()


def current_council() -> Council:
    """Return the council chosen in the sidebar (County Durham until one is chosen)."""
    councils = councils_by_code()
    code = st.session_state.get(COUNCIL_KEY, FEATURED_CODES[0])
    return councils.get(code, councils[FEATURED_CODES[0]])
