"""Care Market Map: routes between pages and draws the shared sidebar."""

from pathlib import Path

import streamlit as st

from components.council_picker import render_council_picker
from geo.mapassets import ensure_static_assets

# No page_icon: Streamlit fetches icon fonts for it from the internet.
st.set_page_config(page_title="Care Market Map", layout="wide")
ensure_static_assets(Path(__file__).parent / "static")

PAGES = [
    st.Page("pages/map.py", title="Map", default=True),
]

st.sidebar.title("Care Market Map")
st.sidebar.caption("Adult social care supply and demand for English councils.")
with st.spinner("Preparing England's geography (first start only, about 15 seconds)…"):
    render_council_picker()
st.navigation(PAGES).run()
