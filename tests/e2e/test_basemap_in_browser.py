"""End to end: with a tile server configured the map loads its tiles, and nothing else.

The tile server is a tiny one on this machine, so the test runs offline: it answers every
tile with the same small PNG and notes which tiles were asked for.
"""

from __future__ import annotations

import base64
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from tests.e2e.conftest import OfflinePage, serve

pytestmark = pytest.mark.browser
PAINT_TIMEOUT_MS = 60_000
# A 1x1 grey PNG: any image will do for a tile.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg=="
)


class _Tiles(BaseHTTPRequestHandler):
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Tiles.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE)))
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def tile_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def app_with_basemap(tile_server, tmp_path_factory):
    data = tmp_path_factory.mktemp("basemap")
    env = {
        **os.environ,
        "CMM_DATA_DIR": str(data),
        "CMM_BASEMAP": tile_server + "/tiles/{z}/{x}/{y}.png",
        "CMM_BASEMAP_ATTRIBUTION": "Test tiles <b>for the basemap</b>",
    }
    env.pop("CMM_DATABASE_URL", None)
    with serve(data, env=env) as url:
        yield url


def test_the_configured_tiles_load_under_the_council_with_their_attribution(
    app_with_basemap, browser
):
    visitor = OfflinePage(browser)
    try:
        visitor.page.goto(app_with_basemap)
        frame = visitor.map_frame()
        frame.locator("path.cmm-boundary").first.wait_for(
            state="attached", timeout=PAINT_TIMEOUT_MS
        )
        frame.locator("img.leaflet-tile").first.wait_for(state="attached", timeout=PAINT_TIMEOUT_MS)
        tiles = [path for path in _Tiles.asked if path.startswith("/tiles/")]
        assert tiles and all(path.endswith(".png") for path in tiles)
        # The attribution is shown as text, never as markup.
        attribution = frame.locator(".leaflet-control-attribution")
        assert "Test tiles <b>for the basemap</b>" in attribution.inner_text()
        assert frame.locator(".leaflet-control-attribution b").count() == 0
        # A user can switch it off in the layer list.
        assert frame.get_by_text("Basemap: 127.0.0.1").count() == 1
        assert visitor.blocked == []
    finally:
        visitor.page.close()
