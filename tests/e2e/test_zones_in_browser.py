"""End to end: clicking a zone in the offline browser selects it and the chart follows."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.map_view import COMPONENT_NAME
from tests.e2e.conftest import THE_MAP

pytestmark = pytest.mark.browser
TIMEOUT_MS = 180_000


def _open_zones(offline_page, app_url):
    page = offline_page.page
    # Through the sidebar, as a reader arrives: a cold deep link can leave lazy parts unloaded.
    page.goto(app_url)
    page.get_by_role("heading", name="County Durham: the map").wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Home care zones and unmet need").click()
    page.get_by_role("heading", name="County Durham: home care zones and unmet need").wait_for(
        timeout=TIMEOUT_MS
    )
    zones = offline_page.map_frame().locator("path.cmm-zone")
    zones.first.wait_for(state="attached", timeout=TIMEOUT_MS)
    return page, zones


def test_zones_uplift_and_hotspot_layers_are_painted_offline(app_url, offline_page):
    page, zones = _open_zones(offline_page, app_url)
    frame = offline_page.map_frame()
    assert zones.count() == 10
    assert frame.locator("path.cmm-uplift").count() > 0
    assert frame.locator(".cmm-zone-label").count() == 10
    assert frame.locator(".cmm-zone-label", has_text="Zone 1: ").count() == 1
    # Each name is centred on its zone's point (measured in pixels inside the map).
    frame.locator(".cmm-zone-label").first.wait_for(state="visible", timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    misplaced = frame.locator("body").evaluate(
        """() => {
          const map = """
        + THE_MAP
        + """;
          const box = map.getContainer().getBoundingClientRect();
          const off = [];
          let seen = 0;
          map.eachLayer((layer) => {
            const text = layer.getElement && layer.getElement()
              && layer.getElement().querySelector(".cmm-zone-label");
            if (!text) {
              return;
            }
            seen += 1;
            const want = map.latLngToContainerPoint(layer.getLatLng());
            const r = text.getBoundingClientRect();
            const got = {x: r.left + r.width / 2 - box.left, y: r.top + r.height / 2 - box.top};
            if (Math.abs(got.x - want.x) > 4 || Math.abs(got.y - want.y) > 4) {
              off.push([text.textContent, got, want]);
            }
          });
          return [seen, off];
        }"""
    )
    assert misplaced == [10, []]
    # The layer list stays open and within the map, scrolling if it is taller.
    within = frame.locator("body").evaluate(
        """() => {
          const map = document.querySelector(".leaflet-container").getBoundingClientRect();
          const list = document.querySelector(
            ".leaflet-control-layers-expanded .leaflet-control-layers-list");
          const r = list.getBoundingClientRect();
          return r.height > 0 && r.bottom <= map.bottom;
        }"""
    )
    assert within
    assert page.get_by_text("Showing: the whole of County Durham").count() == 1
    assert offline_page.blocked == []


def test_clicking_a_zone_selects_it_and_clicking_again_returns_to_the_council(
    app_url, offline_page
):
    page, zones = _open_zones(offline_page, app_url)
    # Dispatch the click on the path itself: its box centre may lie over a neighbour.
    zones.nth(5).dispatch_event("click")
    page.get_by_text(re.compile(r"^Showing: Zone 6: ")).wait_for(timeout=TIMEOUT_MS)
    assert "zone=Zone" in page.url
    selected = offline_page.map_frame().locator("path.cmm-selected")
    selected.wait_for(state="attached", timeout=TIMEOUT_MS)
    # The clicked zone's popup is open after the page has rerun, and stays open.
    # For a moment the click's own popup and the redrawn one are both open; once the
    # run has finished, the redrawn one is, alone.
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=TIMEOUT_MS)
    popup = offline_page.map_frame().locator(".leaflet-popup", has_text="Zone 6: ")
    expect(popup).to_have_count(1, timeout=TIMEOUT_MS)
    expect(popup).to_be_visible()
    zones = offline_page.map_frame().locator("path.cmm-zone")
    zones.nth(5).dispatch_event("click")
    page.get_by_text("Showing: the whole of County Durham").wait_for(timeout=TIMEOUT_MS)
    assert offline_page.blocked == []


def test_a_zone_clicked_on_the_map_is_followed_by_demand_care_homes_and_committee(
    app_url, offline_page
):
    page, zones = _open_zones(offline_page, app_url)
    zones.nth(5).dispatch_event("click")
    showing = page.get_by_text(re.compile(r"^Showing: Zone 6: "))
    showing.wait_for(timeout=TIMEOUT_MS)
    zone = showing.inner_text().removeprefix("Showing: ").strip()

    def linked_zone() -> str:
        return parse_qs(urlparse(page.url).query)["zone"][0]

    page.get_by_role("link", name="Demand in your zone").click()
    page.get_by_role("heading", name="County Durham: demand in your zone").wait_for(
        timeout=TIMEOUT_MS
    )
    page.get_by_role("heading", name=f"Demand in {zone}").wait_for(timeout=TIMEOUT_MS)
    assert linked_zone() == zone

    page.get_by_role("link", name="Care homes and supply").click()
    page.get_by_text(f"Showing: {zone}", exact=True).wait_for(timeout=TIMEOUT_MS)
    offline_page.map_frame().locator("path.cmm-selected").wait_for(
        state="attached", timeout=TIMEOUT_MS
    )
    assert linked_zone() == zone

    page.get_by_role("link", name="Committee view").click()
    page.get_by_text(f"Showing: {zone}", exact=True).wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("heading", name=f"Care homes on the map in {zone}").wait_for(
        timeout=TIMEOUT_MS
    )
    assert page.get_by_text(f"Care homes in {zone}", exact=True).count() == 1
    assert linked_zone() == zone
    assert offline_page.blocked == []


def _map_element_paths(frames: list[bytes]) -> set[tuple[int, ...]]:
    paths = set()
    for payload in frames:
        message = ForwardMsg.FromString(payload)
        element = message.delta.new_element
        if element.bidi_component.component_name == COMPONENT_NAME:
            paths.add(tuple(message.metadata.delta_path))
    return paths


def _run_after(page, frames: list[bytes], mark: int) -> tuple[list[int], bool]:
    """Return the finished statuses seen after `mark` and whether the map was sent again
    (whole, or as a reference to the copy the browser holds)."""
    map_paths = _map_element_paths(frames[:mark])
    assert map_paths, "the map's element was never sent"
    finished = (
        ForwardMsg.FINISHED_SUCCESSFULLY,
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    )
    for _ in range(400):  # the script_finished message follows the last element shortly
        messages = [ForwardMsg.FromString(payload) for payload in frames[mark:]]
        statuses = [
            m.script_finished for m in messages if m.WhichOneof("type") == "script_finished"
        ]
        if any(status in finished for status in statuses):
            break
        page.wait_for_timeout(25)
    map_sent = any(
        m.WhichOneof("type") in ("delta", "ref_hash") and tuple(m.metadata.delta_path) in map_paths
        for m in messages
    )
    return statuses, map_sent


def test_a_new_uplift_rate_reruns_the_cost_alone_and_new_areas_rerun_the_map(app_url, offline_page):
    frames: list[bytes] = []
    offline_page.page.on(
        "websocket",
        lambda socket: socket.on(
            "framereceived",
            lambda payload: frames.append(payload) if isinstance(payload, bytes) else None,
        ),
    )
    page, _ = _open_zones(offline_page, app_url)
    status = page.locator('[data-testid="stStatusWidget"]')
    visits = page.get_by_label(
        "Visits per week in qualifying areas (0 = count them from the package list)"
    )
    visits.fill("120")
    visits.press("Enter")
    page.get_by_text("£360.00", exact=True).wait_for(timeout=TIMEOUT_MS)
    status.wait_for(state="detached", timeout=TIMEOUT_MS)

    # A new rate changes only the cost: the cost panel reruns alone, the map is not sent.
    mark = len(frames)
    rate = page.get_by_test_id("stNumberInput").filter(has_text="Uplift per visit (£)")
    rate.get_by_test_id("stNumberInputStepUp").click()
    page.get_by_text("£420.00", exact=True).wait_for(timeout=TIMEOUT_MS)
    statuses, map_sent = _run_after(page, frames, mark)
    assert statuses == [ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY]
    assert not map_sent

    # The rural tick changes the areas the map shades: the whole page reruns with the map.
    uplift = offline_page.map_frame().locator("path.cmm-uplift")
    rural_only = uplift.count()
    status.wait_for(state="detached", timeout=TIMEOUT_MS)
    mark = len(frames)
    page.get_by_text("Rural small areas only", exact=True).click()
    expect(uplift).not_to_have_count(rural_only, timeout=TIMEOUT_MS)
    statuses, map_sent = _run_after(page, frames, mark)
    assert statuses[-1] == ForwardMsg.FINISHED_SUCCESSFULLY
    assert map_sent
    assert uplift.count() > rural_only
    # The rate set in the cost panel is kept through the page's run.
    page.get_by_text("£420.00", exact=True).wait_for(timeout=TIMEOUT_MS)
    assert offline_page.blocked == []


def test_a_click_swaps_the_layers_and_keeps_the_readers_view(app_url, offline_page):
    page, zones = _open_zones(offline_page, app_url)
    frame = offline_page.map_frame_object()
    frame.evaluate(
        f"() => {{ window.cmmStillHere = true; ({THE_MAP}).setView([54.75, -1.6], 11, "
        "{animate: false}); }"
    )
    # The reader switches the rural uplift areas off in the layer list.
    uplift = offline_page.map_frame().locator("path.cmm-uplift")
    switch = frame.locator(".leaflet-control-layers-overlays label", has_text="Rural uplift areas")
    assert uplift.count() > 0
    switch.locator("input").uncheck()
    expect(uplift).to_have_count(0, timeout=TIMEOUT_MS)
    zones.nth(5).dispatch_event("click")
    page.get_by_text("Showing: Zone", exact=False).wait_for(timeout=TIMEOUT_MS)
    selected = offline_page.map_frame().locator("path.cmm-selected")
    selected.first.wait_for(state="attached", timeout=TIMEOUT_MS)
    frame = offline_page.map_frame_object()
    # The swapped layers come back as the reader left them: the uplift areas stay off.
    assert uplift.count() == 0
    assert not switch.locator("input").is_checked()
    switch.locator("input").check()  # and the new layer answers the list as before
    expect(uplift).not_to_have_count(0, timeout=TIMEOUT_MS)
    switch.locator("input").uncheck()
    # The same frame, at the reader's zoom (a new frame would fit the council, at zoom 9;
    # a zone's popup may pan the map to show itself), with one layer list and the zones
    # drawn once (the old layers taken off, the new ones put on).
    assert frame.evaluate("() => window.cmmStillHere") is True
    assert frame.evaluate(f"() => ({THE_MAP}).getZoom()") == 11
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert zones.count() == 10
    zones.nth(5).dispatch_event("click")
    page.get_by_text("Showing: the whole of County Durham").wait_for(timeout=TIMEOUT_MS)
    expect(selected).to_have_count(0, timeout=TIMEOUT_MS)
    # Back to the whole council, the map stays at the reader's zoom.
    assert frame.evaluate(f"() => ({THE_MAP}).getZoom()") == 11
    assert frame.evaluate("() => window.cmmStillHere") is True
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert zones.count() == 10
    assert offline_page.blocked == []
