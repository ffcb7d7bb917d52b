"""The England map's parts: postcode density, councils, class shapes, published layer files."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import england as england_geo
from geo.boundaries import BRITISH_NATIONAL_GRID, english_councils, load_england_lsoas
from maps import england
from maps.assets import asset_urls


def test_density_breaks_split_the_areas_into_equal_counts_rounded_to_two_figures():
    values = pd.Series(np.arange(1, 1001, dtype=float) * 1.234)
    breaks = england_geo.density_breaks(values)
    assert breaks == [250.0, 490.0, 740.0, 990.0]
    classes = england_geo.density_class(values, breaks)
    assert set(classes) == {0, 1, 2, 3, 4}
    assert abs(np.bincount(classes) - 200).max() <= 10


def test_density_class_puts_a_value_on_a_break_in_the_class_above():
    classes = england_geo.density_class(pd.Series([0.5, 28.0, 27.9, 1e6]), [28.0, 74.0])
    assert list(classes) == [0, 1, 0, 2]


@pytest.fixture(scope="module")
def density() -> pd.DataFrame:
    return england_geo.lsoa_density()


def test_every_english_small_area_has_a_postcode_density(density):
    lsoas = load_england_lsoas()
    assert len(density) == len(lsoas) == 32_844
    assert density["lsoa_code"].tolist() == lsoas["lsoa_code"].tolist()
    assert (density["area_km2"] > 0).all()
    expected = density["postcodes"] / density["area_km2"]
    assert np.allclose(density["per_km2"], expected)
    # Most of England's 2.4 million postcodes fall inside an LSOA; a few sit on the coast.
    assert 2_000_000 < density["postcodes"].sum() < 2_700_000


def test_cities_are_denser_than_the_countryside(density):
    by_district = density.groupby("district_code")[["postcodes", "area_km2"]].sum()
    per_km2 = by_district["postcodes"] / by_district["area_km2"]
    westminster, eden_or_cumberland = per_km2["E09000033"], per_km2.min()
    assert westminster > 100 * eden_or_cumberland


@pytest.fixture(scope="module")
def originals() -> gpd.GeoDataFrame:
    lsoas = load_england_lsoas().to_crs(BRITISH_NATIONAL_GRID)
    by_district = {d: c.code for c in english_councils() for d in c.district_codes}
    return lsoas.assign(council=lsoas["district_code"].map(by_district))


def _area_km2(shapes: gpd.GeoSeries) -> float:
    # Rounding to a metre may make a ring touch itself: repair before the union.
    grid = shapely.make_valid(shapes.to_crs(BRITISH_NATIONAL_GRID).to_numpy())
    return shapely.union_all(grid).area / 1e6


def test_national_zoom_shows_153_whole_councils_within_a_pixel(originals):
    councils = england_geo.council_shapes()
    assert sorted(councils["code"]) == sorted(c.code for c in english_councils())
    assert len(councils) == 153 and not councils.geometry.is_empty.any()
    assert councils.set_index("code").loc["E06000047", "name"] == "County Durham"
    exact = originals.dissolve(by="council").geometry
    drawn = councils.set_index("code").geometry.loc[exact.index]
    error = england_geo.drawing_error_metres(exact, drawn)
    # Outlines are drawn at every zoom: within a pixel at the deepest (1.3 m at zoom 16).
    assert error.max() <= england_geo.pixel_metres(england_geo.MAX_ZOOM)
    # Whole: together they cover what England's small areas cover, no more, no less.
    assert _area_km2(councils.geometry) == pytest.approx(_area_km2(originals.geometry), rel=1e-5)
    assert councils.to_crs(BRITISH_NATIONAL_GRID).area.sum() / 1e6 == pytest.approx(
        _area_km2(originals.geometry), rel=1e-4
    )


def test_zoomed_in_every_small_area_is_drawn_whole_within_a_pixel(originals):
    areas = england_geo.small_area_shapes()
    assert len(areas) == 32_844 and areas["lsoa_code"].tolist() == originals["lsoa_code"].tolist()
    assert not areas.geometry.is_empty.any() and areas["council"].notna().all()
    error = england_geo.drawing_error_metres(originals.geometry, areas.geometry)
    assert error.max() <= england_geo.pixel_metres(england_geo.MAX_ZOOM)
    # No gaps: the drawn areas cover the same ground as the shipped ones.
    assert _area_km2(areas.geometry) == pytest.approx(_area_km2(originals.geometry), rel=1e-5)
    scaled = shapely.get_coordinates(areas.geometry.to_numpy()) * 10**england_geo.COORD_DECIMALS
    assert np.allclose(scaled, np.round(scaled), atol=1e-6)


def test_simplifying_small_areas_further_would_save_little_for_its_error(originals):
    # Why the small areas are drawn as shipped: a gap-free simplification with a
    # one-pixel tolerance at the first small-area zoom removes under a tenth of their points.
    shapes = originals.geometry.to_numpy()
    tolerance = england_geo.pixel_metres(england_geo.SMALL_AREA_MIN_ZOOM)
    simplified = shapely.coverage_simplify(shapes, tolerance)
    kept = len(shapely.get_coordinates(simplified)) / len(shapely.get_coordinates(shapes))
    assert kept > 0.9


def test_pixel_sizes_follow_the_web_map_scale_at_englands_northern_edge():
    assert england_geo.pixel_metres(0) == pytest.approx(156_543.03 * 0.5619, rel=1e-3)
    assert england_geo.pixel_metres(8) == pytest.approx(england_geo.pixel_metres(0) / 256)
    assert england_geo.SMALL_AREA_MIN_ZOOM == england_geo.NATIONAL_MAX_ZOOM + 1


def test_council_classes_merge_each_class_and_hold_every_council_once():
    classes = england_geo.council_classes()
    density = england_geo.council_density()
    assert classes["number"].tolist() == list(range(len(england.DENSITY_COLOURS)))
    assert classes["councils"].sum() == 153 and classes["lsoas"].sum() == 32_844
    assert classes["councils"].tolist() == np.bincount(density["number"], minlength=5).tolist()
    assert (classes["councils"] > 0).all()
    assert classes["lower"].iloc[0] == 0 and np.isinf(classes["upper"].iloc[-1])
    assert (classes["lower"].iloc[1:].to_numpy() == classes["upper"].iloc[:-1].to_numpy()).all()
    west, south, east, north = classes.total_bounds
    assert -6.5 < west < -5.5 and 1.5 < east < 1.9 and 49.8 < south < 50.1 and 55.7 < north < 55.9
    assert _area_km2(classes.geometry) == pytest.approx(
        _area_km2(england_geo.council_shapes().geometry), rel=1e-5
    )


def test_councils_and_small_areas_share_the_same_classes(density):
    councils = england_geo.council_density().set_index("code")
    breaks = england_geo.england_breaks()
    assert breaks == england_geo.density_breaks(density["per_km2"])
    durham = councils.loc["E06000047"]
    assert durham["per_km2"] == pytest.approx(durham["postcodes"] / durham["area_km2"])
    assert durham["number"] == england_geo.density_class(pd.Series([durham["per_km2"]]), breaks)[0]
    assert councils.loc["E09000033", "number"] == 4  # Westminster: densest class


def test_published_files_are_named_by_their_content_and_written_once(tmp_path):
    features = [{"type": "Feature", "id": 1, "properties": {"label": "a"}, "geometry": None}]
    first = england.publish_geojson("test", features, tmp_path)
    again = england.publish_geojson("test", features, tmp_path)
    other = england.publish_geojson("test", [{**features[0], "id": 2}], tmp_path)
    assert first == again and first.url != other.url
    assert re.fullmatch(r"/app/static/england/test-[0-9a-f]{16}\.json", first.url)
    written = tmp_path / first.url.removeprefix("/app/static/")
    assert json.loads(written.read_text())["features"] == features
    assert written.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in written.parent.iterdir() if p.suffix == ".tmp") == []


def _homes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "location_id": ["1", "2", "3"],
            "name": ["Home <b>A</b>", "Home B", "Home C"],
            "care_type": ["nursing", "residential", "residential"],
            "beds": pd.Series([40, None, 20], dtype="Int64"),
            "lat": [54.77, 51.5, None],
            "lon": [-1.57, -0.12, None],
            "lad_code": ["E06000047", "E09000033", "E09000033"],
            "kind": "illustrative",
        }
    )


def test_layers_count_homes_and_label_them_illustrative_and_escaped(tmp_path):
    layers = england.publish_england_layers(_homes(), tmp_path)
    assert layers.home_count == 2 and layers.beds == 40
    assert layers.homes_title == "Care homes (illustrative)"
    assert [part.label for part in layers.homes] == ["Nursing (1)", "Residential (1)"]
    nursing = json.loads((tmp_path / layers.homes[0].layer.url[len("/app/static/") :]).read_text())
    label = nursing["features"][0]["properties"]["label"]
    assert label == "Home &lt;b&gt;A&lt;/b&gt; (illustrative): 40 beds, nursing"
    councils = json.loads((tmp_path / layers.councils.url[len("/app/static/") :]).read_text())
    labels = {f["id"]: f["properties"]["label"] for f in councils["features"]}
    assert labels["E06000047"].startswith("County Durham: 1 illustrative care home, 40 beds; ")
    assert labels["E09000033"].startswith("Westminster: 2 illustrative care homes, 20 beds; ")
    assert labels["E09000033"].endswith(" postcodes per km²")


def test_england_map_fetches_its_layers_from_this_server_only(tmp_path):
    layers = england.publish_england_layers(_homes(), tmp_path)
    fmap = england.build_england_map(layers)
    html = fmap.get_root().render()
    assert all(url.startswith("/app/static/vendor/") for url in asset_urls(fmap))
    fetched = re.findall(r'cmmAddInOrder\("([^"]+)"', html)
    assert len(fetched) == len(layers.density) + 1 + len(layers.homes)
    assert all(url.startswith("/app/static/england/") for url in fetched)
    # The small areas' index, and through it every council's file, come from here too.
    assert layers.small_areas.url in html
    assert all(
        url.startswith("/app/static/england/") for url in england.published_urls(layers, tmp_path)
    )
    assert not re.search(r"""["'(]https?://""", html)
    (south, west), (north, east) = england.ENGLAND_BOUNDS
    assert f"[[{south}, {west}], [{north}, {east}]]" in html


def test_legends_give_homes_by_type_then_density_classes(tmp_path):
    layers = england.publish_england_layers(_homes(), tmp_path)
    (homes_title, homes), (density_title, density) = england.england_legends(layers)
    assert homes_title == "Care homes (illustrative)" and len(homes) == 2
    assert density_title == england.DENSITY_TITLE
    assert [entry.colour for entry in density] == list(england.DENSITY_COLOURS)
    assert density[0].label.startswith("0 to under ") and density[-1].label.endswith("councils)")


def test_small_areas_are_one_file_per_council_styled_by_class(tmp_path):
    layers = england.publish_england_layers(_homes(), tmp_path)
    index = json.loads((tmp_path / layers.small_areas.url[len("/app/static/") :]).read_text())
    entries = {entry["code"]: entry for entry in index["councils"]}
    assert len(entries) == layers.small_areas.features == 153
    durham = entries["E06000047"]
    (south, west), (north, east) = durham["bounds"]
    assert 54.4 < south < north < 54.95 and -2.4 < west < east < -1.2
    areas = json.loads((tmp_path / durham["url"][len("/app/static/") :]).read_text())["features"]
    assert len(areas) == int((england_geo.small_area_shapes()["council"] == "E06000047").sum())
    assert {f["properties"]["c"] for f in areas} <= set(range(len(england.DENSITY_COLOURS)))
    assert areas[0]["properties"]["label"].startswith("County Durham ")
    assert areas[0]["properties"]["label"].endswith(" postcodes per km²")


def test_the_map_swaps_councils_for_small_areas_when_zoomed_in(tmp_path):
    layers = england.publish_england_layers(_homes(), tmp_path)
    html = england.build_england_map(layers).get_root().render()
    config = json.loads(re.search(r"var config = (\{.*\});", html).group(1))
    assert config["index"] == layers.small_areas.url
    assert config["small_area_zoom"] == england_geo.SMALL_AREA_MIN_ZOOM == 9
    assert config["colours"] == list(england.DENSITY_COLOURS)
    # One style per class, looked up by the feature's class property.
    assert "styles[feature.properties.c]" in html
    assert '"maxZoom": 16' in html


def test_england_layers_are_fetched_at_once_without_holding_up_the_page(tmp_path):
    layers = england.publish_england_layers(_homes(), tmp_path)
    html = england.build_england_map(layers).get_root().render()
    head, body = html.split("</head>", 1)
    linked = [part.layer.url for part in layers.density]
    linked += [layers.councils.url] + [part.layer.url for part in layers.homes]
    # No synchronous request (folium's own way stopped the browser for each file in turn).
    assert "async: false" not in html
    # Each file is asked for from the head, while Leaflet loads...
    preloaded = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch"', head)
    assert sorted(preloaded) == sorted(linked)
    # ...and added in the order the layers stack: shading, then outlines, then homes.
    assert re.findall(r'cmmAddInOrder\("([^"]+)"', body) == linked
    assert head.count("function cmmAddInOrder") == 1


def test_homes_are_dots_on_one_canvas_one_file_per_care_type(tmp_path):
    layers = england.publish_england_layers(_homes(), tmp_path)
    html = england.build_england_map(layers).get_root().render()
    options = json.loads(re.search(r"new L\.CmmDots\((\{.*\})\);", html).group(1))
    radii = [radius for _, radius in options["radii"]]
    assert radii == sorted(radii) and radii[0] <= 1.0  # small dots at England zoom
    # Each care type's file is handed to the one layer with that type's colour.
    added = re.findall(
        r'cmmAddInOrder\("([^"]+)", function \(data\) \{\s*\w+\.addData\("(#[0-9A-Fa-f]{6})"', html
    )
    assert added == [(part.layer.url, part.colour) for part in layers.homes]
    assert html.count("L.CmmDots = L.Layer.extend") == 1
    assert "CircleMarker" not in html and "circleMarker" not in html
