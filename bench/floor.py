"""Benchmark: each map page against Streamlit's own floor, measured in one run.

A bare Streamlit page (a title only) and the app are served at once by the same
virtualenv. Each round opens every page once, in a new browser context each time (a
new visitor), with every non-loopback request blocked, and times navigation to the
painted map; the rounds interleave the pages, so a slow moment of the machine falls on
all of them alike. A page's ratio is its median over the bare page's median.

Each visit is timed on two clocks:
- in the page (the ratios and targets): a script added to the page before it loads checks
  every animation frame, from the start of the navigation, for what "painted" means there
  (the bare page's heading, a map's shape, England's homes all drawn), and takes the
  page's own time two frames after it first holds, when that frame has been produced;
- by the harness: from asking Playwright to open the page to Playwright seeing the same.
  This also counts Playwright's own polling, which waits while the browser is busy: on a
  page that asks for its tables once the map is drawn (components.map_view), it ended
  with the tables, about a second after the map was on screen.

The same script notes, in the page's clock, when each earlier stage first holds: the page
loaded, the first heading drawn, the sidebar's council picker drawn, the map's frame made
(`STAGES`). Their medians, over the bare page's painted median, show where a new visitor's
time goes before the map is painted (README, issue 15).

`python -m bench.floor` writes bench/results/floor.json and prints two Markdown tables.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.common import APP_SERVER, RESULTS, median_ms, start_server, stop_server
from bench.county import BARE_PAGE, DURHAM
from bench.england import _TWO_FRAMES, OURS
from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_FRAMES,
    OfflinePage,
    _free_port,
    _wait_healthy,
)

ROUNDS = int(os.environ.get("CMM_BENCH_ROUNDS", "5"))
VIEWPORT = {"width": 1440, "height": 1000}
TIMEOUT_MS = 180_000


def _frame(page: OfflinePage):
    page.page.set_default_timeout(TIMEOUT_MS)
    return page.map_frame_object()


# Added to every page before it loads (the top document only): see the module's docstring.
_PAINT_WATCH = """(() => {
  if (window.top !== window) { return; }
  const want = %s;
  const shown = (element) => {
    const box = element && element.getBoundingClientRect();
    return Boolean(box && (box.width > 0 || box.height > 0));
  };
  const holds = () => {
    if (want.heading) {
      return [...document.querySelectorAll("h1")].some((h) => h.textContent === want.heading);
    }
    const frame = document.querySelector(want.frame);
    const inner = frame && frame.contentWindow;
    if (!inner || !inner.document) { return false; }
    if (want.css) { return shown(inner.document.querySelector(want.css)); }
    try { return Boolean(inner.eval("(" + want.test + ")")(want.arg)); } catch (e) { return false; }
  };
  // Earlier stages, each noted when it first holds (the bare page has the heading only).
  const marks = window.__cmmStages = {};
  const stages = {
    heading: () => [...document.querySelectorAll("h1")].some(shown),
    picker: () => shown(document.querySelector(
      '[data-testid="stSidebar"] [data-testid="stSelectbox"]')),
    frame: () => Boolean(want.frame && document.querySelector(want.frame)),
  };
  const poll = () => {
    for (const [name, check] of Object.entries(stages)) {
      try {
        if (!(name in marks) && check()) { marks[name] = performance.now(); }
      } catch (error) {
        // A stage that cannot be read is left out; the painted time is still taken.
      }
    }
    if (!holds()) { requestAnimationFrame(poll); return; }
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__cmmPainted = performance.now();
    }));
  };
  requestAnimationFrame(poll);
})();"""


def _visible(css: str) -> Callable[[OfflinePage], None]:
    def wait(page: OfflinePage) -> None:
        page.map_frame().locator(css).first.wait_for(state="visible", timeout=TIMEOUT_MS)
        _frame(page).evaluate(_TWO_FRAMES)

    return wait


def _england(page: OfflinePage) -> None:
    frame = _frame(page)
    frame.wait_for_function(OURS.test, arg=OURS.count, polling=50, timeout=TIMEOUT_MS)
    frame.evaluate(_TWO_FRAMES)


def _bare(page: OfflinePage) -> None:
    page.page.get_by_role("heading", name="Bare page").wait_for(timeout=TIMEOUT_MS)


@dataclass(frozen=True)
class Target:
    """One page: where it is, what "painted" means there (for Playwright, and for the
    script in the page: `watch`), and its target ratio."""

    name: str
    path: str
    painted: Callable[[OfflinePage], None]
    watch: dict
    ratio: float | None  # None for the floor itself


def _shape(css: str) -> dict:
    return {"frame": MAP_FRAMES, "css": css}


TARGETS = (
    Target("a bare Streamlit page (the floor)", "/", _bare, {"heading": "Bare page"}, None),
    Target(
        "County Durham map",
        f"/?council={DURHAM}",
        _visible("path.cmm-boundary"),
        _shape("path.cmm-boundary"),
        1.5,
    ),
    Target(
        "County Durham zones",
        f"/zones?council={DURHAM}",
        _visible("path.cmm-zone"),
        _shape("path.cmm-zone"),
        1.5,
    ),
    Target(
        "County Durham care homes",
        f"/supply?council={DURHAM}",
        _visible("path.cmm-supply-area"),
        _shape("path.cmm-supply-area"),
        1.5,
    ),
    Target(
        "England overview",
        "/england",
        _england,
        {"frame": MAP_FRAMES, "test": OURS.test, "arg": OURS.count},
        2.0,
    ),
)


# What each stage is called in the tables, in the order a page goes through them.
STAGES = {
    "loaded": "page loaded",
    "heading": "first heading drawn",
    "picker": "council picker drawn",
    "frame": "map frame made",
}
_STAGE_TIMES = """() => ({
  ...window.__cmmStages,
  loaded: performance.getEntriesByType("navigation")[0].loadEventEnd,
})"""


def _visit(browser, base: str, target: Target) -> tuple[float, float, dict[str, float]]:
    """Return the seconds to the painted page in the page's own clock, the harness's, and
    the page's seconds to each of the `STAGES` it went through."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(_PAINT_WATCH % json.dumps(target.watch))
    page = OfflinePage(context)
    try:
        start = time.perf_counter()
        page.page.goto(base + target.path)
        target.painted(page)
        elapsed = time.perf_counter() - start
        painted = page.page.wait_for_function(
            "() => window.__cmmPainted", polling=50, timeout=TIMEOUT_MS
        ).json_value()
        stages = page.page.evaluate(_STAGE_TIMES)
        assert not page.blocked, page.blocked
        return painted / 1000, elapsed, {name: ms / 1000 for name, ms in stages.items() if ms}
    finally:
        context.close()


def bench_floor() -> dict:
    """Serve the bare page and the app, warm every page, then time ROUNDS interleaved rounds."""
    from playwright.sync_api import sync_playwright

    bare_script = RESULTS / "bare_page.py"
    RESULTS.mkdir(parents=True, exist_ok=True)
    bare_script.write_text(BARE_PAGE)
    ports = {"bare": _free_port(), "app": _free_port()}
    servers = {
        "bare": start_server(bare_script, ports["bare"]),
        "app": start_server(APP_SERVER, ports["app"]),
    }
    samples: dict[str, list[float]] = {t.name: [] for t in TARGETS}
    harness: dict[str, list[float]] = {t.name: [] for t in TARGETS}
    stages: dict[str, dict[str, list[float]]] = {t.name: {} for t in TARGETS}
    try:
        for name, server in servers.items():
            _wait_healthy(f"http://127.0.0.1:{ports[name]}", server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def base(target: Target) -> str:
                return f"http://127.0.0.1:{ports['bare' if target.ratio is None else 'app']}"

            for target in TARGETS:  # first visits build caches; not timed
                _visit(browser, base(target), target)
            for _ in range(ROUNDS):
                for target in TARGETS:
                    in_page, by_harness, reached = _visit(browser, base(target), target)
                    samples[target.name].append(in_page)
                    harness[target.name].append(by_harness)
                    for stage, seconds in reached.items():
                        stages[target.name].setdefault(stage, []).append(seconds)
            browser.close()
    finally:
        for server in servers.values():
            stop_server(server)
        bare_script.unlink(missing_ok=True)
    floor = median_ms(samples[TARGETS[0].name])
    harness_floor = median_ms(harness[TARGETS[0].name])
    return {
        "rounds": ROUNDS,
        "clock": "in the page, two frames after painted (harness: Playwright's wall clock)",
        "pages": [
            {
                "page": t.name,
                "median_ms": median_ms(samples[t.name]),
                "ratio": round(median_ms(samples[t.name]) / floor, 2),
                "samples_ms": [round(x * 1000) for x in samples[t.name]],
                "harness_median_ms": median_ms(harness[t.name]),
                "harness_ratio": round(median_ms(harness[t.name]) / harness_floor, 2),
                "target_ratio": t.ratio,
                "stages": stage_medians(stages[t.name], floor),
            }
            for t in TARGETS
        ],
    }


def stage_medians(samples: dict[str, list[float]], floor_ms: float) -> dict[str, dict]:
    """Return each stage's median (ms), its ratio to the floor and the number of visits it
    was seen in, in `STAGES` order. A stage first holding after the page was painted (the
    watch stops then) or a load not yet ended is not seen in that visit."""
    return {
        name: {
            "median_ms": median_ms(samples[name]),
            "ratio": round(median_ms(samples[name]) / floor_ms, 2),
            "visits": len(samples[name]),
        }
        for name in STAGES
        if samples.get(name)
    }


def _stage_cell(stage: dict | None, rounds: int) -> str:
    if stage is None:
        return "none"
    cell = f"{stage['median_ms']:,} ({stage['ratio']:.2f})"
    return cell if stage["visits"] == rounds else f"{cell}, {stage['visits']} of {rounds} visits"


def stages_table(results: dict) -> str:
    """Return the README table of where each page's time went before it was painted."""
    header = " | ".join(STAGES.values())
    rows = [
        f"| new visitor, page's clock: ms (÷ bare page painted) | {header} | painted |",
        "|---|" + "---:|" * (len(STAGES) + 1),
    ]
    for row in results["pages"]:
        cells = [_stage_cell(row["stages"].get(name), results["rounds"]) for name in STAGES]
        painted = f"{row['median_ms']:,} ({row['ratio']:.2f})"
        rows.append(f"| {row['page']} | {' | '.join(cells)} | {painted} |")
    return "\n".join(rows)


def markdown_table(results: dict) -> str:
    """Return the README table of one run."""
    rows = [
        "| new visitor, page load to painted map | median (ms), in the page | ÷ bare page "
        "| harness's clock (ms) | ÷ bare page | target (in the page) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in results["pages"]:
        target = row["target_ratio"]
        verdict = (
            ""
            if target is None
            else f"≤ {target:g} times: " + ("met" if row["ratio"] <= target else "**not met**")
        )
        ratio = f"{row['ratio']:.2f} times"
        harness = f"{row['harness_median_ms']:,} | {row['harness_ratio']:.2f} times"
        rows.append(f"| {row['page']} | {row['median_ms']:,} | {ratio} | {harness} | {verdict} |")
    return "\n".join(rows)


def main() -> None:
    """Run the floor benchmark, print its two tables and write bench/results/floor.json."""
    results = bench_floor()
    (RESULTS / "floor.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print(markdown_table(results))
    print()
    print(stages_table(results))


if __name__ == "__main__":
    main()
