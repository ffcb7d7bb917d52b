"""Benchmark: geography build (cold, warm), postcode lookup, and page load to painted map.

Cold means a fresh cache folder and a fresh Python process; warm means the caches are
built and the process has read them before. Each figure is the median of REPEATS runs.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
FEATURED = ("E06000047", "E06000054", "E06000004", "E10000024")
REPEATS = 5

_COLD_COUNCIL = """
import time, sys
from geo.boundaries import english_councils, load_council_geography
councils = {c.code: c for c in english_councils()}
start = time.perf_counter()
load_council_geography(councils[sys.argv[1]])
print(time.perf_counter() - start)
"""
_COLD_ENGLAND = """
import time
start = time.perf_counter()
from geo.boundaries import english_councils
english_councils()
print(time.perf_counter() - start)
"""
_COLD_POSTCODE = """
import time
from geo.postcodes import lookup_postcode
start = time.perf_counter()
lookup_postcode("DL15 8NN")
print(time.perf_counter() - start)
"""


def _in_fresh_process(code: str, *args: str, cache: Path) -> float:
    env = {**os.environ, "CMM_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=REPO, check=True, capture_output=True
    )
    return float(out.stdout.decode().strip().splitlines()[-1])


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def bench_geography() -> dict:
    """Time England's one-off build and each featured council's cold and warm build."""
    from geo.boundaries import english_councils, load_council_geography

    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["england_cold_ms"] = _median_ms(
            [_in_fresh_process(_COLD_ENGLAND, cache=Path(tmp) / f"e{i}") for i in range(2)]
        )
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        _in_fresh_process(_COLD_ENGLAND, cache=cache)  # England built; councils not yet
        england = next(cache.glob("england-lsoa-*.parquet"))
        cold = {}
        for code in FEATURED:
            samples = []
            for i in range(REPEATS):
                run_cache = cache / f"{code}-{i}"
                run_cache.mkdir()
                (run_cache / england.name).write_bytes(england.read_bytes())
                samples.append(_in_fresh_process(_COLD_COUNCIL, code, cache=run_cache))
            cold[code] = _median_ms(samples)
    councils = {c.code: c for c in english_councils()}
    warm = {}
    for code in FEATURED:
        load_council_geography(councils[code])
        samples = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            load_council_geography(councils[code])
            samples.append(time.perf_counter() - start)
        warm[code] = _median_ms(samples)
    results["council"] = {
        code: {"name": councils[code].name, "cold_ms": cold[code], "warm_ms": warm[code]}
        for code in FEATURED
    }
    return results


def bench_postcodes() -> dict:
    """Time the first lookup in a fresh process and warm lookups of random real postcodes."""
    from geo.postcodes import _letter_table, lookup_postcode

    with tempfile.TemporaryDirectory() as tmp:
        cold = [_in_fresh_process(_COLD_POSTCODE, cache=Path(tmp)) for _ in range(REPEATS)]
    table = _letter_table("D")
    sample = random.Random(7).sample(list(table.index[table["easting"].notna()]), 1000)
    typed = [f"{p[:-3].lower()} {p[-3:].lower()}" for p in sample]
    lookup_postcode(typed[0])
    times = []
    for text in typed:
        start = time.perf_counter()
        assert lookup_postcode(text).found
        times.append(time.perf_counter() - start)
    return {
        "cold_ms": _median_ms(cold),
        "warm_median_ms": round(statistics.median(times) * 1000, 3),
        "warm_p99_ms": round(sorted(times)[int(len(times) * 0.99)] * 1000, 3),
    }


def _paint_time(browser_or_context, url: str, *, cache: bool = False) -> float:
    from tests.e2e.conftest import OfflinePage

    page = OfflinePage(browser_or_context, cache=cache)
    start = time.perf_counter()
    page.page.goto(url)
    page.map_frame().locator("path.cmm-boundary").first.wait_for(state="visible", timeout=60_000)
    elapsed = time.perf_counter() - start
    assert not page.blocked, page.blocked
    page.page.close()
    return elapsed


def bench_browser() -> dict:
    """Time page load to painted council boundary in headless Chromium, offline.

    "new visitor" opens each page in a fresh browser context (nothing cached); "returning
    visitor" reuses one context, so Streamlit's own scripts come from the browser cache.
    The server is warm in both: each council is visited once before timing.
    """
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, _wait_healthy

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port)]
    server = subprocess.Popen(
        [*command, "--server.address", "127.0.0.1"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results: dict = {"new_visitor_ms": {}, "returning_visitor_ms": {}}
    try:
        _wait_healthy(url, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            returning = browser.new_context(viewport={"width": 1400, "height": 1000})
            for code in FEATURED:
                page_url = f"{url}/?council={code}"
                _paint_time(returning, page_url, cache=True)
                fresh = []
                for _ in range(REPEATS):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    fresh.append(_paint_time(context, page_url))
                    context.close()
                again = [_paint_time(returning, page_url, cache=True) for _ in range(REPEATS)]
                results["new_visitor_ms"][code] = _median_ms(fresh)
                results["returning_visitor_ms"][code] = _median_ms(again)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return results


def markdown_table(results: dict) -> str:
    """Return the README table of one run's results."""
    geography = results["geography"]
    browser = results["browser"]
    rows = [
        "| measure | County Durham | Wiltshire | Stockton-on-Tees | Nottinghamshire | target |",
        "|---|---:|---:|---:|---:|---|",
    ]

    def row(label: str, values: list, target: str) -> None:
        rows.append(f"| {label} | " + " | ".join(f"{v:,}" for v in values) + f" | {target} |")

    row("council geography, cold (ms)", [geography["council"][c]["cold_ms"] for c in FEATURED], "")
    row(
        "council geography, warm (ms)",
        [geography["council"][c]["warm_ms"] for c in FEATURED],
        "< 200",
    )
    row(
        "page load to painted map, returning visitor (ms)",
        [browser["returning_visitor_ms"][c] for c in FEATURED],
        "< 1,500",
    )
    row(
        "page load to painted map, new visitor (ms)",
        [browser["new_visitor_ms"][c] for c in FEATURED],
        "",
    )
    postcodes = results["postcodes"]
    rows += [
        "",
        f"England's geography, built once from nothing: {geography['england_cold_ms']:,} ms. "
        f"Postcode lookup: first in a fresh process {postcodes['cold_ms']:,} ms (reads one "
        f"letter's file); warm median {postcodes['warm_median_ms']} ms, 99th percentile "
        f"{postcodes['warm_p99_ms']} ms over 1,000 random postcodes (target < 20 ms).",
    ]
    return "\n".join(rows)


def main() -> None:
    """Run every benchmark, print a summary and write bench/results/geography.json."""
    results = {
        "browser": bench_browser(),
        "geography": bench_geography(),
        "postcodes": bench_postcodes(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "geography.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print(markdown_table(results))


if __name__ == "__main__":
    main()
