"""Cache headers on the static layers: hashed England files kept a year, Leaflet a day."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from webserver.cache import StaticCacheHeaders, cache_control


def _served(path: str, status: int = 200, headers: list | None = None) -> dict:
    """Run the middleware round a fake static file handler; return the response start."""
    sent: list[dict] = []

    async def static_files(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers or []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def send(message) -> None:
        sent.append(message)

    async def receive() -> dict:
        return {"type": "http.request"}

    scope = {"type": "http", "path": path}
    # In a thread of its own: earlier browser tests leave an event loop running in this one.
    middleware = StaticCacheHeaders(static_files)
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, middleware(scope, receive, send)).result()
    return dict(sent[0]["headers"]) if sent[0]["type"] == "http.response.start" else {}


def test_hashed_england_layers_are_kept_a_year_and_never_asked_for_again():
    headers = _served("/app/static/england/councils-2339eb1fcf643eeb.json")
    assert headers[b"cache-control"] == b"public, max-age=31536000, immutable"


def test_vendored_leaflet_is_kept_a_day_then_checked_and_replaces_any_other_header():
    headers = _served("/app/static/vendor/leaflet/leaflet.js", headers=[(b"cache-control", b"x")])
    assert headers[b"cache-control"] == b"public, max-age=86400"


def test_pages_errors_and_other_files_are_left_as_streamlit_sends_them():
    assert cache_control("/") is None and cache_control("/_stcore/health") is None
    assert b"cache-control" not in _served("/app/static/england/missing.json", status=404)
    assert b"cache-control" not in _served("/static/js/index.js")
