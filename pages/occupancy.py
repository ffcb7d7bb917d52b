"""Occupancy page: care home occupancy, beds by type, intermediate care and capacity."""

import streamlit as st

from charts.occupancy import OCCUPANCY_MEASURES, PANELS
from components.chart_panel import render_extra_care_sites, render_panels
from components.council_picker import current_council
from components.figure_upload import render_figure_upload
from components.peers import render_peer_comparison
from components.routing import through_router

through_router()

council = current_council()
st.title(f"{council.name}: occupancy and capacity")
st.caption(
    "Care home occupancy and beds available over time, beds by type of registration, "
    "intermediate care beds and counts of homes, as the council's documents state them."
)
figures = render_figure_upload(council)
if figures[
    (figures["council_code"] == council.code) & figures["measure"].isin(OCCUPANCY_MEASURES)
].empty:
    # No national monthly occupancy file is read yet (its layout has not been seen).
    st.caption(
        f"No occupancy figures are loaded for {council.name}. Until a national monthly "
        "occupancy file can be read, a commissioner adds the council's own occupancy returns "
        "with “Add figures from a CSV file” above, one row a month, and they are drawn below "
        "with their source."
    )
render_panels(PANELS, figures, council, key="occupancy")
render_extra_care_sites(council)
render_peer_comparison(council.code, figures, "occupancy")
