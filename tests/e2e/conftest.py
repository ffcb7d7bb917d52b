"""A real app server and a real headless Chromium with every non-loopback request blocked."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from components.map_view import FRAME_CLASS

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CMM_CHROMIUM", "/usr/bin/chromium")
LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
# The iframe a folium map is drawn in: the app's own map component (components/map_view.py).
MAP_FRAMES = f"iframe.{FRAME_CLASS}"
# In a map's frame: the Leaflet map folium made (folium names it map_ and a number).
THE_MAP = "Object.values(window).find((v) => window.L && v instanceof L.Map)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Every host name but the loopback address fails to resolve, so nothing can leave the
    # machine even where a page is not routed (routing turns the browser cache off).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(
    url: str, process: subprocess.Popen, timeout: float = 120, *, warm: bool = True
) -> None:
    """Wait for the server to answer, then (with `warm`) run app.py once through the check."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")
    if not warm:
        return
    # As scripts/serve.py does: one run of app.py before the first visitor.
    with urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=timeout) as reply:
        assert reply.status == 200, "app.py failed its script health check"


@contextlib.contextmanager
def serve(log_dir: Path, *, env: dict[str, str] | None = None, warm: bool = True) -> Iterator[str]:
    """Run `streamlit run server.py` (app.py, as scripts/serve.py serves it) on a free
    loopback port; yield its URL, then stop it.

    `warm` runs app.py once before the first visitor, as scripts/serve.py does; without
    it the server is as `streamlit run` leaves it (answered its health check, nothing
    more). The server's output goes to `log_dir/server.log`.
    """
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with open(log_dir / "server.log", "w") as log:
        process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, process, warm=warm)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """One warmed app server for the whole session (logs in pytest's temporary folder)."""
    with serve(tmp_path_factory.mktemp("streamlit")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; skipped only where it is not installed."""
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        if os.environ.get("CMM_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}, and CMM_REQUIRE_BROWSER is set")
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OfflinePage:
    """A browser page that refuses every request to a host other than this machine.

    By default each request is routed and any to another host aborted. Routing turns
    off the browser's cache, so `cache=True` (a returning visitor) only watches requests
    instead: the host-resolver rule in CHROMIUM_ARGS makes any to another host fail, and
    it is still listed in `blocked`.
    """

    def __init__(self, browser, width: int = 1400, height: int = 1000, *, cache: bool = False):
        self.blocked: list[str] = []
        # A browser opens a page in a fresh context; a context (kept between pages, as a
        # returning visitor's browser cache is) opens one at its own viewport.
        if hasattr(browser, "new_context"):
            self.page = browser.new_page(viewport={"width": width, "height": height})
        else:
            self.page = browser.new_page()
        if cache:
            self.page.on("request", self._note)
        else:
            self.page.route("**/*", self._guard)

    def _note(self, request) -> None:
        if _outside(request.url):
            self.blocked.append(request.url)

    def _guard(self, route) -> None:
        if _outside(route.request.url):
            self.blocked.append(route.request.url)
            route.abort()
            return
        # The page may close while a request is in flight; that is not a failure.
        with contextlib.suppress(PlaywrightError):
            route.continue_()

    def map_frame(self):
        """Return the frame locator of the page's folium map (either map component)."""
        return self.page.frame_locator(MAP_FRAMES)

    def map_frame_object(self):
        """Return the page's folium map frame itself, once its map is on the page."""
        self.map_frame().locator(".leaflet-container").wait_for(state="attached")
        return self.page.locator(MAP_FRAMES).element_handle().content_frame()


def _outside(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOOPBACK


@pytest.fixture
def offline_page(browser) -> Iterator[OfflinePage]:
    """A fresh offline page (its own context) for each test."""
    page = OfflinePage(browser)
    yield page
    page.page.close()
