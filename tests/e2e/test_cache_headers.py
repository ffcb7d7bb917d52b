"""The real server (server.py, as scripts/serve.py runs it) sends the cache headers."""

import re
import urllib.request

import pytest

from webserver import preload

pytestmark = pytest.mark.browser


def test_the_app_server_sends_cache_headers_for_leaflet(app_url):
    with urllib.request.urlopen(f"{app_url}/app/static/vendor/leaflet/leaflet.js") as reply:
        assert reply.status == 200
        assert reply.headers["Cache-Control"] == "public, max-age=86400"
    with urllib.request.urlopen(f"{app_url}/_stcore/health") as reply:
        assert reply.headers.get("Cache-Control") != "public, max-age=86400"


def test_the_app_page_asks_for_the_widgets_scripts_at_once(app_url):
    with urllib.request.urlopen(f"{app_url}/zones") as reply:
        page = reply.read().decode()
    for element in preload.ELEMENTS:
        assert f'rel="modulepreload" crossorigin href="./static/js/{element}.' in page
    # Each one the server names is there to be fetched.
    for name in re.findall(r'href="\./(static/js/[^"]+)"', page):
        with urllib.request.urlopen(f"{app_url}/{name}") as script:
            assert script.status == 200
