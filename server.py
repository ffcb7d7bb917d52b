"""The app server: Streamlit serving app.py, with cache headers on the map's static files.

`streamlit run server.py` finds `app` below and serves app.py through it (scripts/serve.py
and the browser tests start it so); `streamlit run app.py` still works, without the
headers.
"""

import streamlit as st
from starlette.middleware import Middleware

from webserver.cache import StaticCacheHeaders

app = st.App("app.py", middleware=[Middleware(StaticCacheHeaders)])
