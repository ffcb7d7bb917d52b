"""The map component: draws a folium map in the page, and keeps pan and zoom while it stays
the same.

A small Streamlit v2 component (no bundle of its own) writes folium's HTML into an iframe's
`srcdoc`. streamlit-folium's component first loads its own script bundle into its iframe
and only then Leaflet, one after the other, which took the county map page from about 1.3
to 2.3 times a bare page's load (`bench/map_component.py`). Maps that report a click back
(the zones map) still use streamlit-folium (components/zone_map.py).

Folium names every element with a random id, so the same map would differ from run to run;
the ids are renumbered in order, so an unchanged map gives the same HTML, the browser keeps
the map as it is (with the reader's pan and zoom), and only a changed map is drawn again.
"""

from __future__ import annotations

import hashlib
import re

import folium
import streamlit as st
from branca.element import MacroElement
from folium.template import Template

from maps.assets import use_local_assets

MAP_HEIGHT = 560
FRAME_CLASS = "cmm-map-frame"
# The component's script (bench/map_component.py times it on a page of its own).
MAP_JS = """
export default function (component) {
  const { data, parentElement } = component;
  const holder = parentElement.querySelector(".cmm-map");
  let frame = holder.querySelector("iframe");
  if (!frame) {
    frame = document.createElement("iframe");
    frame.className = data.frame_class;
    frame.style.cssText = "width:100%;border:0;display:block";
    holder.appendChild(frame);
  }
  frame.title = data.title;
  frame.style.height = data.height + "px";
  if (frame.dataset.digest !== data.digest) {
    frame.dataset.digest = data.digest;
    frame.srcdoc = data.html;
  }
}
"""
_MAP = st.components.v2.component(
    "cmm_map", html="<div class='cmm-map'></div>", js=MAP_JS, isolate_styles=False
)
_FOLIUM_ID = re.compile(r"(?<=[a-z]_)[0-9a-f]{32}(?![0-9a-f])")


class _SetView(MacroElement):
    """Centre the map after everything else has run (after a fit to the council's bounds)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.setView([{{ this.lat }}, {{ this.lon }}], {{ this.zoom }});
        {% endmacro %}
        """
    )

    def __init__(self, center: tuple[float, float], zoom: float):
        super().__init__()
        self._name = "SetView"
        self.lat, self.lon = (float(value) for value in center)
        self.zoom = float(zoom)


def stable_html(fmap: folium.Map) -> str:
    """Return the map's whole HTML document, folium's random ids renumbered in order."""
    html = fmap.get_root().render()
    numbers: dict[str, str] = {}
    return _FOLIUM_ID.sub(lambda found: numbers.setdefault(found[0], f"{len(numbers):032d}"), html)


def render_map(
    fmap: folium.Map,
    *,
    key: str,
    extra_layers: list[folium.FeatureGroup] | None = None,
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
    title: str = "Map",
) -> None:
    """Show a map; layers that change between runs go in `extra_layers`.

    `fmap` must be built without a layer control (`build_council_map(...,
    layer_control=False)`): the control is added here, after the extra layers, so it
    lists them all. `title` names the map for screen readers.
    """
    fmap.height = (100, "%")  # the frame's height, so a fit to bounds fits what is seen
    for layer in extra_layers or []:
        fmap.add_child(layer)
    fmap.add_child(folium.LayerControl(collapsed=False))
    if center is not None and zoom is not None:
        fmap.add_child(_SetView(center, zoom))
    html = stable_html(use_local_assets(fmap))
    digest = hashlib.sha256(html.encode()).hexdigest()
    data = {"html": html, "digest": digest, "height": MAP_HEIGHT, "title": title}
    _MAP(data={**data, "frame_class": FRAME_CLASS}, key=key)
