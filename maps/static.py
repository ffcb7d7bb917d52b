"""The app's static folder, and the address Streamlit serves it at.

Streamlit serves <the app's folder>/static/<path> at /app/static/<path> when
server.enableStaticServing is on (.streamlit/config.toml). Leaflet is copied into it
(maps.assets), England's layer files and the county maps' small areas are written to it
(`publish_json`: maps.england, maps.mapping), and the server
sends its text files gzipped (webserver.compressed). No heavy imports here: the server
reads it before the app's first run.
"""

import hashlib
import os
import tempfile
from pathlib import Path

STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = "/app/static"


def publish_json(folder: str, name: str, text: str, static_root: Path = STATIC_ROOT) -> str:
    """Write JSON text as `folder/name-<digest>.json` in the static folder; return its URL.

    The same content always gets the same file name, so a file never changes once
    written and browsers may keep it (webserver.cache); it is written once, atomically.
    """
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    relative = f"{folder}/{name}-{digest}.json"
    target = static_root / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, text)
    return f"{STATIC_URL}/{relative}"


def write_atomically(target: Path, text: str) -> None:
    # Beside the target, then renamed: a browser or a second server never reads half a file.
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)  # served to browsers, like Leaflet beside it
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
