"""Benchmark: the server time of a zones-page rerun that leaves the map alone, read from the
websocket.

County Durham's zones page is opened in headless Chromium (every non-loopback request
blocked) against the real app server. Each change presses one widget's step or tick; the
server time of its rerun is the time, on the browser's own clock (Chrome DevTools
`Network.webSocketFrame*` timestamps), from the rerun request leaving the browser to the
server's "script finished" message arriving: the script's run on the server, its callbacks
and the loopback hop. The app is not instrumented. Two widgets are timed:

- "Uplift per visit (£)": changes only the rule's cost figures, never the map;
- "Rural small areas only": changes which areas the map shades, so the whole page reruns.

Each rerun also records whether it was a fragment's run, how many elements it sent and
whether the map's element was among them (sent whole, or as a reference to a copy the
browser holds: either way the server rendered it).

The app is served twice, one server after the other: as it ships, and with Streamlit's
`runner.postScriptGC` off. With it on (Streamlit's default) every run, a fragment's too,
ends in a full `gc.collect(2)` over the server's whole heap, which holds the GIL, so the
"script finished" message waits for it.

`python -m bench.rerun` writes bench/results/rerun.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import time
from dataclasses import dataclass, field

from bench.common import APP_SERVER, RESULTS, peak_rss_mb, start_server, stop_server
from bench.county import DURHAM
from components.map_view import COMPONENT_NAME
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, OfflinePage, _free_port, _wait_healthy

CHANGES = int(os.environ.get("CMM_BENCH_CHANGES", "12"))
TARGET_MS = 150
TIMEOUT_S = 120
VIEWPORT = {"width": 1400, "height": 1000}
SETTLE_S = 0.4
COST_ONLY = "Uplift per visit (£)"
MAP_CHANGING = "Rural small areas only"
SERVERS = {
    "as served": {},
    "runner.postScriptGC off": {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"},
}


@dataclass
class Rerun:
    """One rerun as the browser saw it."""

    server_ms: float
    fragment: bool
    elements: int
    map_sent: bool


@dataclass
class _Socket:
    """Every websocket frame of the page, with the browser's timestamp (seconds)."""

    sent: list[tuple[float, bytes]] = field(default_factory=list)
    received: list[tuple[float, bytes]] = field(default_factory=list)

    def listen(self, cdp) -> None:
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameSent", lambda event: self._add(self.sent, event))
        cdp.on("Network.webSocketFrameReceived", lambda event: self._add(self.received, event))

    @staticmethod
    def _add(frames: list, event: dict) -> None:
        response = event["response"]
        if response.get("opcode") == 2:  # binary: one protobuf message
            frames.append((event["timestamp"], base64.b64decode(response["payloadData"])))


def _forward(payload: bytes):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return ForwardMsg.FromString(payload)


def _rerun_requests(frames: list[tuple[float, bytes]]) -> list[float]:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    return [
        stamp
        for stamp, payload in frames
        if BackMsg.FromString(payload).WhichOneof("type") == "rerun_script"
    ]


def _map_path(frames: list[tuple[float, bytes]]) -> tuple[int, ...]:
    """Return the delta path of the map's element, from the page's first full run."""
    for _, payload in frames:
        message = _forward(payload)
        if message.WhichOneof("type") != "delta":
            continue
        element = message.delta.new_element
        if element.bidi_component.component_name == COMPONENT_NAME:
            return tuple(message.metadata.delta_path)
    raise AssertionError("the map's element was never sent")


def _read_rerun(socket: _Socket, sent_from: int, received_from: int, map_path) -> Rerun | None:
    """Return the first rerun requested after the marks, once its script has finished."""
    requests = _rerun_requests(socket.sent[sent_from:])
    if not requests:
        return None
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = requests[0]
    elements, map_sent = 0, False
    for stamp, payload in socket.received[received_from:]:
        if stamp < start:
            continue
        message = _forward(payload)
        kind = message.WhichOneof("type")
        if kind in ("delta", "ref_hash"):
            elements += 1
            map_sent |= tuple(message.metadata.delta_path) == map_path
        # A run stopped early for the next (a fragment's widget asking for the whole
        # page) is not the end of this rerun.
        elif (
            kind == "script_finished"
            and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            fragment = message.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
            return Rerun(round((stamp - start) * 1000, 1), fragment, elements, map_sent)
    return None


def _wait_rerun(page, socket: _Socket, marks: tuple[int, int], map_path) -> Rerun:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        page.wait_for_timeout(25)  # lets Playwright hand over the DevTools events
        rerun = _read_rerun(socket, *marks, map_path)
        if rerun is not None:
            return rerun
    raise TimeoutError("the rerun did not finish")


def _press(page, label: str, turn: int) -> None:
    if label == COST_ONLY:
        number = page.get_by_test_id("stNumberInput").filter(has_text=label)
        step = "stNumberInputStepUp" if turn % 2 == 0 else "stNumberInputStepDown"
        number.get_by_test_id(step).click()
    else:
        page.get_by_text(label, exact=True).click()


def _time_changes(page, socket: _Socket, label: str, map_path) -> list[Rerun]:
    """Change one widget CHANGES times after an untimed first change; return each rerun."""
    reruns = []
    for turn in range(CHANGES + 1):
        time.sleep(SETTLE_S)
        page.wait_for_timeout(25)
        marks = (len(socket.sent), len(socket.received))
        _press(page, label, turn)
        rerun = _wait_rerun(page, socket, marks, map_path)
        if turn:
            reruns.append(rerun)
    return reruns


def _summary(reruns: list[Rerun]) -> dict:
    times = sorted(r.server_ms for r in reruns)
    middle = len(times) // 2
    median = times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2
    return {
        "changes": len(reruns),
        "median_ms": round(median),
        "min_ms": round(times[0]),
        "max_ms": round(times[-1]),
        "fragment_runs": sum(r.fragment for r in reruns),
        "map_rendered": sum(r.map_sent for r in reruns),
        "elements_sent_median": sorted(r.elements for r in reruns)[middle],
        "samples_ms": [r.server_ms for r in reruns],
    }


def _bench_server(port: int, env: dict[str, str]) -> dict:
    """Serve the app, open County Durham's zones page and time both widgets' reruns;
    return them with the server's peak memory."""
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{port}"
    server = start_server(APP_SERVER, port, env)
    try:
        _wait_healthy(base, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=VIEWPORT)
            offline = OfflinePage(context)
            page = offline.page
            socket = _Socket()
            socket.listen(context.new_cdp_session(page))
            page.goto(f"{base}/zones?council={DURHAM}")
            offline.map_frame().locator("path.cmm-zone").first.wait_for(
                state="attached", timeout=TIMEOUT_S * 1000
            )
            page.get_by_test_id("stStatusWidget").wait_for(
                state="detached", timeout=TIMEOUT_S * 1000
            )
            map_path = _map_path(socket.received)
            widgets = {
                label: _summary(_time_changes(page, socket, label, map_path))
                for label in (COST_ONLY, MAP_CHANGING)
            }
            assert not offline.blocked, offline.blocked
            context.close()
            browser.close()
        return {"widgets": widgets, "server_peak_mb": peak_rss_mb(server.pid)}
    finally:
        stop_server(server)


def bench_reruns(port: int | None = None) -> dict:
    """Time both widgets' reruns on each server configuration in SERVERS, one at a time."""
    return {
        "council": DURHAM,
        "target_ms": TARGET_MS,
        "servers": {
            name: _bench_server(port or _free_port(), env) for name, env in SERVERS.items()
        },
    }


def markdown_table(results: dict) -> str:
    """Return the README table of one run."""
    rows = [
        "| County Durham zones page: widget changed, server | server time, median (ms) "
        "| fragment runs | map rendered | target |",
        "|---|---:|---:|---:|---|",
    ]
    for server, measured in results["servers"].items():
        for label, row in measured["widgets"].items():
            n = row["changes"]
            target = ""
            if label == COST_ONLY:
                met = row["median_ms"] <= results["target_ms"] and not row["map_rendered"]
                target = f"≤ {results['target_ms']}: " + ("met" if met else "**not met**")
            rows.append(
                f"| {label}, {server} | {row['median_ms']:,} | {row['fragment_runs']} of {n} "
                f"| {row['map_rendered']} of {n} | {target} |"
            )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    """Run the rerun benchmark, print its table and write bench/results/rerun.json."""
    parser = argparse.ArgumentParser(prog="python -m bench.rerun", description=__doc__)
    parser.add_argument("--port", type=int, help="serve on this port (default: a free one)")
    parser.add_argument("--out", default="rerun.json", help="file name under bench/results/")
    args = parser.parse_args(argv)
    results = bench_reruns(args.port)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / args.out).write_text(json.dumps(results, indent=2))
    for server, measured in results["servers"].items():
        print(f"{server}: server peak memory {measured['server_peak_mb']} MB")
        for label, row in measured["widgets"].items():
            print(server, label, row["samples_ms"])
    print(markdown_table(results))


if __name__ == "__main__":
    main()
