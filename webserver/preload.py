"""Start fetching the script of the map's component before the page asks for it.

Streamlit's frontend loads the code of each kind of element (a select box, a text box, a
custom component) only when the first one arrives from the server, and each of those
scripts then imports its own pieces, one round trip after another. On the county map page
that chain put the map's frame about a second after the page's title (`bench/floor.py`),
although the browser sat idle while the server ran the page.

This middleware adds `<link rel="modulepreload">` for the map component's script and
everything it imports to the page's HTML, so the browser fetches and compiles them while
it waits for the server. The scripts' names carry a hash of their content and change with
each Streamlit release, so they are found in the installed Streamlit's own folder when
the server starts; a name not found there is simply not preloaded.

It also names Leaflet's script and style sheet with `<link rel="prefetch">`: the map's
frame asks for them only once it is made, while the server is busy with the page's run,
and a browser with its cache on then finds them there (README, issue 15).

It also tells the frontend where the server is (`window.__streamlit.BACKEND_BASE_URL`,
Streamlit's setting for pages that host it). Without it, a page opened at its own address
(/england, /zones) first asks /england/_stcore/health, is refused, waits 100 ms and asks
/_stcore/health: about 130 ms before the page could start, on every link to a page.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

import streamlit
import streamlit.config
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from maps.assets import LOCAL_CSS, LOCAL_JS
from webserver.warm import PAGES_FOLDER

# Only the map's component. A new visitor's first run of a map page sends the map without
# the sidebar's widgets and most of the page's (components.first_run), and scripts loaded
# for widgets not drawn yet cost more than they saved: with the select box, text box and
# metric preloaded as well, the county pages were painted 0.1 to 0.35 times a bare page
# later (README, issue 15). Table and chart code is never preloaded: it is large (about
# 1.5 MB) and never above a map.
ELEMENTS = ("BidiComponent",)
STATIC = Path(streamlit.__file__).parent / "static"
_IMPORT = re.compile(r"""(?:from|import)\s*"\./([\w.\-]+\.js)\"""")
_PRELOADED = re.compile(r'rel="modulepreload"[^>]*href="\./static/js/([\w.\-]+\.js)"')


def scripts_to_preload(static: Path = STATIC, elements: tuple[str, ...] = ELEMENTS) -> list[str]:
    """Return the script files the elements need that the page does not already preload.

    Each element first, then what it imports, depth first: the order they are needed in.
    """
    folder = static / "static" / "js"
    index = (static / "index.html").read_text(encoding="utf-8")
    already = set(_PRELOADED.findall(index)) | set(re.findall(r'src="\./static/js/([^"]+)"', index))
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name in ordered or name in already or not (folder / name).is_file():
            return
        ordered.append(name)  # before its imports: an import cycle ends here
        for imported in _IMPORT.findall((folder / name).read_text(encoding="utf-8")):
            visit(imported)

    for element in elements:
        for path in sorted(folder.glob(f"{element}.*.js")):
            visit(path.name)
    return ordered


@cache
def preload_tags() -> bytes:
    """Return the server-address script, the `<link rel="modulepreload">` tags for the
    installed Streamlit (none if its page cannot be read) and the map files' prefetch."""
    try:
        names = scripts_to_preload()
    except (OSError, UnicodeDecodeError):
        names = []
    links = "".join(
        f'<link rel="modulepreload" crossorigin href="./static/js/{name}">' for name in names
    )
    return base_url_script() + links.encode() + map_asset_tags()


def map_asset_tags() -> bytes:
    """Return `<link rel="prefetch">` tags for the files every map's frame loads (Leaflet)."""
    urls = [url for _, url in (*LOCAL_JS, *LOCAL_CSS)]
    return "".join(f'<link rel="prefetch" href="{html.escape(url)}">' for url in urls).encode()


# The server's address is the page's, less a trailing page name (never a part of the
# server's own path, server.baseUrlPath); query and fragment dropped. A host that set
# window.__streamlit itself keeps its own settings.
_BASE_URL_SCRIPT = """<script>(function () {
var pages = %s, own = %s, url = new URL(window.location.href);
var parts = url.pathname.replace(/\\/+$/, "").split("/");
if (parts.length > own && pages.indexOf(parts[parts.length - 1]) >= 0) { parts.pop(); }
url.pathname = parts.join("/") || "/"; url.search = ""; url.hash = "";
window.__streamlit = Object.assign({BACKEND_BASE_URL: url.href}, window.__streamlit || {});
})();</script>"""


def base_url_script(pages: Path = PAGES_FOLDER, base_path: str | None = None) -> bytes:
    """Return the script that names the server's address for the frontend, before it asks.

    `base_path` is the server's own path (default: Streamlit's server.baseUrlPath).
    """
    if base_path is None:
        base_path = str(streamlit.config.get_option("server.baseUrlPath") or "")
    own = len([part for part in base_path.split("/") if part]) + 1  # "" before the first /
    names = sorted(page.stem for page in pages.glob("*.py"))
    return (_BASE_URL_SCRIPT % (json.dumps(names), own)).encode()


def with_preloads(html: bytes, tags: bytes) -> bytes:
    """Return the page's HTML with the tags at the end of its head (unchanged if it has none)."""
    return html.replace(b"</head>", tags + b"</head>", 1) if b"</head>" in html else html


class PreloadElementScripts:
    """ASGI middleware: add `preload_tags()` to the app's HTML page, leave all else alone.

    The page is asked for without compression (it is 8 kB), so its text can be changed,
    and in full (no "not modified" reply to a browser holding a copy without the tags).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        preload_tags()  # read once, when the server starts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or _not_a_page(scope["path"]):
            await self.app(scope, receive, send)
            return
        asked = (b"accept-encoding", b"if-none-match", b"if-modified-since")
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k not in asked]}
        start: Message | None = None
        body: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if message["status"] == 200 and headers.get(b"content-type", b"").startswith(
                    b"text/html"
                ):
                    start = message  # held until the whole body is here
                    return
            elif start is not None and message["type"] != "http.response.body":
                # Sent some other way (a file path to send): pass it on as it is.
                await send(start)
                start = None
            elif start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                html = with_preloads(b"".join(body), preload_tags())
                # The file's own ETag and length no longer describe what is sent.
                dropped = (b"content-length", b"etag", b"last-modified")
                headers = [(k, v) for k, v in start["headers"] if k not in dropped]
                headers.append((b"content-length", str(len(html)).encode()))
                await send({**start, "headers": headers})
                message = {"type": "http.response.body", "body": html}
            await send(message)

        await self.app(scope, receive, rewrite)


def _not_a_page(path: str) -> bool:
    """Return True for the paths Streamlit serves files or its own endpoints from."""
    return path.startswith(("/static/", "/_stcore/", "/app/static/", "/media/", "/component/"))
