"""Care Market Map: routes between pages and draws the shared sidebar."""

import streamlit as st

from components.auth import Role, render_sign_in
from components.council_picker import current_council, render_council_picker
from components.errors import errors_shown_plainly
from components.import_status import render_import_status
from maps.assets import ensure_static_assets_once
from maps.static import STATIC_ROOT
from webserver.warm import warm_page_modules

# No page_icon: Streamlit fetches icon fonts for it from the internet.
st.set_page_config(page_title="Care Market Map", layout="wide")
ensure_static_assets_once(STATIC_ROOT)

# Each URL is its file's name on purpose. On a fresh server Streamlit's legacy pages/ folder
# discovery answers the very first session; it finds a deep link's page by that name (no
# "Page not found"), and the page hands itself to this router (components/routing.py).
PAGES = [
    st.Page("pages/map.py", title="Map", default=True),
    st.Page("pages/fees.py", title="Fees and uplifts", url_path="fees"),
    st.Page("pages/occupancy.py", title="Occupancy and capacity", url_path="occupancy"),
    st.Page("pages/workforce.py", title="Workforce and demand", url_path="workforce"),
    st.Page("pages/zones.py", title="Home care zones and unmet need", url_path="zones"),
    st.Page("pages/supply.py", title="Care homes and supply", url_path="supply"),
    st.Page("pages/demand.py", title="Demand in your zone", url_path="demand"),
    st.Page("pages/outlook.py", title="Demand outlook", url_path="outlook"),
    st.Page("pages/committee.py", title="Committee view", url_path="committee"),
    st.Page("pages/england.py", title="England overview", url_path="england"),
    st.Page("pages/your_data.py", title="Your data", url_path="your_data"),
]
# Listed only for a signed-in commissioner; the page checks the role again itself.
RECORDS_PAGE = st.Page(
    "pages/records.py", title="Package records (commissioners)", url_path="records"
)

st.sidebar.title("Care Market Map")
st.sidebar.caption("Adult social care supply and demand for English councils.")
with errors_shown_plainly("the sidebar"):
    with st.spinner("Preparing England's geography (first start only, about 15 seconds)…"):
        render_council_picker()
    render_import_status(current_council().code)
role = render_sign_in(current_council().code)
page = st.navigation(PAGES + ([RECORDS_PAGE] if role is Role.COMMISSIONER else []))
with errors_shown_plainly(page.title):
    page.run()
# Once per server, after the page is drawn: the other pages' imports, so their first
# visitor does not wait for them.
warm_page_modules()
