"""Widget values kept in the URL, so a link in an agenda paper opens exactly the same view.

A page lists its `Param`s, calls `restore` before drawing the widgets (the first run of
a session takes values from the link) and `publish` after (the URL follows the widgets;
values at their default are left out to keep links short). A value in a link that is no
longer valid falls back to the default, with one short note saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from components.first_run import link_notes
from components.safe_text import escape_markdown

RESTORED_KEY = "cmm_permalink_restored"
LIST_SEPARATOR = ","
MAX_QUOTED = 40


@dataclass(frozen=True)
class Param:
    """One widget kept in the URL."""

    key: str  # the widget's session-state key
    name: str  # the query parameter
    label: str  # what it is, in plain words, for the fallback note
    default: Any
    parse: Callable[[str], Any]  # raises ValueError for a value that is not valid
    write: Callable[[Any], str] = str


def choice(options: Sequence[Any]) -> Callable[[str], Any]:
    """Return a parser accepting one of `options` (compared as text)."""
    by_text = {str(option): option for option in options}

    def parse(raw: str) -> Any:
        if raw not in by_text:
            raise ValueError(raw)
        return by_text[raw]

    return parse


def choices(options: Sequence[Any]) -> Callable[[str], list]:
    """Return a parser of a comma-separated list, each item one of `options`."""
    one = choice(options)

    def parse(raw: str) -> list:
        items = [item for item in raw.split(LIST_SEPARATOR) if item]
        return [one(item) for item in items]

    return parse


def write_list(values: Iterable[Any]) -> str:
    """Write a list value as the comma-separated text `choices` reads."""
    return LIST_SEPARATOR.join(str(value) for value in values)


def number(low: float, high: float, kind: type = float) -> Callable[[str], Any]:
    """Return a parser of a number between low and high inclusive."""

    def parse(raw: str) -> Any:
        value = kind(float(raw)) if kind is int else kind(raw)
        if not low <= value <= high:
            raise ValueError(raw)
        return value

    return parse


def flag(raw: str) -> bool:
    """Parse "1"/"0" (also true/false, yes/no) as a tick box's value."""
    text = raw.strip().lower()
    if text in ("1", "true", "yes"):
        return True
    if text in ("0", "false", "no"):
        return False
    raise ValueError(raw)


def write_flag(value: bool) -> str:
    """Write a tick box's value as "1" or "0"."""
    return "1" if value else "0"


def restore(params: Sequence[Param], *, scope: str) -> list[str]:
    """On the first run of `scope` in a session, set widgets from the link; return notes.

    A value that does not parse is dropped in favour of the default, and a note says so
    (quoting the value as typed, escaped), again in the run the map asks for once drawn
    (components.first_run.link_notes). Later runs leave the widgets to the user.
    """
    done: set[str] = st.session_state.setdefault(RESTORED_KEY, set())
    notes: list[str] = []
    if scope in done:
        params = ()  # restored already: only notes kept for the map's run are said again
    done.add(scope)
    for param in params:
        raw = st.query_params.get(param.name)
        if raw is None or param.key in st.session_state:
            continue
        try:
            st.session_state[param.key] = param.parse(raw)
        except (ValueError, TypeError, OverflowError):
            quoted = escape_markdown(raw[:MAX_QUOTED])
            notes.append(
                f"The link asks for {param.label} “{quoted}”, which is not available here, "
                "so the usual setting is shown."
            )
            del st.query_params[param.name]
    for note in link_notes(f"link-{scope}", notes):
        st.info(note, icon=":material/link_off:")
    return notes


def publish(params: Sequence[Param]) -> None:
    """Write the widgets' current values into the URL (defaults left out)."""
    for param in params:
        value = st.session_state.get(param.key, param.default)
        if _same(value, param.default):
            if param.name in st.query_params:
                del st.query_params[param.name]
        else:
            st.query_params[param.name] = param.write(value)


def _same(value: Any, default: Any) -> bool:
    if isinstance(value, (list, tuple)) and isinstance(default, (list, tuple)):
        return list(value) == list(default)
    return value == default
