"""End to end: the map page painted in headless Chromium with no internet access."""

import pytest
from playwright.sync_api import expect

from components.map_view import HELD_BACK_NOTE
from tests.e2e.conftest import MAP_FRAMES, THE_MAP

pytestmark = pytest.mark.browser
PAINT_TIMEOUT_MS = 60_000


def _painted_box(locator) -> dict:
    locator.wait_for(state="attached", timeout=PAINT_TIMEOUT_MS)
    box = locator.bounding_box()
    assert box is not None, "the element is not laid out"
    return box


def test_council_boundary_is_painted_offline(app_url, offline_page):
    offline_page.page.goto(app_url)
    frame = offline_page.map_frame()
    outline = frame.locator("path.cmm-boundary").first
    box = _painted_box(outline)
    # The whole county is fitted to a map at least 500 px wide and 500 px high.
    assert box["width"] > 200 and box["height"] > 200
    assert len(outline.get_attribute("d")) > 500
    assert frame.locator("path.cmm-msoa").count() == 66
    assert frame.get_by_text("Durham", exact=True).count() >= 1
    assert offline_page.blocked == []


def test_postcode_is_marked_on_the_map(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url)
    _painted_box(offline_page.map_frame().locator("path.cmm-boundary").first)
    box = page.get_by_role("textbox", name="Find a postcode")
    box.fill("dl15 8nn")
    box.press("Enter")
    page.get_by_text("DL15 8NN is in County Durham").wait_for(timeout=PAINT_TIMEOUT_MS)
    marker = offline_page.map_frame().locator("path.cmm-postcode")
    assert _painted_box(marker)["width"] > 5
    assert offline_page.blocked == []


def test_the_postcode_box_follows_the_map_without_moving_it(app_url, offline_page):
    # A new visitor's first run keeps the box's space and sends the map; the box (and the
    # code Streamlit fetches for it) comes in the next run, and the map stays where it was.
    page = offline_page.page
    page.goto(app_url)
    # Where the frame sits, and whether the box is there, read together when the frame is
    # first made: the box cannot arrive between the two.
    seen = (
        f"() => {{ const frame = document.querySelector('{MAP_FRAMES}'); return frame && "
        "[frame.getBoundingClientRect().top, "
        "Boolean(document.querySelector('input[aria-label=\"Find a postcode\"]'))]; }"
    )
    top, box_at_first = page.wait_for_function(
        seen, polling=10, timeout=PAINT_TIMEOUT_MS
    ).json_value()
    _painted_box(offline_page.map_frame().locator("path.cmm-boundary").first)
    offline_page.map_frame_object().evaluate("() => { window.cmmStillHere = true; }")
    page.get_by_role("textbox", name="Find a postcode").wait_for(timeout=PAINT_TIMEOUT_MS)
    page.get_by_text(HELD_BACK_NOTE).wait_for(state="detached", timeout=PAINT_TIMEOUT_MS)
    assert box_at_first is False
    assert page.evaluate(seen) == [top, True]  # the box, found the same way, and the map put
    # The same frame, not made again when the box arrived.
    assert offline_page.map_frame_object().evaluate("() => window.cmmStillHere") is True
    assert offline_page.blocked == []


def test_a_reader_who_leaves_before_the_map_is_drawn_stays_on_the_page_they_chose(
    app_url, offline_page
):
    # The map page's map asks for a run of its page once drawn (or after 5 s). A reader
    # who clicked another page first was taken back to the map page when that came, in
    # about one visit in five here; a click on a page link now stops the call. Each load
    # of the page is a new session, leaving as soon as the title is there.
    page = offline_page.page
    for _ in range(3):
        page.goto(app_url)
        page.get_by_role("heading", name="County Durham: the map").wait_for(
            timeout=PAINT_TIMEOUT_MS
        )
        page.get_by_role("link", name="Home care zones and unmet need").click()
        zones = page.get_by_role("heading", name="County Durham: home care zones and unmet need")
        zones.wait_for(timeout=PAINT_TIMEOUT_MS)
        page.wait_for_timeout(6000)  # past the map's 5 s fallback
        assert zones.count() == 1 and page.url.split("?")[0].endswith("/zones")
    assert offline_page.blocked == []


def test_nottinghamshire_shows_its_seven_districts(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url)
    _painted_box(offline_page.map_frame().locator("path.cmm-boundary").first)
    page.get_by_role("combobox", name="Council").click()
    page.keyboard.type("Nottinghamshire")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Nottinghamshire: the map").wait_for(timeout=PAINT_TIMEOUT_MS)
    # While Streamlit swaps County Durham's map for Nottinghamshire's, both iframes can be
    # on the page for a moment; wait until one map is left, then count its districts.
    maps = page.locator(MAP_FRAMES)
    expect(maps).to_have_count(1, timeout=PAINT_TIMEOUT_MS)
    districts = offline_page.map_frame().locator("path.cmm-district")
    expect(districts).to_have_count(7, timeout=PAINT_TIMEOUT_MS)
    assert offline_page.blocked == []


def test_small_areas_are_fetched_when_first_shown_and_drawn(app_url, offline_page):
    page = offline_page.page
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(app_url)
    frame = offline_page.map_frame()
    _painted_box(frame.locator("path.cmm-boundary").first)
    small_areas = [url for url in asked if "/app/static/areas/lsoas-E06000047-" in url]
    assert small_areas == [], "the hidden small areas were fetched before being shown"
    assert frame.locator("path.cmm-lsoa").count() == 0
    frame.get_by_label("Small areas (LSOAs)").check()
    expect(frame.locator("path.cmm-lsoa")).to_have_count(324, timeout=PAINT_TIMEOUT_MS)
    frame.get_by_label("Small areas (LSOAs)").uncheck()
    frame.get_by_label("Small areas (LSOAs)").check()  # shown again: drawn, not fetched again
    expect(frame.locator("path.cmm-lsoa")).to_have_count(324, timeout=PAINT_TIMEOUT_MS)
    assert len([url for url in asked if "/app/static/areas/lsoas-E06000047-" in url]) == 1
    assert offline_page.blocked == []


def test_each_town_name_sits_just_right_of_its_dot(app_url, offline_page):
    offline_page.page.goto(app_url)
    frame = offline_page.map_frame()
    frame.locator(".cmm-place-label").first.wait_for(state="visible", timeout=PAINT_TIMEOUT_MS)
    placed = offline_page.map_frame_object().evaluate(
        """() => {
          const map = """
        + THE_MAP
        + """;
          const box = map.getContainer().getBoundingClientRect();
          const found = [];
          map.eachLayer((layer) => {
            const text = layer.getElement && layer.getElement()
              && layer.getElement().querySelector(".cmm-place-label");
            if (!text) { return; }
            const at = map.latLngToContainerPoint(layer.getLatLng());
            const r = text.getBoundingClientRect();
            found.push([r.left - box.left - at.x, r.top + r.height / 2 - box.top - at.y]);
          });
          return found;
        }"""
    )
    assert len(placed) == 10  # the ten largest places are named
    for gap, drop in placed:
        assert 3 <= gap <= 10 and abs(drop) <= 3, (gap, drop)
