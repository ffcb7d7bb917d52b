"""Care homes and supply: homes on the map, other supply, beds per 1,000 older people, gaps."""

import streamlit as st

from components.council_picker import current_council
from components.figure_upload import all_figures
from components.geodata import council_geography
from components.map_view import hold_back_below_map, render_held_back_note, render_map
from components.routing import through_router
from components.safe_text import escape_markdown, show_refusal
from components.selection import render_showing
from components.sources import render_sources
from components.supply_data import council_homes, extra_care_sites, population_basis
from components.supply_filters import measure_label, render_supply_filters
from components.supply_panels import (
    render_area_table,
    render_deprivation_source,
    render_homes_list,
    render_homes_source,
    render_legends,
    render_supply_figures,
)
from components.zone_data import layout_in_use, selected_areas
from data.deprivation import council_deciles
from geo.sources import GEOGRAPHY_SOURCES
from maps import supply_layers
from maps.mapping import build_council_map, view_for
from market.supply import (
    area_supply,
    areas_within,
    council_supply,
    cut_neighbourhoods,
    filter_homes,
    homes_within,
)
from report.tables import area_deciles

# The map's column at 1440 px: four fifths of the page, beside its legend.
SUPPLY_MAP_PX = (880, 560)

through_router()

council = current_council()
st.title(f"{council.name}: care homes and supply")
with st.spinner(f"Preparing care homes in {council.name} (first time only)…"):
    geography = council_geography(council.code)
    figures = all_figures()
    source = council_homes(council.code, figures)
    basis, years = population_basis(council.code, figures)
    sites, sites_error = extra_care_sites(council.code)
    deprivation = council_deciles(council.code)
held_back = hold_back_below_map()
chosen = selected_areas(geography)
render_showing(council.code, council.name, chosen and chosen.name)
render_homes_source(source)
view = render_supply_filters(deprivation=deprivation is not None, drawn=not held_back)
if years:
    st.selectbox("Population year", years, index=len(years) - 1, key="cmm_population_year")

filtered = filter_homes(source.homes, view.homes)
shown = homes_within(filtered, chosen)
kind = source.kind
areas = areas_within(area_supply(shown, geography, basis), geography, chosen)
cut = bool(cut_neighbourhoods(geography, chosen))
drawn = supply_layers.supply_map(
    filtered,
    kind,
    view.colour_by,
    geography,
    areas,
    measure=view.measure if view.show_choropleth else None,
    measure_label=measure_label(view.measure),
    gap_km=view.gap_km if view.show_gaps else None,
    sites=sites,
    selection=chosen,
    deprivation=deprivation[1] if deprivation else None,
)

st.caption(
    f"Showing {len(shown):,} of {len(source.homes):,} homes"
    + (f" (those in {escape_markdown(chosen.name)})" if chosen else "")
    + f", {int(shown['beds'].fillna(0).sum()):,} beds. Distances are straight-line, "
    "measured on the British National Grid."
    + (
        " Neighbourhoods the zone's edge cuts through are shaded whole, by the beds inside "
        "the zone; Extra Care sites are shown for the whole council."
        if cut
        else ""
    )
)
map_column, legend_column = st.columns([4, 1])
with map_column:
    render_map(
        # The shading is the neighbourhoods: their plain outlines come only when ticked.
        build_council_map(geography, layer_control=False, neighbourhoods=False),
        key=f"supply-map-{council.code}",
        rerun_when_drawn=held_back,
        title=f"Map of care homes and other supply in {council.name}",
        extra_layers=drawn.layers,
        **view_for(chosen.bounds if chosen else geography.wsen, SUPPLY_MAP_PX),
    )
if not held_back:
    with legend_column:
        render_legends(drawn.legends)

if held_back:
    render_held_back_note()
else:
    st.subheader("Care homes as a list")
    render_homes_list(shown, kind, layout_in_use(geography), council.code)
    st.subheader("Supply by neighbourhood")
    where = chosen.name if chosen else council.name
    total = council_supply(areas, shown, where, people_unknown=cut)
    if cut:
        st.caption(
            "The zone's edge cuts through some neighbourhoods: their people are counted for "
            "the whole neighbourhood, so no rate per 1,000 older people is given for them or "
            "the zone."
        )
    deciles = None
    if deprivation is not None:
        render_deprivation_source(deprivation[0])
        deciles = area_deciles(
            deprivation[1], geography, total["msoa_name"].iloc[0], chosen and chosen.lsoas
        )
    render_area_table(areas, total, kind, basis, council.code, deciles)
    st.subheader("Other supply in the council's documents")
    if sites_error:
        show_refusal(sites_error)
    render_supply_figures(figures, council.code)
if not held_back:
    render_sources(GEOGRAPHY_SOURCES)
    st.caption(
        "Care homes: Care Quality Commission, care directory with filters (Open Government "
        "Licence v3.0), when imported; otherwise illustrative."
    )
