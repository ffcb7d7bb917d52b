"""The real server (server.py, as scripts/serve.py runs it) sends the cache headers."""

import gzip
import json
import re
import urllib.request

import pytest

from maps.static import STATIC_ROOT
from webserver import preload
from webserver.preload import base_url_script

pytestmark = pytest.mark.browser


def test_the_app_server_sends_cache_headers_for_leaflet(app_url):
    with urllib.request.urlopen(f"{app_url}/app/static/vendor/leaflet/leaflet.js") as reply:
        assert reply.status == 200
        assert reply.headers["Cache-Control"] == "public, max-age=86400"
    with urllib.request.urlopen(f"{app_url}/_stcore/health") as reply:
        assert reply.headers.get("Cache-Control") != "public, max-age=86400"


def test_the_app_server_sends_the_layers_gzipped_once_with_their_cache_headers(app_url):
    layer = next((STATIC_ROOT / "england").glob("councils-*.json"))
    url = f"{app_url}/app/static/england/{layer.name}"
    asked = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    replies = []
    for _ in range(2):
        with urllib.request.urlopen(asked) as reply:
            replies.append((reply.headers, reply.read()))
    (headers, body), (_, again) = replies
    assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert gzip.decompress(body) == layer.read_bytes()
    assert again == body  # from memory, byte for byte
    # A client that does not take gzip is answered by Streamlit, uncompressed.
    with urllib.request.urlopen(url) as reply:
        assert reply.headers.get("Content-Encoding") is None
        assert reply.read() == layer.read_bytes()


def test_the_app_page_asks_for_the_map_components_script_at_once(app_url):
    with urllib.request.urlopen(f"{app_url}/zones") as reply:
        page = reply.read().decode()
    for element in preload.ELEMENTS:
        assert f'rel="modulepreload" crossorigin href="./static/js/{element}.' in page
    # Each one the server names is there to be fetched.
    for name in re.findall(r'href="\./(static/js/[^"]+)"', page):
        with urllib.request.urlopen(f"{app_url}/{name}") as script:
            assert script.status == 200


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/england", "England overview"),
        ("/zones/?council=E06000047", "County Durham: home care zones and unmet need"),
        ("/?council=E06000047", "County Durham"),
    ],
)
def test_a_link_to_a_page_finds_the_server_at_the_first_try(app_url, offline_page, path, heading):
    # Left to guess, the frontend asks /england/_stcore/health first, is refused, waits 100 ms
    # and tries again one level up.
    asked = []
    offline_page.page.on("request", lambda request: asked.append(request.url))
    offline_page.page.goto(app_url + path)
    offline_page.page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    # (asked again only after 4 s without an answer, on a busy machine)
    health = [url for url in asked if "/_stcore/health" in url]
    assert health and set(health) == {f"{app_url}/_stcore/health"}
    assert offline_page.page.evaluate("window.__streamlit.BACKEND_BASE_URL") == f"{app_url}/"
    assert not offline_page.blocked


@pytest.mark.parametrize(
    ("base_path", "address", "server"),
    [
        ("", "/", "/"),
        ("", "/england", "/"),
        ("", "/zones/?council=E06000047#map", "/"),
        ("", "/care/england", "/care"),  # a proxy's own prefix stays
        ("map", "/map", "/map"),  # the server's own path is never taken for a page
        ("map", "/map/supply", "/map"),
        ("tools/supply", "/tools/supply/", "/tools/supply"),
    ],
)
def test_the_server_address_is_the_page_address_less_its_page_name(
    browser, base_path, address, server
):
    script = base_url_script(base_path=base_path).decode()
    html = f"<html><head>{script}</head><body></body></html>"
    page = browser.new_page()
    try:
        page.route("**/*", lambda route: route.fulfill(body=html, content_type="text/html"))
        page.goto(f"http://127.0.0.1:9{address}")
        found = page.evaluate("window.__streamlit.BACKEND_BASE_URL")
    finally:
        page.close()
    assert found == f"http://127.0.0.1:9{server}"


def test_the_page_takes_commands_from_no_other_sites_window(app_url):
    # Streamlit's default lets its own hosting's sites stop or rerun an embedded app; this
    # app is not hosted there (.streamlit/config.toml, client.allowedOrigins).
    with urllib.request.urlopen(f"{app_url}/_stcore/host-config") as reply:
        assert json.load(reply)["allowedOrigins"] == []
