"""Zone files: lookup CSVs and GeoJSON boundaries read with clear messages."""

from __future__ import annotations

import json

import pytest

from data.zone_files import ZoneFileError, pack_zone_file, read_zone_geojson, read_zone_lookup


def test_a_lookup_keeps_its_file_rows_and_provider_counts():
    table = read_zone_lookup(
        b"Area_Code,Zone,Providers\nE01020000,North,3\nE01020001,South,\n", "z.csv"
    )
    assert list(table["row"]) == [2, 3]
    assert table["providers"].iloc[0] == 3 and table["providers"].isna().iloc[1]


def test_a_lookup_with_problems_names_them():
    with pytest.raises(ZoneFileError, match="row 1, column 'zone': missing column"):
        read_zone_lookup(b"area_code,name\nE01020000,North\n", "z.csv")
    with pytest.raises(ZoneFileError) as caught:
        read_zone_lookup(b"area_code,zone,providers\nE01020000,,x\n", "z.csv")
    text = str(caught.value)
    assert "row 2, column 'zone': expected a zone name" in text
    assert "row 2, column 'providers': expected a whole number of providers, found 'x'" in text


def _feature(zone, coords, providers=2):
    return {
        "type": "Feature",
        "properties": {"zone": zone, "providers": providers},
        "geometry": {"type": "Polygon", "coordinates": [coords]},
    }


SQUARE = [[-1.7, 54.7], [-1.6, 54.7], [-1.6, 54.8], [-1.7, 54.8], [-1.7, 54.7]]


def test_geojson_zones_are_read_in_wgs84():
    raw = json.dumps({"type": "FeatureCollection", "features": [_feature("A", SQUARE)]})
    frame = read_zone_geojson(raw.encode(), "z.geojson")
    assert list(frame["zone"]) == ["A"] and frame.crs.to_epsg() == 4326


def test_geojson_problems_are_named_by_feature():
    bad = {
        "type": "FeatureCollection",
        "features": [_feature("", SQUARE), {"properties": {"zone": "B"}}],
    }
    with pytest.raises(ZoneFileError) as caught:
        read_zone_geojson(json.dumps(bad).encode(), "z.geojson")
    text = str(caught.value)
    assert "row 1, column 'zone'" in text and "row 2, column 'geometry'" in text
    grid = [[400000, 500000], [401000, 500000], [401000, 501000], [400000, 500000]]
    metres = {"type": "FeatureCollection", "features": [_feature("A", grid)]}
    with pytest.raises(ZoneFileError, match="longitude and latitude"):
        read_zone_geojson(json.dumps(metres).encode(), "z.geojson")
    with pytest.raises(ZoneFileError, match="expected GeoJSON text"):
        read_zone_geojson(b"{not json", "z.geojson")


def test_a_pack_may_keep_a_zone_file(tmp_path):
    assert pack_zone_file("E06000047", tmp_path) is None
    (tmp_path / "E06000047").mkdir()
    (tmp_path / "E06000047" / "zones.csv").write_text("area_code,zone\n")
    assert pack_zone_file("E06000047", tmp_path).name == "zones.csv"


def test_a_file_of_thousands_of_zones_is_refused_before_any_geometry_work(durham):
    from bench.uploads import _squares
    from data.zone_files import MAX_ZONES

    with pytest.raises(ZoneFileError) as refused:
        read_zone_geojson(_squares(MAX_ZONES + 1), "many.geojson")
    assert f"expected at most {MAX_ZONES} zones, found {MAX_ZONES + 1:,}" in str(refused.value)


def test_overlapping_zones_are_refused_after_the_first_twenty_overlaps(durham):
    from bench.uploads import _squares
    from market.zones import MAX_OVERLAPS_REPORTED, lookup_from_shapes

    shapes = read_zone_geojson(_squares(60), "overlap.geojson")
    with pytest.raises(ZoneFileError) as refused:
        lookup_from_shapes(durham, shapes, file_name="overlap.geojson")
    overlaps = [p for p in refused.value.problems if "overlap by" in p.message]
    assert len(overlaps) == MAX_OVERLAPS_REPORTED


def test_a_zone_name_longer_than_a_few_words_is_refused_naming_its_row():
    from data.zone_files import MAX_ZONE_NAME

    raw = f"area_code,zone\nCounty Durham 001,North\nCounty Durham 002,{'Z' * 10_000}\n".encode()
    with pytest.raises(ZoneFileError) as refused:
        read_zone_lookup(raw, "long.csv")
    (problem,) = refused.value.problems
    assert problem.row == 3 and problem.column == "zone"
    assert f"at most {MAX_ZONE_NAME} characters, found 10,000" in problem.message


def test_too_many_points_are_refused_with_their_own_message():
    from data.zone_files import MAX_VERTICES

    ring = [[-1.7 + i * 1e-7, 54.7] for i in range(MAX_VERTICES // 2)]
    ring += [[-1.7, 54.71], ring[0]]
    feature = {
        "type": "Feature",
        "properties": {"zone": "North"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    raw = json.dumps({"type": "FeatureCollection", "features": [feature, feature]}).encode()
    with pytest.raises(ZoneFileError) as refused:
        read_zone_geojson(raw, "detailed.geojson")
    (problem,) = refused.value.problems
    assert problem.row == 2 and f"at most {MAX_VERTICES:,} points" in problem.message
