"""What kind of screen the visitor is on, as far as the server can tell."""

from __future__ import annotations

import streamlit as st


def is_phone() -> bool:
    """Whether the browser says it is a phone ("Mobi" in its User-Agent, as MDN advises).

    Only used to choose what starts open or closed; every page still fits any width.
    """
    try:
        agent = st.context.headers.get("User-Agent", "")
    except (AttributeError, RuntimeError):
        return False
    return "Mobi" in (agent or "")
