"""The app server: Streamlit serving app.py, with cache headers on the map's static files
and the page asking for the widgets' scripts at once (webserver/preload.py).

`streamlit run server.py` finds `app` below and serves app.py through it (scripts/serve.py
and the browser tests start it so); `streamlit run app.py` still works, without either.
"""

import streamlit as st
from starlette.middleware import Middleware

from webserver.cache import StaticCacheHeaders
from webserver.preload import PreloadElementScripts

app = st.App(
    "app.py", middleware=[Middleware(StaticCacheHeaders), Middleware(PreloadElementScripts)]
)
