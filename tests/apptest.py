"""Opening the app in Streamlit's AppTest as a visitor would: a link, then a page."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.council_picker import COUNCIL_KEY
from components.first_run import MAP_ASKED_KEY, MAP_DRAWN_KEY
from components.safe_text import WORD_JOINER
from components.tables import opened

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 240


def open_page(
    page: str | None,
    *,
    council: str | None = None,
    query: dict[str, str] | None = None,
    user: dict | None = None,
    secrets: dict[str, dict] | None = None,
    tables: Iterable[str] = (),
    map_drawn: bool = True,
) -> AppTest:
    """Run app.py with the link's query, council, user and secrets, then switch to `page`.

    `page` None stays on the page the router opens (the map, unless the query says
    otherwise). `tables` are the download keys of tables drawn only once opened
    (components.tables.render_table_when_opened): opened, as a reader would. Fails the
    test if either run raised. `map_drawn` (the default) is a session whose browser has
    drawn a map, as after a map page's first run: pages show what they hold back below the
    map in a new session's first run (components.map_view.hold_back_below_map); without
    it, the session's first run opens `page` itself, as a new visitor's link would.
    """
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if council is not None:
        at.session_state[COUNCIL_KEY] = council
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for name, section in (secrets or {}).items():
        at.secrets[name] = section
    if user is not None:
        at.user = user
    for key in tables:
        at.session_state[opened(key)] = True
    if map_drawn:
        at.session_state[MAP_DRAWN_KEY] = True
    elif page is not None:
        at.switch_page(page)  # a new visitor's first run is the linked page's
    at.run()
    if page is not None and map_drawn:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def open_every_table(at: AppTest) -> AppTest:
    """Open every table on the page that is made only once opened, and run the page again.

    The sweeps (privacy, plain English, every council) look at what a reader can reach,
    and a reader can open every expander.
    """
    keys = [key for key in at.session_state if str(key).endswith(opened(""))]
    for key in keys:
        at.session_state[key] = True
    if keys:
        at.run()
        assert not at.exception, at.exception
    return at


def shown_text(at: AppTest) -> str:
    """Return the page's words as a reader sees them, one element a line.

    Markdown escapes and the word joiners that stop autolinks are taken out, and HTML
    blocks (st.html) are reduced to their text.
    """
    parts = [e.value for kind in ("markdown", "caption", "subheader", "info") for e in at.get(kind)]
    parts += [e.value for kind in ("warning", "error", "success") for e in at.get(kind)]
    parts += [html.unescape(re.sub(r"<[^>]+>", " ", e.proto.body)) for e in at.get("html")]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts)).replace(WORD_JOINER, "")


def run_map_asked_for(at: AppTest) -> AppTest:
    """Run the page again as its map does once drawn (components.map_view: its "drawn"
    callback marks the run before it starts)."""
    at.session_state[MAP_ASKED_KEY] = True
    at.run()
    assert not at.exception, at.exception
    return at
