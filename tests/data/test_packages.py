"""Brokerage lists: good rows placed in small areas, bad rows named; the illustrative list."""

from __future__ import annotations

import pandas as pd
import pytest

from data.figures import load_packs
from data.packages import (
    HARD_TO_PLACE,
    PackageFileError,
    illustrative_packages,
    published_periods,
    read_packages_csv,
)
from geo.boundaries import load_council_geography

HEADER = "date,postcode,area_code,hours_per_week,status,reason\n"


def test_a_good_list_is_placed_in_small_areas(durham):
    raw = (
        HEADER
        + "2024-01-05,dl15 8nn,,7,waiting,staffing\n"
        + f"2024-02-10,,{durham.lsoas['code'].iloc[0]},10.5,handed back,rurality\n"
        + "2024-03-01,,County Durham 001,3.5,placed,other\n"
    ).encode()
    table = read_packages_csv(raw, "list.csv", durham)
    assert list(table["status"]) == ["waiting", "handed back", "placed"]
    assert table.loc[0, "postcode"] == "DL15 8NN"
    assert table.loc[0, "lsoa_code"].startswith("E01") and table.loc[0, "lat"] > 54
    assert table.loc[1, "lsoa_code"] == durham.lsoas["code"].iloc[0]
    assert table.loc[2, "msoa_name"] == "County Durham 001" and pd.isna(table.loc[2, "lat"])
    assert table["hours_per_week"].tolist() == [7.0, 10.5, 3.5]


def test_bad_rows_are_named_by_file_row_and_column(durham):
    raw = (
        HEADER
        + "2024-13-01,DL15 8NN,,7,waiting,staffing\n"
        + "2024-01-01,SN15 1ER,,0,lost,weather\n"
        + "2024-01-01,12345,,7,placed,other\n"
        + "2024-01-01,,E01999999,7,placed,other\n"
    ).encode()
    with pytest.raises(PackageFileError) as caught:
        read_packages_csv(raw, "brokerage.csv", durham)
    text = str(caught.value)
    assert text.startswith("brokerage.csv was not loaded: 7 problem(s) found.")
    assert "row 2, column 'date': expected a date YYYY-MM-DD, found '2024-13-01'" in text
    assert "row 3, column 'hours_per_week'" in text
    assert "row 3, column 'status': expected one of waiting, handed back, placed" in text
    assert "row 3, column 'reason'" in text
    assert "row 3, column 'postcode': SN15 1ER is outside County Durham" in text
    assert "row 4, column 'postcode': '12345' is not a UK postcode" in text
    assert "row 5, column 'area_code': 'E01999999' is not an LSOA code" in text


def test_missing_columns_and_empty_files_are_refused(durham):
    with pytest.raises(PackageFileError, match="row 1, column 'status': missing column"):
        read_packages_csv(b"date,postcode,hours_per_week,reason\n", "a.csv", durham)
    with pytest.raises(PackageFileError, match="the file is empty"):
        read_packages_csv(b"  ", "b.csv", durham)
    with pytest.raises(PackageFileError, match="no packages below the header"):
        read_packages_csv(HEADER.encode(), "c.csv", durham)


@pytest.fixture(scope="module")
def wiltshire_list(councils):
    geography = load_council_geography(councils["E06000054"])
    periods = published_periods(load_packs(), "E06000054")
    rural = pd.Series(False, index=geography.lsoas["code"])
    return geography, periods, illustrative_packages(geography, periods, rural)


def test_wiltshires_illustrative_list_matches_the_published_hand_backs(wiltshire_list):
    geography, periods, (packages, rule) = wiltshire_list
    assert [(p.count, p.staffing_pct) for p in periods] == [(95, 56.0), (42, 60.0)]
    first = packages[packages["date"] <= "2022-09-30"]
    second = packages[packages["date"] >= "2022-10-01"]
    assert len(first) == 95 and len(second) == 42
    assert first["date"].min() >= pd.Timestamp("2022-05-01")
    assert second["date"].max() <= pd.Timestamp("2023-02-28")
    assert (first["reason"] == "staffing").sum() == 53
    assert (second["reason"] == "staffing").sum() == 25
    assert set(packages["status"]) == {"handed back"}
    assert packages["lsoa_code"].isin(geography.lsoas["code"]).all()
    assert "Illustrative" in rule


def test_the_illustrative_list_sits_at_real_postcodes_near_hard_to_place_areas(wiltshire_list):
    geography, periods, (packages, _) = wiltshire_list
    from geo.postcodes import locate_postcodes

    located = locate_postcodes(packages["postcode"])
    assert (located["status"] == "found").all()
    assert located["lad_code"].eq("E06000054").all()
    places = geography.places[geography.places["name"].isin(HARD_TO_PLACE["E06000054"])]
    grid = places.to_crs(27700)
    near = pd.Series(False, index=located.index)
    for point in grid.geometry:
        near |= (
            (located["easting"] - point.x) ** 2 + (located["northing"] - point.y) ** 2
        ) < 4e3**2
    assert near.mean() >= 0.55
    again, _ = illustrative_packages(
        geography, periods, pd.Series(False, index=geography.lsoas["code"])
    )
    pd.testing.assert_frame_equal(packages, again)


def test_a_council_without_published_counts_follows_the_documented_rule(durham):
    rural = pd.Series(True, index=durham.lsoas["code"])
    packages, rule = illustrative_packages(durham, [], rural)
    assert len(packages) == 324 // 4
    assert packages["date"].between("2023-04-01", "2024-03-31").all()
    assert "one package for every 4 small areas" in rule
