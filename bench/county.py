"""Benchmark: County Durham at county scale, from the browser and from the server.

Measures, in headless Chromium with every non-loopback request blocked:

- page load to painted county map: cold (a freshly started server, its caches on disk),
  warm for a new visitor (fresh browser context), warm for a returning visitor (the
  browser's cache holds Streamlit's scripts) and inside the open app (moving to the
  map from another page, as a member does during a meeting);
- a bare Streamlit page to its title, served the same way: the floor under any page;
- a filter change on the care homes page until the map has redrawn (browser), and the
  server time of that rerun and of a zones-page rerun (AppTest, caches warm);
- a map click on a home care zone until the linked chart shows that zone;
- peak memory (VmHWM) of the app server after all of it.

`python -m bench.county` writes bench/results/county.json and prints a Markdown table.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import (  # noqa: E402
    APP_SERVER,
    RESULTS,
    median_ms,
    peak_rss_mb,
    start_server,
    stop_server,
)
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    OfflinePage,
    _free_port,
    _wait_healthy,
)

DURHAM = "E06000047"
REPEATS = 5
COLD_REPEATS = 3
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 120_000
TARGETS = {"paint_ms": 1500, "rerun_ms": 300, "click_ms": 500}
BARE_PAGE = 'import streamlit as st\n\nst.title("Bare page")\n'


def _serve(script: Path, port: int) -> subprocess.Popen:
    server = start_server(script, port)
    _wait_healthy(f"http://127.0.0.1:{port}", server)
    return server


def _painted(page: OfflinePage) -> None:
    page.map_frame().locator("path.cmm-boundary").first.wait_for(
        state="visible", timeout=TIMEOUT_MS
    )


def _time_visit(context, url: str, *, cache: bool = False) -> float:
    page = OfflinePage(context, cache=cache)
    start = time.perf_counter()
    page.page.goto(url)
    _painted(page)
    elapsed = time.perf_counter() - start
    assert not page.blocked, page.blocked
    page.page.close()
    return elapsed


def _time_in_app(context, base: str) -> list[float]:
    page = OfflinePage(context)
    page.page.goto(f"{base}/fees?council={DURHAM}")
    samples = []
    for _ in range(REPEATS):
        page.page.get_by_role("heading", name=re.compile("fees")).first.wait_for(timeout=TIMEOUT_MS)
        time.sleep(0.5)
        start = time.perf_counter()
        page.page.get_by_role("link", name="Map", exact=True).click()
        _painted(page)
        samples.append(time.perf_counter() - start)
        page.page.get_by_role("link", name="Fees and uplifts").click()
    page.page.close()
    return samples


def _time_filter(context, base: str) -> list[float]:
    """Untick and tick "Show gaps" on the care homes page; time until the map has redrawn."""
    page = OfflinePage(context)
    page.page.goto(f"{base}/supply?council={DURHAM}")
    gaps = page.map_frame().locator("path.cmm-gap")
    gaps.first.wait_for(state="attached", timeout=TIMEOUT_MS)
    # The filters start closed (components/supply_filters.py); a reader opens them first.
    page.page.get_by_text("Filters and layers", exact=True).click()
    box = page.page.get_by_text("Show gaps", exact=True)
    box.wait_for(timeout=TIMEOUT_MS)
    samples = []
    for _ in range(REPEATS):
        for wanted_gone in (True, False):
            time.sleep(0.5)
            start = time.perf_counter()
            box.click()
            if wanted_gone:
                page.page.wait_for_function(
                    "() => ![...document.querySelectorAll('iframe')].some(f => "
                    "f.contentDocument && f.contentDocument.querySelector('path.cmm-gap'))",
                    timeout=TIMEOUT_MS,
                )
            else:
                gaps.first.wait_for(state="attached", timeout=TIMEOUT_MS)
            samples.append(time.perf_counter() - start)
    page.page.close()
    return samples


def _time_click(context, base: str) -> list[float]:
    """Click a zone on the zones map; time until the page says it shows that zone (and back).

    The page's figures, tables and the map's outline follow the same rerun."""
    page = OfflinePage(context)
    page.page.goto(f"{base}/zones?council={DURHAM}")
    zones = page.map_frame().locator("path.cmm-zone")
    zones.first.wait_for(state="attached", timeout=TIMEOUT_MS)
    samples = []
    for i in range(2 * REPEATS):
        time.sleep(0.5)
        wanted = "Zone 6: " if i % 2 == 0 else "the whole of County Durham"
        heading = page.page.get_by_text(re.compile(f"^Showing: {re.escape(wanted)}"))
        start = time.perf_counter()
        page.map_frame().locator("path.cmm-zone").nth(5).dispatch_event("click")
        heading.wait_for(timeout=TIMEOUT_MS)
        samples.append(time.perf_counter() - start)
    page.page.close()
    return samples


def bench_browser() -> dict:
    """Time paint, filter change and click in headless Chromium against one warm server."""
    from playwright.sync_api import sync_playwright

    results: dict = {}
    url = f"?council={DURHAM}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        cold = []
        for _ in range(COLD_REPEATS):
            port = _free_port()
            server = _serve(APP_SERVER, port)
            try:
                context = browser.new_context(viewport=VIEWPORT)
                cold.append(_time_visit(context, f"http://127.0.0.1:{port}/{url}"))
                context.close()
            finally:
                stop_server(server)
        results["paint_cold_ms"] = median_ms(cold)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _serve(APP_SERVER, port)
        try:
            warmup = browser.new_context(viewport=VIEWPORT)
            _time_visit(warmup, f"{base}/{url}")
            warm = []
            for _ in range(REPEATS):
                context = browser.new_context(viewport=VIEWPORT)
                warm.append(_time_visit(context, f"{base}/{url}"))
                context.close()
            results["paint_new_visitor_ms"] = median_ms(warm)
            results["paint_returning_visitor_ms"] = median_ms(
                [_time_visit(warmup, f"{base}/{url}", cache=True) for _ in range(REPEATS)]
            )
            results["paint_in_app_ms"] = median_ms(_time_in_app(warmup, base))
            results["filter_redraw_ms"] = median_ms(_time_filter(warmup, base))
            results["click_to_chart_ms"] = median_ms(_time_click(warmup, base))
            warmup.close()
            results["server_peak_mb"] = peak_rss_mb(server.pid)
        finally:
            stop_server(server)
        with tempfile.TemporaryDirectory() as tmp:
            bare = Path(tmp) / "bare.py"
            bare.write_text(BARE_PAGE)
            port = _free_port()
            server = _serve(bare, port)
            try:
                samples = []
                for _ in range(REPEATS + 1):
                    context = browser.new_context(viewport=VIEWPORT)
                    page = OfflinePage(context)
                    start = time.perf_counter()
                    page.page.goto(f"http://127.0.0.1:{port}/")
                    page.page.get_by_role("heading", name="Bare page").wait_for()
                    samples.append(time.perf_counter() - start)
                    context.close()
                results["bare_page_ms"] = median_ms(samples[1:])
            finally:
                stop_server(server)
        browser.close()
    return results


_RERUNS = """
import json, os, statistics, sys, tempfile, time
os.environ["CMM_DATA_DIR"] = tempfile.mkdtemp()
from streamlit.testing.v1 import AppTest
from components.council_picker import COUNCIL_KEY

def page(name):
    at = AppTest.from_file(os.path.join("pages", name), default_timeout=300)
    at.session_state[COUNCIL_KEY] = sys.argv[1]
    at.run()
    at.run()
    return at

def timed(at, change):
    start = time.perf_counter()
    change(at).run()
    return time.perf_counter() - start

supply = page("supply.py")
beds = next(s for s in supply.slider if s.key == "cmm_supply_min_beds")
values = [5, 0] * 4
supply_times = [timed(supply, lambda at, v=v: beds.set_value(v)) for v in values]
zones = page("zones.py")
zones_times = [timed(zones, lambda at: at) for _ in values]
print(json.dumps({"supply": supply_times, "zones": zones_times}))
"""


def bench_reruns() -> dict:
    """Server time of a rerun, caches warm: a supply filter change and a zones-page rerun."""
    out = subprocess.run(
        [sys.executable, "-c", _RERUNS, DURHAM],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
        capture_output=True,
        text=True,
    )
    times = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "supply_filter_rerun_ms": median_ms(times["supply"]),
        "zones_rerun_ms": median_ms(times["zones"]),
    }


def _met(value: float, target: float) -> str:
    return "met" if value <= target else "**not met**"


def markdown_table(results: dict) -> str:
    """Return the README table of one run."""
    b, r = results["browser"], results["reruns"]
    paint, rerun, click = TARGETS["paint_ms"], TARGETS["rerun_ms"], TARGETS["click_ms"]
    rows = [
        "| County Durham | ms | target |",
        "|---|---:|---|",
        f"| page load to painted map, cold server | {b['paint_cold_ms']:,} | |",
        f"| page load to painted map, warm server, new visitor | {b['paint_new_visitor_ms']:,} "
        f"| ≤ {paint:,}: {_met(b['paint_new_visitor_ms'], paint)} |",
        f"| page load to painted map, warm server, returning visitor | "
        f"{b['paint_returning_visitor_ms']:,} | ≤ {paint:,}: "
        f"{_met(b['paint_returning_visitor_ms'], paint)} |",
        f"| to painted map inside the open app (from another page) | {b['paint_in_app_ms']:,} "
        f"| ≤ {paint:,}: {_met(b['paint_in_app_ms'], paint)} |",
        f"| a bare Streamlit page to its title (the floor) | {b['bare_page_ms']:,} | |",
        f"| server time of a rerun after a filter change (care homes) | "
        f"{r['supply_filter_rerun_ms']:,} | ≤ {rerun}: "
        f"{_met(r['supply_filter_rerun_ms'], rerun)} |",
        f"| server time of a zones-page rerun | {r['zones_rerun_ms']:,} | ≤ {rerun}: "
        f"{_met(r['zones_rerun_ms'], rerun)} |",
        f"| filter change to map redrawn, in the browser | {b['filter_redraw_ms']:,} | |",
        f"| map click to linked chart updated | {b['click_to_chart_ms']:,} | ≤ {click}: "
        f"{_met(b['click_to_chart_ms'], click)} |",
        f"| app server peak memory (MB) | {b['server_peak_mb']:,} | |",
    ]
    return "\n".join(rows)


def main() -> None:
    """Run the county benchmark, print its table and write bench/results/county.json."""
    results = {"reruns": bench_reruns(), "browser": bench_browser()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "county.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print(markdown_table(results))


if __name__ == "__main__":
    main()
