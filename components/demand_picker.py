"""The demand page's chooser: a postcode (followed to its council and zone) or a zone."""

from __future__ import annotations

import streamlit as st

from components.council_picker import change_council
from components.postcode_box import render_postcode_box
from components.selection import selected_zone, set_selection
from geo.boundaries import CouncilGeography, postcode_area
from geo.postcodes import PostcodeLookup
from market.demand import zone_of_area
from market.zones import ZoneLayout

POSTCODE_KEY = "cmm_demand_postcode"
POSTCODE_SEEN_KEY = "cmm_demand_postcode_seen"
PICKER_KEY = "cmm_demand_zone"
WHOLE_COUNCIL = "The whole council"


def render_chooser(
    geography: CouncilGeography, layout: ZoneLayout
) -> tuple[str | None, PostcodeLookup | None]:
    """Draw the postcode box and the zone picker; return the zone to show and the postcode."""
    council = geography.council
    lookup = render_postcode_box(council, key=POSTCODE_KEY)
    _follow_postcode(geography, layout, lookup)
    valid = set(layout.zone_names) | set(geography.msoas["code"])
    zone = _zone_for(layout, geography, selected_zone(council.code, valid))
    _render_picker(council.code, layout.zone_names, zone)
    return zone, lookup


def _follow_postcode(
    geography: CouncilGeography, layout: ZoneLayout, lookup: PostcodeLookup | None
) -> None:
    """Follow a newly typed postcode: to its council if it is another, then to its zone.

    Done once per postcode, so a zone picked afterwards, or a council chosen in the sidebar,
    wins over the postcode still in the box.
    """
    typed = lookup.postcode if lookup is not None and lookup.found else None
    if typed == st.session_state.get(POSTCODE_SEEN_KEY):
        return
    area = postcode_area(lookup) if typed is not None else None
    if area is not None and area.council.code != geography.council.code:
        # Not marked as seen: in its own council the same postcode then picks its zone.
        change_council(
            area.council.code,
            f"{typed} is in {area.council.name}, so this page now shows "
            f"{area.council.name} instead of {geography.council.name}.",
        )
    st.session_state[POSTCODE_SEEN_KEY] = typed
    if area is None:
        return
    zone = zone_of_area(layout, area.lsoa_code)
    if zone is None:
        st.warning(
            f"{typed} is not inside any of {geography.council.name}'s small areas "
            "(it may be on the coast or a boundary), so no zone is chosen."
        )
        return
    set_selection(geography.council.code, zone)


def _zone_for(layout: ZoneLayout, geography: CouncilGeography, selection: str | None) -> str | None:
    """Return the zone to show: the selection, or the zone of a selected neighbourhood."""
    if selection is None or selection in layout.zone_names:
        return selection
    areas = geography.lsoas.loc[geography.lsoas["msoa_name"] == selection, "code"]
    return zone_of_area(layout, str(areas.iloc[0])) if len(areas) else None


def _choose_zone(council_code: str) -> None:
    chosen = st.session_state.get(PICKER_KEY)
    set_selection(council_code, None if chosen in (None, WHOLE_COUNCIL) else chosen)


def _render_picker(council_code: str, zones: list[str], zone: str | None) -> None:
    """Draw the zone picker, kept in step with the selection other pages and postcodes make."""
    shown = zone if zone is not None else WHOLE_COUNCIL
    if st.session_state.get(PICKER_KEY) != shown:
        st.session_state[PICKER_KEY] = shown
    st.selectbox(
        "Or pick a zone",
        [WHOLE_COUNCIL, *zones],
        key=PICKER_KEY,
        on_change=_choose_zone,
        args=(council_code,),
        help="The zone is kept when you move to another page.",
    )
