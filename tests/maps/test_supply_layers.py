"""Supply layers: few GeoJson layers by class, constant styles, escaped popups, legends."""

from __future__ import annotations

import folium
import pandas as pd

from maps import supply_layers
from maps.assets import use_local_assets
from market.supply import gap_areas
from tests.fixtures.homes import homes_frame


def _homes(n: int = 40, kind: str = "imported") -> pd.DataFrame:
    return homes_frame(
        n,
        kind,
        beds=[None if i == 0 else 10 + 3 * i for i in range(n)],
        lat=[54.7 + i / 1000 for i in range(n)],
        lon=[-1.7 + i / 1000 for i in range(n)],
        easting=[420000.0 + 100 * i for i in range(n)],
        northing=[535000.0 + 100 * i for i in range(n)],
    )


def _geojsons(group: folium.FeatureGroup) -> list[folium.GeoJson]:
    return [c for c in group._children.values() if isinstance(c, folium.GeoJson)]


def test_homes_are_one_layer_with_each_home_styled_from_its_own_data():
    homes = _homes()
    (layer,) = _geojsons(supply_layers.homes_layer(homes, "type"))
    assert isinstance(layer.marker, folium.CircleMarker) and not layer.style
    features = layer.data["features"]
    assert len(features) == len(homes)
    radii = {radius for _, radius, _ in supply_layers.SIZE_CLASSES}
    for feature, care_type in zip(features, homes["care_type"], strict=True):
        style = feature["properties"]["style"]
        assert style["fillColor"] == supply_layers.TYPE_COLOURS[care_type]
        assert style["radius"] in radii
    fmap = folium.Map(tiles=None)
    layer._parent.add_to(fmap)
    html = use_local_assets(fmap).get_root().render()
    # Styles are applied in the browser from each feature's data: no `case` per feature.
    assert "case " not in html and html.count("setStyle(feature.properties.style)") == 1


def _styles(group: folium.FeatureGroup) -> list[tuple[str, int]]:
    (layer,) = _geojsons(group)
    return [
        (f["properties"]["style"]["fillColor"], f["properties"]["style"]["radius"])
        for f in layer.data["features"]
    ]


def test_rating_colours_and_bed_sizes_pick_the_right_class():
    homes = _homes(n=5)
    fills = set(_styles(supply_layers.homes_layer(homes, "rating")))
    assert ("#009E73", 4) in fills  # Outstanding, beds not known: smallest
    assert (supply_layers.RATING_COLOURS["Inadequate"], 4) in fills  # 19 beds
    assert (supply_layers.RATING_COLOURS["Not rated"], 6) in fills  # 22 beds


def test_popups_escape_text_and_link_to_cqc():
    home = _homes(n=1).iloc[0].copy()
    home["name"] = "Home <script>alert(1)</script> & Co"
    home["provider"] = '"Quoted" <b>'
    popup = supply_layers.home_popup(home)
    assert "<script>" not in popup and "&lt;script&gt;" in popup and "&amp; Co" in popup
    assert "&quot;Quoted&quot; &lt;b&gt;" in popup
    assert 'href="https://www.cqc.org.uk/location/1-0"' in popup
    assert "Beds</th><td>not known" in popup
    illustrative = supply_layers.home_popup(_homes(n=1, kind="illustrative").iloc[0])
    assert "cqc.org.uk" not in illustrative and "Illustrative: not a real care home" in illustrative


def test_the_layers_popups_are_each_homes_own_escaped_popup():
    homes = _homes(n=5)
    homes.loc[homes.index[2], "name"] = "Home <b> & Co"
    (layer,) = _geojsons(supply_layers.homes_layer(homes))
    popups = [feature["properties"]["popup"] for feature in layer.data["features"]]
    assert popups == [supply_layers.home_popup(row) for _, row in homes.iterrows()]
    assert "Home &lt;b&gt; &amp; Co" in popups[2]


def test_illustrative_homes_are_named_so_on_the_layer_and_marked_in_css():
    group = supply_layers.homes_layer(_homes(n=3, kind="illustrative"))
    assert group.layer_name == "Care homes (illustrative)"
    (layer,) = _geojsons(group)
    assert "cmm-home-illustrative" in layer.marker.options["className"]


def test_choropleth_is_one_layer_filled_by_class_with_a_legend_with_no_data(durham):
    areas = durham.msoas.copy()
    values = [float(i) for i in range(len(areas))]
    values[0], values[1] = float("nan"), 0.0
    areas["rate"] = values  # 0 once, then 2, 3, ... in equal-count classes
    group, legend = supply_layers.choropleth_layer(areas, "rate", "Beds")
    (layer,) = _geojsons(group)
    fills = [feature["properties"]["fill"] for feature in layer.data["features"]]
    assert len(fills) == len(areas) and len(legend) == 6
    assert legend[0].label == "none" and legend[-1].label == "no population figure"
    assert legend[1].label.startswith("over 0.0 to ")
    assert fills[0] == supply_layers.NO_DATA_COLOUR == legend[-1].colour
    assert fills[1] == legend[0].colour and fills.count(legend[0].colour) == 1
    # Equal-count classes: each of the five shades over none holds about a fifth of the rest.
    shades = [fills.count(entry.colour) for entry in legend[1:-1]]
    assert sum(shades) == len(areas) - 2 and max(shades) - min(shades) <= 1
    assert fills[-1] == legend[-2].colour  # the largest value, in the top class
    assert layer.on_each_feature is supply_layers.FILL_JS
    html = supply_layers.legend_html("Beds <per> 1,000", legend)
    assert "Beds &lt;per&gt; 1,000" in html and html.count("<tr>") == 6


def test_the_largest_value_is_in_the_top_class_when_the_bounds_are_rounded(durham):
    areas = durham.msoas.copy()
    areas["people"] = [1.12 + i * 0.137 for i in range(len(areas))]  # unrounded estimates
    areas.loc[areas.index[-1], "people"] = 9.94
    group, legend = supply_layers.choropleth_layer(areas, "people", "People")
    (layer,) = _geojsons(group)
    fills = [feature["properties"]["fill"] for feature in layer.data["features"]]
    assert supply_layers.NO_DATA_COLOUR not in fills
    assert fills[-1] == legend[-1].colour and legend[-1].label.endswith(" to 10.0")


def test_gaps_layer_is_one_dashed_layer(durham):
    gaps = gap_areas(_homes(n=2), durham, 5)
    group = supply_layers.gaps_layer(gaps, 5)
    (layer,) = _geojsons(group)
    assert len(layer.data["features"]) == len(gaps) > 0
    assert layer.style_function(None)["className"] == "cmm-gap"
    assert "straight line" in layer.data["features"][0]["properties"]["label"]


def test_the_supply_map_stacks_choropleth_gaps_homes_and_extra_care_with_legends(durham):
    from market.supply import area_supply, assign_small_areas

    homes = assign_small_areas(_homes(), durham)
    areas = area_supply(homes, durham, None)
    sites = pd.DataFrame({"name": ["Site"], "lat": [54.7], "lon": [-1.6], "postcode": ["DL1 1AA"]})
    bare = supply_layers.supply_map(
        homes, "CQC", "care_type", durham, areas, measure=None, gap_km=None, sites=sites.iloc[0:0]
    )
    assert len(bare.layers) == 1 and [title for title, _ in bare.legends] == ["Care homes (CQC)"]
    full = supply_layers.supply_map(
        homes,
        "CQC",
        "care_type",
        durham,
        areas,
        measure="beds",
        measure_label="Beds",
        gap_km=5,
        sites=sites,
    )
    titles = [title for title, _ in full.legends]
    assert titles[0] == "Care homes (CQC)" and titles[1] == "Beds"
    assert titles[2].startswith("Gaps: ") and titles[2].endswith("within 5 km")
    assert titles[3] == "Extra Care"
    assert len(full.layers) == 4
