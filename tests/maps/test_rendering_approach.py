"""Guards the way homes are drawn: a few GeoJson layers, never a folium layer per home.

A marker per home costs a template render on the server and a script statement in the
browser each (shared/PERFORMANCE.md: 13.5 s of Python for 50,000 CircleMarkers); a
per-feature style makes folium write a `case` per feature. These tests fail if either
comes back, for the county supply layer and for the England map.
"""

from __future__ import annotations

import re

import folium
import pandas as pd
import pytest

from maps import england, supply_layers
from maps.assets import use_local_assets
from tests.fixtures.homes import homes_frame

FEW, MANY = 200, 2000
PER_HOME_ELEMENTS = (folium.Marker, folium.CircleMarker, folium.Circle, folium.Popup)


def _homes(n: int, kind: str = "imported") -> pd.DataFrame:
    return homes_frame(
        n,
        kind,
        beds=[10 + (i * 7) % 90 for i in range(n)],
        lat=[54.0 + (i % 300) / 200 for i in range(n)],
        lon=[-2.5 + (i // 300) / 10 for i in range(n)],
    )


def _elements(root) -> list:
    found, pending = [], [root]
    while pending:
        element = pending.pop()
        found.append(element)
        pending.extend(getattr(element, "_children", {}).values())
    return found


def _per_home_elements(root) -> int:
    return sum(isinstance(e, PER_HOME_ELEMENTS) for e in _elements(root))


def _county_html(n: int) -> tuple[folium.Map, str]:
    fmap = folium.Map(tiles=None)
    supply_layers.homes_layer(_homes(n), "rating").add_to(fmap)
    return fmap, use_local_assets(fmap).get_root().render()


def _england_html(n: int, static_root) -> tuple[folium.Map, str]:
    layers = england.publish_england_layers(_homes(n, "illustrative"), static_root)
    fmap = england.build_england_map(layers)
    return fmap, fmap.get_root().render()


def _assert_no_per_feature_styles(html: str) -> None:
    # folium writes "case <id>:" lines into a layer's styler when styles vary by feature.
    assert not re.search(r"\bcase\s", html), "a style function varies feature by feature"


def test_county_homes_are_a_fixed_number_of_layers_whatever_the_count():
    few_map, _ = _county_html(FEW)
    many_map, many_html = _county_html(MANY)
    assert _per_home_elements(many_map) == 0, "homes drawn as a folium element each"
    layers = [e for e in _elements(many_map) if isinstance(e, folium.GeoJson)]
    limit = len(supply_layers.RATING_COLOURS) * len(supply_layers.SIZE_CLASSES)
    assert 1 <= len(layers) <= limit
    assert len(_elements(many_map)) <= len(_elements(few_map)) + limit * 3
    # One marker template per layer in the script, not one per home.
    assert many_html.count("new L.CircleMarker(") <= limit
    assert "L.marker(" not in many_html and "L.circleMarker(" not in many_html
    _assert_no_per_feature_styles(many_html)


def _statements(html: str) -> int:
    return len(re.findall(r"\b(?:var|let|const) ", html))


def test_county_map_script_has_no_statement_per_home():
    # A folium element per home adds at least one `var` to the map's script for each;
    # GeoJson layers carry homes as data, so the script is the same length in statements.
    _, few_html = _county_html(FEW)
    _, many_html = _county_html(MANY)
    assert _statements(many_html) == _statements(few_html)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    return tmp_path_factory.mktemp("static")


def test_england_map_html_does_not_grow_with_the_homes(static_root):
    few_map, few_html = _england_html(FEW, static_root)
    many_map, many_html = _england_html(MANY, static_root)
    assert _per_home_elements(many_map) == 0, "homes drawn as a folium element each"
    assert len(_elements(many_map)) == len(_elements(few_map))
    # The features are fetched from files: the map's own HTML is the same size.
    assert abs(len(many_html) - len(few_html)) < 2_000
    assert len(many_html) < 100_000
    assert _statements(many_html) == _statements(few_html)
    _assert_no_per_feature_styles(many_html)


def test_england_homes_are_one_file_per_care_type_drawn_by_one_layer(static_root):
    homes = _homes(MANY, "illustrative")
    layers = england.publish_england_layers(homes, static_root)
    assert len(layers.homes) == len(supply_layers.TYPE_COLOURS)
    assert sum(part.layer.features for part in layers.homes) == MANY
    fmap = england.build_england_map(layers)
    linked = [e for e in _elements(fmap) if isinstance(e, england.LinkedGeoJson)]
    assert len(linked) == len(layers.density) + 1  # shading and outlines; homes below
    assert all(len(e.data["features"]) == 1 for e in linked)
    # The homes are one layer of dots that reads every care type's file.
    (dots,) = [e for e in _elements(fmap) if isinstance(e, england.HomeDots)]
    assert [url for url, _ in dots.files] == [part.layer.url for part in layers.homes]


def test_england_small_areas_are_one_feature_per_colour_class(static_root):
    layers = england.publish_england_layers(_homes(FEW, "illustrative"), static_root)
    assert len(layers.density) == len(england.DENSITY_COLOURS)
    assert all(part.layer.features == 1 for part in layers.density)
    assert sum(part.lsoas for part in layers.density) == 32_844
