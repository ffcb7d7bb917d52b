"""Serve the map's static files gzipped once, from memory, instead of on every request.

Streamlit gzips what it serves from /app/static/ (England's layer files, Leaflet) on every
request, on the server's event loop, at level 5. A new visitor's England map asks for 12
layer files at once, 3.8 MB before compression: about 80-90 ms of the server's time each
visit, and the files queue behind one another while it compresses them (the last came
in 0.4 s after it was asked for, measured in the map's frame). The files never change
while the server runs (England's are named by a hash of their contents), so each is
compressed once, at the best level, and served from memory; a file changed on disk is
compressed again.

Only text files are handled, and only for a browser that accepts gzip; anything else,
including a path Streamlit's own path checks refuse or one that would leave the static
folder, is passed to Streamlit as before. The replies carry what the map's frame needs
(type, encoding, ETag, `Vary`); not Streamlit's `Access-Control-Allow-Origin`,
`Last-Modified` or `Accept-Ranges`, which no page of the app uses for these files.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread
import streamlit.config
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit.path_security import is_unsafe_path_pattern

from maps.static import STATIC_ROOT, STATIC_URL

STATIC_PATH = f"{STATIC_URL}/"
# Named here rather than guessed: the system's MIME table differs from machine to machine.
CONTENT_TYPES = {
    ".json": b"application/json",
    ".js": b"text/javascript; charset=utf-8",
    ".css": b"text/css; charset=utf-8",
}


@dataclass(frozen=True)
class Compressed:
    """One file's gzipped bytes, and what they were made from."""

    modified_ns: int
    size: int
    body: bytes
    etag: bytes
    content_type: bytes


class CompressedStatic:
    """ASGI middleware: answer GET and HEAD for /app/static/ text files with their gzipped
    bytes, made once (see the module's docstring); leave every other request alone."""

    def __init__(self, app: ASGIApp, root: Path = STATIC_ROOT) -> None:
        self.app = app
        self.root = root.resolve()
        # Streamlit serves the folder only with this on (.streamlit/config.toml has it).
        self.enabled = bool(streamlit.config.get_option("server.enableStaticServing"))
        self._files: dict[Path, Compressed] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        file = self._file(scope)
        if file is None:
            await self.app(scope, receive, send)
            return
        compressed = await anyio.to_thread.run_sync(self.compressed, file)
        if compressed is None:
            await self.app(scope, receive, send)
            return
        headers = [
            (b"content-type", compressed.content_type),
            (b"content-encoding", b"gzip"),
            (b"vary", b"Accept-Encoding"),
            (b"x-content-type-options", b"nosniff"),  # as Streamlit sends its files
            (b"etag", compressed.etag),
        ]
        if _matches(_header(scope, b"if-none-match"), compressed.etag):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers.append((b"content-length", str(len(compressed.body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        body = compressed.body if scope["method"] == "GET" else b""
        await send({"type": "http.response.body", "body": body})

    def _file(self, scope: Scope) -> Path | None:
        """Return the file a request may be answered with here, or None to pass it on."""
        path = scope.get("path", "")
        if (
            not self.enabled
            or scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or not path.startswith(STATIC_PATH)
            or not path.endswith(tuple(CONTENT_TYPES))
            or b"gzip" not in _header(scope, b"accept-encoding")
            or _header(scope, b"range")
        ):
            return None
        relative = path[len(STATIC_PATH) :]
        if is_unsafe_path_pattern(relative):  # as Streamlit checks its own static paths
            return None
        try:
            file = (self.root / relative).resolve()
        except (OSError, ValueError):
            return None
        if not file.is_relative_to(self.root):
            return None
        if any(part.startswith(".") for part in file.relative_to(self.root).parts):
            return None
        return file

    def compressed(self, file: Path) -> Compressed | None:
        """Return the file's gzipped bytes, made now if the file is new or has changed
        (None if it is not a file)."""
        try:
            stat = file.stat()
        except OSError:
            return None
        known = self._files.get(file)
        if known and (known.modified_ns, known.size) == (stat.st_mtime_ns, stat.st_size):
            return known
        with self._lock:  # one compression at a time; a request waiting here finds it made
            known = self._files.get(file)
            if known and (known.modified_ns, known.size) == (stat.st_mtime_ns, stat.st_size):
                return known
            try:
                data = file.read_bytes()
            except OSError:
                return None
            made = Compressed(
                modified_ns=stat.st_mtime_ns,
                size=stat.st_size,
                # mtime=0: the same file gives the same bytes, and so the same ETag.
                body=gzip.compress(data, compresslevel=9, mtime=0),
                etag=f'"{hashlib.sha256(data).hexdigest()[:32]}-gzip"'.encode(),
                content_type=CONTENT_TYPES[file.suffix],
            )
            self._files[file] = made
            return made


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    """Return True if an If-None-Match header names this ETag (weakly, or by `*`)."""
    named = [tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b",")]
    return b"*" in named or etag in named


def _header(scope: Scope, name: bytes) -> bytes:
    """Return a request header's value, or b"" (names are lower case in ASGI)."""
    return next((value for key, value in scope.get("headers", []) if key == name), b"")
