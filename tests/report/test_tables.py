"""The tables beside the zones map, built one layer below the page."""

from __future__ import annotations

import pandas as pd

from charts.unmet import BRUSH, brush_range
from market.supply import TYPE_LABELS
from market.zones import illustrative_layout, selection_lsoas
from report.tables import uplift_table


def test_the_uplift_table_lists_each_paid_area_once_with_its_name_and_zone(durham):
    layout = illustrative_layout(durham, 4, title="t")
    paid = set(durham.lsoas["code"].iloc[::7])
    table = uplift_table(durham, layout, paid)
    assert list(table.columns) == ["LSOA", "Small area", "Zone"]
    assert set(table["LSOA"]) == paid and table["LSOA"].is_unique
    zone_of = layout.lsoa_zone.set_index("lsoa_code")["zone"]
    names = durham.lsoas.set_index("code")["name"]
    for row in table.itertuples(index=False):
        assert row.Zone == zone_of[row.LSOA] and row[1] == names[row.LSOA]


def test_a_selection_is_a_zone_or_a_neighbourhood_and_nothing_is_the_whole_council(durham):
    layout = illustrative_layout(durham, 4, title="t")
    zone = layout.zone_names[0]
    in_zone = set(layout.lsoa_zone.loc[layout.lsoa_zone["zone"] == zone, "lsoa_code"])
    assert selection_lsoas(layout, durham, zone) == in_zone
    msoa = durham.lsoas["msoa_name"].iloc[0]
    expected = set(durham.lsoas.loc[durham.lsoas["msoa_name"] == msoa, "code"])
    assert selection_lsoas(layout, durham, msoa) == expected
    assert selection_lsoas(layout, durham, None) is None


def test_a_brushed_range_is_read_in_either_direction_and_in_either_form():
    start, end = pd.Timestamp("2024-01-01"), pd.Timestamp("2024-06-30")
    in_ms = [int(end.timestamp() * 1000), int(start.timestamp() * 1000)]
    assert brush_range({"selection": {BRUSH: {"period": in_ms}}}) == (start, end)
    as_text = [start.isoformat(), end.isoformat()]
    assert brush_range({"selection": {BRUSH: {"period": as_text}}}) == (start, end)
    assert brush_range({"selection": {}}) is None and brush_range(None) is None


def test_the_supply_table_says_in_words_what_its_homes_and_people_are():
    from report.tables import supply_table

    areas = pd.DataFrame(
        {"msoa_name": ["Durham 001"], "homes": [2], "beds": [40], "age_65plus": [812.4]}
        | {"age_85plus": [101.6]}
    )
    total = areas.assign(msoa_name="County Durham")
    table = supply_table(areas, total, "illustrative", None)
    assert list(table.columns[:4]) == ["Homes are", "Population", "Neighbourhood (MSOA)", "Homes"]
    assert set(table["Homes are"]) == {"Illustrative"}
    assert set(table["Population"]) == {"not available"}
    assert list(table["People 65+"]) == [812, 812] and list(table["People 85+"]) == [102, 102]
    assert not [c for c in table.columns if "_" in c]


def test_the_homes_list_has_one_row_per_home_with_its_neighbourhood_and_zone(durham):
    from geo.boundaries import BRITISH_NATIONAL_GRID
    from market.supply import assign_small_areas
    from report.tables import homes_table
    from tests.fixtures.homes import homes_frame

    points = durham.lsoas.to_crs(BRITISH_NATIONAL_GRID).representative_point().iloc[::40][:12]
    n = len(points)
    made_up = homes_frame(
        n,
        beds=range(10, 10 + n),
        lat=[54.7] * n,
        lon=[-1.7] * n,
        easting=list(points.x),
        northing=list(points.y),
    )
    homes = assign_small_areas(made_up, durham)
    assert homes["lsoa_code"].notna().all()
    layout = illustrative_layout(durham, 4, title="t")
    table = homes_table(homes, "illustrative", layout)
    assert len(table) == len(homes) and list(table["Care home"]) == sorted(table["Care home"])
    assert "Zone (illustrative layout)" in table.columns and "Zone" not in table.columns
    zone_of = layout.lsoa_zone.set_index("lsoa_code")["zone"]
    by_name = homes.set_index("name")
    for row in table.to_dict("records"):
        home = by_name.loc[row["Care home"]]
        assert row["Neighbourhood (MSOA)"] == home["msoa_name"]
        assert row["Zone (illustrative layout)"] == zone_of[home["lsoa_code"]]
        assert row["Beds"] == home["beds"] and row["Homes are"] == "Illustrative"
    assert set(table["Type of care"]) <= set(TYPE_LABELS.values())
    assert not [c for c in table.columns if "_" in c]
