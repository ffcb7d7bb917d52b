"""The folium map: offline assets, layers, and the rendering approach that keeps it fast."""

import json
import re

import folium

from geo.postcodes import lookup_postcode
from maps import mapping
from maps.assets import asset_urls, ensure_static_assets
from maps.mapping import build_council_map, postcode_layer
from maps.static import STATIC_URL
from webserver.cache import cache_control


def test_map_asks_only_for_locally_served_files(durham):
    fmap = build_council_map(durham)
    assert asset_urls(fmap)
    assert all(url.startswith("/app/static/vendor/") for url in asset_urls(fmap))
    html = fmap.get_root().render()
    assert not re.search(r"""(src|href)=["']https?://""", html)


def test_local_assets_exist_where_the_map_asks_for_them(tmp_path, durham):
    ensure_static_assets(tmp_path)
    for url in asset_urls(build_council_map(durham)):
        served = tmp_path / url.removeprefix("/app/static/")
        assert served.is_file() and served.stat().st_size > 1000, url


def test_assets_are_copied_once_and_refreshed_when_the_package_changes(tmp_path):
    ensure_static_assets(tmp_path)
    served = sorted(path for path in (tmp_path / "vendor").rglob("*") if path.is_file())
    assert tmp_path / "vendor/leaflet/images/layers.png" in served
    changed = {path: path.stat().st_ctime_ns for path in served}  # content or metadata
    stale = tmp_path / "vendor/leaflet/leaflet.js"
    stale.write_text("an older Leaflet")
    stale_time = stale.stat().st_ctime_ns
    ensure_static_assets(tmp_path)  # every page's run calls it: only the changed file is copied
    for path in served:
        if path != stale:
            assert path.stat().st_ctime_ns == changed[path], path
    assert stale.stat().st_size > 1000 and stale.stat().st_ctime_ns != stale_time


def test_map_has_toggleable_small_area_layers_and_fits_the_council(nottinghamshire):
    html = build_council_map(nottinghamshire).get_root().render()
    for layer in ["Small areas (LSOAs)", "Neighbourhoods (MSOAs)", "Districts", "Council boundary"]:
        assert f'"{layer}"' in html
    (south, west), (north, east) = nottinghamshire.bounds
    fit = re.search(
        r"fitBounds\(\s*\[\[([-\d.]+),\s*([-\d.]+)\],\s*\[([-\d.]+),\s*([-\d.]+)\]", html
    )
    assert [float(v) for v in fit.groups()] == [south, west, north, east]
    # The fit is the map's only view: with a starting view of its own, Leaflet would draw
    # every layer there first, then again once fitted.
    assert html.count("fitBounds(") == 1 and "center: null," in html
    assert "setView(" not in html


def test_small_areas_are_a_file_fetched_when_shown_not_part_of_the_map(
    durham, tmp_path, monkeypatch
):
    monkeypatch.setattr(mapping, "STATIC_ROOT", tmp_path)
    html = build_council_map(durham).get_root().render()
    first = str(durham.lsoas["code"].iloc[0])
    assert first not in html  # no small area's own data is written into the map
    found = re.search(
        r'cmmFetchWhenShown\((feature_group_\w+), "([^"]+)", (geo_json_\w+)_add\)', html
    )
    assert found, "the small areas' layer does not fetch its file"
    group, url, _layer = found.groups()
    # The layer list names this group as the small areas, and it starts hidden.
    assert re.search(rf'"Small areas \(LSOAs\)" : {group}\b', html)
    assert f"{group}.addTo(" not in html
    served = json.loads((tmp_path / url.removeprefix(STATIC_URL + "/")).read_text())
    codes = {feature["properties"]["code"] for feature in served["features"]}
    assert codes == set(durham.lsoas["code"])
    # Named by content: kept by the browser (webserver.cache), the same file on every run.
    assert cache_control(url) == "public, max-age=31536000, immutable"
    assert url in build_council_map(durham).get_root().render()


def test_a_map_may_start_with_its_neighbourhoods_hidden_and_fetched_when_shown(
    durham, tmp_path, monkeypatch
):
    # The care homes map shades the neighbourhoods: outlines drawn under the shading
    # were a second copy of them that no one could see (its shading off, they are one
    # tick away in the layer list).
    monkeypatch.setattr(mapping, "STATIC_ROOT", tmp_path)
    html = build_council_map(durham, neighbourhoods=False).get_root().render()
    assert str(durham.msoas["code"].iloc[0]) not in html
    fetched = {
        url.split("/")[-1].split("-")[0]: (group, layer)
        for group, url, layer in re.findall(
            r'cmmFetchWhenShown\((feature_group_\w+), "([^"]+)", (geo_json_\w+)_add\)', html
        )
    }
    assert set(fetched) == {"lsoas", "msoas"}
    group, layer = fetched["msoas"]
    assert re.search(rf'"Neighbourhoods \(MSOAs\)" : {group}\b', html)
    assert f"{group}.addTo(" not in html
    # Ticked, they are drawn over the map's own layers: lines only, taking no hover or
    # click, so the shading's and the homes' tooltips still answer.
    options = html[html.index(f"var {layer} = L.geoJson(") :][:600]
    assert '"interactive": false' in options
    assert '"fill": false' in html[html.index(f"function {layer}_styler") :][:400]
    assert f"{layer}.bindTooltip" not in html
    shown = build_council_map(durham).get_root().render()
    assert str(durham.msoas["code"].iloc[0]) in shown and "msoas-" not in shown


def test_small_areas_are_written_into_the_map_when_the_static_folder_cannot_be(
    durham, tmp_path, monkeypatch
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setattr(mapping, "STATIC_ROOT", blocked)
    html = build_council_map(durham).get_root().render()
    assert "cmmFetchWhenShown(" not in html
    assert str(durham.lsoas["code"].iloc[0]) in html


def test_area_layers_do_not_style_feature_by_feature(durham):
    # A per-feature style makes folium write one switch case per feature: cost grows with
    # the square of the number of areas (shared/PERFORMANCE.md).
    html = build_council_map(durham).get_root().render()
    assert len(durham.lsoas) > 300
    assert not re.search(r"\bcase\s", html)
    assert "cmm-boundary" in html


def _rendered_with(layer, geography) -> str:
    fmap = build_council_map(geography)
    layer.add_to(fmap)
    return fmap.get_root().render()


def test_postcode_layer_marks_only_found_postcodes(durham):
    found = _rendered_with(postcode_layer(lookup_postcode("DL15 8NN")), durham)
    assert "cmm-postcode" in found and "DL15 8NN" in found
    missing = _rendered_with(postcode_layer(lookup_postcode("DL15 8ZZ")), durham)
    assert "cmm-postcode" not in missing


def test_layer_control_comes_after_every_layer_it_lists(durham):
    extra = folium.FeatureGroup(name="Care homes (test layer)")
    html = build_council_map(durham, layers=[extra]).get_root().render()
    assert '"Care homes (test layer)"' in html
    assert html.index("L.control.layers") > html.index(extra.get_name() + " = ")
    bare = build_council_map(durham, layer_control=False).get_root().render()
    assert "L.control.layers" not in bare


def test_labels_are_one_layer_with_each_name_escaped_and_classed():
    import json

    import pandas as pd

    from maps.mapping import label_layer

    layer = label_layer(
        pd.Series([-1.5, -1.6]),
        pd.Series([54.7, 54.8]),
        pd.Series(["Zone 1: <b>Durham</b>", "Bishop Auckland & Co"]),
        pd.Series(["cmm-zone-label", "cmm-zone-label cmm-minor-label"]),
        marker=folium.CircleMarker(radius=0),
        direction="center",
    )
    properties = [f["properties"] for f in layer.data["features"]]
    assert [p["label"] for p in properties] == [
        "Zone 1: &lt;b&gt;Durham&lt;/b&gt;",
        "Bishop Auckland &amp; Co",
    ]
    assert properties[1]["css"] == "cmm-zone-label cmm-minor-label"
    assert {p["direction"] for p in properties} == {"center"}
    fmap = folium.Map(tiles=None)
    layer.add_to(fmap)
    html = fmap.get_root().render()
    assert html.count("L.divIcon(") == 1 and json.dumps("<b>") not in html


def test_a_zone_is_zoomed_to_fit_the_phone_map():
    from maps.mapping import fit_zoom

    small = fit_zoom((-1.60, 54.75, -1.55, 54.78))
    large = fit_zoom((-2.30, 54.45, -1.30, 54.95))
    assert 7 <= large < small <= 13
    # Half the map's width holds half as much: one step in.
    assert fit_zoom((-2.30, 54.45, -1.30, 54.95), (680, 960)) == large + 1
    assert fit_zoom((-8.0, 49.0, 2.0, 61.0)) == 7.0


def test_the_zones_map_starts_with_towns_hidden_so_their_names_do_not_meet_zone_names(durham):
    def towns_shown(fmap: folium.Map) -> bool:
        (group,) = [
            child
            for child in fmap._children.values()
            if isinstance(child, folium.FeatureGroup) and child.layer_name == "Towns and villages"
        ]
        return group.show

    assert towns_shown(build_council_map(durham))
    assert not towns_shown(build_council_map(durham, towns=False))
