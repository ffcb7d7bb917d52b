"""Care Market Map: routes between pages and draws the shared sidebar."""

import streamlit as st

from components.auth import Role, render_sign_in, session_role
from components.council_picker import current_council, render_council_picker, settle_council
from components.errors import errors_shown_plainly
from components.first_run import link_notes, map_will_ask, sidebar_after_map, start_run
from components.import_status import render_import_status
from maps.assets import ensure_static_assets_once
from maps.static import STATIC_ROOT
from webserver.warm import warm_page_modules

# No page_icon: Streamlit fetches icon fonts for it from the internet.
st.set_page_config(page_title="Care Market Map", layout="wide")
ensure_static_assets_once(STATIC_ROOT)
start_run()

# Each URL is its file's name on purpose. On a fresh server Streamlit's legacy pages/ folder
# discovery answers the very first session; it finds a deep link's page by that name (no
# "Page not found"), and the page hands itself to this router (components/routing.py).
MAP_PAGE = st.Page("pages/map.py", title="Map", default=True)
ZONES_PAGE = st.Page("pages/zones.py", title="Home care zones and unmet need", url_path="zones")
SUPPLY_PAGE = st.Page("pages/supply.py", title="Care homes and supply", url_path="supply")
PAGES = [
    MAP_PAGE,
    st.Page("pages/fees.py", title="Fees and uplifts", url_path="fees"),
    st.Page("pages/occupancy.py", title="Occupancy and capacity", url_path="occupancy"),
    st.Page("pages/workforce.py", title="Workforce and demand", url_path="workforce"),
    ZONES_PAGE,
    SUPPLY_PAGE,
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

# The pages that send a new visitor their map first (components.map_view.hold_back_below_map).
MAP_FIRST = (MAP_PAGE, ZONES_PAGE, SUPPLY_PAGE)

st.sidebar.title("Care Market Map")
st.sidebar.caption("Adult social care supply and demand for English councils.")
refused = None
with (
    errors_shown_plainly("the sidebar"),
    st.spinner("Preparing England's geography (first start only, about 15 seconds)…"),
):
    refused = settle_council()
council_code = current_council().code
role = session_role(council_code)
page = st.navigation(PAGES + ([RECORDS_PAGE] if role is Role.COMMISSIONER else []))
# Kept, like the page's own notes about its link, through the run the map asks for.
refused = next(iter(link_notes("council", [refused] if refused else [])), None)


def render_sidebar() -> None:
    """The sidebar's widgets: the council picker, the list of imports, sign-in."""
    with errors_shown_plainly("the sidebar"):
        render_council_picker(refused)
        render_import_status(council_code)
    render_sign_in(council_code)


# A link to a code that is not a council says so at once, with the picker.
sidebar_waits = sidebar_after_map(page in MAP_FIRST and refused is None)
if not sidebar_waits:
    render_sidebar()
with errors_shown_plainly(page.title):
    page.run()
if sidebar_waits and not map_will_ask():
    render_sidebar()  # the page failed before its map: no run to wait for
# Once per server, after the page is drawn: the other pages' imports, so their first
# visitor does not wait for them.
warm_page_modules()
