"""Demand in your zone: a provider's card of unmet need, uplift, providers, homes and tenders."""

import streamlit as st

from components.council_picker import current_council
from components.demand_card import render_demand
from components.geodata import council_geography
from components.routing import through_router

through_router()

council = current_council()
st.title(f"{council.name}: demand in your zone")
with st.spinner(f"Preparing the geography of {council.name} (first time only)…"):
    geography = council_geography(council.code)
render_demand(geography)
