"""Zone map layers: the selected zone's popup reopens on redraw; hot spots let clicks through."""

from __future__ import annotations

import json
import re

import folium
import pandas as pd
import pytest

from maps.zone_layers import OpenPopupOnAdd, hotspot_layer, zone_map_layers
from market.hotspots import COLD, HOT, NEITHER
from market.zones import illustrative_layout


@pytest.fixture(scope="module")
def layout(durham):
    return illustrative_layout(durham, 10, title="x")


def _figures(layout) -> pd.DataFrame:
    return pd.DataFrame({"Unmet packages": "fewer than 5"}, index=layout.zone_names)


def _spots(durham) -> pd.DataFrame:
    codes = list(durham.msoas["code"])
    return pd.DataFrame(
        {"code": codes, "spot": [HOT, COLD] + [NEITHER] * (len(codes) - 2), "z": 9.9}
    )


def _open_popups(layer: folium.FeatureGroup) -> list[str]:
    """Return the HTML of each popup in the layer that opens when the layer is added."""
    found = []
    for child in layer._children.values():
        kids = list(child._children.values())
        if any(isinstance(kid, OpenPopupOnAdd) for kid in kids):
            found += [kid.html.render() for kid in kids if isinstance(kid, folium.Popup)]
    return found


def test_the_selected_zone_brings_its_popup_back_open_with_its_figures(durham, layout):
    zone = layout.zone_names[5]
    layers = zone_map_layers(
        durham, layout.zones, _figures(layout), _spots(durham), set(), zone, illustrative=True
    )
    (popup,) = _open_popups(layers[-1])
    assert zone in popup and "fewer than 5" in popup
    whole = zone_map_layers(
        durham, layout.zones, _figures(layout), _spots(durham), set(), None, illustrative=True
    )
    assert _open_popups(whole[-1]) == []


def test_a_selected_hot_spot_popup_gives_its_result_only(durham, layout):
    code = durham.msoas["code"].iloc[0]
    layers = zone_map_layers(
        durham, layout.zones, _figures(layout), _spots(durham), set(), code, illustrative=True
    )
    (popup,) = _open_popups(layers[-1])
    assert code in popup and HOT in popup and "9.9" not in popup


def test_hot_and_cold_spots_let_clicks_through_to_the_zone(durham):
    layer = hotspot_layer(durham.display_level("msoa"), _spots(durham)[["code", "spot"]])
    shapes = list(layer._children.values())
    assert len(shapes) == 2
    for shape in shapes:
        assert shape.options.get("interactive") is False
        assert not any(
            isinstance(kid, folium.Popup | folium.Tooltip) for kid in shape._children.values()
        )


def test_a_zone_click_reports_the_zones_name_to_the_frames_page(durham, layout):
    from maps.zone_layers import SELECT_PROPERTY, ReportClick, zone_layer

    group = zone_layer(layout.zones, _figures(layout), illustrative=True)
    (shapes,) = [
        child
        for child in group._children.values()
        if any(isinstance(kid, ReportClick) for kid in child._children.values())
    ]
    # Each zone's feature carries the name a click reports.
    names = [feature["properties"][SELECT_PROPERTY] for feature in shapes.data["features"]]
    assert names == list(layout.zones["zone"])
    fmap = folium.Map()
    group.add_to(fmap)
    script = fmap.get_root().render()
    sent = script[script.index(f'{shapes.get_name()}.on("click"') :]
    assert 'frame.cmmClick({ "select": String(value) })' in sent
    assert "detail > 1" in sent  # the second click of a double-click zooms, and is not sent


def test_a_selected_zone_named_like_script_stays_text_in_the_popup(durham, layout):
    hostile = "North ${alert(1)} `x` \\\\ </script><b>"
    zones = layout.zones.assign(zone=layout.zones["zone"].where(layout.zones.index != 0, hostile))
    figures = pd.DataFrame({"Unmet packages": "fewer than 5"}, index=list(zones["zone"]))
    layers = zone_map_layers(
        durham, zones, figures, _spots(durham), set(), hostile, illustrative=True
    )
    fmap = folium.Map()
    layers[-1].add_to(fmap)
    script = fmap.get_root().render()
    assert "</script><b>" not in script
    # The name is a JSON string (tojson) where the popup's opening is remembered; in
    # every other line, above all the popup's template literal, it is character references.
    others = "\n".join(line for line in script.splitlines() if "cmmPopupFor" not in line)
    assert "${alert" not in others and "`x`" not in others
    (popup,) = _open_popups(layers[-1])
    assert "North &#36;&#123;alert(1)} &#96;x&#96;" in popup and "&lt;/script&gt;&lt;b&gt;" in popup


def test_a_popup_closed_by_the_reader_stays_closed_until_another_selection(durham, layout):
    zone = layout.zone_names[5]
    args = (durham, layout.zones, _figures(layout), _spots(durham), set())
    chosen = folium.Map()
    zone_map_layers(*args, zone, illustrative=True)[-1].add_to(chosen)
    script = chosen.get_root().render()
    assert f"if (window.cmmPopupFor === {json.dumps(zone)}) {{ return; }}" in script
    cleared = folium.Map()
    zone_map_layers(*args, None, illustrative=True)[-1].add_to(cleared)
    assert "window.cmmPopupFor = null;" in cleared.get_root().render()


def test_an_untested_neighbourhood_popup_gives_no_result(durham, layout):
    code = durham.msoas["code"].iloc[5]
    layers = zone_map_layers(
        durham, layout.zones, _figures(layout), _spots(durham), set(), code, illustrative=True
    )
    (popup,) = _open_popups(layers[-1])
    assert code in popup and NEITHER not in popup and "Result" not in popup


def test_maps_load_leaflet_alone_and_call_no_jquery(durham, layout, tmp_path):
    # Folium asks for jQuery, and uses it to fetch linked files; no map here may need it,
    # because each map frame loads only Leaflet (maps/assets.py).
    from maps.england import build_england_map, publish_england_layers
    from maps.mapping import build_council_map
    from tests.fixtures.homes import homes_frame

    zones = build_council_map(durham, layer_control=False)
    for layer in zone_map_layers(
        durham,
        layout.zones,
        _figures(layout),
        _spots(durham),
        set(),
        layout.zone_names[0],
        illustrative=True,
    ):
        layer.add_to(zones)
    homes = homes_frame(
        3, "illustrative", beds=[10, 20, 30], lat=[54.7, 52.0, 51.5], lon=[-1.6, -1.0, -0.1]
    )
    england = build_england_map(publish_england_layers(homes, tmp_path))
    for fmap in (zones, england):
        html = fmap.get_root().render()
        scripts = re.findall(r'<script src="([^"]+)"', html)
        assert [src.rsplit("/", 1)[-1] for src in scripts] == ["leaflet.js"]
        assert not re.search(r"(?<![\w$])\$(?:\(|\.\w)|jQuery", html), "a map calls jQuery"
    # The selected zone's popup is still given its figures.
    (content,) = re.findall(r'\.setContent\(("(?:[^"\\]|\\.)*")\);', zones.get_root().render())
    assert layout.zone_names[0] in json.loads(content) and "fewer than 5" in json.loads(content)
