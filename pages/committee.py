"""Committee view: headline figures, the care homes map and key charts, with a printable pack."""

from datetime import date

import streamlit as st

from components.committee import (
    illustrative_reasons,
    render_committee_style,
    render_headlines,
    render_illustrative_notice,
    render_key_charts,
    render_outlook_figure,
    render_pack_downloads,
    render_selection_summary,
    render_supply_map,
)
from components.council_picker import current_council
from components.figure_upload import all_figures
from components.geodata import council_geography
from components.outlook_data import outlook_summary, publish_choices, restore_choices
from components.peers import render_peer_comparison
from components.routing import through_router
from components.selection import render_showing
from components.sources import render_sources
from components.supply_data import council_homes
from components.zone_data import selected_areas
from geo.sources import GEOGRAPHY_SOURCES
from market.glossary import describe_terms
from report.chart_export import choose_charts
from report.headlines import choose_headlines

through_router()

council = current_council()
today = date.today()
render_committee_style()
st.title(f"{council.name}: committee view")
st.caption(
    "For a select committee, on a projector or in print. "
    + " ".join(describe_terms(("CQC", "MSP", "MPS", "MSOA")))
)
figures = all_figures()
restore_choices()
with st.spinner(f"Preparing care homes in {council.name} (first time only)…"):
    source = council_homes(council.code, figures)
    geography = council_geography(council.code)
chosen = selected_areas(geography)
render_showing(council.code, council.name, chosen and chosen.name)
headlines = choose_headlines(figures, council.code, today)
charts = choose_charts(figures, council.code)
render_illustrative_notice(illustrative_reasons(source, headlines, charts))
render_headlines(headlines, council.name)
if chosen is not None:
    render_selection_summary(chosen, source)
render_supply_map(council.code, council.name, source, chosen)
outlook, no_outlook = outlook_summary(council.code, council.name, figures)
render_outlook_figure(outlook, no_outlook)
render_peer_comparison(council.code, figures, None, section=True)
render_key_charts(charts, council.name)
render_pack_downloads(council.code, figures, source, today, outlook)
publish_choices()
render_sources(GEOGRAPHY_SOURCES)
