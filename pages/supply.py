"""Care homes and supply: homes on the map, other supply, beds per 1,000 older people, gaps."""

import streamlit as st

from components.council_picker import current_council
from components.figure_upload import all_figures
from components.geodata import council_geography
from components.map_view import render_map
from components.routing import through_router
from components.safe_text import show_refusal
from components.selection import note_selection_elsewhere
from components.sources import render_sources
from components.supply_data import council_homes, extra_care_sites, population_basis
from components.supply_filters import MEASURE_CHOICES, render_supply_filters
from components.supply_panels import (
    render_area_table,
    render_homes_source,
    render_legends,
    render_supply_figures,
)
from components.zone_data import known_areas
from geo.sources import GEOGRAPHY_SOURCES
from maps import supply_layers
from maps.mapping import build_council_map
from market.supply import area_supply, council_supply, filter_homes, gap_areas

through_router()

council = current_council()
st.title(f"{council.name}: care homes and supply")
with st.spinner(f"Preparing care homes in {council.name} (first time only)…"):
    geography = council_geography(council.code)
    figures = all_figures()
    source = council_homes(council.code, figures)
    basis, years = population_basis(council.code, figures)
    sites, sites_error = extra_care_sites(council.code)
note_selection_elsewhere(council.code, known_areas(geography))
render_homes_source(source)
view = render_supply_filters()
if years:
    st.selectbox("Population year", years, index=len(years) - 1, key="cmm_population_year")

shown = filter_homes(source.homes, view.homes)
kind = "illustrative" if source.is_illustrative else "CQC"
layers = [supply_layers.homes_layer(shown, view.colour_by)]
legends = [(f"Care homes ({kind})", supply_layers.homes_legend(view.colour_by))]
areas = area_supply(shown, geography, basis)
if view.show_choropleth:
    shapes = geography.drawable(
        geography.msoas.merge(areas, left_on="code", right_on="msoa_name"), "msoa"
    )
    choropleth, entries = supply_layers.choropleth_layer(
        shapes, view.measure, MEASURE_CHOICES[view.measure]
    )
    layers.insert(0, choropleth)
    legends.append((MEASURE_CHOICES[view.measure], entries))
if view.show_gaps:
    gaps = gap_areas(shown, geography, view.gap_km)
    layers.insert(1, supply_layers.gaps_layer(geography.drawable(gaps, "lsoa"), view.gap_km))
    legends.append(
        (
            f"Gaps: {len(gaps)} small areas with no bed within {view.gap_km:g} km",
            [
                supply_layers.LegendEntry(
                    supply_layers.GAP_COLOUR,
                    "straight-line distance from the area's centre",
                    "square",
                )
            ],
        )
    )
if not sites.empty:
    layers.append(supply_layers.extra_care_layer(sites))
    legends.append(
        (
            "Extra Care",
            [supply_layers.LegendEntry(supply_layers.EXTRA_CARE_COLOUR, "Extra Care site")],
        )
    )

st.caption(
    f"Showing {len(shown):,} of {len(source.homes):,} homes, "
    f"{int(shown['beds'].fillna(0).sum()):,} beds. Distances are straight-line, "
    "measured on the British National Grid."
)
map_column, legend_column = st.columns([4, 1])
with map_column:
    render_map(
        build_council_map(geography, layer_control=False),
        key=f"supply-map-{council.code}",
        extra_layers=layers,
    )
with legend_column:
    render_legends(legends)

st.subheader("Supply by neighbourhood")
total = council_supply(areas, shown, council.name)
render_area_table(areas, total, kind, basis, council.code)
st.subheader("Other supply in the council's documents")
if sites_error:
    show_refusal(sites_error)
render_supply_figures(figures, council.code)
render_sources(GEOGRAPHY_SOURCES)
st.caption(
    "Care homes: Care Quality Commission, care directory with filters (Open Government "
    "Licence v3.0), when imported; otherwise illustrative."
)
