"""The map component: one folium document per map, the same HTML for the same map, the extra
layers and view in it, and a title for screen readers."""

from __future__ import annotations

import json
import re

import folium
import pandas as pd
from streamlit.testing.v1 import AppTest

from components.map_view import (
    COMPONENT_NAME,
    FRAME_CLASS,
    map_data,
    split_layers,
    stable_html,
    whole_document,
)
from maps.mapping import build_council_map

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
    assert element.proto.component_name == COMPONENT_NAME
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
    html = whole_document(data)
    assert html.startswith("<!DOCTYPE html>") and "/app/static/vendor/leaflet/leaflet.js" in html
    # The extra layer is in the layer list.
    assert '"Your postcode"' in html and '"Council boundary"' in html
    assert html.rstrip().endswith("</html>")
    # The view is part of the frame (a new view draws the map anew); the postcode a layer.
    frame, layers, _ = split_layers(html)
    assert ".setView([54.77, -1.57], 13.0)" in frame and '"Your postcode"' in layers
    assert "height: 100%" in html  # the map fills the frame, whatever folium was built with
    assert data["title"] == "Map of County Durham" and data["frame_class"] == FRAME_CLASS
    again = _map_data(at.run())
    assert again["digest"] == data["digest"]  # a rerun sends the same map: nothing redrawn


def test_a_council_map_given_a_view_starts_there_and_is_not_fitted_first(durham):
    # The page's view replaces the fit to the council's bounds: each layer is then drawn
    # once, at that view, not at a view of folium's own, then fitted, then moved.
    html = whole_document(
        map_data(build_council_map(durham, layer_control=False), center=(54.7, -1.7), zoom=9.5)
    )
    assert "fitBounds(" not in html and "center: null," in html
    assert re.findall(r"\.setView\(([^)]*)\)", html) == ["[54.7, -1.7], 9.5"]


def test_no_file_is_fetched_from_the_internet():
    at = AppTest.from_string(SCRIPT).run()
    html = whole_document(_map_data(at))
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


def _zones_map_data(durham, selection: str | None, name: str | None = None) -> dict:
    from components.zone_map import build_zone_map
    from maps.zone_layers import zone_map_layers
    from market.hotspots import NEITHER
    from market.zones import illustrative_layout

    layout = illustrative_layout(durham, 10, title="x")
    zones = layout.zones
    if name is not None:
        zones = zones.assign(zone=zones["zone"].where(zones.index != 0, name))
    figures = pd.DataFrame({"Unmet packages": "fewer than 5"}, index=list(zones["zone"]))
    spots = pd.DataFrame({"code": durham.msoas["code"], "spot": NEITHER})
    layers = zone_map_layers(durham, zones, figures, spots, set(), selection, illustrative=True)
    return map_data(build_zone_map(durham), extra_layers=layers, title="Zones")


def test_a_new_selection_changes_the_layers_alone_so_the_map_keeps_its_view(durham):
    whole = _zones_map_data(durham, None)
    chosen = _zones_map_data(durham, "Zone 6: Durham")
    # Same frame: the browser swaps the layers in place (cmmLayers.swap), keeping the view.
    assert chosen["digest"] == whole["digest"]
    assert chosen["layers_digest"] != whole["layers_digest"]
    opened = 'window.cmmPopupFor === "Zone 6: Durham"'
    assert opened in chosen["layers"] and opened not in whole["layers"]
    # The frame holds the base map; the layers and the layer list are in the swapped part.
    html = whole_document(chosen)
    frame, layers, _ = split_layers(html)
    assert (frame, layers) == (chosen["frame"], chosen["layers"])
    assert "Zone 6" not in frame and "L.control.layers" not in frame
    assert "L.control.layers" in layers and '"Council boundary"' in layers
    # The first load draws the map whole, the layers inline between the marks.
    assert html.count("cmmLayers.begin(") == 1 and layers in html
    assert "cmmLayers.end();" in html.split(layers, 1)[1]


def test_a_zone_named_like_a_mark_stays_inside_the_layers(durham):
    name = "\ncmmLayers.end();\nalert(1)"
    data = _zones_map_data(durham, None, name=name)
    assert data["digest"] == _zones_map_data(durham, None)["digest"]
    assert "alert(1)" in data["layers"]
    assert "alert(1)" not in data["frame"]


def test_a_map_that_reports_clicks_says_so_and_one_that_does_not_stays_quiet():
    quiet = AppTest.from_string(SCRIPT).run()
    assert _map_data(quiet)["reports_clicks"] is False
    clicking = AppTest.from_string(
        SCRIPT.replace('title="Map of County Durham")', 'title="x", on_click=lambda: None)')
    ).run()
    assert not clicking.exception
    assert _map_data(clicking)["reports_clicks"] is True


def test_the_document_is_put_together_as_javascript_slices_it():
    fmap = folium.Map(location=[54.7, -1.6], zoom_start=9, tiles=None)
    folium.Marker([54.7, -1.6], tooltip="Café 🏠 before the layers").add_to(fmap)
    layer = folium.FeatureGroup(name="Layer 🏠 after")
    data = map_data(fmap, extra_layers=[layer])
    html = whole_document(data)
    assert split_layers(html)[:2] == (data["frame"], data["layers"])
    # Code points and UTF-16 units differ by one for the emoji before the layers.
    assert data["at"] == split_layers(html)[2] + 1
