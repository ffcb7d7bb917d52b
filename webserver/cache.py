"""Cache headers for the files the map fetches from the app's static folder.

Streamlit serves /app/static/ with an ETag and no Cache-Control, so a returning visitor's
browser asks again for every file (and may fetch it again). The England layers and the
county maps' small areas are named by a hash of their content, so a name never changes
meaning: the browser may keep them for a year without asking. The vendored Leaflet files
keep their names across versions, so they are kept for a day and then checked against
their ETag.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from maps.static import STATIC_URL

# (path prefix, Cache-Control), first match wins.
RULES = (
    (f"{STATIC_URL}/england/", "public, max-age=31536000, immutable"),
    (f"{STATIC_URL}/areas/", "public, max-age=31536000, immutable"),
    (f"{STATIC_URL}/vendor/", "public, max-age=86400"),
)


def cache_control(path: str) -> str | None:
    """Return the Cache-Control header for a request path, or None to leave it alone."""
    return next((value for prefix, value in RULES if path.startswith(prefix)), None)


class StaticCacheHeaders:
    """ASGI middleware: add `cache_control(path)` to successful static responses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        value = cache_control(scope.get("path", "")) if scope["type"] == "http" else None
        if value is None:
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", value.encode())]}
            await send(message)

        await self.app(scope, receive, send_with_header)
