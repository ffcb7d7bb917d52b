"""A new visitor's first run of a map page, and the run its map asks for once drawn.

Streamlit draws everything a run sends in one pass, so a map page's first run sends the
map without the sidebar's widgets and what the page holds back; the map, once drawn, asks
for a second run that sends the rest (components.map_view). Three things follow here:
- which run is which (`start_run`, `is_run_map_asked_for`);
- whether the sidebar waits for the map (`sidebar_after_map`), and is drawn after all when
  the page sent no map to ask for that run (`map_will_ask`);
- notes about the link the page was opened with (a code that is not a council, a setting
  not available here), said in the first run only: the run the map asks for says them
  again (`link_notes`), so they stay until the reader acts and nothing above the map moves.
"""

from __future__ import annotations

import streamlit as st

# Set once the session has drawn a page whose tables waited for its map (hold_back_below_map).
MAP_DRAWN_KEY = "cmm_map_drawn"
# Set in a session's first run (sidebar_after_map).
SESSION_STARTED_KEY = "cmm_session_started"
# Set by the map's callback, just before the run it asks for.
MAP_ASKED_KEY = "cmm_map_asked"
# Whether the current run is that run, settled when each run starts.
_THIS_RUN_KEY = "cmm_run_asked_by_map"
# Set in a run whose map will ask for the next run once drawn.
_WILL_ASK_KEY = "cmm_map_will_ask"
_NOTES_KEY = "cmm_link_notes"


def start_run() -> None:
    """Settle which run this is; app.py calls it first in every run."""
    st.session_state[_THIS_RUN_KEY] = st.session_state.pop(MAP_ASKED_KEY, False)
    st.session_state.pop(_WILL_ASK_KEY, None)


def map_asked_for_a_run() -> None:
    """The map's callback when it has been drawn: the run it starts is the map's."""
    st.session_state[MAP_ASKED_KEY] = True


def is_run_map_asked_for() -> bool:
    """Whether this run is the one a map asked for once drawn."""
    return bool(st.session_state.get(_THIS_RUN_KEY, False))


def map_sent_asking() -> None:
    """Note that this run sent a map that will ask for the next run once drawn."""
    st.session_state[_WILL_ASK_KEY] = True


def map_will_ask() -> bool:
    """Whether this run sent a map that will ask for the next run once drawn."""
    return bool(st.session_state.get(_WILL_ASK_KEY, False))


def sidebar_after_map(map_first: bool) -> bool:
    """Return True if this run should leave the sidebar's widgets (the council picker, the
    imports list, sign-in) to the run the map asks for once drawn.

    That is a new visitor's first run, on a page that sends its map first (`map_first`:
    one that calls components.map_view.hold_back_below_map). Streamlit draws everything a
    run sends in one pass, and the sidebar's widgets put a new visitor's map later (README,
    issue 15). Only the first run: a reader who has seen the sidebar never sees it taken
    away. If the page then sends no such map (it failed first), app.py draws the sidebar
    at the end of the run all the same (`map_will_ask`).
    """
    first = not st.session_state.get(SESSION_STARTED_KEY, False)
    st.session_state[SESSION_STARTED_KEY] = True
    return first and map_first and not st.session_state.get(MAP_DRAWN_KEY, False)


def link_notes(where: str, notes: list[str]) -> list[str]:
    """Return the notes to show at `where`: `notes` themselves (kept), or in the run the map
    asked for, those kept from the run before; in any later run none."""
    kept: dict[str, list[str]] = st.session_state.setdefault(_NOTES_KEY, {})
    if notes:
        kept[where] = list(notes)
        return list(notes)
    if is_run_map_asked_for():
        return kept.get(where, [])
    kept.pop(where, None)
    return []
