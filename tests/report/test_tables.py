"""The tables beside the zones map, built one layer below the page."""

from __future__ import annotations

import pandas as pd

from charts.unmet import BRUSH, brush_range
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
