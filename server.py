"""The app server: Streamlit serving app.py, with cache headers on the map's static files,
those files gzipped once rather than on every request (webserver/compressed.py), and the
page asking for the map component's script at once (webserver/preload.py).

`streamlit run server.py` finds `app` below and serves app.py through it (scripts/serve.py
and the browser tests start it so); `streamlit run app.py` still works, without these.
"""

import streamlit as st
from starlette.middleware import Middleware

from webserver.cache import StaticCacheHeaders
from webserver.compressed import CompressedStatic
from webserver.preload import PreloadElementScripts

# The first runs outermost: the cache headers go on what the other two send as well.
app = st.App(
    "app.py",
    middleware=[
        Middleware(StaticCacheHeaders),
        Middleware(PreloadElementScripts),
        Middleware(CompressedStatic),
    ],
)
