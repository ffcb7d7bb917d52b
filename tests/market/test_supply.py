"""Supply per small area, gaps by distance, and illustrative homes matching published totals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.cqc import HOME_COLUMNS
from data.figures import load_packs
from geo.boundaries import council_postcodes
from geo.postcodes import _letter_table, locate_postcodes
from market import illustrative
from market.supply import (
    HomeFilter,
    PopulationBasis,
    area_supply,
    areas_within,
    assign_small_areas,
    council_supply,
    cut_neighbourhoods,
    estimate_population,
    filter_homes,
    gap_areas,
    homes_within,
)
from market.zones import AreaSelection, area_selection, illustrative_layout


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_packs()


def _homes(postcodes: list[str], beds: list[int | None], types: list[str]) -> pd.DataFrame:
    placed = locate_postcodes(pd.Series(postcodes))
    n = len(postcodes)
    frame = pd.DataFrame(
        {
            "location_id": [f"1-{i}" for i in range(n)],
            "name": [f"Home {i}" for i in range(n)],
            "provider_id": "1-9",
            "provider": "P",
            "care_type": types,
            "beds": pd.Series(beds, dtype="Int64"),
            "rating": ["Good", "Inadequate", "Outstanding", "Good"][:n],
            "rating_date": pd.Timestamp("2024-01-01"),
            "older_people": [True, False, True, True][:n],
            "dementia": [True, False, False, True][:n],
            "postcode": placed["postcode"],
            "local_authority": "County Durham",
            "lat": placed["lat"],
            "lon": placed["lon"],
            "easting": placed["easting"],
            "northing": placed["northing"],
            "lad_code": placed["lad_code"],
            "placed_by": "postcode",
            "place_note": "",
            "kind": "imported",
            "source_row": range(n),
        }
    )
    return frame.loc[:, list(HOME_COLUMNS)]


@pytest.fixture(scope="module")
def durham_homes(durham) -> pd.DataFrame:
    homes = _homes(
        ["DL15 8NN", "DL15 8NN", "SR8 5AS", "DH6 1AQ"],
        [40, None, 60, 25],
        ["nursing", "residential", "both", "residential"],
    )
    return assign_small_areas(homes, durham)


def test_homes_get_the_small_areas_they_are_in(durham_homes, durham):
    assert durham_homes["msoa_name"].notna().all()
    assert durham_homes["lsoa_code"].str.startswith("E01").all()
    assert durham_homes.loc[0, "msoa_name"] == durham_homes.loc[1, "msoa_name"]
    assert set(durham_homes["msoa_name"]) <= set(durham.msoas["code"])


def test_area_supply_counts_homes_and_beds_by_type_and_rates_per_1000(durham_homes, durham):
    crook = durham_homes.loc[0, "msoa_name"]
    people = pd.DataFrame({"age_65plus": [2000.0], "age_85plus": [250.0]}, index=[crook])
    basis = PopulationBasis(people, "test", "given", is_estimate=False)
    areas = area_supply(durham_homes, durham, basis).set_index("msoa_name")
    assert len(areas) == len(durham.msoas)
    row = areas.loc[crook]
    assert (row["homes"], row["beds"], row["beds_nursing"], row["beds_residential"]) == (
        2,
        40,
        40,
        0,
    )
    assert row["beds_per_1000_65plus"] == 20.0 and row["beds_per_1000_85plus"] == 160.0
    assert areas["homes"].sum() == 4 and areas["beds"].sum() == 125
    assert np.isnan(areas.drop(index=crook)["beds_per_1000_65plus"]).all()
    total = council_supply(areas.reset_index(), durham_homes, "County Durham").iloc[0]
    assert (total["homes"], total["beds"], total["beds_both"]) == (4, 125, 60)
    assert total["age_65plus"] == 2000 and total["beds_per_1000_65plus"] == 62.5


def test_filters_select_by_type_rating_client_group_and_size(durham_homes):
    every = HomeFilter(
        ("nursing", "residential", "both", "not stated"),
        ("Outstanding", "Good", "Requires improvement", "Inadequate", "Not rated"),
    )
    assert len(filter_homes(durham_homes, every)) == 4
    only = HomeFilter(("residential",), every.ratings)
    assert list(filter_homes(durham_homes, only)["location_id"]) == ["1-1", "1-3"]
    good = HomeFilter(every.care_types, ("Good",), dementia_only=True, min_beds=30)
    assert list(filter_homes(durham_homes, good)["location_id"]) == ["1-0"]
    older = HomeFilter(every.care_types, every.ratings, older_people_only=True)
    assert "1-1" not in set(filter_homes(durham_homes, older)["location_id"])


def test_gaps_are_small_areas_with_no_bed_within_the_distance(durham_homes, durham):
    far = gap_areas(durham_homes, durham, 5)
    near = gap_areas(durham_homes, durham, 2)
    none = gap_areas(durham_homes, durham, 200)
    assert 0 < len(far) < len(near) < len(durham.lsoas)
    assert none.empty
    assert (far["nearest_km"] > 5).all()
    crook_lsoa = durham_homes.loc[0, "lsoa_code"]
    assert crook_lsoa not in set(near["code"])
    no_beds = durham_homes.assign(beds=pd.Series([None] * 4, dtype="Int64"))
    assert len(gap_areas(no_beds, durham, 5)) == len(durham.lsoas)


def test_the_estimate_spreads_published_totals_and_says_so(figures, durham):
    postcodes = council_postcodes(durham)
    basis = estimate_population(figures, "E06000047", postcodes, 2025)
    assert basis.is_estimate and basis.method.startswith("ESTIMATE")
    assert "postcodes" in basis.method
    assert "Durham County Council, Market Sustainability Plan" in basis.method
    assert basis.by_msoa["age_65plus"].sum() == pytest.approx(121_000)
    assert basis.by_msoa["age_85plus"].sum() == pytest.approx(15_900)
    assert estimate_population(figures, "E06000004", postcodes, 2025) is None


def test_wiltshire_illustrative_homes_match_its_published_beds(figures, councils):
    from geo.boundaries import load_council_geography

    wiltshire = load_council_geography(councils["E06000054"])
    rule = illustrative.illustrative_rule(wiltshire.council, len(wiltshire.lsoas), figures)
    assert rule.homes == 87
    assert rule.beds == {"nursing": 1455, "residential": 1629, "both": 845}
    homes = illustrative.illustrative_homes(wiltshire, rule, council_postcodes(wiltshire))
    assert len(homes) == 87 and homes["beds"].sum() == 3929
    assert homes.groupby("care_type")["beds"].sum().to_dict() == {
        "both": 845,
        "nursing": 1455,
        "residential": 1629,
    }
    assert (homes["beds"] >= illustrative.MIN_BEDS).all()


def test_illustrative_homes_are_deterministic_synthetic_and_at_real_postcodes(
    figures, featured_geography
):
    geography = featured_geography
    council = geography.council
    rule = illustrative.illustrative_rule(council, len(geography.lsoas), figures)
    postcodes = council_postcodes(geography)
    homes = illustrative.illustrative_homes(geography, rule, postcodes)
    again = illustrative.illustrative_homes(geography, rule, postcodes)
    pd.testing.assert_frame_equal(homes, again)
    assert len(homes) == rule.homes > 0
    assert (homes["kind"] == "illustrative").all()
    assert homes["name"].str.fullmatch(r"Illustrative home \d+").all()
    assert homes["provider"].str.startswith("Illustrative provider").all()
    assert homes["lad_code"].isin(council.district_codes).all()
    assert homes["postcode"].is_unique
    for postcode in homes["postcode"].head(10):
        assert postcode.replace(" ", "") in _letter_table(postcode[0]).index
    expected = {"E06000047": 96, "E06000054": 87}
    if council.code in expected:
        assert rule.homes == expected[council.code]
    else:
        assert rule.homes == round(len(geography.lsoas) * illustrative.HOMES_PER_LSOA)
        assert "per small area" in rule.method


def test_a_selected_zone_keeps_its_own_homes_and_is_framed_by_its_outline(durham_homes, durham):
    layout = illustrative_layout(durham, 10, title="x")
    zone_of = layout.lsoa_zone.set_index("lsoa_code")["zone"]
    zone = zone_of[durham_homes.loc[0, "lsoa_code"]]
    chosen = area_selection(layout, durham, zone)
    kept = homes_within(durham_homes, chosen)
    expected = durham_homes[durham_homes["lsoa_code"].map(zone_of) == zone]
    assert list(kept["location_id"]) == list(expected["location_id"]) and len(kept) < 4
    assert chosen.lsoas == frozenset(zone_of[zone_of == zone].index)
    west, south, east, north = chosen.bounds
    assert ((kept["lon"] > west) & (kept["lon"] < east)).all()
    assert ((kept["lat"] > south) & (kept["lat"] < north)).all()
    # The zone's frame is smaller than the council's.
    c_west, c_south, c_east, c_north = durham.wsen
    assert (east - west) * (north - south) < (c_east - c_west) * (c_north - c_south) / 2

    msoa = durham_homes.loc[0, "msoa_name"]
    by_msoa = area_selection(layout, durham, msoa)
    assert by_msoa.msoas == {msoa}
    assert by_msoa.lsoas == frozenset(durham.lsoas.loc[durham.lsoas["msoa_name"] == msoa, "code"])
    assert area_selection(layout, durham, None) is None
    assert area_selection(layout, durham, "Zone 99: Atlantis") is None
    assert homes_within(durham_homes, None) is durham_homes


def test_a_zone_cutting_a_neighbourhood_gives_no_rate_per_older_people_there(durham_homes, durham):
    crook = durham_homes.loc[0, "msoa_name"]
    other = durham_homes.loc[2, "msoa_name"]
    crook_lsoas = sorted(durham.lsoas.loc[durham.lsoas["msoa_name"] == crook, "code"])
    other_lsoas = set(durham.lsoas.loc[durham.lsoas["msoa_name"] == other, "code"])
    home_lsoa = durham_homes.loc[0, "lsoa_code"]
    part = {home_lsoa, *[c for c in crook_lsoas if c != home_lsoa][:1]}
    chosen = AreaSelection("cut", frozenset(part | other_lsoas), frozenset({crook, other}), None)
    people = pd.DataFrame(
        {"age_65plus": [2000.0, 1500.0], "age_85plus": [250.0, 100.0]}, index=[crook, other]
    )
    basis = PopulationBasis(people, "test", "given", is_estimate=False)
    homes = homes_within(durham_homes, chosen)
    rows = areas_within(area_supply(homes, durham, basis), durham, chosen).set_index("msoa_name")
    assert set(rows.index) == {crook, other}
    assert cut_neighbourhoods(durham, chosen) == {crook}
    assert np.isnan(rows.loc[crook, "age_65plus"]) and np.isnan(
        rows.loc[crook, "beds_per_1000_65plus"]
    )
    assert rows.loc[other, "age_65plus"] == 1500 and rows.loc[other, "beds_per_1000_65plus"] == 40
    total = council_supply(rows.reset_index(), homes, "cut", people_unknown=True).iloc[0]
    assert total["beds"] == rows["beds"].sum() and np.isnan(total["beds_per_1000_65plus"])


def test_a_selection_with_no_homes_still_has_its_total_row(durham_homes, durham):
    layout = illustrative_layout(durham, 10, title="x")
    zone_of = layout.lsoa_zone.set_index("lsoa_code")["zone"]
    empty = next(
        z for z in layout.zone_names if z not in set(durham_homes["lsoa_code"].map(zone_of))
    )
    chosen = area_selection(layout, durham, empty)
    homes = homes_within(durham_homes, chosen)
    assert homes.empty
    rows = areas_within(area_supply(homes, durham, None), durham, chosen)
    (total,) = council_supply(rows, homes, empty).to_dict("records")
    assert total["msoa_name"] == empty and total["homes"] == 0 and total["beds"] == 0
