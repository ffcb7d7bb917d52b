"""Care Market Map: routes between pages and draws the shared sidebar."""

from pathlib import Path

import streamlit as st

from components.auth import Role, render_sign_in
from components.council_picker import current_council, render_council_picker
from components.import_status import render_import_status
from geo.mapassets import ensure_static_assets

# No page_icon: Streamlit fetches icon fonts for it from the internet.
st.set_page_config(page_title="Care Market Map", layout="wide")
ensure_static_assets(Path(__file__).parent / "static")

# Each URL differs from its file's name on purpose: on a fresh server Streamlit's legacy
# pages/ folder discovery answers the very first request, and a link to /fees would run
# pages/fees.py without this router. With no file of that name it falls back to app.py,
# whose st.navigation then opens the page the link asked for.
PAGES = [
    st.Page("pages/map.py", title="Map", url_path="council-map", default=True),
    st.Page("pages/fees.py", title="Fees and uplifts", url_path="fees-and-uplifts"),
    st.Page(
        "pages/occupancy.py", title="Occupancy and capacity", url_path="occupancy-and-capacity"
    ),
    st.Page("pages/workforce.py", title="Workforce and demand", url_path="workforce-and-demand"),
    st.Page("pages/zones.py", title="Home care zones and unmet need", url_path="home-care-zones"),
    st.Page("pages/supply.py", title="Care homes and supply", url_path="care-homes-and-supply"),
    st.Page("pages/demand.py", title="Demand in your zone", url_path="zone-demand"),
    st.Page("pages/committee.py", title="Committee view", url_path="committee-view"),
    st.Page("pages/england.py", title="England overview", url_path="england-overview"),
    st.Page("pages/your_data.py", title="Your data", url_path="imported-data"),
]
# Listed only for a signed-in commissioner; the page checks the role again itself.
RECORDS_PAGE = st.Page(
    "pages/records.py", title="Package records (commissioners)", url_path="package-records"
)

st.sidebar.title("Care Market Map")
st.sidebar.caption("Adult social care supply and demand for English councils.")
with st.spinner("Preparing England's geography (first start only, about 15 seconds)…"):
    render_council_picker()
render_import_status(current_council().code)
role = render_sign_in()
st.navigation(PAGES + ([RECORDS_PAGE] if role is Role.COMMISSIONER else [])).run()
