"""Fees page: care home fees and unit costs, home care rates against benchmarks, uplifts and
grants."""

import streamlit as st

from charts.fees import PANELS
from components.chart_panel import render_panels
from components.council_picker import current_council
from components.figure_upload import render_figure_upload
from components.peers import render_peer_comparison
from components.routing import through_router

through_router()

council = current_council()
st.title(f"{council.name}: fees")
st.caption(
    "Weekly care home fees and hourly home care rates as the council's documents state "
    "them, against the benchmarks those documents cite, with fee uplifts and grants; the "
    "unit costs the council reports to NHS England, once imported on the Your data page; "
    "and the Homecare Association's minimum price for home care, on every council's chart."
)
figures = render_figure_upload(council)
render_panels(PANELS, figures, council, key="fees")
render_peer_comparison(council.code, figures, "fees")
