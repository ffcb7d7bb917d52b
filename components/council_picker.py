"""The sidebar council picker, shared by every page through st.navigation."""

from __future__ import annotations

import streamlit as st

from components.geodata import councils_by_code
from components.safe_text import escape_markdown
from geo.councils import FEATURED_CODES, Council

COUNCIL_KEY = "cmm_council_code"
QUERY_PARAM = "council"
# A council asked for by a page (a postcode typed in another council), applied on the next
# run before the picker is drawn, and the sentence that says so.
PENDING_KEY = "cmm_council_pending"
CHANGE_NOTE_KEY = "cmm_council_change_note"


def settle_council() -> str | None:
    """Settle this run's council, drawing nothing; return a link's code that is not a council.

    The council comes from the session, else from the link (`?council=E06000054`), else is
    the default; a page's request (`change_council`) is applied here. The choice is put
    back in the link, so a link opens the same council.
    """
    councils = councils_by_code()
    refused = None
    if COUNCIL_KEY not in st.session_state:
        wanted = st.query_params.get(QUERY_PARAM, FEATURED_CODES[0]).strip().upper()
        if wanted not in councils:
            refused, wanted = wanted, FEATURED_CODES[0]
        st.session_state[COUNCIL_KEY] = wanted
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending in councils:
        st.session_state[COUNCIL_KEY] = pending
    st.query_params[QUERY_PARAM] = st.session_state[COUNCIL_KEY]
    return refused


def render_council_picker(refused: str | None = None) -> Council:
    """Draw the council picker in the sidebar (after `settle_council`, which returned
    `refused`: said in a note above it) and return the chosen council."""
    councils = councils_by_code()
    if refused is not None:
        st.sidebar.warning(
            f"“{escape_markdown(refused[:12])}” in the link is not an English council code, "
            f"so {councils[FEATURED_CODES[0]].name} is shown."
        )
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


def change_council(code: str, note: str) -> None:
    """Show another council from the next run on, with one sentence saying why; rerun now.

    The picker's own value cannot change once it is drawn in this run, so the change waits
    for the next run, which starts at once.
    """
    st.session_state[PENDING_KEY] = code
    st.session_state[CHANGE_NOTE_KEY] = note
    st.rerun()


def render_council_change_note() -> None:
    """Show, once, the sentence saying the council was changed for the user."""
    note = st.session_state.pop(CHANGE_NOTE_KEY, None)
    if note:
        st.info(escape_markdown(note), icon=":material/swap_horiz:")
