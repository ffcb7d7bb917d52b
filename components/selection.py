"""The selected zone or small area: kept in session state and in the URL (?zone=...)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.first_run import link_notes
from components.safe_text import escape_markdown
from maps.zone_layers import SELECT_PROPERTY

SELECTION_KEY = "cmm_selected_zone"
SELECTION_COUNCIL_KEY = "cmm_selected_zone_council"
QUERY_PARAM = "zone"
MAX_LENGTH = 80


def select_from_click(clicked: Any) -> str | None:
    """Return the zone or area a map click names (its `select` value), or None.

    The map reports `{"select": name}` (maps.zone_layers.ReportClick); anything else,
    from a changed or hand-made message, names nothing.
    """
    value = clicked.get(SELECT_PROPERTY) if isinstance(clicked, dict) else None
    if value is None or not str(value).strip():
        return None
    return str(value).strip()[:MAX_LENGTH]


def next_selection(current: str | None, clicked: str | None) -> str | None:
    """Return the selection after a click: a new zone selects it, the same zone clears it.

    Each click reaches the page once (a trigger value), so a click that names nothing
    changes nothing.
    """
    if clicked is None:
        return current
    return None if clicked == current else clicked


def selected_zone(council_code: str, valid: set[str] | None = None) -> str | None:
    """Return the selection for this council, reading ?zone= on first use; None = whole council.

    A selection made for another council, or not among `valid`, is dropped.
    """
    from_link = SELECTION_KEY not in st.session_state
    if from_link:
        st.session_state[SELECTION_KEY] = st.query_params.get(QUERY_PARAM) or None
        st.session_state[SELECTION_COUNCIL_KEY] = council_code
    if st.session_state.get(SELECTION_COUNCIL_KEY) != council_code:
        set_selection(council_code, None)
    value = st.session_state.get(SELECTION_KEY)
    notes = []
    if value is not None and valid is not None and value not in valid:
        if from_link:
            notes.append(
                f"The link asks for the zone or area “{escape_markdown(value[:MAX_LENGTH])}”, "
                "which this council's current layout does not have (it may have been "
                "renamed), so the whole council is shown."
            )
        set_selection(council_code, None)
        value = None
    if valid is not None:
        for note in link_notes("link-zone", notes):
            st.info(note, icon=":material/link_off:")
    if value is not None:
        st.query_params[QUERY_PARAM] = value
    return value


def set_selection(council_code: str, value: str | None) -> None:
    """Store the selection and mirror it in the URL."""
    st.session_state[SELECTION_KEY] = value
    st.session_state[SELECTION_COUNCIL_KEY] = council_code
    if value is None:
        if QUERY_PARAM in st.query_params:
            del st.query_params[QUERY_PARAM]
    else:
        st.query_params[QUERY_PARAM] = value


def apply_map_click(council_code: str, clicked: Any) -> bool:
    """Apply a map click to the selection; return True when the selection changed."""
    current = st.session_state.get(SELECTION_KEY)
    chosen = next_selection(current, select_from_click(clicked))
    if chosen != current:
        set_selection(council_code, chosen)
        return True
    return False


def render_clear_button(council_code: str) -> None:
    """Offer a button that returns to the whole council when something is selected.

    The button sits in a container drawn either way, so the elements after it keep their
    places: a map that moved down one place would be mounted afresh, losing its view.
    """
    slot = st.container()
    if st.session_state.get(SELECTION_KEY) is None:
        return
    if slot.button("Show the whole council", key="cmm_clear_zone", icon=":material/close:"):
        set_selection(council_code, None)
        st.rerun()


def render_showing(council_code: str, council_name: str, selection: str | None) -> None:
    """Say what the page's figures cover, with the button back to the whole council."""
    where = selection or f"the whole of {council_name}"
    st.markdown(f"**Showing:** {escape_markdown(where)}")
    render_clear_button(council_code)


def render_selection_note(council_code: str) -> None:
    """On a chart page, say which zone is selected and that figures are council-wide."""
    zone = selected_zone(council_code)
    if zone is None:
        return
    st.info(
        f"Selected on the zones map: {escape_markdown(zone)}. Figures below are for the whole "
        "council; none are published per zone.",
        icon=":material/info:",
    )
