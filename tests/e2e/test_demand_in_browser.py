"""End to end on a 375 px phone: the zone card fits the width and the map lets the page scroll."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import MAP_FRAMES, OfflinePage

pytestmark = pytest.mark.browser
TIMEOUT_MS = 180_000
PHONE = {
    "viewport": {"width": 375, "height": 812},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
    ),
}
MAIN = "[data-testid='stMain']"


@pytest.fixture
def phone(browser):
    """An offline page in a phone-sized touch context of its own."""
    context = browser.new_context(**PHONE)
    page = OfflinePage(context)
    yield page
    context.close()


def _swipe_up(session, x: float, y: float, distance: float) -> None:
    """Drag one finger up the screen, as a reader scrolling down the page does."""
    session.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
    )
    for step in range(1, 11):
        point = {"x": x, "y": y - distance * step / 10}
        session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def _durham_demand_page(app_url: str, phone):
    """Open County Durham's demand page on the phone; return the page and its postcode box."""
    page = phone.page
    page.goto(f"{app_url}/demand?council=E06000047")
    page.get_by_role("heading", name="County Durham: demand in your zone").wait_for(
        timeout=TIMEOUT_MS
    )
    return page, page.get_by_role("textbox", name="Find a postcode")


def test_a_postcode_card_fits_a_phone_and_the_map_does_not_trap_scrolling(app_url, phone):
    page, box = _durham_demand_page(app_url, phone)
    box.fill("DL15 8NN")
    box.press("Enter")
    page.get_by_role("heading", name=re.compile(r"^Demand in Zone \d+: ")).wait_for(
        timeout=TIMEOUT_MS
    )
    page.get_by_text("Tenders coming up", exact=True).wait_for(timeout=TIMEOUT_MS)
    frame = phone.map_frame()
    frame.locator("path.cmm-selected").wait_for(state="attached", timeout=TIMEOUT_MS)

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    main = page.locator(MAIN)
    assert main.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert frame.locator(".leaflet-container").evaluate("e => getComputedStyle(e).touchAction") in (
        "pan-x pan-y",
        "pan-y",
        "auto",
    )

    iframe = page.locator(MAP_FRAMES)
    top = iframe.bounding_box()["y"]
    main.evaluate("(e, y) => { e.scrollTop += y - 150; }", top)
    before = main.evaluate("e => e.scrollTop")
    map_box = iframe.bounding_box()
    session = page.context.new_cdp_session(page)
    _swipe_up(session, map_box["x"] + map_box["width"] / 2, map_box["y"] + 300, 250)
    page.wait_for_function(
        f'() => document.querySelector("{MAIN}").scrollTop > {before} + 100', timeout=10_000
    )
    assert phone.blocked == []


def _before(first, second) -> bool:
    """Whether the first element comes before the second in the page."""
    return first.evaluate(
        "(a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)",
        second.element_handle(),
    )


def test_on_a_phone_a_postcode_in_another_council_takes_the_card_there(app_url, phone):
    page, box = _durham_demand_page(app_url, phone)
    title = page.get_by_role("heading", name="County Durham: demand in your zone")
    # The box is the first thing under the title, above the card and every note.
    intro = page.get_by_text("For home care providers:", exact=False)
    assert title.bounding_box()["y"] < box.bounding_box()["y"] < intro.bounding_box()["y"]
    assert box.bounding_box()["y"] < 812, "the postcode box is on the first screen"

    box.fill("SN15 1ER")
    box.press("Enter")
    page.get_by_role("heading", name="Wiltshire: demand in your zone").wait_for(timeout=TIMEOUT_MS)
    note = page.get_by_text(
        "SN15 1ER is in Wiltshire, so this page now shows Wiltshire instead of County Durham."
    )
    note.wait_for(timeout=TIMEOUT_MS)
    card = page.get_by_role("heading", name=re.compile(r"^Demand in Zone \d+: "))
    card.wait_for(timeout=TIMEOUT_MS)
    notes = page.get_by_text("For home care providers:", exact=False)
    # Streamlit stacks elements in document order: compare that, not pixels mid-redraw.
    assert _before(note, card) and _before(card, notes), "the note, the card, then the notes"
    assert "council=E06000054" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert phone.blocked == []
