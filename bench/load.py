"""Load test: one app server on 127.0.0.1, many concurrent browser sessions on its map page.

Each session is its own browser context in one headless Chromium (every non-loopback
request blocked). It opens the map page for a featured council, waits for the council
boundary to be painted in the map iframe, then types a postcode in that council into
"Find a postcode" and waits for its marker. Sessions arrive over a ramp (`--ramp`
seconds; 0 starts them all at once) and each stays connected until every session has
finished, so all of them are open on the server together. One unmeasured visit per
council warms the server first. Bounded in count and time; writes bench/results/load.json
and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import peak_rss_mb  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    LOOPBACK,
    MAP_FRAMES,
    _free_port,
    _wait_healthy,
)

RESULTS = REPO / "bench" / "results"
MAP_IFRAME = MAP_FRAMES
# A postcode inside each featured council, so the marker is drawn on its map.
POSTCODES = {
    "E06000047": "DL15 8NN",
    "E06000054": "SN15 1ER",
    "E06000004": "TS18 1LD",
    "E10000024": "NG18 1HU",
}
STEPS = ("map", "postcode")
MAX_SESSIONS = 60
PEAK_TARGET_MB = 1024
MAX_RAMP_S = 120
STEP_TIMEOUT_S = 300
TOTAL_TIMEOUT_S = 900
VIEWPORT = {"width": 1280, "height": 800}


@dataclass
class Session:
    """One visitor's timings in seconds, and what went wrong, if anything."""

    council: str
    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    blocked: list[str] = field(default_factory=list)


@dataclass
class Crowd:
    """What the sessions share: how many are connected now, and the most at once."""

    barrier: asyncio.Barrier | None = None
    connected: int = 0
    peak: int = 0

    def join(self) -> None:
        """Count one more session connected to the server."""
        self.connected += 1
        self.peak = max(self.peak, self.connected)


async def _visit(browser, base: str, code: str, crowd: Crowd, delay: float = 0) -> Session:
    from playwright.async_api import Error as PlaywrightError

    await asyncio.sleep(delay)
    session = Session(council=code)
    context = await browser.new_context(viewport=VIEWPORT)

    async def guard(route) -> None:
        if urlparse(route.request.url).hostname not in LOOPBACK:
            session.blocked.append(route.request.url)
            await route.abort()
            return
        # The page may close while a request is in flight; that is not a failure.
        with contextlib.suppress(PlaywrightError):
            await route.continue_()

    await context.route("**/*", guard)
    timeout_ms = STEP_TIMEOUT_S * 1000
    context.set_default_timeout(timeout_ms)
    crowd.join()
    try:
        page = await context.new_page()
        frame = page.frame_locator(MAP_IFRAME)
        start = time.perf_counter()
        # Not waiting for "load": the step ends when the boundary is painted.
        await page.goto(f"{base}/?council={code}", wait_until="commit")
        await frame.locator("path.cmm-boundary").first.wait_for(state="visible")
        session.timings["map"] = time.perf_counter() - start

        box = page.get_by_role("textbox", name="Find a postcode")
        await box.fill(POSTCODES[code])
        start = time.perf_counter()
        await box.press("Enter")
        await frame.locator("path.cmm-postcode").first.wait_for(state="visible")
        session.timings["postcode"] = time.perf_counter() - start
    except PlaywrightError as error:
        session.error = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    finally:
        if crowd.barrier is not None:
            # Stay connected until every session is done, so all are open together.
            await crowd.barrier.wait()
        crowd.connected -= 1
        await context.close()
    if session.blocked and session.error is None:
        session.error = f"{len(session.blocked)} non-loopback requests"
    return session


async def _run(base: str, sessions: int, ramp: float, server_pid: int) -> dict:
    """Warm the server, run the sessions; return them with wall time, peak and server CPU."""
    from playwright.async_api import async_playwright

    councils = list(POSTCODES)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # Unmeasured: each council's geography read once by this server process.
            for code in councils:
                warm = await _visit(browser, base, code, Crowd())
                if warm.error:
                    raise RuntimeError(f"warm-up visit to {code} failed: {warm.error}")
            crowd = Crowd(barrier=asyncio.Barrier(sessions))
            cpu_before = _cpu_seconds(server_pid)
            start = time.perf_counter()
            visits = [
                _visit(browser, base, councils[i % len(councils)], crowd, ramp * i / sessions)
                for i in range(sessions)
            ]
            done = await asyncio.wait_for(asyncio.gather(*visits), timeout=TOTAL_TIMEOUT_S)
            wall = time.perf_counter() - start
            server_cpu = _cpu_seconds(server_pid) - cpu_before
        finally:
            await browser.close()
    return {"done": list(done), "wall": wall, "peak": crowd.peak, "server_cpu": server_cpu}


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least `share` of them at or below."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(sessions: list[Session], wall: float) -> dict:
    """Return step percentiles in milliseconds, the errors, and the run's wall time."""
    steps = {}
    for step in STEPS:
        samples = [s.timings[step] for s in sessions if step in s.timings]
        if samples:
            steps[step] = {
                "n": len(samples),
                **{f"p{p}_ms": round(percentile(samples, p / 100) * 1000) for p in (50, 90, 99)},
                "max_ms": round(max(samples) * 1000),
            }
    errors = [f"{s.council}: {s.error}" for s in sessions if s.error]
    return {
        "sessions": len(sessions),
        "councils": sorted({s.council for s in sessions}),
        "wall_s": round(wall, 1),
        "cpu_count": os.cpu_count(),
        "steps": steps,
        "errors": errors,
    }


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def markdown_table(results: dict) -> str:
    """Return the README table: one row per step, latency percentiles in milliseconds."""
    labels = {
        "map": "open map page to painted boundary",
        "postcode": "type a postcode to painted marker",
    }
    rows = [
        "| step | sessions | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for step, numbers in results["steps"].items():
        rows.append(
            f"| {labels[step]} | {numbers['n']} | {numbers['p50_ms']:,} | "
            f"{numbers['p90_ms']:,} | {numbers['p99_ms']:,} | {numbers['max_ms']:,} |"
        )
    rows += [
        "",
        f"{results['sessions']} sessions arriving over {results['ramp_s']:g} s, "
        f"{results['peak_connected']} connected at once, against one server; server and "
        f"browsers shared {results['cpu_count']} cores (load average "
        f"{results['load_average_before']:g} before the run). {len(results['errors'])} errors; "
        f"server CPU {results['server_cpu_s']:g} s "
        f"({results['server_cpu_per_session_s']:g} s a session); {results['wall_s']:g} s in all.",
        "",
        f"App server peak memory (VmHWM) with {results['sessions']} sessions: "
        f"{results['server_peak_mb']:,} MB (target ≤ {PEAK_TARGET_MB:,} MB: "
        + ("met" if results["server_peak_mb"] <= PEAK_TARGET_MB else "**not met**")
        + ").",
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Start a server, run the sessions, write bench/results/load.json, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=24, help="sessions (default 24)")
    parser.add_argument("--ramp", type=float, default=30, help="seconds over which they arrive")
    args = parser.parse_args(argv)
    sessions = min(max(args.sessions, 1), MAX_SESSIONS)
    ramp = min(max(args.ramp, 0), MAX_RAMP_S)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with tempfile.TemporaryDirectory() as data_dir:
        # Its own empty import store, so the run neither reads nor writes real imports.
        env = {**os.environ, "CMM_DATA_DIR": data_dir}
        env.pop("CMM_DATABASE_URL", None)
        server = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            _wait_healthy(base, server)
            load_before = os.getloadavg()[0]
            run = asyncio.run(_run(base, sessions, ramp, server.pid))
            peak_mb = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    results = summarise(run["done"], run["wall"])
    results |= {
        "ramp_s": ramp,
        "peak_connected": run["peak"],
        "load_average_before": round(load_before, 1),
        "server_cpu_s": round(run["server_cpu"], 1),
        "server_cpu_per_session_s": round(run["server_cpu"] / sessions, 2),
        "server_peak_mb": peak_mb,
        "server_peak_target_mb": PEAK_TARGET_MB,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(results, indent=2))
    print(markdown_table(results))
    for error in results["errors"]:
        print(f"error: {error}", file=sys.stderr)
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
