"""The England map's parts: postcode density, councils, class shapes, published layer files."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
import shapely

from geo import england as england_geo
from geo.boundaries import english_councils, load_england_lsoas
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


def test_density_classes_hold_every_small_area_once_as_one_shape_each():
    classes = england_geo.lsoa_classes()
    assert classes["number"].tolist() == list(range(len(england.DENSITY_COLOURS)))
    assert classes["lsoas"].sum() == 32_844
    assert classes["lower"].iloc[0] == 0 and np.isinf(classes["upper"].iloc[-1])
    assert (classes["lower"].iloc[1:].to_numpy() == classes["upper"].iloc[:-1].to_numpy()).all()
    assert not classes.geometry.is_empty.any()
    west, south, east, north = classes.total_bounds
    assert -6.5 < west < -5.5 and 1.5 < east < 1.9 and 49.8 < south < 50.1 and 55.7 < north < 55.9


def test_class_shapes_are_simplified_to_half_a_pixel_and_rounded():
    classes = england_geo.lsoa_classes()
    coordinates = shapely.get_coordinates(classes.geometry.to_numpy())
    assert len(coordinates) < 120_000  # the shipped LSOAs have 396,663
    scaled = coordinates * 10**england_geo.COORD_DECIMALS
    assert np.allclose(scaled, np.round(scaled), atol=1e-6)
    assert 600 < england_geo.SIMPLIFY_METRES < 900


def test_council_outlines_are_the_councils_of_today():
    outlines = england_geo.council_outlines()
    assert sorted(outlines["code"]) == sorted(c.code for c in english_councils())
    assert len(outlines) == 153
    assert not outlines.geometry.is_empty.any()
    durham = outlines.set_index("code").loc["E06000047"]
    assert durham["name"] == "County Durham"


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
    assert labels["E06000047"] == "County Durham: 1 illustrative care home, 40 beds"
    assert labels["E09000033"] == "Westminster: 2 illustrative care homes, 20 beds"


def test_england_map_fetches_its_layers_from_this_server_only(tmp_path):
    layers = england.publish_england_layers(_homes(), tmp_path)
    fmap = england.build_england_map(layers)
    html = fmap.get_root().render()
    assert all(url.startswith("/app/static/vendor/") for url in asset_urls(fmap))
    fetched = re.findall(r'\$\.ajax\("([^"]+)"', html)
    assert len(fetched) == len(layers.density) + 1 + len(layers.homes)
    assert all(url.startswith("/app/static/england/") for url in fetched)
    assert not re.search(r"""["'(]https?://""", html)
    (south, west), (north, east) = england.ENGLAND_BOUNDS
    assert f"[[{south}, {west}], [{north}, {east}]]" in html


def test_legends_give_homes_by_type_then_density_classes(tmp_path):
    layers = england.publish_england_layers(_homes(), tmp_path)
    (homes_title, homes), (density_title, density) = england.england_legends(layers)
    assert homes_title == "Care homes (illustrative)" and len(homes) == 2
    assert density_title == england.DENSITY_TITLE
    assert [entry.colour for entry in density] == list(england.DENSITY_COLOURS)
    assert density[0].label.startswith("0 to under ") and density[-1].label.endswith("areas)")
