"""The zones map: zones, uplift areas and hot spots, where a click selects a zone or area."""

from __future__ import annotations

import folium
import streamlit as st

from components.map_view import clicked_value, render_map
from components.selection import apply_map_click
from geo.boundaries import CouncilGeography
from maps.mapping import build_council_map
from maps.zone_layers import LEGEND

MAP_HEIGHT = 600


def build_zone_map(geography: CouncilGeography) -> folium.Map:
    """Return the council map the zone layers are drawn on (it stays the same across runs).

    Towns start hidden (one tick in the layer list shows them): each zone is named after
    its largest place, and town names beside the zone names ran into them.
    """
    return build_council_map(geography, layer_control=False, towns=False)


def render_zone_map(
    fmap: folium.Map,
    layers: list[folium.FeatureGroup],
    *,
    council_code: str,
    council_name: str,
    key: str,
    rerun_when_drawn: bool = False,
) -> None:
    """Show the map; a click on a zone selects it, a second click clears it.

    A new selection or brushed range swaps the zone layers without reloading the map
    (components.map_view). The click is applied in `on_click`, before the script runs, so
    the page is drawn once per click with the new selection.
    """

    def apply_click() -> None:
        apply_map_click(council_code, clicked_value(key))

    render_map(
        fmap,
        key=key,
        extra_layers=layers,
        height=MAP_HEIGHT,
        title=f"Map of home care zones in {council_name}: click a zone to select it",
        on_click=apply_click,
        rerun_when_drawn=rerun_when_drawn,
    )


def render_legend() -> None:
    """Draw the legend for every zone-map layer as text beside a colour swatch."""
    items = "".join(
        f"<li><span style='display:inline-block;width:14px;height:14px;background:{colour};"
        f"margin-right:6px;vertical-align:middle' aria-hidden='true'></span>"
        f"<b>{name}</b>: {meaning}</li>"
        for name, colour, meaning in LEGEND
    )
    st.html(f"<ul style='list-style:none;padding-left:0'>{items}</ul>")
