"""Deep links on a fresh server: a page that Streamlit ran by itself goes through the router.

Streamlit answers the first session of a new server with its legacy discovery of the
pages/ folder, which runs a deep link's page file directly, without app.py's sidebar. Every
page calls `through_router()` first: in that case it runs app.py instead, whose
st.navigation then runs the same page properly, and stops there.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

APP = Path(__file__).resolve().parent.parent / "app.py"


def through_router() -> None:
    """Run app.py (which routes back to this page) if Streamlit ran this page on its own."""
    # Streamlit sets the flag from the pages/ folder and clears it once st.navigation runs.
    if not PagesManager.uses_pages_directory:
        return
    runpy.run_path(str(APP), run_name="__main__")
    st.stop()
