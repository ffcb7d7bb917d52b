"""End to end: clicking a zone in the offline browser selects it and the chart follows."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

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
          const box = document.getElementById("map_div").getBoundingClientRect();
          const off = [];
          window.map.eachLayer((layer) => {
            const tip = layer.getTooltip && layer.getTooltip();
            if (!tip || !tip._container || !tip._container.classList.contains("cmm-zone-label")) {
              return;
            }
            const want = window.map.latLngToContainerPoint(tip.getLatLng());
            const r = tip._container.getBoundingClientRect();
            const got = {x: r.left + r.width / 2 - box.left, y: r.top + r.height / 2 - box.top};
            if (Math.abs(got.x - want.x) > 4 || Math.abs(got.y - want.y) > 4) {
              off.push([tip._container.textContent, got, want]);
            }
          });
          return off;
        }"""
    )
    assert misplaced == []
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
