"""Map page: the chosen council's boundary, small areas and places, and a postcode finder."""

import streamlit as st

from components.council_picker import current_council
from components.geodata import council_geography
from components.map_view import hold_back_below_map, render_held_back_note, render_map
from components.postcode_box import render_postcode_box
from components.routing import through_router
from components.sources import render_sources
from components.tables import render_table_when_opened
from geo.sources import GEOGRAPHY_SOURCES
from maps.mapping import build_council_map, postcode_layer

through_router()

council = current_council()
st.title(f"{council.name}: the map")
with st.spinner(f"Preparing the geography of {council.name} (first time only)…"):
    geography = council_geography(council.code)

districts = ", ".join(council.district_names) if len(council.district_names) > 1 else None
st.caption(
    f"{council.name} is a {council.kind} ({council.code})"
    + (f" of {len(council.district_names)} districts: {districts}." if districts else ".")
)
held_back = hold_back_below_map()
lookup = render_postcode_box(council, drawn=not held_back)

marker = postcode_layer(lookup) if lookup is not None and lookup.found else None
render_map(
    build_council_map(geography, layer_control=False),
    key=f"map-{council.code}",
    extra_layers=[marker] if marker else None,
    center=(lookup.lat, lookup.lon) if marker else None,
    zoom=13 if marker else None,
    title=f"Map of {council.name}: small areas, neighbourhoods and towns",
    rerun_when_drawn=held_back,
)
if held_back:
    render_held_back_note()
else:
    cols = st.columns(3)
    cols[0].metric("Small areas (LSOAs)", f"{len(geography.lsoas):,}")
    cols[1].metric("Neighbourhoods (MSOAs)", f"{len(geography.msoas):,}")
    cols[2].metric("Towns and villages", f"{len(geography.places):,}")
    st.caption(
        "Use the layer list on the map to show or hide small areas. Areas are 2011 LSOAs, "
        "grouped into MSOAs and assigned to today's councils by where their postcodes are."
    )
    render_table_when_opened(
        "Towns and villages as a table",
        lambda: geography.places[["name", "population"]].rename(columns=str.capitalize),
        file_name=f"towns-{council.code}.csv",
        key="cmm_towns_download",
    )
if not held_back:
    render_sources(GEOGRAPHY_SOURCES)
