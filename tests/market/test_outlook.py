"""The demand outlook: council figures, their spread over small areas, needs, and scenarios."""

from __future__ import annotations

import math
import re
from urllib.parse import quote

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.cqc import HOME_COLUMNS
from data.figures import load_packs
from market import outlook
from market.outlook import (
    BANDS,
    DERIVED,
    ENTERED,
    LAST_YEAR,
    MAX_BEDS,
    MAX_HOURS_CHANGE,
    MAX_ITEMS,
    NEW_HOME_NAME,
    PUBLISHED,
    AreaWeights,
    CouncilOutlook,
    NewHome,
    Rate,
    Scenario,
    apply_scenario,
    area_weights,
    beds_by,
    demand_table,
    entered_bed_rate,
    first_year_over,
    imported_outlook,
    parse_scenario,
    people_by,
    published_outlook,
    scenario_text,
    spread,
    todays_bed_rate,
    todays_hours_rate,
)

DURHAM = "E06000047"
NOTTINGHAMSHIRE = "E10000024"
# A council of four small areas in two neighbourhoods; the last LSOA has no postcodes.
LSOAS = pd.DataFrame(
    {
        "code": ["E01000001", "E01000002", "E01000003", "E01000004"],
        "msoa_name": ["Town 001", "Town 001", "Town 002", "Town 002"],
    }
)
POSTCODE_LSOAS = ["E01000001"] * 3 + ["E01000002"] + ["E01000003"] * 2 + [None]
TYPED_POSTCODES = ["DL15 8NN", "DH1 3LE", "DL14 6AB", "DH7 8XL", "DL16 6JH", "DH9 0RA", "TS21 3EE"]


def _postcodes(lsoa_codes: list[str | None], typed: list[str] | None = None) -> pd.DataFrame:
    """Return a council_postcodes-like frame, one postcode per LSOA code given."""
    typed = typed or TYPED_POSTCODES[: len(lsoa_codes)]
    msoa = dict(zip(LSOAS["code"], LSOAS["msoa_name"], strict=True))
    n = len(lsoa_codes)
    return pd.DataFrame(
        {
            "postcode": typed,
            "compact": [p.replace(" ", "") for p in typed],
            "easting": np.arange(n) * 100.0 + 420_000,
            "northing": np.arange(n) * 100.0 + 540_000,
            "lat": np.linspace(54.6, 54.9, n),
            "lon": np.linspace(-1.8, -1.5, n),
            "lad_code": DURHAM,
            "lsoa_code": pd.Series(lsoa_codes, dtype="string"),
            "msoa_name": pd.Series([msoa.get(c) for c in lsoa_codes], dtype="string"),
        }
    )


def _outlook(values: dict[tuple[str, int], float], code: str = DURHAM) -> CouncilOutlook:
    people = pd.DataFrame(
        [
            {"year": year, "band": band, "people": value, "kind": PUBLISHED, "source": "A plan"}
            for (band, year), value in values.items()
        ]
    )
    people["year"] = people["year"].astype("int64")
    return CouncilOutlook(code, people, "hand-made", loaded=False)


def _projection(districts: int, years: range) -> pd.DataFrame:
    years_list = list(years)
    return pd.DataFrame(
        {
            "council_code": "E10000024",
            "council_name": "Nottinghamshire",
            "year": pd.Series(years_list, dtype="int64"),
            "age_65plus": [180_000.0 + 2_000 * i for i in range(len(years_list))],
            "age_75plus": [90_000.0 + 1_500 * i for i in range(len(years_list))],
            "age_85plus": [25_000.0 + 800 * i for i in range(len(years_list))],
            "districts": pd.Series([districts] * len(years_list), dtype="int64"),
        }
    )


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_packs()


# Council figures


def test_published_outlook_gives_county_durhams_figures_with_readable_sources(figures) -> None:
    outlook = published_outlook(figures, DURHAM)
    assert outlook is not None and not outlook.loaded
    assert outlook.value("65plus", 2024) == 121_000
    assert outlook.value("65plus", 2039) == 149_700
    assert outlook.value("85plus", 2039) == 28_700
    assert outlook.value("75plus", 2039) is None
    assert outlook.bands() == ["65plus", "85plus"]
    assert outlook.years() == sorted(outlook.years()) and 2024 in outlook.years()
    assert set(outlook.people["kind"]) == {PUBLISHED}
    for source in outlook.people["source"]:
        assert source.startswith("Durham County Council")
        assert not re.search(r"\.(txt|csv)\b", source)
    # Today's rates rest on the figure nearest today, not one fifteen years away.
    assert outlook.base_year() == 2024
    assert "_" not in outlook.method


def test_published_outlook_is_none_without_population_figures(figures) -> None:
    assert published_outlook(figures, NOTTINGHAMSHIRE) is None


def test_imported_outlook_of_a_unitary_is_published_and_of_a_county_derived() -> None:
    unitary = imported_outlook(_projection(1, range(2022, 2050)), "ONS, projections, 2025")
    county = imported_outlook(_projection(7, range(2022, 2050)), "ONS, projections, 2025")
    assert unitary.loaded and county.loaded
    assert set(unitary.people["kind"]) == {PUBLISHED}
    assert set(county.people["kind"]) == {DERIVED}
    assert "7 districts" in county.method and "districts" not in unitary.method
    assert county.years() == list(range(2022, LAST_YEAR + 1))
    assert county.bands() == list(BANDS)
    assert set(county.people["source"]) == {"ONS, projections, 2025"}
    assert county.council_code == NOTTINGHAMSHIRE
    assert county.value("75plus", 2023) == 91_500
    assert county.base_year() == 2026


# Small-area weights and the spread


def _weights_sum_to_one(weights: AreaWeights) -> None:
    for band in BANDS:
        assert math.isclose(weights.table[f"w_{band}"].sum(), 1.0)


def test_weights_without_a_population_file_follow_postcodes() -> None:
    weights = area_weights(LSOAS, _postcodes(POSTCODE_LSOAS), None, 2026)
    assert weights.is_estimate and weights.method.startswith("An estimate")
    assert list(weights.table["lsoa_code"]) == list(LSOAS["code"])
    counts = pd.Series(POSTCODE_LSOAS).value_counts()
    located = counts.sum()
    for band in BANDS:
        expected = [counts.get(code, 0) / located for code in LSOAS["code"]]
        assert weights.table[f"w_{band}"].tolist() == pytest.approx(expected)
    _weights_sum_to_one(weights)


def test_weights_without_any_postcode_are_equal() -> None:
    weights = area_weights(LSOAS, _postcodes([]), None, 2026)
    assert weights.is_estimate
    assert weights.table["w_65plus"].tolist() == pytest.approx([0.25] * 4)


def _population(rows: list[tuple[str, str, int, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["area_code", "msoa_name", "year", "age_65plus", "age_85plus"]
    ).assign(area_name="", year=lambda f: f["year"].astype("int64"))


def test_weights_from_lsoa_rows_use_the_year_nearest() -> None:
    people = {"E01000001": (300, 40), "E01000002": (100, 20), "E01000003": (500, 30)}
    people["E01000004"] = (100, 10)
    msoa = dict(zip(LSOAS["code"], LSOAS["msoa_name"], strict=True))
    rows = [(code, msoa[code], 2025, *values) for code, values in people.items()]
    rows += [(code, msoa[code], 2019, 1.0, 1.0) for code in people]
    weights = area_weights(LSOAS, _postcodes(POSTCODE_LSOAS), _population(rows), 2024)
    assert not weights.is_estimate and "2025" in weights.method
    older = np.array([people[c][0] for c in LSOAS["code"]], dtype=float)
    oldest = np.array([people[c][1] for c in LSOAS["code"]], dtype=float)
    table = weights.table
    assert table["w_65plus"].tolist() == pytest.approx(older / older.sum())
    assert table["w_85plus"].tolist() == pytest.approx(oldest / oldest.sum())
    assert table["w_75plus"].tolist() == pytest.approx(
        (older / older.sum() + oldest / oldest.sum()) / 2
    )
    _weights_sum_to_one(weights)


def test_weights_split_msoa_rows_over_their_lsoas_by_postcodes() -> None:
    rows = [
        ("E02000001", "Town 001", 2024, 400.0, 40.0),
        ("E02000002", "Town 002", 2024, 9_999.0, 999.0),  # given by LSOA too: not counted
        ("E01000003", "Town 002", 2024, 150.0, 10.0),
        ("E01000004", "Town 002", 2024, 50.0, 10.0),
    ]
    weights = area_weights(LSOAS, _postcodes(POSTCODE_LSOAS), _population(rows), 2024)
    counts = pd.Series(POSTCODE_LSOAS).value_counts()
    town = counts["E01000001"] + counts["E01000002"]
    older = np.array([400 * counts["E01000001"] / town, 400 * counts["E01000002"] / town, 150, 50])
    assert weights.table["w_65plus"].tolist() == pytest.approx(older / older.sum())
    assert len(weights.table) == len(LSOAS)
    assert "neighbourhood" in weights.method
    _weights_sum_to_one(weights)


def _postcodes_any(lsoa_codes: list[str | None]) -> pd.DataFrame:
    typed = [f"DL1 {i % 10}AB" for i in range(len(lsoa_codes))]
    return _postcodes(lsoa_codes, typed)


outlook_values = st.dictionaries(
    st.tuples(st.sampled_from(BANDS), st.integers(2020, LAST_YEAR)),
    st.floats(0, 5e6, allow_nan=False),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(
    values=outlook_values,
    located=st.lists(st.sampled_from([*LSOAS["code"], None]), max_size=30),
)
def test_spread_adds_back_to_the_council_for_every_year_and_band(values, located) -> None:
    outlook = _outlook(values)
    spread_frame = spread(outlook, area_weights(LSOAS, _postcodes_any(located), None, 2026))
    assert len(spread_frame) == len(LSOAS) * len(values)
    totals = spread_frame.groupby(["band", "year"])["people"].sum()
    for (band, year), value in values.items():
        assert math.isclose(totals[(band, year)], value, rel_tol=1e-9, abs_tol=1e-6)
    assert (spread_frame["people"] >= 0).all()


def test_people_by_neighbourhood_and_zone() -> None:
    outlook = _outlook({("65plus", 2026): 6_000.0, ("75plus", 2030): 3_000.0})
    spread_frame = spread(outlook, area_weights(LSOAS, _postcodes(POSTCODE_LSOAS), None, 2026))
    share = spread_frame.set_index(["lsoa_code", "band"])["people"]
    by_msoa = people_by(spread_frame, "msoa_name").set_index(["area", "band"])["people"]
    assert list(by_msoa.index.get_level_values(0).unique()) == ["Town 001", "Town 002"]
    assert by_msoa[("Town 001", "65plus")] == pytest.approx(
        share[("E01000001", "65plus")] + share[("E01000002", "65plus")]
    )
    lsoa_zone = pd.DataFrame(
        {"lsoa_code": ["E01000001", "E01000002", "E01000003"], "zone": ["North", "South", "North"]}
    )
    by_zone = people_by(spread_frame, "zone", lsoa_zone)
    assert list(by_zone.columns) == ["area", "year", "band", "people"]
    zone = by_zone.set_index(["area", "band"])["people"]
    assert zone[("North", "75plus")] == pytest.approx(
        share[("E01000001", "75plus")] + share[("E01000003", "75plus")]
    )
    # The LSOA in no zone is left out of the zone sums.
    unzoned = share[("E01000004", "65plus")]
    assert by_zone[by_zone["band"] == "65plus"]["people"].sum() == pytest.approx(6_000 - unzoned)
    with pytest.raises(ValueError):
        people_by(spread_frame, "zone")
    with pytest.raises(ValueError):
        people_by(spread_frame, "lad_code")


def _homes(rows: list[tuple[str, str, int | None, str | None, str | None]]) -> pd.DataFrame:
    """Return homes with the app's columns: (location_id, care_type, beds, lsoa, msoa)."""
    n = len(rows)
    homes = pd.DataFrame({column: [pd.NA] * n for column in HOME_COLUMNS})
    homes["location_id"] = [r[0] for r in rows]
    homes["name"] = [f"Home {i}" for i in range(n)]
    homes["care_type"] = [r[1] for r in rows]
    homes["beds"] = pd.Series([r[2] for r in rows], dtype="Int64")
    homes["local_authority"] = "County Durham"
    homes["easting"] = 420_000.0
    homes["northing"] = 540_000.0
    homes["kind"] = "imported"
    homes["lsoa_code"] = pd.Series([r[3] for r in rows], dtype="string")
    homes["msoa_name"] = pd.Series([r[4] for r in rows], dtype="string")
    return homes


HOMES = _homes(
    [
        ("1-1", "nursing", 40, "E01000001", "Town 001"),
        ("1-2", "residential", 25, "E01000002", "Town 001"),
        ("1-3", "residential", None, "E01000003", "Town 002"),
        ("1-4", "both", 60, None, None),  # over the border
    ]
)


def test_beds_by_neighbourhood_and_zone() -> None:
    by_msoa = beds_by(HOMES, "msoa_name")
    assert by_msoa.to_dict() == {"Town 001": 65.0, "Town 002": 0.0}
    lsoa_zone = pd.DataFrame({"lsoa_code": ["E01000001", "E01000003"], "zone": ["North", "North"]})
    assert beds_by(HOMES, "zone", lsoa_zone).to_dict() == {"North": 40.0}


# Rates and needs


def test_bed_rates() -> None:
    rate = todays_bed_rate(5_020, 61_000, "75plus")
    assert rate is not None and rate.kind == DERIVED
    assert rate.value == pytest.approx(1000 * 5_020 / 61_000)
    assert "5,020 beds" in rate.method and "people aged 75 and over" in rate.method
    assert todays_bed_rate(5_020, 0, "75plus") is None
    assert entered_bed_rate(80, "85plus").kind == ENTERED
    with pytest.raises(ValueError):
        entered_bed_rate(-1, "85plus")


def test_hours_rate_is_the_latest_published_hours_over_people_aged_65_plus(figures) -> None:
    outlook = _outlook(
        {("65plus", 2022): 170_000.0, ("65plus", 2024): 180_000.0, ("65plus", 2030): 200_000.0},
        NOTTINGHAMSHIRE,
    )
    rate = todays_hours_rate(figures, NOTTINGHAMSHIRE, outlook)
    hours = figures[
        (figures["council_code"] == NOTTINGHAMSHIRE)
        & (figures["measure"] == "hours_commissioned_weekly")
        & (figures["kind"] == PUBLISHED)
    ].sort_values("period_start")
    latest_hours = hours.iloc[-1]
    year = latest_hours["period_start"].year
    nearest = min((2022, 2024, 2030), key=lambda y: abs(y - year))
    assert rate is not None and rate.kind == DERIVED
    assert rate.value == pytest.approx(latest_hours["value"] / outlook.value("65plus", nearest))
    assert "Nottinghamshire County Council" in rate.method and ".txt" not in rate.method
    assert todays_hours_rate(figures, DURHAM, _outlook({("65plus", 2024): 1.0})) is None


PEOPLE = pd.DataFrame(
    [
        (area, year, band, people)
        for area, base in (("North", 1_000.0), ("South", 400.0))
        for year, growth in ((2026, 1.0), (2030, 1.2), (2035, 1.5))
        for band, part in (("65plus", 1.0), ("75plus", 0.5))
        for people in [base * growth * part]
    ],
    columns=["area", "year", "band", "people"],
)


def test_demand_table_arithmetic() -> None:
    beds = pd.Series({"North": 40.0})
    bed_rate = Rate(50.0, "", ENTERED)
    hours_rate = Rate(0.2, "", DERIVED)
    table = demand_table(PEOPLE, beds, bed_rate, "75plus", hours_rate, 2026, {"North": 30.0})
    assert len(table) == 6
    rows = table.set_index(["area", "year"])
    people = PEOPLE.set_index(["area", "year", "band"])["people"]
    for (area, year), row in rows.iterrows():
        in_band = people[(area, year, "75plus")]
        today = beds.get(area, 0.0)
        needed = in_band * bed_rate.value / 1000
        assert row["people"] == pytest.approx(in_band)
        assert row["beds_today"] == today
        assert row["beds_needed"] == pytest.approx(needed)
        assert row["bed_gap"] == pytest.approx(needed - today)
        if today:
            assert row["occupancy_pct"] == pytest.approx(needed / today * 100)
        else:
            assert math.isnan(row["occupancy_pct"])
        hours_today = hours_rate.value * people[(area, 2026, "65plus")] + (
            30.0 if area == "North" else 0.0
        )
        hours_needed = hours_rate.value * people[(area, year, "65plus")]
        assert row["hours_today"] == pytest.approx(hours_today)
        assert row["hours_needed"] == pytest.approx(hours_needed)
        assert row["hours_gap"] == pytest.approx(hours_needed - hours_today)


def test_demand_table_without_an_hours_rate_leaves_hours_empty() -> None:
    table = demand_table(
        PEOPLE, pd.Series(dtype=float), Rate(50.0, "", ENTERED), "75plus", None, 2026
    )
    assert table[["hours_today", "hours_needed", "hours_gap"]].isna().all().all()


def test_first_year_over_the_threshold() -> None:
    demand = pd.DataFrame(
        {
            "area": ["Never"] * 3 + ["Later"] * 3 + ["No beds"] * 3 + ["No one"] * 3,
            "year": [2026, 2030, 2035] * 4,
            "beds_today": [100.0] * 3 + [100.0] * 3 + [0.0] * 6,
            "beds_needed": [50.0, 60.0, 70.0, 90.0, 95.0, 96.0, 0.0, 3.0, 5.0, 0.0, 0.0, 0.0],
        }
    )
    demand["occupancy_pct"] = (demand["beds_needed"] / demand["beds_today"] * 100).where(
        demand["beds_today"] > 0
    )
    first = first_year_over(demand, 95.0)
    assert str(first.dtype) == "Int64"
    assert pd.isna(first["Never"]) and pd.isna(first["No one"])
    assert first["Later"] == 2035  # 95% exactly is not over
    assert first["No beds"] == 2030


# Scenarios


def test_scenario_round_trip_is_short_and_url_safe() -> None:
    scenario = Scenario(
        added=(NewHome("DL15 8NN", 40, "nursing"), NewHome("DH1 3LE", 12, "residential")),
        removed=("1-101612253",),
        hours=(("Zone 3: Consett", -500.5), ("North", 120.0)),
    )
    text = scenario_text(scenario)
    assert quote(text, safe="") == text and len(text) < 120
    assert parse_scenario(text) == scenario
    assert scenario_text(Scenario()) == "" and parse_scenario("") == Scenario()
    assert Scenario().is_empty() and not scenario.is_empty()


def test_parse_scenario_normalises_postcodes() -> None:
    assert parse_scenario("a_dl158nn_40_n").added == (NewHome("DL15 8NN", 40, "nursing"),)


names = st.text(
    st.characters(categories=("L", "N", "P", "S"), include_characters=" "),
    min_size=1,
    max_size=40,
).filter(lambda name: name.strip() != "")
homes_added = st.builds(
    NewHome,
    st.sampled_from(TYPED_POSTCODES),
    st.integers(1, MAX_BEDS),
    st.sampled_from(["nursing", "residential"]),
)


@settings(max_examples=80, deadline=None)
@given(
    added=st.lists(homes_added, max_size=4),
    removed=st.lists(
        st.text(st.characters(categories=("L", "N", "P")), min_size=1, max_size=30),
        max_size=4,
        unique=True,
    ),
    hours=st.dictionaries(
        names,
        st.floats(-MAX_HOURS_CHANGE, MAX_HOURS_CHANGE).map(lambda h: round(h, 2)),
        max_size=4,
    ),
)
def test_any_scenario_survives_its_link(added, removed, hours) -> None:
    scenario = Scenario(tuple(added), tuple(removed), tuple(hours.items()))
    text = scenario_text(scenario)
    assert re.fullmatch(r"[A-Za-z0-9._~-]*", text)
    assert parse_scenario(text) == scenario


@pytest.mark.parametrize(
    "text",
    [
        "x_1",
        "~",
        "r_",
        "a_DL158NN_0_n",
        f"a_DL158NN_{MAX_BEDS + 1}_n",
        "a_DL158NN_040_n",
        "a_DL158NN_40_x",
        "a_DL158NN_40_n_more",
        "a_NOTACODE_40_n",
        "a_DL15 8NN_40_n",
        "h_North_100000.01",
        "h_North_1e3",
        "h_North_nan",
        "h_North",
        "h__5",
        "h_North.2_5",
        "h_North.0A_5",
        "h_.41_5",
        "h_.FF_5",
        "h_.20_5",
        "h_North_5~h_North_6",
        "r_1-1~r_1-1",
        "<script>",
        "~".join(["r_1-1"] + [f"r_1-{i}" for i in range(2, MAX_ITEMS + 2)]),
        "r_" + "1" * 5_000,
    ],
)
def test_parse_scenario_refuses_bad_text(text: str) -> None:
    with pytest.raises(ValueError):
        parse_scenario(text)


def test_apply_scenario_adds_and_closes_homes_and_names_unknown_places() -> None:
    postcodes = _postcodes(POSTCODE_LSOAS)
    scenario = Scenario(
        added=(
            NewHome("DL14 6AB", 30, "nursing"),
            NewHome("ZZ9 9ZZ", 10, "residential"),
            NewHome("DH1 3LE", 20, "residential"),
        ),
        removed=("1-2", "1-999"),
    )
    homes, problems = apply_scenario(HOMES, scenario, postcodes)
    assert "1-2" not in set(homes["location_id"])
    assert len(homes) == len(HOMES) - 1 + 2
    new = homes[homes["location_id"].str.startswith("new-")].set_index("location_id")
    assert list(new.index) == ["new-1", "new-3"]
    first = new.loc["new-1"]
    place = postcodes.set_index("postcode").loc["DL14 6AB"]
    assert first["name"] == NEW_HOME_NAME
    assert (first["care_type"], first["beds"]) == ("nursing", 30)
    assert (first["easting"], first["northing"]) == (place["easting"], place["northing"])
    assert (first["lsoa_code"], first["msoa_name"]) == (place["lsoa_code"], place["msoa_name"])
    assert str(homes["beds"].dtype) == "Int64"
    assert len(problems) == 2
    assert any("ZZ9 9ZZ" in problem for problem in problems)
    assert any("1-999" in problem for problem in problems)
    # The closed home's beds go and the new ones count where they are.
    before, after = beds_by(HOMES, "msoa_name"), beds_by(homes, "msoa_name")
    closed = HOMES.set_index("location_id").loc["1-2"]
    assert after.sum() - before.sum() == 30 + 20 - closed["beds"]
    moved = beds_by(homes[homes["location_id"] == "new-1"], "msoa_name")
    assert moved.to_dict() == {place["msoa_name"]: 30}


def test_apply_scenario_with_nothing_to_do_keeps_the_homes() -> None:
    homes, problems = apply_scenario(HOMES, Scenario(), _postcodes(POSTCODE_LSOAS))
    assert problems == ()
    pd.testing.assert_frame_equal(homes, HOMES)


def test_beds_needed_start_at_todays_occupancy_in_todays_year():
    figures = load_packs()
    occupancy = outlook.todays_occupancy(figures, "E06000047")
    published = figures[
        (figures["council_code"] == "E06000047") & (figures["measure"] == "occupancy_pct")
    ]
    assert occupancy is not None
    assert occupancy[0] == published.sort_values("period_start")["value"].iloc[-1]
    assert "Durham County Council" in occupancy[1]
    beds = outlook.todays_bed_rate(400.0, 8000.0, "85plus")
    rate = outlook.occupied_bed_rate(beds, occupancy, "85plus")
    assert rate.value == pytest.approx(beds.value * occupancy[0] / 100)
    people = pd.DataFrame(
        {
            "area": ["A", "A"],
            "year": [2026, 2035],
            "band": ["85plus"] * 2,
            "people": [8000.0, 9600.0],
        }
    )
    demand = outlook.demand_table(people, pd.Series({"A": 400.0}), rate, "85plus", None, 2026)
    by_year = demand.set_index("year")["occupancy_pct"]
    assert by_year[2026] == pytest.approx(occupancy[0])
    assert by_year[2035] == pytest.approx(occupancy[0] * 9600 / 8000)


def test_without_an_occupancy_figure_every_bed_counts_as_filled():
    beds = outlook.todays_bed_rate(400.0, 8000.0, "85plus")
    rate = outlook.occupied_bed_rate(beds, None, "85plus")
    assert rate.value == beds.value
    assert "every bed today counts as filled" in rate.method


def test_no_beds_today_gives_no_rate_rather_than_none_needed():
    assert outlook.todays_bed_rate(0.0, 8000.0, "85plus") is None


def test_an_entered_hours_rate_changes_hours_needed_not_todays_hours():
    people = pd.DataFrame(
        {
            "area": ["A", "A", "B", "B"],
            "year": [2026, 2035, 2026, 2035],
            "band": ["65plus"] * 4,
            "people": [1000.0, 1200.0, 3000.0, 3300.0],
        }
    )
    beds = outlook.todays_bed_rate(40.0, 4000.0, "65plus")
    today = outlook.Rate(2.0, "today's", "derived")
    entered = outlook.Rate(3.0, "entered", outlook.ENTERED)
    table = outlook.demand_table(
        people,
        pd.Series({"A": 10.0, "B": 30.0}),
        beds,
        "65plus",
        entered,
        2026,
        {"B": 500.0},
        todays_hours=today,
    ).set_index(["area", "year"])
    assert table.loc[("A", 2035), "hours_today"] == 1000.0 * today.value
    assert table.loc[("B", 2035), "hours_today"] == 3000.0 * today.value + 500.0
    assert table.loc[("A", 2035), "hours_needed"] == 1200.0 * entered.value
    gap = table["hours_needed"] - table["hours_today"]
    assert (table["hours_gap"] == gap).all()


def test_an_imported_method_names_the_years_the_file_gives():
    table = pd.DataFrame(
        {
            "council_code": ["E06000047"],
            "council_name": ["County Durham"],
            "year": [2030],
            "age_65plus": [130_000.0],
            "age_75plus": [60_000.0],
            "age_85plus": [20_000.0],
            "districts": [1],
        }
    )
    made = outlook.imported_outlook(table, "Office for National Statistics")
    assert "2030 to 2030" in made.method and "2045" not in made.method
