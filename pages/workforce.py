"""Workforce page: vacancy and turnover rates, leavers, hand-backs, hours and recruitment."""

import streamlit as st

from charts.workforce import PANELS
from components.chart_panel import render_panels
from components.council_picker import current_council
from components.figure_upload import render_figure_upload
from components.peers import render_peer_comparison
from components.routing import through_router

through_router()

council = current_council()
st.title(f"{council.name}: workforce")
st.caption(
    "Care staff vacancies and leavers, home care packages handed back and why, hours of "
    "home care commissioned and recruitment activity, as the council's documents state them. "
    "Vacancy and turnover rates by service also come from Skills for Care's workforce "
    "estimates once they are imported (Your data page), each bar naming its source."
)
figures = render_figure_upload(council)
render_panels(PANELS, figures, council, key="workforce")
render_peer_comparison(council.code, figures, "workforce")
