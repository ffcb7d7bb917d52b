"""Demand outlook: older people to 2045, where they will live, beds and hours needed, what if."""

import streamlit as st

from components.council_picker import current_council
from components.figure_upload import all_figures
from components.geodata import council_geography
from components.map_view import render_map
from components.outlook_data import (
    KEY,
    SHADE_KEY,
    council_outlook,
    current_choices,
    headline_year,
    outlook_model,
    publish_choices,
    restore_choices,
)
from components.outlook_panels import (
    SHADE_CHOICES,
    render_area_tables,
    render_demand,
    render_no_outlook,
    render_population,
    render_rate_choices,
    render_rates,
    render_scenario,
    render_year_choice,
    years_from,
)
from components.routing import through_router
from components.sources import render_sources
from components.supply_panels import render_legends
from geo.sources import GEOGRAPHY_SOURCES
from maps.mapping import build_council_map, view_for
from maps.outlook_layers import people_layer, threshold_layer
from market.outlook import BAND_LABELS

# The map's column at 1440 px: four fifths of the page, beside its legend.
OUTLOOK_MAP_PX = (880, 560)

through_router()

council = current_council()
st.title(f"{council.name}: demand outlook")
st.caption(
    "Where will demand for care outgrow supply? Older people projected by year, spread to "
    "home care zones and neighbourhoods (middle layer super output areas, MSOAs), and the "
    "care home beds and home care hours they would need at today's rates."
)
restore_choices()
with st.spinner(f"Preparing the outlook for {council.name} (first time only)…"):
    geography = council_geography(council.code)
    figures = all_figures()
    people = council_outlook(council.code, figures)

if people is None:
    render_no_outlook(council.name)
else:
    st.header("Older people by year")
    render_population(people, council.name)

    choices = current_choices()
    model = outlook_model(council.code, figures, choices, people)
    years = years_from(model.people_zone, model.base_year)

    st.header("Where they will live")
    st.caption(f"Method: {model.weights.method}")
    year = render_year_choice(years, headline_year(people), people.bands())
    shade = st.radio(
        "Shade the map by",
        list(SHADE_CHOICES),
        format_func=SHADE_CHOICES.get,
        key=SHADE_KEY,
        horizontal=True,
    )
    band = st.session_state[f"{KEY}_band"]
    if shade == "people":
        msoa_people = model.people_msoa[
            (model.people_msoa["year"] == year) & (model.people_msoa["band"] == band)
        ].set_index("area")["people"]
        title = f"{BAND_LABELS[band]}, {year}"
        layer, legend = people_layer(geography.display_level("msoa"), msoa_people, title)
    else:
        title = f"First year beds needed pass {model.threshold_pct:g}% of today's"
        no_beds = set(
            model.demand_zone.loc[model.demand_zone["beds_today"] == 0, "area"].astype(str)
        )
        layer, legend = threshold_layer(
            model.layout.zones,
            model.passes_zone,
            no_beds,
            first_year=years[0],
            last_year=years[-1],
            threshold_pct=model.threshold_pct,
        )
    map_column, legend_column = st.columns([4, 1])
    with map_column:
        render_map(
            build_council_map(geography, layer_control=False),
            key=f"{KEY}-map-{council.code}",
            title=f"Map of the demand outlook in {council.name}",
            extra_layers=[layer],
            **view_for(geography.wsen, OUTLOOK_MAP_PX),
        )
    with legend_column:
        render_legends([(title, legend)])
    render_area_tables(model, year)

    st.header("Care home beds and home care hours needed")
    render_rate_choices(people.bands())
    render_rates(model)
    render_demand(model, year, council.name)

    st.header("What if")
    st.caption(
        "Add a new home, remove one, or change a zone's home care hours: the map, chart, "
        "tables and the committee view's outlook figure follow, and the page's link keeps "
        "the scenario."
    )
    render_scenario(model, choices)

publish_choices()
render_sources(GEOGRAPHY_SOURCES)
