"""Deep links on a server started as `streamlit run app.py`, with no warm-up request.

Streamlit answers a new server's first session with its legacy pages/ discovery; a link to
a page must still open that page, inside the app, with no "Page not found" pop-up, and a
link value that is not valid must say so in one line.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import OfflinePage, serve

pytestmark = pytest.mark.browser
TIMEOUT_MS = 180_000


@pytest.fixture
def cold_server(tmp_path):
    """A new `streamlit run app.py`, waited for by its health probe only (no script run)."""
    with serve(tmp_path, warm=False) as url:
        yield url


@pytest.mark.parametrize(
    ("path", "heading", "note"),
    [
        (
            "/supply?council=E06000054&min_beds=abc",
            "Wiltshire: care homes and supply",
            "The link asks for a minimum of beds “abc”",
        ),
        (
            "/zones?council=E06000047&zone=Nowhere",
            "County Durham: home care zones and unmet need",
            "The link asks for the zone or area “Nowhere”",
        ),
    ],
)
def test_the_first_visitor_of_a_new_server_lands_on_the_linked_page(
    cold_server, browser, path, heading, note
):
    visitor = OfflinePage(browser)
    page = visitor.page
    page.goto(cold_server + path)
    page.get_by_role("heading", name=heading).wait_for(timeout=TIMEOUT_MS)
    page.get_by_text(note, exact=False).wait_for(timeout=TIMEOUT_MS)
    # The app's own sidebar drew (the router ran), and Streamlit raised no pop-up.
    page.get_by_text("Care Market Map", exact=True).first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Page not found").count() == 0
    assert visitor.blocked == []
    page.close()
