"""The app's static folder, and the address Streamlit serves it at.

Streamlit serves <the app's folder>/static/<path> at /app/static/<path> when
server.enableStaticServing is on (.streamlit/config.toml). Leaflet is copied into it
(maps.assets), England's layer files are written to it (maps.england), and the server
sends its text files gzipped (webserver.compressed). No heavy imports here: the server
reads it before the app's first run.
"""

from pathlib import Path

STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = "/app/static"
