"""The map component: one folium document per map, the same HTML for the same map, the extra
layers and view in it, and a title for screen readers."""

from __future__ import annotations

import json
import re

import folium
from streamlit.testing.v1 import AppTest

from components.map_view import FRAME_CLASS, stable_html

SCRIPT = """
import folium
from components.map_view import render_map

def build():
    fmap = folium.Map(location=[54.7, -1.6], zoom_start=9, tiles=None)
    point = {"type": "Point", "coordinates": [-1.6, 54.7]}
    folium.GeoJson(
        {"type": "Feature", "properties": {}, "geometry": point}, name="Council boundary"
    ).add_to(fmap)
    return fmap

marker = folium.FeatureGroup(name="Your postcode")
folium.CircleMarker([54.77, -1.57], radius=9).add_to(marker)
render_map(build(), key="map", extra_layers=[marker], center=(54.77, -1.57), zoom=13,
           title="Map of County Durham")
"""


def _map_data(at: AppTest) -> dict:
    (element,) = at.get("bidi_component")
    assert element.proto.component_name == "cmm_map"
    return json.loads(element.proto.json)


def _build() -> folium.Map:
    fmap = folium.Map(location=[54.7, -1.6], zoom_start=9, tiles=None)
    folium.GeoJson({"type": "FeatureCollection", "features": []}, name="Zones").add_to(fmap)
    folium.LayerControl().add_to(fmap)
    return fmap


def test_the_same_map_built_twice_gives_the_same_html_so_the_browser_keeps_it():
    first, second = stable_html(_build()), stable_html(_build())
    assert first == second
    # folium's own ids differ between the two builds; each is renumbered in order.
    assert _build().get_name() != _build().get_name()
    ids = re.findall(r"[a-z]_([0-9a-f]{32})(?![0-9a-f])", first)
    assert ids and set(ids) == {f"{n:032d}" for n in range(len(set(ids)))}


def test_a_different_map_gives_different_html():
    other = _build()
    folium.GeoJson({"type": "FeatureCollection", "features": []}, name="Hot spots").add_to(other)
    assert stable_html(other) != stable_html(_build())


def test_the_page_sends_one_document_with_the_extra_layers_the_view_and_a_title():
    at = AppTest.from_string(SCRIPT).run()
    assert not at.exception
    data = _map_data(at)
    html = data["html"]
    assert html.startswith("<!DOCTYPE html>") and "/app/static/vendor/leaflet/leaflet.js" in html
    # The extra layer is in the layer list, and the view is set after the fit to bounds.
    assert '"Your postcode"' in html and '"Council boundary"' in html
    assert html.rstrip().endswith("</html>")
    assert html.index("L.control.layers") < html.index(".setView([54.77, -1.57], 13.0)")
    assert "height: 100%" in html  # the map fills the frame, whatever folium was built with
    assert data["title"] == "Map of County Durham" and data["frame_class"] == FRAME_CLASS
    again = _map_data(at.run())
    assert again["digest"] == data["digest"]  # a rerun sends the same map: nothing redrawn


def test_no_file_is_fetched_from_the_internet():
    at = AppTest.from_string(SCRIPT).run()
    html = _map_data(at)["html"]
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
