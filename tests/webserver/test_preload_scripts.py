"""The page asks for the map component's scripts at once instead of one after another."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from webserver import preload
from webserver.preload import PreloadElementScripts, scripts_to_preload, with_preloads

INDEX = """<html><head>
<script type="module" crossorigin src="./static/js/index.AAA.js"></script>
<link rel="modulepreload" crossorigin href="./static/js/shared.BBB.js">
</head><body></body></html>"""


def _static(tmp_path, files: dict[str, str]):
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "index.html").write_text(INDEX)
    for name, text in files.items():
        (tmp_path / "static" / "js" / name).write_text(text)
    return tmp_path


def test_an_elements_script_and_what_it_imports_are_listed_once_each(tmp_path):
    static = _static(
        tmp_path,
        {
            "Selectbox.X1.js": 'import{a}from"./shared.BBB.js";import{b}from"./menu.C.js";',
            "menu.C.js": 'import"./icons.D.js";import{s}from"./Selectbox.X1.js";',
            "icons.D.js": "export const i=1;",
            "Metric.Y2.js": 'import{b}from"./menu.C.js";import{z}from"./gone.E.js";',
            "DataFrame.Z3.js": "export const big=1;",
        },
    )
    # Already preloaded by the page, missing from the folder or not asked for: left out.
    assert scripts_to_preload(static, ("Selectbox", "Metric", "Absent")) == [
        "Selectbox.X1.js",
        "menu.C.js",
        "icons.D.js",
        "Metric.Y2.js",
    ]


def test_every_element_named_is_found_in_the_installed_streamlit():
    # A Streamlit release that renames one would silently stop preloading it.
    names = scripts_to_preload()
    for element in preload.ELEMENTS:
        assert any(name.startswith(f"{element}.") for name in names), element
    assert not any(name.startswith(("DataFrame.", "ArrowVegaLiteChart.")) for name in names)


def test_tags_go_at_the_end_of_the_head_and_a_page_without_one_is_left_alone():
    tags = b'<link rel="modulepreload" href="./static/js/a.js">'
    assert with_preloads(b"<head><title>t</title></head><body>", tags) == (
        b"<head><title>t</title>" + tags + b"</head><body>"
    )
    assert with_preloads(b"not a page", tags) == b"not a page"


def _serve(path: str, content_type: bytes, body: bytes, method: str = "GET"):
    """Run the middleware round a fake Streamlit; return (scope seen, start, body sent)."""
    seen: dict = {}
    sent: list[dict] = []

    async def streamlit(scope, receive, send) -> None:
        seen.update(scope)
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
        headers.append((b"etag", b'"abc"'))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    async def send(message) -> None:
        sent.append(message)

    async def receive() -> dict:
        return {"type": "http.request"}

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(b"accept-encoding", b"gzip"), (b"if-none-match", b'"abc"'), (b"host", b"x")],
    }
    # In a thread of its own: earlier browser tests leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, PreloadElementScripts(streamlit)(scope, receive, send)).result()
    body_sent = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return seen, dict(sent[0]["headers"]), body_sent


def test_the_app_page_gets_the_tags_uncompressed_with_its_length_corrected():
    seen, headers, body = _serve("/zones", b"text/html; charset=utf-8", INDEX.encode())
    # Asked for uncompressed and whole: a browser's copy from before may lack the tags.
    assert dict(seen["headers"]) == {b"host": b"x"}
    assert body == with_preloads(INDEX.encode(), preload.preload_tags())
    assert body.count(b'rel="modulepreload"') > INDEX.count('rel="modulepreload"')
    assert headers[b"content-length"] == str(len(body)).encode()
    assert b"etag" not in headers  # the file's ETag no longer describes what is sent


def test_scripts_data_and_streamlits_own_endpoints_pass_untouched():
    for path in ("/static/js/index.AAA.js", "/_stcore/health", "/app/static/england/a.json"):
        seen, headers, body = _serve(path, b"text/html", INDEX.encode())
        assert body == INDEX.encode() and headers[b"etag"] == b'"abc"'
        assert b"accept-encoding" in dict(seen["headers"])
    seen, headers, body = _serve("/", b"application/json", b'{"not": "a page at all"}')
    assert body == b'{"not": "a page at all"}'
    seen, headers, body = _serve("/", b"text/html", INDEX.encode(), method="HEAD")
    assert body == INDEX.encode()


def test_a_page_sent_as_a_file_path_passes_as_it_is():
    sent: list[dict] = []
    start = {
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-type", b"text/html")],
    }

    async def streamlit(scope, receive, send) -> None:
        await send(start)
        await send({"type": "http.response.pathsend", "path": "/srv/index.html"})

    async def send(message) -> None:
        sent.append(message)

    async def receive() -> dict:
        return {"type": "http.request"}

    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, PreloadElementScripts(streamlit)(scope, receive, send)).result()
    assert sent == [start, {"type": "http.response.pathsend", "path": "/srv/index.html"}]


def test_a_streamlit_whose_page_cannot_be_read_gets_no_preload_links(monkeypatch):
    def unreadable():
        raise OSError("no index.html")

    monkeypatch.setattr(preload, "scripts_to_preload", unreadable)
    preload.preload_tags.cache_clear()
    try:
        assert preload.preload_tags() == preload.base_url_script() + preload.map_asset_tags()
        assert b"modulepreload" not in preload.preload_tags()
    finally:
        preload.preload_tags.cache_clear()


def test_the_page_fetches_the_files_every_map_frame_loads_before_a_frame_asks():
    from maps.assets import LOCAL_CSS, LOCAL_JS, use_local_assets
    from maps.mapping import blank_map

    frame = use_local_assets(blank_map()).get_root().render()
    tags = preload.map_asset_tags().decode()
    for _, url in (*LOCAL_JS, *LOCAL_CSS):
        assert f'<link rel="prefetch" href="{url}">' in tags
        assert f'"{url}"' in frame  # the same address, so the frame finds it in the cache


def test_the_server_address_script_knows_every_page_by_its_file_name(tmp_path):
    for name in ("zones", "england", "your_data"):
        (tmp_path / f"{name}.py").write_text("")
    script = preload.base_url_script(tmp_path).decode()
    assert 'var pages = ["england", "your_data", "zones"]' in script
    assert script.startswith("<script>") and script.endswith("</script>")
    # The app's own pages, as app.py names their addresses.
    assert '"supply"' in preload.base_url_script().decode()
