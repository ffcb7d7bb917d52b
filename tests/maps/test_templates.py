"""Map data is never evaluated as a template: names like {{ 7*7 }} are drawn as typed."""

from __future__ import annotations

import branca.element
import folium
import pandas as pd
import pytest

import maps.mapping  # noqa: F401 - importing it installs the protection
from maps import supply_layers, zone_layers
from maps.mapping import build_council_map
from market.zones import illustrative_layout

INJECTIONS = [
    ("A {{ 7*7 }} B", "A 49 B"),
    ("{% for x in range(3) %}ab{% endfor %}", "ababab"),
    ("{{ lipsum.__globals__ }}", "__builtins__"),
]


@pytest.mark.parametrize(("text", "evaluated"), INJECTIONS)
def test_text_in_a_layers_data_is_written_as_typed(text, evaluated):
    fmap = folium.Map(tiles=None)
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"label": text},
                "geometry": {"type": "Point", "coordinates": [-1.5, 54.7]},
            }
        ],
    }
    folium.GeoJson(data, tooltip=folium.GeoJsonTooltip(fields=["label"])).add_to(fmap)
    html = fmap.get_root().render()
    assert text in html and evaluated not in html


@pytest.mark.parametrize(("text", "evaluated"), INJECTIONS)
def test_uploaded_names_reach_the_zones_map_unevaluated(durham, text, evaluated):
    layout = illustrative_layout(durham, 3, title="t")
    renamed = {name: f"{name} {text}" for name in layout.zone_names}
    zones = layout.zones.assign(zone=layout.zones["zone"].map(renamed))
    figures = pd.DataFrame({"Unmet packages": ["fewer than 5"] * 3}, index=zones["zone"])
    fmap = build_council_map(durham)
    zone_layers.zone_layer(zones, figures, illustrative=False).add_to(fmap)
    html = fmap.get_root().render()
    assert evaluated not in html
    assert text.split("{")[0] in html  # the text around the braces is there as well


def test_care_home_names_reach_the_map_unevaluated():
    from tests.maps.test_supply_layers import _homes

    homes = _homes(n=2)
    homes["name"] = ["Home {{ 7*7 }}", "{% for x in range(3) %}ab{% endfor %} House"]
    fmap = folium.Map(tiles=None)
    supply_layers.homes_layer(homes).add_to(fmap)
    html = fmap.get_root().render()
    assert "{{ 7*7 }}" in html and "Home 49" not in html and "ababab House" not in html


def test_branca_still_renders_its_own_templates():
    div = branca.element.Div()
    div.html.add_child(branca.element.Element("<p>inside</p>"))
    figure = branca.element.Figure()
    figure.add_child(div)
    html = figure.render()
    assert "<p>inside</p>" in html and "{%" not in html


def test_a_zone_named_as_html_is_shown_as_text_in_its_tooltip(durham):
    layout = illustrative_layout(durham, 2, title="t")
    name = "<img src=x onerror=alert(1)>"
    zones = layout.zones.assign(zone=[name, "North"])
    figures = pd.DataFrame({"Unmet packages": ["0", "0"]}, index=zones["zone"])
    layer = zone_layers.zone_layer(zones, figures, illustrative=False)
    shapes = next(c for c in layer._children.values() if isinstance(c, folium.GeoJson))
    first = shapes.data["features"][0]["properties"]
    assert first["label"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert first["select"] == name  # the click still selects the zone by its own name
    fmap = folium.Map(tiles=None)
    layer.add_to(fmap)
    assert "<img src=x" not in fmap.get_root().render()
