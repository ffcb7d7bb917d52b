"""Hostile text in uploaded files is shown as text: no link, image, script or frame, no request.

Payloads (blank lines then Markdown, HTML, `javascript:` and bare web addresses) go in
through the figures uploader (sources, sections, notes, periods) and the zone lookup
uploader (zone names), in a real browser; then every page that shows them is searched for
elements built from them.
"""

from __future__ import annotations

import csv
import io
import os
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import OfflinePage, serve

pytestmark = pytest.mark.browser
TIMEOUT_MS = 180_000
ZONE_EXPANDER = "Zone layout, or load your own zones, rurality file or package list"
COUNCIL = "E06000004"  # Stockton-on-Tees: a small council, quick to draw
MARKER = "evil.example"
PAYLOADS = (
    "Section 9\n\n![beacon](http://evil.example/beacon.png)",
    "[Claim your refund](https://evil.example/login) now",
    "<img src=http://evil.example/i.png onerror=alert(1)>",
    "<script src=http://evil.example/s.js></script><iframe src=http://evil.example/f>",
    "javascript:alert('evil.example')",
    "www.evil.example and http://evil.example/page and kim@evil.example",
)
# Elements that would carry a payload out of the page; a folium map's own script holds
# zone names as data, so scripts count only by where they load from. A map frame's srcdoc
# is the map's document: it is searched as one, with the other frames, not as text.
FIND_BUILT = """marker => {
  const hits = [];
  const built = 'a, img, iframe, script[src], link[href], object, embed';
  for (const el of document.querySelectorAll(built)) {
    const attrs = Array.from(el.attributes)
      .filter(a => a.name !== 'srcdoc').map(a => a.value).join(' ');
    if ((attrs + ' ' + (el.tagName === 'SCRIPT' ? '' : el.textContent)).includes(marker)) {
      hits.push(el.outerHTML.slice(0, 200));
    }
  }
  return hits;
}"""


SHOWN_AS_TEXT = """marker => document.querySelector("[data-testid='stMain']")
  .innerText.replaceAll("\u2060", "").includes(marker)"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An app server of its own with an empty import store, warmed before the tests."""
    data = tmp_path_factory.mktemp("store")
    env = {**os.environ, "CMM_DATA_DIR": str(data)}
    env.pop("CMM_DATABASE_URL", None)
    with serve(data, env=env) as url:
        yield url


def _figures_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "council_code", "measure", "value", "unit", "period", "period_start", "period_end",
            "service", "source_file", "source_section", "kind", "note",
        ]
    )  # fmt: skip
    for number, payload in enumerate(PAYLOADS):
        writer.writerow(
            [
                COUNCIL, "fee_uplift_pct", 3 + number, "percent", f"2030/{number} {payload}",
                f"203{number}-04-01", f"203{number}-04-30", "home_care",
                f"upload {payload}.csv", payload, "published", payload,
            ]
        )  # fmt: skip
    return out.getvalue().encode()


def _zone_csv(councils) -> bytes:
    from geo.boundaries import load_council_geography

    geography = load_council_geography(councils[COUNCIL])
    names = sorted(set(geography.msoas["code"]))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["area_code", "zone"])
    for number, name in enumerate(names):
        writer.writerow([name, f"Zone {number % 3} " + PAYLOADS[number % 3].replace("\n", " ")])
    return out.getvalue().encode()


def _upload(page, url: str, path: str, expander: str, data: bytes, name: str, done: str):
    page.goto(f"{url}/{path}?council={COUNCIL}")
    page.get_by_text(expander).first.click()
    dropzone = page.get_by_test_id("stFileUploaderDropzoneInput").first
    dropzone.set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})
    page.get_by_text(done, exact=False).first.wait_for(timeout=TIMEOUT_MS)


def _built_from_payloads(page) -> list[str]:
    hits = page.evaluate(FIND_BUILT, MARKER)
    for frame in page.frames[1:]:
        hits += frame.evaluate(FIND_BUILT, MARKER)
    return hits


def test_uploaded_payloads_never_become_links_images_scripts_or_frames(server, browser, councils):
    visitor = OfflinePage(browser)
    page = visitor.page
    try:
        _upload(page, server, "fees", "Add figures from a CSV file", _figures_csv(),
                "figures.csv", "Added 6 figures")  # fmt: skip
        _upload(page, server, "zones", ZONE_EXPANDER, _zone_csv(councils),
                "zones <b>www.evil.example</b>.csv", "Loaded 3 zones from")  # fmt: skip
        chosen = "&zone=" + quote(f"Zone 1 {PAYLOADS[1]}")
        # Your data lists file names in a table drawn on a canvas: nothing there is HTML.
        for path, heading, extra, as_text in (
            ("fees", "Stockton-on-Tees: fees", "", True),
            ("committee", "Stockton-on-Tees: committee view", "", True),
            ("zones", "Stockton-on-Tees: home care zones and unmet need", chosen, True),
            ("demand", "Stockton-on-Tees: demand in your zone", chosen, True),
            ("your_data", "Stockton-on-Tees: your data", "", False),
        ):
            page.goto(f"{server}/{path}?council={COUNCIL}{extra}")
            page.get_by_role("heading", name=heading, exact=False).first.wait_for(
                timeout=TIMEOUT_MS
            )
            # The payloads are on the page (shown as text) before anything is searched.
            if as_text:
                try:
                    page.wait_for_function(SHOWN_AS_TEXT, arg=MARKER, timeout=60_000)
                except PlaywrightTimeout:
                    pytest.fail(f"{path}: the uploaded text never appeared on the page")
            page.wait_for_load_state("networkidle")
            assert _built_from_payloads(page) == [], path
        assert visitor.blocked == []
    finally:
        page.close()
