"""Occupancy page: care home occupancy, beds by type, intermediate care and capacity."""

import streamlit as st

from charts.occupancy import PANELS
from components.chart_panel import render_extra_care_sites, render_panels
from components.council_picker import current_council
from components.figure_upload import render_figure_upload
from components.routing import through_router

through_router()

council = current_council()
st.title(f"{council.name}: occupancy and capacity")
st.caption(
    "Care home occupancy and beds available over time, beds by type of registration, "
    "intermediate care beds and counts of homes, as the council's documents state them."
)
figures = render_figure_upload(council)
render_panels(PANELS, figures, council, key="occupancy")
render_extra_care_sites(council)
