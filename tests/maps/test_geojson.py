"""GeoJSON text written straight from geometry arrays matches what the frame holds."""

import json
import pickle

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from maps.geojson import feature_collection, point_collection


def test_feature_collection_keeps_geometry_properties_and_missing_values():
    frame = gpd.GeoDataFrame(
        {"label": ['A & B <"x">', None], "beds": [12.0, np.nan]},
        geometry=[shapely.box(-1.6, 54.7, -1.5, 54.8), shapely.Point(-1.55, 54.75)],
        crs=4326,
    )
    parsed = json.loads(feature_collection(frame, ["label", "beds"]))
    assert parsed["type"] == "FeatureCollection"
    features = parsed["features"]
    assert [f["id"] for f in features] == ["0", "1"]
    assert features[0]["properties"] == {"label": 'A & B <"x">', "beds": 12.0}
    assert features[1]["properties"] == {"label": None, "beds": None}
    for feature, geometry in zip(features, frame.geometry, strict=True):
        assert shapely.from_geojson(json.dumps(feature["geometry"])).equals(geometry)


def test_feature_collection_refuses_projected_coordinates():
    frame = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(400000, 500000)], crs=27700)
    with pytest.raises(ValueError, match="WGS84"):
        feature_collection(frame, ["a"])


@pytest.mark.parametrize(
    ("crs", "wgs84"),
    [
        (4326, True),
        ("EPSG:4326", True),
        (27700, False),
        ("+proj=longlat +datum=WGS84 +no_defs", True),  # named by no code: PROJ decides
        ("+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000", False),
    ],
)
def test_a_frame_from_the_cache_is_checked_for_wgs84_by_its_own_text(crs, wgs84):
    frame = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(-1.5, 54.7)], crs=crs)
    copy = pickle.loads(pickle.dumps(frame))  # as Streamlit's cache hands frames back
    for each in (frame, copy):
        if wgs84:
            assert json.loads(feature_collection(each, ["a"]))["features"][0]["properties"]
        else:
            with pytest.raises(ValueError, match="WGS84"):
                feature_collection(each, ["a"])


def test_point_collection_rounds_to_five_decimals_and_keeps_row_order():
    text = point_collection(
        pd.Series([-1.123456789, 0.5], index=[7, 3]),
        pd.Series([54.987654321, 51.0], index=[7, 3]),
        pd.DataFrame({"name": ["first", "second"]}, index=[7, 3]),
    )
    features = json.loads(text)["features"]
    assert [f["properties"]["name"] for f in features] == ["first", "second"]
    assert features[0]["geometry"]["coordinates"] == [-1.12346, 54.98765]
