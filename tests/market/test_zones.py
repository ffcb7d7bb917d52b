"""Zone layouts: illustrative ones are contiguous and deterministic; imported ones are checked."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from data.figures import load_packs
from market.zones import (
    ZoneFileError,
    adjacency,
    default_zone_count,
    grow_regions,
    illustrative_layout,
    illustrative_layouts,
    is_contiguous,
    layout_from_lookup,
    lookup_from_shapes,
)


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_packs()


def _grid(n: int) -> gpd.GeoDataFrame:
    squares = [
        box(x * 1000, y * 1000, (x + 1) * 1000, (y + 1) * 1000) for y in range(n) for x in range(n)
    ]
    frame = gpd.GeoDataFrame(
        {"code": [f"A{i:03d}" for i in range(n * n)], "lsoa_count": 1},
        geometry=squares,
        crs=27700,
    )
    return frame.to_crs(4326)


def test_adjacency_of_a_grid_is_queen_contiguity():
    graph = adjacency(_grid(3))
    assert graph[4] == {0, 1, 2, 3, 5, 6, 7, 8}
    assert graph[0] == {1, 3, 4}


def test_grown_regions_are_contiguous_balanced_and_deterministic():
    areas = _grid(6)
    regions = grow_regions(areas, 4)
    assert regions == grow_regions(areas, 4)
    graph = adjacency(areas)
    sizes = pd.Series(regions).value_counts()
    assert sorted(sizes.index) == [0, 1, 2, 3]
    assert sizes.max() - sizes.min() <= 3
    for r in range(4):
        assert is_contiguous({i for i, g in enumerate(regions) if g == r}, graph)


def test_every_illustrative_zone_of_every_featured_council_is_contiguous(
    featured_geography, figures
):
    layouts = illustrative_layouts(featured_geography, figures)
    assert layouts
    msoas = featured_geography.msoas.reset_index(drop=True)
    graph = adjacency(msoas)
    position = {code: i for i, code in enumerate(msoas["code"])}
    for layout in layouts:
        assert layout.kind == "illustrative" and "Illustrative" in layout.method
        assert layout.lsoa_zone["lsoa_code"].is_unique
        assert set(layout.lsoa_zone["lsoa_code"]) == set(featured_geography.lsoas["code"])
        for zone, group in layout.lsoa_zone.groupby("zone"):
            members = {position[m] for m in group["msoa_name"]}
            assert is_contiguous(members, graph), f"{layout.title}: {zone} is not contiguous"
        assert layout.zones["lsoa_count"].sum() == len(featured_geography.lsoas)


def test_zone_counts_follow_the_documents(councils, durham, nottinghamshire, figures):
    from geo.boundaries import load_council_geography

    (durham_layout,) = illustrative_layouts(durham, figures)
    assert len(durham_layout.zones) == 10
    assert durham_layout.zones["providers"].between(2, 4).all()
    assert "Durham County Council, Market Sustainability Plan (Annex C)" in durham_layout.title
    wiltshire = load_council_geography(councils["E06000054"])
    assert [len(x.zones) for x in illustrative_layouts(wiltshire, figures)] == [3, 15]
    (notts,) = illustrative_layouts(nottinghamshire, figures)
    assert sorted(notts.zone_names)[0] == "Ashfield" and len(notts.zones) == 7
    stockton = load_council_geography(councils["E06000004"])
    (rule,) = illustrative_layouts(stockton, figures)
    assert len(rule.zones) == default_zone_count(stockton) == 3
    assert "no zone count" in rule.method


def test_illustrative_layout_is_the_same_every_time(durham):
    first = illustrative_layout(durham, 10, title="a")
    second = illustrative_layout(durham, 10, title="a")
    pd.testing.assert_frame_equal(first.lsoa_zone, second.lsoa_zone)
    assert first.zone_names[0].startswith("Zone 1")


def _lookup(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": [a for a, _ in rows],
            "zone": [z for _, z in rows],
            "providers": pd.array([2] * len(rows), dtype="Int64"),
            "row": range(2, len(rows) + 2),
        }
    )


def test_a_lookup_by_msoa_makes_zones(durham):
    rows = [(m, "North" if i < 33 else "South") for i, m in enumerate(sorted(durham.msoas["code"]))]
    layout = layout_from_lookup(durham, _lookup(rows), file_name="zones.csv")
    assert layout.kind == "imported"
    assert layout.zone_names == ["North", "South"]
    assert layout.zones["lsoa_count"].sum() == 324
    assert list(layout.zones["providers"]) == [2, 2]


def test_a_lookup_names_unknown_codes_double_zones_and_gaps(durham):
    msoas = sorted(durham.msoas["code"])
    rows = [(m, "North") for m in msoas[1:]] + [(msoas[1], "South"), ("E01999999", "South")]
    with pytest.raises(ZoneFileError) as caught:
        layout_from_lookup(durham, _lookup(rows), file_name="zones.csv")
    text = str(caught.value)
    assert text.startswith("zones.csv was not loaded")
    assert "'E01999999' is not an LSOA code or MSOA name in County Durham" in text
    assert "is in two zones: North and South" in text
    assert "left without a zone" in text and "row 67, column 'area_code'" in text


def test_zone_shapes_become_a_lookup_and_bad_shapes_are_named(durham):
    layout = illustrative_layout(durham, 4, title="x")
    shapes = layout.zones[["zone", "providers", "geometry"]]
    lookup = lookup_from_shapes(durham, shapes, file_name="zones.geojson")
    again = layout_from_lookup(durham, lookup, file_name="zones.geojson")
    assert again.zones["lsoa_count"].sum() == 324
    overlapping = pd.concat([shapes, shapes.iloc[[0]].assign(zone="Copy")], ignore_index=True)
    with pytest.raises(ZoneFileError, match="overlap by"):
        lookup_from_shapes(durham, gpd.GeoDataFrame(overlapping, crs=4326), file_name="z")
    far = shapes.iloc[[0]].copy()
    far["geometry"] = far.translate(xoff=2.0)
    with pytest.raises(ZoneFileError, match="outside County Durham"):
        lookup_from_shapes(durham, far, file_name="z")
