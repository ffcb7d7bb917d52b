"""Council boundaries, small areas and places dissolved from the LSOA boundaries."""

import pytest
import shapely
from shapely.geometry import Point

from geo.boundaries import postcode_area, small_area_at
from geo.councils import FEATURED_CODES, find_council
from geo.postcodes import lookup_postcode

NOTTINGHAMSHIRE_DISTRICTS = {f"E0700017{n}" for n in range(7)}


def test_featured_councils_come_first_then_every_other_council(councils):
    codes = list(councils)
    assert codes[:4] == list(FEATURED_CODES)
    # ONS: 153 upper-tier authorities in England since April 2023.
    assert len(codes) == 153
    assert {"E06000065", "E06000063", "E06000064", "E06000066"} <= set(codes)
    assert "E10000023" not in codes  # North Yorkshire County Council, abolished 2023


def test_any_council_can_be_found_by_name_or_code(councils):
    every = tuple(councils.values())
    assert find_council("hartlepool", every).code == "E06000001"
    assert find_council(" e10000024 ", every).name == "Nottinghamshire"
    assert find_council("Atlantis", every) is None


def test_nottinghamshire_is_the_union_of_its_seven_districts(nottinghamshire):
    assert set(nottinghamshire.council.district_codes) == NOTTINGHAMSHIRE_DISTRICTS
    assert set(nottinghamshire.districts["code"]) == NOTTINGHAMSHIRE_DISTRICTS
    assert set(nottinghamshire.lsoas["district_code"]) == NOTTINGHAMSHIRE_DISTRICTS
    districts = nottinghamshire.districts.to_crs(27700).area.sum()
    outline = nottinghamshire.boundary.to_crs(27700).area.sum()
    assert districts == pytest.approx(outline, rel=0.001)


def test_small_areas_tile_the_council(featured_geography):
    geography = featured_geography
    lsoas, msoas = geography.lsoas, geography.msoas
    assert lsoas["code"].str.match(r"^E01\d{6}$").all()
    assert lsoas["code"].is_unique
    assert set(lsoas["msoa_name"]) == set(msoas["code"])
    assert msoas["lsoa_count"].sum() == len(lsoas)
    outline = geography.boundary.to_crs(27700).geometry.iloc[0]
    inside = lsoas.to_crs(27700).representative_point().within(outline)
    assert inside.all()
    assert lsoas.to_crs(27700).area.sum() == pytest.approx(outline.area, rel=0.001)


def test_county_durham_has_its_published_number_of_small_areas(durham):
    # ONS December 2011 LSOAs: 324 in County Durham, in 66 MSOAs.
    assert len(durham.lsoas) == 324
    assert len(durham.msoas) == 66
    assert durham.lsoas["name"].str.startswith("County Durham ").all()


def test_places_lie_inside_their_council_and_include_its_towns(featured_geography):
    geography = featured_geography
    outline = geography.boundary.geometry.iloc[0]
    assert geography.places.within(outline).all()
    assert geography.places["name"].is_unique
    assert geography.places["population"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("code", "inside", "outside"),
    [
        ("E06000047", {"Durham", "Consett", "Seaham"}, {"Darlington", "Sunderland"}),
        ("E06000054", {"Salisbury", "Trowbridge", "Marlborough", "Tisbury"}, {"Swindon", "Bath"}),
        ("E06000004", {"Billingham", "Yarm"}, {"Middlesbrough", "Hartlepool"}),
        ("E10000024", {"Mansfield", "Worksop", "Newark on Trent"}, {"Nottingham", "Lincoln"}),
    ],
)
def test_places_are_the_councils_own(councils, code, inside, outside):
    from geo.boundaries import load_council_geography

    names = set(load_council_geography(councils[code]).places["name"])
    assert inside <= names
    assert not (outside & names)


def test_a_point_is_matched_to_its_small_area(durham):
    found = lookup_postcode("DL15 8NN")
    match = small_area_at(durham, found.lat, found.lon)
    lsoa = durham.lsoas.set_index("code").loc[match.lsoa_code]
    assert lsoa.geometry.contains(Point(found.lon, found.lat))
    assert match.msoa_name == lsoa["msoa_name"]


def test_postcode_area_names_the_council_it_is_in():
    area = postcode_area(lookup_postcode("SN15 1ER"))
    assert area.council.code == "E06000054"
    assert area.lsoa_name.startswith("Wiltshire ")
    assert postcode_area(lookup_postcode("EH1 1YZ")) is None  # Edinburgh: not England


def test_drawable_swaps_in_generalised_geometry_for_the_same_areas(durham):
    rows = durham.msoas.iloc[[5, 0, 3]]
    drawn = durham.drawable(rows, "msoa")
    assert list(drawn["code"]) == list(rows["code"]) and list(drawn.index) == list(rows.index)
    display = durham.display_level("msoa").set_index("code").geometry
    assert all(g.equals(display[c]) for c, g in zip(drawn["code"], drawn.geometry, strict=True))
    # Generalised, not moved: within the 20 m tolerance (plus rounding) of the full outline.
    grid_drawn, grid_rows = drawn.to_crs(27700).geometry, rows.to_crs(27700).geometry
    for simple, full in zip(grid_drawn, grid_rows, strict=True):
        assert shapely.hausdorff_distance(simple, full) < 25
    assert (
        shapely.get_num_coordinates(grid_drawn).sum() < shapely.get_num_coordinates(grid_rows).sum()
    )
