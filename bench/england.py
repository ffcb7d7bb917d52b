"""Benchmark: the England overview against a naive build of the same map, in one run.

Measures, each in headless Chromium with every non-loopback request blocked:

- the England page (14,000 illustrative homes at real postcodes, 32,844 small areas, 153
  councils) from page load to painted homes: cold (a freshly started server, a new
  browser) and warm (the same server; a returning visitor, whose browser has the layer
  files, and a new one);
- the same map built naively (bench/naive_england.py: one folium Marker with a popup per
  home, the shipped LSOA polygons unsimplified with a per-feature style, no caching),
  served by its own Streamlit server and timed the same way, capped in time and memory;
- peak memory (VmHWM, Linux /proc) of each app server;
- the England map's cached parts built from nothing, in a fresh process;
- the full-size CQC import: a generated care directory with filters of 50,000 locations
  (14,000 care homes), as .ods and .csv, through `python -m data.cqc import`;
- postcode lookup (bench/geography.py's measure).

`python -m bench.england` writes bench/results/england.json and prints Markdown tables.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.jquery as xjquery

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import (  # noqa: E402
    APP_SERVER,
    RESULTS,
    median_ms,
    peak_rss_mb,
    start_server,
    status_mb,
    stop_server,
)
from maps.assets import ensure_static_assets  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_FRAMES,
    OfflinePage,
    _free_port,
    _wait_healthy,
)

PAGE = "england"
VIEWPORT = {"width": 1920, "height": 1200}
REPEATS = 5
COLD_REPEATS = 3
NAIVE_TIMEOUT_S = 300
NAIVE_MEMORY_CAP_MB = 6000
PAINT_TARGET_MS = 4000
RATIO_TARGET = 10
MEMORY_TARGET_MB = 1024
IMPORT_TARGET_S = 30
POSTCODE_TARGET_MS = 20

_BUILD_FROM_NOTHING = """
import resource, time
start = time.perf_counter()
from bench.generate import england_homes
from maps.england import prepare_england
prepare_england()
england_homes()
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


class MemoryCap:
    """Stop a process whose resident memory passes `cap_mb`; remember its peak."""

    def __init__(self, process: subprocess.Popen, cap_mb: float):
        self.process = process
        self.cap_mb = cap_mb
        self.peak_mb = 0.0
        self.stopped = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.wait(0.25) and self.process.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                self.peak_mb = max(self.peak_mb, peak_rss_mb(self.process.pid))
                if status_mb(self.process.pid, "VmRSS") > self.cap_mb:
                    self.stopped = True
                    self.process.kill()

    def close(self) -> None:
        """Stop watching."""
        self._done.set()
        self._thread.join(timeout=2)


def _wait_up(url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    # Health only: the naive script is too slow for Streamlit's script health check.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


# Painted: the map has its view and at least `count` layers (every layer is added in one
# script run, so all of them are), then two animation frames have passed, so the frame
# that draws them has been produced. The naive map holds a Leaflet layer per home and per
# small area; ours holds the councils as layers and draws the homes on a canvas of their
# own (maps/england.py, L.CmmDots), so it is painted once that layer has drawn them all.
# The page's Leaflet map: streamlit-folium names it map_div, the app's own component keeps
# folium's name (map_ and a number).
_THE_MAP = "(window.map_div || Object.values(window).find(v => window.L && v instanceof L.Map))"
_ALL_ADDED = (
    "(count) => { const map = "
    + _THE_MAP
    + "; return Boolean(map && map._loaded && Object.keys(map._layers).length >= count); }"
)
_HOMES_DRAWN = (
    "(count) => { const map = "
    + _THE_MAP
    + "; if (!map || !map._loaded || Object.keys(map._layers).length < count.layers) {"
    " return false; }"
    " const dots = Object.values(map._layers).find(l => window.L.CmmDots"
    " && l instanceof L.CmmDots);"
    " return Boolean(dots && dots.points >= count.homes && dots.drawn === dots.points); }"
)
_TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
_LAYERS = f"() => Object.keys({_THE_MAP}._layers).length"
# Share of the map's vector canvas (shading and outlines; ours draws its homes on a canvas
# of their own) that has been drawn on.
_INKED = """() => {
    const canvas = document.querySelector('.leaflet-overlay-pane canvas');
    if (!canvas) { return 0; }
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { inked++; } }
    return inked / (pixels.length / 4);
}"""
OURS_DRAWN = {"layers": 153, "homes": 14_000}
NAIVE_LAYERS = 14_000 + 32_844
NAIVE_JQUERY = "jquery.min.js"


@dataclass(frozen=True)
class Painted:
    """When a map counts as painted: a test run in its frame, and the count it needs."""

    test: str
    count: object


OURS = Painted(_HOMES_DRAWN, OURS_DRAWN)
NAIVE = Painted(_ALL_ADDED, NAIVE_LAYERS)


# The naive page draws its map with streamlit-folium, ours with the app's own component.
ANY_MAP_FRAME = f"{MAP_FRAMES}, iframe[title='streamlit_folium.st_folium']"


class Visit:
    """One page load in a browser context, timed from navigation to the painted map."""

    def __init__(self, context, url: str, painted: Painted, timeout_s: float):
        self.received = 0
        self.seconds: float | None = None
        self.error = ""
        page = OfflinePage(context)
        page.page.on("websocket", self._count)
        start = time.perf_counter()
        try:
            page.page.goto(url, timeout=timeout_s * 1000)
            left = max(1.0, timeout_s - (time.perf_counter() - start))
            page.page.set_default_timeout(left * 1000)
            page.page.frame_locator(ANY_MAP_FRAME).locator(".leaflet-container").wait_for(
                state="attached"
            )
            frame = page.page.locator(ANY_MAP_FRAME).element_handle().content_frame()
            left = max(1.0, timeout_s - (time.perf_counter() - start))
            frame.wait_for_function(
                painted.test, arg=painted.count, polling=50, timeout=left * 1000
            )
            frame.evaluate(_TWO_FRAMES)
            self.seconds = time.perf_counter() - start
            self.layers = frame.evaluate(_LAYERS)
            self.inked = frame.evaluate(_INKED)
            self.markers = frame.locator("img.leaflet-marker-icon").count()
        except Exception as exc:  # a timeout, or a page that died with its server
            self.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
        self.blocked = list(page.blocked)
        with contextlib.suppress(Exception):
            page.page.close()

    def _count(self, socket) -> None:
        def add(payload) -> None:
            self.received += len(payload)

        socket.on("framereceived", add)


def bench_ours(browser, port: int) -> dict:
    """Time the England page cold (fresh servers) and warm; read the server's peak memory."""
    url = f"http://127.0.0.1:{port}"
    page_url = f"{url}/{PAGE}"
    cold: list[Visit] = []
    peaks = []
    for _ in range(COLD_REPEATS - 1):
        server = start_server(APP_SERVER, port)
        try:
            _wait_healthy(url, server)
            context = browser.new_context(viewport=VIEWPORT)
            cold.append(Visit(context, page_url, OURS, 120))
            context.close()
            peaks.append(peak_rss_mb(server.pid))
        finally:
            stop_server(server)
    # The last server stays up for the warm visits: the returning visitor is the cold
    # one's browser, whose cache holds Streamlit's scripts and the layer files.
    server = start_server(APP_SERVER, port)
    try:
        _wait_healthy(url, server)
        context = browser.new_context(viewport=VIEWPORT)
        cold.append(Visit(context, page_url, OURS, 120))
        returning = [Visit(context, page_url, OURS, 120) for _ in range(REPEATS)]
        context.close()
        fresh = []
        for _ in range(REPEATS):
            other = browser.new_context(viewport=VIEWPORT)
            fresh.append(Visit(other, page_url, OURS, 120))
            other.close()
        peaks.append(peak_rss_mb(server.pid))
        current = status_mb(server.pid, "VmRSS")
    finally:
        stop_server(server)
    visits = cold + returning + fresh
    failed = [v.error for v in visits if v.seconds is None]
    if failed:
        raise RuntimeError(f"England page did not paint: {failed[0]}")
    if min(v.inked for v in visits) < 0.05:
        raise RuntimeError("England page's map canvas stayed (nearly) blank")
    return {
        "cold_ms": median_ms([v.seconds for v in cold]),
        "cold_samples_ms": [round(v.seconds * 1000) for v in cold],
        "warm_returning_ms": median_ms([v.seconds for v in returning]),
        "warm_returning_samples_ms": [round(v.seconds * 1000) for v in returning],
        "warm_new_visitor_ms": median_ms([v.seconds for v in fresh]),
        "layers_drawn": returning[-1].layers,
        "canvas_inked_share": round(returning[-1].inked, 3),
        "websocket_bytes_cold": int(statistics.median([v.received for v in cold])),
        "layer_file_bytes": _layer_file_bytes(),
        "blocked_requests": sorted({u for v in visits for u in v.blocked}),
        "server_peak_rss_mb": max(peaks),
        "server_rss_after_mb": current,
        "visits_on_measured_server": 1 + 2 * REPEATS,
    }


def _layer_file_bytes() -> int:
    from bench.generate import england_homes
    from maps.england import publish_england_layers

    layers = publish_england_layers(england_homes())
    files = [c.layer for c in layers.density] + [layers.councils] + [c.layer for c in layers.homes]
    static = REPO / "static"
    return sum((static / f.url.removeprefix("/app/static/")).stat().st_size for f in files)


def bench_naive(browser, port: int, timeout_s: float, cap_mb: float) -> dict:
    """Time the naive map's first paint on a fresh server, twice if it paints at all."""
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="cmm-naive-") as tmp:
        folder = Path(tmp)
        # Streamlit serves <script folder>/static: the app's Leaflet, and jQuery, which
        # folium's popups need and the app no longer loads, all offline.
        script = folder / "naive_england.py"
        shutil.copyfile(REPO / "bench" / "naive_england.py", script)
        # Copied, not linked: Streamlit serves no file that resolves outside its folder.
        ensure_static_assets(folder / "static")
        shutil.copyfile(
            Path(xjquery.BASE_DIR) / "jquery.min.js", folder / "static" / "vendor" / NAIVE_JQUERY
        )
        timings = folder / "timings.jsonl"
        server = start_server(script, port, {"CMM_BENCH_TIMINGS": str(timings)})
        cap = MemoryCap(server, cap_mb)
        try:
            _wait_up(url, server)
            context = browser.new_context(viewport=VIEWPORT)
            first = Visit(context, url, NAIVE, timeout_s)
            second = None
            if first.seconds is not None and not cap.stopped:
                second = Visit(context, url, NAIVE, timeout_s)
            context.close()
        finally:
            cap.close()
            peak = cap.peak_mb
            with contextlib.suppress(OSError, ValueError):
                peak = max(peak, peak_rss_mb(server.pid))
            stop_server(server)
        runs = (
            [json.loads(line) for line in timings.read_text().splitlines()]
            if (timings.exists())
            else []
        )

    def outcome(visit: Visit | None) -> dict:
        if visit is None:
            return {"painted": False, "ms": None, "note": "not run"}
        if visit.seconds is None:
            why = f"stopped at the {cap_mb:,.0f} MB cap" if cap.stopped else visit.error
            return {
                "painted": False,
                "ms": None,
                "at_least_ms": round(timeout_s * 1000),
                "note": why,
            }
        return {
            "painted": True,
            "ms": round(visit.seconds * 1000),
            "layers": visit.layers,
            "markers": visit.markers,
            "websocket_bytes": visit.received,
        }

    return {
        "first_visit": outcome(first),
        "second_visit": outcome(second),
        "server_peak_rss_mb": peak,
        "memory_cap_hit": cap.stopped,
        "server_runs": runs,
        "timeout_s": timeout_s,
    }


def bench_build_from_nothing() -> dict:
    """Build the England map's cached parts and the homes in a fresh process and cache."""
    with tempfile.TemporaryDirectory(prefix="cmm-england-") as tmp:
        cache = Path(tmp)
        from geo.cache import cache_dir

        for england in cache_dir().glob("england-lsoa-*.parquet"):
            if re.fullmatch(r"england-lsoa-[0-9a-f]{16}\.parquet", england.name):
                shutil.copyfile(england, cache / england.name)  # England's LSOAs: not ours
        env = {**os.environ, "CMM_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
        out = subprocess.run(
            [sys.executable, "-c", _BUILD_FROM_NOTHING],
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        )
    seconds, peak = (float(v) for v in out.stdout.strip().splitlines()[-1].split())
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak)}


def bench_cqc_import() -> dict:
    """Generate a full-size care directory and import it with the real command line."""
    from bench.generate import write_directory

    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="cmm-cqc-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        paths = write_directory(folder)
        results["generate_s"] = round(time.perf_counter() - start, 1)
        for suffix, path in paths.items():
            env = {**os.environ, "CMM_DATA_DIR": str(folder / f"data{suffix}")}
            env.pop("CMM_DATABASE_URL", None)
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-m", "data.cqc", "import", str(path)],
                env=env,
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - start
            counts = re.search(r"([\d,]+) rows read, ([\d,]+) care homes kept", out.stdout)
            numbers = [int(n.replace(",", "")) for n in counts.groups()]
            results[suffix] = {
                "seconds": round(seconds, 1),
                "megabytes": round(path.stat().st_size / 2**20, 1),
                "rows_read": numbers[-2],
                "homes_kept": numbers[-1],
                "councils_saved": out.stdout.count("Saved "),
            }
    return results


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _naive_cell(outcome: dict) -> str:
    if outcome["painted"]:
        return _ms(outcome["ms"])
    if outcome.get("at_least_ms"):
        return f"> {outcome['at_least_ms']:,} (did not paint: {outcome['note']})"
    return outcome["note"]


def _ratio(naive: dict, ours_ms: float) -> str:
    if naive["painted"]:
        return f"{naive['ms'] / ours_ms:,.1f} times"
    if naive.get("at_least_ms"):
        return f"> {naive['at_least_ms'] / ours_ms:,.0f} times"
    return "—"


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def markdown_table(results: dict) -> str:
    """Return the README tables of one run's results."""
    ours, naive = results["ours"], results["naive"]
    cold_ok = ours["cold_ms"] <= PAINT_TARGET_MS
    warm_ok = ours["warm_returning_ms"] <= PAINT_TARGET_MS
    first, second = naive["first_visit"], naive["second_visit"]

    def ratio_ok(outcome: dict, ours_ms: float) -> bool:
        naive_ms = outcome["ms"] if outcome["painted"] else outcome.get("at_least_ms")
        return naive_ms is not None and naive_ms / ours_ms >= RATIO_TARGET

    rows = [
        "| England (14,000 homes, 32,844 small areas) | ours | naive | naive ÷ ours | target |",
        "|---|---:|---:|---:|---|",
        f"| page load to painted map, cold: new server and browser (ms) | {_ms(ours['cold_ms'])} "
        f"| {_naive_cell(first)} | {_ratio(first, ours['cold_ms'])} | ≤ 4,000 and ≥ 10 times: "
        f"{_met(cold_ok and ratio_ok(first, ours['cold_ms']))} |",
        f"| page load to painted map, warm: returning visitor (ms) "
        f"| {_ms(ours['warm_returning_ms'])} | {_naive_cell(second)} "
        f"| {_ratio(second, ours['warm_returning_ms'])} | ≤ 4,000 and ≥ 10 times: "
        f"{_met(warm_ok and ratio_ok(second, ours['warm_returning_ms']))} |",
        f"| page load to painted map, warm server, new visitor (ms) "
        f"| {_ms(ours['warm_new_visitor_ms'])} | | | |",
        f"| app server peak memory (MB) | {ours['server_peak_rss_mb']:,.0f} "
        f"| {naive['server_peak_rss_mb']:,.0f} | | ≤ 1,024: "
        f"{_met(ours['server_peak_rss_mb'] <= MEMORY_TARGET_MB)} |",
        f"| sent to the browser over the websocket, cold (MB) "
        f"| {ours['websocket_bytes_cold'] / 1e6:,.2f} "
        f"| {(first.get('websocket_bytes') or 0) / 1e6:,.1f} | | |",
    ]
    imports = results["cqc_import"]
    postcodes = results["postcodes"]
    build = results["build_from_nothing"]
    rows += [
        "",
        "| other measure | result | target |",
        "|---|---:|---|",
    ]
    for suffix in (".ods", ".csv"):
        item = imports[suffix]
        rows.append(
            f"| full CQC import, {item['rows_read']:,} locations ({item['homes_kept']:,} homes "
            f"kept), {suffix} {item['megabytes']} MB (s) | {item['seconds']} "
            f"| ≤ 30: {_met(item['seconds'] <= IMPORT_TARGET_S)} |"
        )
    rows += [
        f"| postcode lookup, warm median / 99th percentile (ms) | "
        f"{postcodes['warm_median_ms']} / {postcodes['warm_p99_ms']} "
        f"| ≤ 20: {_met(postcodes['warm_p99_ms'] <= POSTCODE_TARGET_MS)} |",
        f"| postcode lookup, first in a fresh process (ms) | {postcodes['cold_ms']:,} | |",
        f"| England map's cached parts and homes built from nothing (s, peak MB) "
        f"| {build['seconds']}, {build['peak_rss_mb']:,} | |",
    ]
    if naive["server_runs"]:
        run = naive["server_runs"][0]
        rows += [
            "",
            f"Naive server, first run: {run['prepare_s']} s preparing the data, "
            f"{run['build_map_s']} s building the folium map, {run['st_folium_s']} s in "
            "st_folium.",
        ]
    return "\n".join(rows)


def _save(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "england.json").write_text(json.dumps(results, indent=2))


def main(argv: list[str] | None = None) -> int:
    """Run every England benchmark, write bench/results/england.json, print the tables."""
    parser = argparse.ArgumentParser(prog="python -m bench.england", description=__doc__)
    parser.add_argument("--port", type=int, help="the app server's port (naive: port + 1)")
    parser.add_argument("--naive-timeout", type=float, default=NAIVE_TIMEOUT_S, help="seconds")
    parser.add_argument("--naive-memory-cap", type=float, default=NAIVE_MEMORY_CAP_MB, help="MB")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from bench.generate import england_homes
    from bench.geography import bench_postcodes
    from maps.england import prepare_england

    # Built once before timing, as `make run` builds England's geography before serving.
    prepare_england()
    england_homes()
    port = args.port or _free_port()
    naive_port = port + 1 if args.port else _free_port()
    started = time.strftime("%Y-%m-%d %H:%M")
    with open("/proc/loadavg") as load:
        load_before = load.read().split()[:3]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            ours = bench_ours(browser, port)
            naive = bench_naive(browser, naive_port, args.naive_timeout, args.naive_memory_cap)
        finally:
            browser.close()
    results: dict = {
        "started": started,
        "load_average_before": load_before,
        "cores": os.cpu_count(),
        "ours": ours,
        "naive": naive,
    }
    _save(results)  # kept even if a later measure fails
    print(json.dumps(results, indent=2), flush=True)
    results["build_from_nothing"] = bench_build_from_nothing()
    results["cqc_import"] = bench_cqc_import()
    results["postcodes"] = bench_postcodes()
    with open("/proc/loadavg") as load:
        results["load_average_after"] = load.read().split()[:3]
    _save(results)
    print(json.dumps({k: results[k] for k in ("build_from_nothing", "cqc_import", "postcodes")}))
    print(markdown_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
