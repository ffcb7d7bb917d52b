"""Home care zones and unmet need: zones, rural uplift areas and unmet-package hot spots."""

import streamlit as st

from charts.unmet import brush_range
from components.council_picker import current_council
from components.figure_upload import all_figures
from components.geodata import council_geography
from components.map_view import hold_back_below_map, render_held_back_note
from components.routing import through_router
from components.safe_text import escape_markdown
from components.selection import render_showing, selected_zone
from components.supply_panels import render_deprivation_source
from components.zone_data import load_zone_data, render_uploads
from components.zone_map import build_zone_map, render_legend, render_zone_map
from components.zone_panels import (
    CHART_KEY,
    council_hotspots,
    render_layer_tables,
    render_spot_picker,
    render_unmet_chart,
    render_uplift_whatif,
    starting_areas,
)
from data.deprivation import council_deciles
from maps.zone_layers import zone_map_layers
from market.unmet import HOTSPOT_MINIMUM, neighbourhood_counts, public_unmet, unmet_in_window
from market.uplift import starting_rule, uplift_lsoas
from market.zones import rural_shares, selection_lsoas
from report.tables import uplift_table, zone_figures

through_router()

council = current_council()
st.title(f"{council.name}: home care zones and unmet need")
with st.spinner(f"Preparing the geography of {council.name} (first time only)…"):
    geography = council_geography(council.code)
held_back = hold_back_below_map()
layout_choice = render_uploads(geography, drawn=not held_back)
data = load_zone_data(geography, choose_in=layout_choice, choose=not held_back)
layout = data.layout

if layout.kind == "illustrative":
    st.badge("Illustrative zones", icon=":material/science:", color="orange")
# Methods name imported files as their users called them: shown escaped, as typed.
st.caption(escape_markdown(layout.method))
st.caption(f"Rural or urban: {escape_markdown(data.rurality_method)}")
if data.packages_illustrative:
    st.badge("Illustrative packages", icon=":material/science:", color="orange")
st.caption(f"Unmet packages: {escape_markdown(data.packages_method)}")

valid = set(layout.zone_names) | set(geography.msoas["code"])
selection = selected_zone(council.code, valid)
render_showing(council.code, council.name, selection)
lsoas = selection_lsoas(layout, geography, selection)

# Every public count reads one protected reading of the latest 12 months; the chart's
# brush moves only the hot and cold spots, which are published as categories.
counted = public_unmet(data.packages, layout)
recent = unmet_in_window(data.packages, counted.window)
span = brush_range(st.session_state.get(CHART_KEY))
tested = neighbourhood_counts(recent, span)
hotspots = council_hotspots(council.code, tested)
deprivation = council_deciles(council.code)
figures_by_zone = zone_figures(
    layout, counted, data.rurality, deprivation[1] if deprivation else None
)

base_rule, source = starting_rule(
    all_figures(), council.code, council.name, rural_shares(layout, data.rurality)
)

map_slot = st.container()
if held_back:
    # The chart and the uplift what-if follow in the next run; the map shades the areas
    # the rule starts with, as the what-if's own widgets would.
    render_held_back_note()
    rule = starting_areas(layout, base_rule)
else:
    render_unmet_chart(counted.trend, council.name, illustrative=data.packages_illustrative)
    if span is not None:
        st.caption(
            f"Hot and cold spots show {span[0]:%B %Y} to {span[1]:%B %Y} only (brushed on the "
            f"chart); every count shows {counted.period}."
        )
    rule = render_uplift_whatif(
        layout, data.rurality, recent, base_rule, source, zones_counted=counted.zones_counted()
    )

uplift = uplift_lsoas(rule, layout.lsoa_zone, data.rurality)
layers = zone_map_layers(
    geography,
    layout.zones,
    figures_by_zone,
    hotspots.areas,
    uplift,
    selection,
    illustrative=layout.kind == "illustrative",
)
with map_slot:
    render_zone_map(
        build_zone_map(geography),
        layers,
        council_code=council.code,
        council_name=council.name,
        key=f"zones-{council.code}",
        rerun_when_drawn=held_back,
    )
    if not held_back:
        render_spot_picker(council.code, hotspots.areas, selection)
        st.caption(
            "Click a zone to select it (a click inside a hot or cold spot selects the zone "
            "under it; pick the spot from the list above); click it again, or use the button "
            "above, to return to the whole council. "
            + (
                hotspots.method
                if tested
                else f"No hot or cold spots are tested: the months shown hold fewer than "
                f"{HOTSPOT_MINIMUM} unmet packages, too few to tell a cluster from chance "
                "without pointing at someone's home."
            )
        )
        render_legend()
        if deprivation is not None:
            render_deprivation_source(deprivation[0], zones=True)
        render_layer_tables(
            figures_by_zone,
            uplift_table(geography, layout, uplift),
            hotspots,
            geography,
            lsoas,
            (selection or "",),
        )
