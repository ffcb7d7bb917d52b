"""The map's static files are gzipped once and served from memory; all else passes on."""

from __future__ import annotations

import asyncio
import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import streamlit.config

from webserver.compressed import CompressedStatic

LAYER = '{"type": "FeatureCollection", "features": [' + '{"a": 1},' * 500 + '{"a": 2}]}'


class _Server:
    """The middleware round a stand-in for Streamlit's static files, over a test folder."""

    def __init__(self, root: Path):
        self.passed: list[str] = []

        async def streamlit(scope, receive, send) -> None:
            self.passed.append(scope["path"])
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"from streamlit"})

        self.middleware = CompressedStatic(streamlit, root=root)

    def get(self, path: str, method: str = "GET", **headers: str) -> tuple[int, dict, bytes]:
        sent: list[dict] = []

        async def send(message) -> None:
            sent.append(message)

        async def receive() -> dict:
            return {"type": "http.request"}

        asked = {"accept-encoding": "gzip, deflate", **headers}
        scope = {
            "type": "http",
            "method": method,
            "path": path,
            "headers": [(k.encode(), v.encode()) for k, v in asked.items() if v is not None],
        }
        # In a thread of its own: earlier browser tests leave an event loop running in this one.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, self.middleware(scope, receive, send)).result()
        start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
        return start["status"], dict(start["headers"]), body


@pytest.fixture
def server(tmp_path) -> _Server:
    (tmp_path / "england").mkdir()
    (tmp_path / "england" / "councils-0123.json").write_text(LAYER)
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "leaflet.js").write_text("var L = {};" * 100)
    (tmp_path / "vendor" / "marker.png").write_bytes(b"\x89PNG" + bytes(200))
    (tmp_path / ".secret.json").write_text("{}")
    (tmp_path.parent / "outside.json").write_text("{}")
    (tmp_path / "link-out.json").symlink_to(tmp_path.parent / "outside.json")
    return _Server(tmp_path)


def test_a_layer_file_is_sent_gzipped_and_unpacks_to_the_file(server):
    status, headers, body = server.get("/app/static/england/councils-0123.json")

    assert status == 200 and server.passed == []
    assert gzip.decompress(body).decode() == LAYER
    assert len(body) < len(LAYER) / 5
    assert headers[b"content-encoding"] == b"gzip"
    assert headers[b"content-type"] == b"application/json"
    assert headers[b"content-length"] == str(len(body)).encode()
    assert headers[b"vary"] == b"Accept-Encoding"


def test_each_file_is_compressed_once_however_often_it_is_asked_for(server, monkeypatch):
    made = []
    compress = gzip.compress
    monkeypatch.setattr(gzip, "compress", lambda *a, **k: made.append(1) or compress(*a, **k))
    bodies = {server.get("/app/static/vendor/leaflet.js")[2] for _ in range(3)}
    bodies |= {server.get("/app/static/england/councils-0123.json")[2] for _ in range(2)}
    assert len(made) == 2 and len(bodies) == 2


@pytest.mark.parametrize("form", ["{etag}", '"x", {etag}', "W/{etag}", "*"])
def test_a_browser_holding_the_file_gets_not_modified(server, form):
    _, headers, _ = server.get("/app/static/vendor/leaflet.js")
    assert headers[b"content-type"] == b"text/javascript; charset=utf-8"

    status, again, body = server.get(
        "/app/static/vendor/leaflet.js",
        **{"if-none-match": form.format(etag=headers[b"etag"].decode())},
    )

    assert status == 304 and body == b"" and again[b"etag"] == headers[b"etag"]
    assert b"content-length" not in again


def test_another_etag_gets_the_file(server):
    status, _, body = server.get("/app/static/vendor/leaflet.js", **{"if-none-match": '"x"'})
    assert status == 200 and gzip.decompress(body).startswith(b"var L")


def test_a_file_changed_on_disk_is_compressed_again(server, tmp_path):
    layer = tmp_path / "england" / "councils-0123.json"
    first = server.get("/app/static/england/councils-0123.json")[1][b"etag"]
    layer.write_text(LAYER.replace('"a": 2', '"a": 3'))
    os.utime(layer, ns=(layer.stat().st_atime_ns, layer.stat().st_mtime_ns + 10**9))

    _, headers, body = server.get("/app/static/england/councils-0123.json")

    assert headers[b"etag"] != first
    assert gzip.decompress(body).decode() == LAYER.replace('"a": 2', '"a": 3')


def test_head_sends_the_headers_without_the_body(server):
    status, headers, body = server.get("/app/static/england/councils-0123.json", "HEAD")
    assert status == 200 and body == b"" and int(headers[b"content-length"]) > 0


@pytest.mark.parametrize(
    "path, headers",
    [
        ("/app/static/england/councils-0123.json", {"accept-encoding": "identity"}),
        ("/app/static/england/councils-0123.json", {"range": "bytes=0-10"}),
        ("/app/static/vendor/marker.png", {}),
        ("/app/static/england/missing.json", {}),
        ("/app/static/.secret.json", {}),
        ("/app/static/../outside.json", {}),
        ("/app/static/england/../../outside.json", {}),
        ("/app/static/england/councils-0123.json\x00.json", {}),
        ("/app/static/C:/outside.json", {}),
        ("/app/static/link-out.json", {}),
        ("/static/js/index.json", {}),
        ("/", {}),
    ],
)
def test_everything_else_is_left_to_streamlit(server, path, headers):
    status, _, body = server.get(path, **headers)
    assert (status, body, server.passed) == (200, b"from streamlit", [path])


def test_nothing_is_served_here_when_streamlit_serves_no_static_files(tmp_path, monkeypatch):
    (tmp_path / "layer.json").write_text(LAYER)
    real = streamlit.config.get_option
    monkeypatch.setattr(
        streamlit.config,
        "get_option",
        lambda key: False if key == "server.enableStaticServing" else real(key),
    )
    server = _Server(tmp_path)
    assert server.get("/app/static/layer.json")[2] == b"from streamlit"


def test_a_post_is_left_to_streamlit(server):
    assert server.get("/app/static/england/councils-0123.json", "POST")[2] == b"from streamlit"
