"""England overview: every council and small area by postcode density, illustrative homes,
and every council shaded by a national measure (unit costs, workforce, deprivation)."""

import streamlit as st

from components.england_measures import render_england_measures
from components.figure_upload import national_figures
from components.map_view import render_map
from components.routing import through_router
from components.sources import render_sources
from components.tables import render_table_when_opened
from geo.sources import AUTHORITY_LOOKUP, LSOA_BOUNDARIES, POSTCODE_DIRECTORY
from maps.england import (
    DENSITY_NOTE,
    EnglandLayers,
    build_england_map,
    england_legends,
    publish_england_layers,
)
from maps.supply_layers import legend_html
from market.england_homes import HOMES_NOTE, council_summary, council_table, england_homes

through_router()


@st.cache_data(show_spinner=False)
def england_layers() -> EnglandLayers:
    """Return the England map's layers, written as files the browser fetches (once a server)."""
    return publish_england_layers(england_homes())


@st.cache_data(show_spinner=False)
def england_councils():
    """Return the table of councils shown under the map."""
    homes = england_homes()
    return council_table(council_summary(homes), str(homes["kind"].iloc[0]))


st.title("England overview")
st.badge("Illustrative homes", icon=":material/science:", color="orange")
with st.spinner("Preparing the map of England (first time only, about 30 seconds)…"):
    layers = england_layers()
st.warning(
    f"The {layers.home_count:,} care homes on this map are illustrative: made-up homes at "
    "real postcodes, generated to show England at full scale. Their types, beds and names "
    "are not real. The councils, small areas and postcode density are real."
)
st.caption(
    f"{layers.councils.features} councils at England zoom, and their {layers.lsoas:,} small "
    f"areas (LSOAs) from county zoom on, shaded by postcode density; "
    f"{layers.home_count:,} illustrative homes with {layers.beds:,} beds. Hover over a "
    "council, a small area or a home for its name; zoom in with the + button."
)
map_column, legend_column = st.columns([4, 1])
with map_column:
    render_map(
        build_england_map(layers),
        key="england-map",
        title="Map of England's councils and small areas, shaded by postcode density",
    )
with legend_column:
    for title, entries in england_legends(layers):
        st.html(legend_html(title, entries))
st.caption(DENSITY_NOTE)
st.subheader("Councils")
render_table_when_opened(
    "Every council's homes, beds and postcode density as a table",
    england_councils,
    file_name="england-councils.csv",
    key="england-councils-csv",
    help="Every council as in the table: click a column's name to sort by it.",
)
# As published: a council's own correction of its figure is shown on its pages, not here,
# where every council's figure comes from the same data set.
render_england_measures(national_figures())
render_sources([LSOA_BOUNDARIES, POSTCODE_DIRECTORY, AUTHORITY_LOOKUP])
st.caption(HOMES_NOTE)
