"""Experiment for issue 15: would the county map paint sooner outside streamlit-folium?

Serves, from the same virtualenv and at once: a bare Streamlit page (the floor), the app's
County Durham map page (streamlit-folium when this was written, the app's own component
now), and two prototype pages that draw the same folium map (same layers, same HTML)
through a Streamlit v2 component:
- "in an iframe": the component writes folium's HTML into an iframe's srcdoc, as
  streamlit-folium does, but without streamlit-folium's own bundle (the script of the
  app's own map component, components/map_view.py, which grew from this prototype);
- "in the page": the component loads Leaflet once into the page and runs folium's
  scripts there, with no iframe at all (jQuery is not loaded: no folium code here uses it).
Neither prototype returns clicks or keeps pan and zoom across reruns yet, so neither is
used by the app: this measures what replacing the component could gain, before building
it. Each round opens every page once, in a new browser context, with outside requests
blocked, and times navigation to a painted council boundary.

`python -m bench.map_component` writes bench/results/map_component.json and prints a table.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from bench.common import APP_SERVER, RESULTS, median_ms, start_server, stop_server
from bench.county import BARE_PAGE, DURHAM
from components.map_view import MAP_JS
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, _wait_healthy

ROUNDS = int(os.environ.get("CMM_BENCH_ROUNDS", "5"))
TIMEOUT_MS = 180_000
BOUNDARY_PAINTED = (
    "(() => { const p = document.querySelector('path.cmm-boundary');"
    " return !!p && p.getBoundingClientRect().width > 0; })()"
)
_PAGE = """
import hashlib

import streamlit as st

from components.geodata import council_geography
from maps.mapping import build_council_map

JS = {js!r}
MAP = st.components.v2.component(
    "cmm_map_prototype", html="<div class='cmm-map'></div>", js=JS, isolate_styles={isolate}
)
st.title("County Durham: the map")
html = build_council_map(council_geography("{code}"), layer_control=True).get_root().render()
digest = hashlib.sha1(html.encode()).hexdigest()
data = {{"html": html, "height": 560, "digest": digest}}
MAP(data={{**data, "title": "Map", "frame_class": "cmm-map-frame"}}, key="map")
"""
_IN_PAGE_JS = """
function load(src) {
  return new Promise((resolve, reject) => {
    const found = document.querySelector(`script[data-cmm="${src}"]`);
    if (found && found.dataset.ready) return resolve();
    const script = document.createElement("script");
    script.src = src;
    script.dataset.cmm = src;
    script.onload = () => { script.dataset.ready = "1"; resolve(); };
    script.onerror = reject;
    document.head.appendChild(script);
  });
}
export default async function (component) {
  const { data, parentElement } = component;
  const holder = parentElement.querySelector(".cmm-map");
  if (holder.dataset.digest === data.digest) return;
  holder.dataset.digest = data.digest;
  const doc = new DOMParser().parseFromString(data.html, "text/html");
  for (const link of doc.querySelectorAll("link[rel=stylesheet]")) {
    if (!document.querySelector(`link[href="${link.getAttribute("href")}"]`)) {
      document.head.appendChild(link.cloneNode());
    }
  }
  for (const script of doc.querySelectorAll("script[src]")) {
    if (!script.getAttribute("src").includes("jquery")) await load(script.getAttribute("src"));
  }
  holder.innerHTML = "";
  holder.style.height = data.height + "px";
  for (const style of doc.querySelectorAll("style")) holder.appendChild(style.cloneNode(true));
  for (const div of doc.body.querySelectorAll(":scope > div")) {
    holder.appendChild(div.cloneNode(true));
  }
  for (const script of doc.querySelectorAll("script:not([src])")) {
    const run = document.createElement("script");
    run.textContent = script.textContent;
    holder.appendChild(run);
  }
}
"""
PAGES = (
    ("a bare Streamlit page (the floor)", "bare"),
    ("County Durham map, the app's own page", "app"),
    ("same map, v2 component, in an iframe (prototype)", "iframe"),
    ("same map, v2 component, in the page (prototype)", "in_page"),
)


def _painted(page, kind: str) -> None:
    if kind == "bare":
        page.get_by_role("heading", name="Bare page").wait_for(timeout=TIMEOUT_MS)
        return
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate(BOUNDARY_PAINTED):
                    return
            except Exception:  # a frame navigating away mid-check: look again
                pass
        page.wait_for_timeout(20)
    raise TimeoutError(f"{kind}: the council boundary was not painted")


def bench_map_component() -> dict:
    """Serve the floor, the app and both prototypes; time ROUNDS interleaved rounds."""
    from playwright.sync_api import sync_playwright

    RESULTS.mkdir(parents=True, exist_ok=True)
    static = RESULTS / "static"  # Streamlit serves <script's folder>/static at /app/static
    scripts = {
        "bare": RESULTS / "bare_page.py",
        "iframe": RESULTS / "map_in_iframe.py",
        "in_page": RESULTS / "map_in_page.py",
    }
    scripts["bare"].write_text(BARE_PAGE)
    for kind, js, isolate in (("iframe", MAP_JS, True), ("in_page", _IN_PAGE_JS, False)):
        scripts[kind].write_text(_PAGE.format(js=js, isolate=isolate, code=DURHAM))
    if not static.exists():
        static.symlink_to(Path(APP_SERVER).parent / "static", target_is_directory=True)
    ports = {kind: _free_port() for _, kind in PAGES}
    servers = {kind: start_server(scripts.get(kind, APP_SERVER), ports[kind]) for _, kind in PAGES}
    samples: dict[str, list[float]] = {kind: [] for _, kind in PAGES}
    try:
        for kind, server in servers.items():
            _wait_healthy(f"http://127.0.0.1:{ports[kind]}", server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for round_number in range(ROUNDS + 1):  # the first round warms caches, untimed
                for _, kind in PAGES:
                    context = browser.new_context(viewport={"width": 1440, "height": 1000})
                    page = context.new_page()
                    path = f"/?council={DURHAM}" if kind == "app" else "/"
                    start = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{ports[kind]}{path}")
                    _painted(page, kind)
                    if round_number:
                        samples[kind].append(time.perf_counter() - start)
                    context.close()
            browser.close()
    finally:
        for server in servers.values():
            stop_server(server)
        for script in scripts.values():
            script.unlink(missing_ok=True)
        static.unlink(missing_ok=True)
    floor = median_ms(samples["bare"])
    return {
        "rounds": ROUNDS,
        "pages": [
            {
                "page": name,
                "median_ms": median_ms(samples[kind]),
                "ratio": round(median_ms(samples[kind]) / floor, 2),
            }
            for name, kind in PAGES
        ],
    }


def markdown_table(results: dict) -> str:
    """Return the README table of one run."""
    rows = [
        "| new visitor, page load to painted boundary | median (ms) | ÷ bare page |",
        "|---|---:|---:|",
    ]
    rows += [
        f"| {p['page']} | {p['median_ms']:,} | {p['ratio']:.2f} times |" for p in results["pages"]
    ]
    return "\n".join(rows)


def main() -> None:
    """Run the experiment, write its JSON and print its table."""
    results = bench_map_component()
    (RESULTS / "map_component.json").write_text(json.dumps(results, indent=2) + "\n")
    print(markdown_table(results))


if __name__ == "__main__":
    main()
