"""Postcode normalisation and lookup against the ONS Postcode Directory."""

import pandas as pd
import pytest
from shapely.geometry import Point

from geo.postcodes import LookupStatus, locate_postcodes, lookup_postcode, normalise_postcode


@pytest.mark.parametrize("typed", ["dl15 8nn", "DL158NN", " DL15  8NN ", "dL15\t8nN"])
def test_common_forms_normalise_to_one_postcode(typed):
    assert normalise_postcode(typed) == "DL15 8NN"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("sw1a1aa", "SW1A 1AA"), ("M1 1AE", "M1 1AE"), ("b338th", "B33 8TH"), ("gir0aa", "GIR 0AA")],
)
def test_every_outward_shape_is_accepted(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "12345", "DL15", "DL15 8N", "DL15 8NNN", "D1 5 8NN X", "<script>", "Q1 1AA"]
)
def test_malformed_postcodes_are_refused(typed):
    assert normalise_postcode(typed) is None
    assert lookup_postcode(typed).status is LookupStatus.MALFORMED


def test_known_postcode_is_placed_inside_its_council(durham):
    found = lookup_postcode(" dl15  8nn ")
    assert found.status is LookupStatus.FOUND
    assert found.lad_code == "E06000047"
    outline = durham.boundary.geometry.iloc[0]
    assert outline.contains(Point(found.lon, found.lat))


def test_well_formed_but_unlisted_postcode_is_unknown_not_malformed():
    result = lookup_postcode("DL15 8ZZ")
    assert result.status is LookupStatus.UNKNOWN
    assert result.postcode == "DL15 8ZZ"
    assert result.lat is None


def test_bulk_location_agrees_with_single_lookups():
    typed = pd.Series(["DL15 8NN", "not one", None, "sn15 1er", "DL15 8ZZ"], index=[5, 6, 7, 8, 9])
    located = locate_postcodes(typed)
    assert list(located.index) == [5, 6, 7, 8, 9]
    assert list(located["status"]) == ["found", "malformed", "malformed", "found", "unknown"]
    for index in (5, 8):
        single = lookup_postcode(typed[index])
        assert located.loc[index, "lad_code"] == single.lad_code
        assert located.loc[index, "lat"] == pytest.approx(single.lat)
        assert located.loc[index, "lon"] == pytest.approx(single.lon)
    assert located.loc[[6, 7, 9], "lat"].isna().all()
