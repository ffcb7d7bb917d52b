"""Package records: the unmet-package list row by row, for signed-in commissioners only."""

import streamlit as st

from components.auth import require_commissioner
from components.council_picker import current_council
from components.geodata import council_geography
from components.records import render_package_records
from components.routing import through_router
from components.zone_data import load_zone_data

through_router()

council = current_council()
st.title(f"{council.name}: package records")
require_commissioner("The package list, with postcodes and dates,", council.code)
with st.spinner(f"Preparing the geography of {council.name} (first time only)…"):
    geography = council_geography(council.code)
render_package_records(load_zone_data(geography), council.name)
