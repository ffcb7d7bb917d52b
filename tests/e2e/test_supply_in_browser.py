"""End to end: care homes painted on the supply page in headless Chromium with no internet."""

import pytest
from playwright.sync_api import expect

from components.map_view import HELD_BACK_NOTE
from maps.supply_layers import NO_DATA_COLOUR

pytestmark = pytest.mark.browser
PAINT_TIMEOUT_MS = 90_000


def test_illustrative_homes_choropleth_and_gaps_are_painted_offline(app_url, offline_page):
    page = offline_page.page
    page.goto(f"{app_url}/supply")
    page.get_by_role("heading", name="County Durham: care homes and supply").wait_for(
        timeout=PAINT_TIMEOUT_MS
    )
    frame = offline_page.map_frame()
    homes = frame.locator("path.cmm-home")
    homes.first.wait_for(state="attached", timeout=PAINT_TIMEOUT_MS)
    box = homes.first.bounding_box()
    assert box is not None and box["width"] >= 6
    illustrative = page.get_by_text("These care homes are illustrative").count() > 0
    if illustrative:
        assert frame.locator("path.cmm-home-illustrative").count() == 96
    else:
        assert homes.count() > 0
    assert frame.locator("path.cmm-supply-area").count() == 66
    # Each neighbourhood is filled with its own class's colour, applied in the browser.
    fills = frame.locator("path.cmm-supply-area").evaluate_all(
        "(paths) => paths.map((p) => p.getAttribute('fill'))"
    )
    assert len(set(fills)) >= 5 and NO_DATA_COLOUR not in fills
    assert frame.locator("path.cmm-extra-care").count() == 9
    assert frame.locator("path.cmm-boundary").count() >= 1
    page.get_by_text(
        "Care homes (illustrative)" if illustrative else "Care homes (CQC)"
    ).first.wait_for()
    # The shading is the neighbourhoods; their plain outlines come only when ticked.
    assert frame.locator("path.cmm-msoa").count() == 0
    frame.get_by_label("Neighbourhoods (MSOAs)").check()
    expect(frame.locator("path.cmm-msoa")).to_have_count(66, timeout=PAINT_TIMEOUT_MS)
    # Drawn over the shading and the homes, they take no hover or click from them.
    assert frame.locator("path.cmm-msoa.leaflet-interactive").count() == 0
    assert frame.locator("path.cmm-home.leaflet-interactive").count() > 0
    assert offline_page.blocked == []


def test_a_new_visitors_tables_follow_the_map_by_themselves(app_url, offline_page):
    # A new session (its own browser context) opening the care homes page: the map comes
    # first, alone, and the homes list follows with no click, while the map stays drawn.
    page = offline_page.page
    page.goto(f"{app_url}/supply")
    frame = offline_page.map_frame()
    frame.locator("path.cmm-supply-area").first.wait_for(state="attached", timeout=PAINT_TIMEOUT_MS)
    drawn = offline_page.map_frame_object()
    drawn.evaluate("() => { window.cmmStillHere = true; }")
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=PAINT_TIMEOUT_MS)
    page.get_by_text(HELD_BACK_NOTE).wait_for(state="detached", timeout=PAINT_TIMEOUT_MS)
    page.get_by_role("heading", name="Supply by neighbourhood").wait_for()
    # The same frame, not drawn again: the run that brought the tables left the map alone.
    assert offline_page.map_frame_object().evaluate("() => window.cmmStillHere") is True
    assert offline_page.blocked == []
