"""Illustrative care homes for all of England: real postcodes, fixed shares, deterministic."""

from __future__ import annotations

import pandas as pd
import pytest

from data.cqc import HOME_COLUMNS
from geo.boundaries import english_councils
from geo.postcodes import locate_postcodes
from market import england_homes as generate


@pytest.fixture(scope="module")
def homes() -> pd.DataFrame:
    return generate.england_homes()


def test_england_gets_14000_illustrative_homes_each_at_its_own_postcode(homes):
    assert len(homes) == generate.ENGLAND_HOMES == 14_000
    assert list(homes.columns) == [*HOME_COLUMNS, "lsoa_code"]
    assert set(homes["kind"]) == {"illustrative"}
    assert homes["name"].str.startswith("Illustrative home ").all()
    assert homes["location_id"].is_unique and homes["postcode"].is_unique
    shares = homes["care_type"].value_counts(normalize=True)
    for care_type, share in generate.TYPE_SHARES.items():
        assert abs(shares[care_type] - share) < 0.02
    low, high = generate.BED_RANGE
    assert homes["beds"].between(low, high).all()


def test_homes_are_at_real_postcodes_inside_england(homes):
    found = locate_postcodes(homes["postcode"])
    assert (found["status"] == "found").all()
    assert (found["lad_code"].to_numpy() == homes["lad_code"].to_numpy()).all()
    assert abs(found["lat"].to_numpy() - homes["lat"].to_numpy()).max() < 1e-6
    districts = {d for c in english_councils() for d in c.district_codes}
    assert homes["lad_code"].isin(districts).all()
    assert homes["lsoa_code"].str.startswith("E01").all()
    # Spread across England, roughly as its postcodes are: every council has some.
    councils = {d: c.code for c in english_councils() for d in c.district_codes}
    assert homes["lad_code"].map(councils).nunique() >= 150


def test_homes_are_the_same_every_time(homes):
    rebuilt = generate._build_england_homes(generate.ENGLAND_HOMES, generate.SEED)
    pd.testing.assert_frame_equal(
        rebuilt.reset_index(drop=True),
        homes.reset_index(drop=True),
        check_dtype=False,
    )


def test_a_postcode_sample_keeps_its_order_when_it_grows():
    small = generate.sample_english_postcodes(50, seed=7)
    large = generate.sample_english_postcodes(80, seed=7)
    assert small["postcode"].tolist() == large["postcode"].tolist()[:50]
    assert small["lsoa_code"].str.startswith("E01").all()


def test_council_summary_counts_every_home_in_its_council(homes):
    summary = generate.council_summary(homes)
    assert len(summary) == 153 and summary["name"].is_monotonic_increasing
    assert summary["homes"].sum() == len(homes)
    assert summary["beds"].sum() == homes["beds"].sum()
    durham = summary.set_index("code").loc["E06000047"]
    assert durham["homes"] == (homes["local_authority"] == "County Durham").sum()


def test_council_table_names_each_figure_and_its_kind_in_words(homes):
    table = generate.council_table(generate.council_summary(homes), "illustrative")
    assert table.columns[0] == "Council"
    assert "Postcodes per km²" in table.columns
    assert not any("_" in column for column in table.columns)
    assert set(table["Kind (homes, beds)"]) == {"Illustrative"}
    assert set(table["Kind (postcodes per km²)"]) == {"Derived"}
