"""The demand card's figures for a zone, checked against counts made here from the same inputs."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from data.figures import load_packs
from data.packages import illustrative_packages, published_periods
from data.tenders import load_tenders
from geo.boundaries import BRITISH_NATIONAL_GRID, council_postcodes, load_council_geography
from geo.rurality import DENSITY_METHOD, classify_by_density
from market import illustrative
from market.demand import (
    NEARBY_KM,
    Sourced,
    zone_demand,
    zone_of_area,
)
from market.disclosure import count_label, protect_parts
from market.glossary import FirstUse
from market.supply import assign_small_areas
from market.unmet import council_trend, recent_window
from market.zones import illustrative_layouts


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_packs()


def _inputs(geography, figures: pd.DataFrame) -> dict:
    """The app's default inputs for a council: first layout, density rurality, illustrations."""
    code = geography.council.code
    layout = illustrative_layouts(geography, figures)[0]
    rurality = classify_by_density(geography)
    packages, method = illustrative_packages(
        geography, published_periods(figures, code), rurality.set_index("lsoa_code")["rural"]
    )
    rule = illustrative.illustrative_rule(geography.council, len(geography.lsoas), figures)
    homes = illustrative.illustrative_homes(geography, rule, council_postcodes(geography))
    return {
        "geography": geography,
        "layout": layout,
        "rurality": Sourced(rurality, DENSITY_METHOD, "derived"),
        "packages": Sourced(packages, method, "illustrative"),
        "homes": Sourced(assign_small_areas(homes, geography), rule.method, "illustrative"),
        "figures": figures,
        "tenders": load_tenders(),
    }


def _card(inputs: dict, zone: str | None, **changes):
    chosen = {**inputs, **changes}
    return zone_demand(
        chosen["geography"],
        chosen["layout"],
        zone,
        rurality=chosen["rurality"],
        packages=chosen["packages"],
        homes=chosen["homes"],
        figures=chosen["figures"],
        tenders=chosen["tenders"],
    )


@pytest.fixture(scope="module")
def durham_inputs(durham, figures) -> dict:
    return _inputs(durham, figures)


@pytest.fixture(scope="module")
def wiltshire_inputs(councils, figures) -> dict:
    return _inputs(load_council_geography(councils["E06000054"]), figures)


def _zone_lsoas(layout, zone: str) -> set[str]:
    return set(layout.lsoa_zone.loc[layout.lsoa_zone["zone"] == zone, "lsoa_code"])


def _last_year(packages: pd.DataFrame) -> pd.DataFrame:
    last = packages["date"].max()
    first_month = (last.to_period("M") - 11).to_timestamp()
    return packages[packages["date"] >= max(first_month, packages["date"].min())]


def _homes_expected(inputs: dict, zone: str) -> tuple[str, str]:
    """Homes in the zone and within 5 km of it, counted from the LSOA polygons themselves."""
    homes = inputs["homes"].table
    lsoas = inputs["geography"].lsoas
    in_zone = _zone_lsoas(inputs["layout"], zone)
    inside = homes[homes["lsoa_code"].isin(in_zone).fillna(False).astype(bool)]
    shape = lsoas[lsoas["code"].isin(in_zone)].to_crs(BRITISH_NATIONAL_GRID).union_all()
    rest = homes.drop(index=inside.index)
    points = gpd.GeoSeries.from_xy(rest["easting"], rest["northing"], crs=BRITISH_NATIONAL_GRID)
    near = rest[(points.distance(shape) <= NEARBY_KM * 1000).to_numpy()]

    def words(table: pd.DataFrame) -> str:
        n = len(table)
        return f"{n:,} {'home' if n == 1 else 'homes'}, {int(table['beds'].sum()):,} beds"

    return words(inside), words(near)


@pytest.mark.parametrize("zone_index", [0, 5])
def test_a_durham_zone_card_matches_counts_made_from_the_same_inputs(durham_inputs, zone_index):
    layout = durham_inputs["layout"]
    zone = layout.zone_names[zone_index]
    card = _card(durham_inputs, zone)
    lsoas = _zone_lsoas(layout, zone)
    recent = _last_year(durham_inputs["packages"].table)
    here = recent[recent["lsoa_code"].isin(lsoas)]
    unmet_here = int(here["status"].isin(["waiting", "handed back"]).sum())
    assert card.where == zone
    assert card.period == "April 2023 to March 2024"
    # A zone's count is its own; the split by status is the whole council's.
    assert card.figure("unmet").value == count_label(unmet_here)
    assert card.figure("waiting").value == count_label((recent["status"] == "waiting").sum())
    assert "(whole of County Durham)" in card.figure("waiting").label
    assert card.figure("handed_back").value == count_label(
        (recent["status"] == "handed back").sum()
    )
    assert card.figure("waiting").kind == "illustrative"
    rural = durham_inputs["rurality"].table.set_index("lsoa_code")["rural"]
    share = rural[sorted(lsoas)].mean()
    assert card.figure("rural_share").value == f"{share:.0%}"
    assert card.figure("uplift_rate").value == "£3.00 a visit"
    assert card.figure("uplift_rate").kind == "published"
    assert (
        "Durham County Council, County Durham Integrated Market Position Statement 2023/25, 2023"
        in card.figure("uplift_rate").source
    )
    assert card.figure("uplift_applies").value == ("Likely" if share >= 0.5 else "Unlikely")
    assert card.figure("uplift_applies").kind == "illustrative"
    providers = card.figure("framework_providers")
    assert providers.value == "2 to 4"
    assert "not the number in each one" in providers.note
    assert "10 providers across the council in 10 zones" in providers.note
    assert card.figure("hours_commissioned").value == "Not published"
    in_zone, nearby = _homes_expected(durham_inputs, zone)
    assert card.figure("homes_in_zone").value == in_zone
    assert card.figure("homes_nearby").value == nearby
    assert len(card.tenders) == 9


def test_every_figure_carries_a_kind_and_a_source(durham_inputs):
    card = _card(durham_inputs, durham_inputs["layout"].zone_names[2])
    kinds = {"published", "derived", "illustrative", "not published"}
    assert all(f.kind in kinds and f.source for f in card.figures)


def test_the_whole_council_card_counts_every_package_and_home(durham_inputs):
    card = _card(durham_inputs, None)
    packages = _last_year(durham_inputs["packages"].table)
    assert card.where == "the whole of County Durham"
    assert card.figure("waiting").value == f"{int((packages['status'] == 'waiting').sum()):,}"
    unmet = int(packages["status"].isin(["waiting", "handed back"]).sum())
    assert card.figure("unmet").value == f"{unmet:,}"
    assert card.figure("framework_providers").value == "10"
    assert card.figure("homes_in_zone").value == "96 homes, 4,335 beds"
    with pytest.raises(KeyError):
        card.figure("homes_nearby")


def test_a_wiltshire_zone_card_matches_counts_made_from_the_same_inputs(wiltshire_inputs):
    layout = wiltshire_inputs["layout"]
    zone = layout.zone_names[1]
    card = _card(wiltshire_inputs, zone)
    lsoas = _zone_lsoas(layout, zone)
    packages = wiltshire_inputs["packages"].table
    here = packages[packages["lsoa_code"].isin(lsoas)]
    assert card.period == "May 2022 to February 2023"
    assert card.figure("unmet").value == count_label((here["status"] == "handed back").sum())
    assert card.figure("handed_back").value == count_label(
        (packages["status"] == "handed back").sum()
    )
    assert card.figure("waiting").value == "none in the list"
    hours = float(here["hours_per_week"].sum())
    shown = f"{hours:,.0f}" if hours.is_integer() else f"{hours:,.1f}"
    assert card.figure("unmet_hours").value == f"{shown} hours a week"
    assert card.figure("uplift_rate").value == "None published"
    assert card.figure("uplift_rate").kind == "not published"
    providers = card.figure("framework_providers")
    assert providers.value == "Not published"
    assert "108 providers across the council in 3 zones" in providers.note
    in_zone, nearby = _homes_expected(wiltshire_inputs, zone)
    assert card.figure("homes_in_zone").value == in_zone
    assert card.figure("homes_nearby").value == nearby
    assert card.tenders.empty
    assert card.tenders_note == "No tender pipeline is published in the documents loaded."


def _packages_at(lsoa: str, statuses: list[str], month: str = "2024-01-10") -> pd.DataFrame:
    n = len(statuses)
    return pd.DataFrame(
        {
            "date": pd.to_datetime([month] * n),
            "hours_per_week": [7.0] * n,
            "status": statuses,
            "reason": ["staffing"] * n,
            "postcode": ["DL15 8NN"] * n,
            "lsoa_code": [lsoa] * n,
            "msoa_name": ["County Durham 046"] * n,
            "lat": [54.7] * n,
            "lon": [-1.7] * n,
        }
    )


def test_small_counts_and_their_hours_are_suppressed(durham_inputs):
    layout = durham_inputs["layout"]
    zone = layout.zone_names[0]
    lsoa = sorted(_zone_lsoas(layout, zone))[0]
    few = _packages_at(lsoa, ["waiting"] * 3 + ["handed back"])
    card = _card(durham_inputs, zone, packages=Sourced(few, "test list", "derived"))
    assert card.figure("unmet").value == "fewer than 5"
    assert card.figure("waiting").value == "fewer than 5"
    assert card.figure("handed_back").value == "fewer than 5"
    assert card.figure("unmet_hours").value == "not shown (its count is not shown)"
    assert card.figure("unmet_hours").kind == "derived"
    assert card.trend.table["count"].isna().all()
    assert list(card.trend.table["count_shown"]) == ["fewer than 5"]
    many = _packages_at(lsoa, ["waiting"] * 7 + ["handed back"] * 5 + ["placed"] * 2)
    card = _card(durham_inputs, zone, packages=Sourced(many, "test list", "derived"))
    assert card.figure("unmet").value == "12"
    assert card.figure("waiting").value == "7"
    assert card.figure("handed_back").value == "5"
    assert card.figure("unmet_hours").value == "84 hours a week"
    assert list(card.trend.table["count_shown"]) == ["12"]


def test_a_small_status_is_protected_against_the_council_total(durham_inputs):
    # 9 waiting and 2 handed back: showing 9 beside the total of 11 would give the 2.
    layout = durham_inputs["layout"]
    lsoa = sorted(_zone_lsoas(layout, layout.zone_names[0]))[0]
    packages = _packages_at(lsoa, ["waiting"] * 9 + ["handed back"] * 2)
    card = _card(durham_inputs, None, packages=Sourced(packages, "test list", "derived"))
    assert card.figure("handed_back").value == "fewer than 5"
    assert card.figure("waiting").value == "not shown (protects a small count)"
    assert card.figure("unmet").value == "11"


def test_the_trend_moves_to_quarters_and_protects_small_ones():
    window = pd.period_range("2024-01", "2024-06", freq="M")
    monthly = pd.concat([_packages_at("a", ["waiting"] * 6, f"2024-0{m}-05") for m in range(1, 7)])
    trend = council_trend(monthly, window)
    assert trend.step == "month" and list(trend.table["count_shown"]) == ["6"] * 6
    sparse = pd.concat([_packages_at("a", ["waiting"] * 3, f"2024-0{m}-05") for m in range(1, 7)])
    trend = council_trend(sparse, window)
    assert trend.step == "quarter"
    assert list(trend.table["label"]) == ["Jan to Mar 2024", "Apr to Jun 2024"]
    assert list(trend.table["count_shown"]) == ["9", "9"]
    # One small quarter beside the total would be given by subtraction: its partner goes too.
    lopsided = pd.concat(
        [
            _packages_at("a", ["waiting"] * 2, "2024-01-05"),
            *[_packages_at("a", ["waiting"] * 6, f"2024-0{m}-05") for m in (4, 5, 6)],
        ]
    )
    trend = council_trend(lopsided, window)
    expected = protect_parts({"Jan to Mar 2024": 2, "Apr to Jun 2024": 18})
    assert list(trend.table["count_shown"]) == list(expected.shown.values())
    assert trend.table["count"].isna().all()


def test_the_window_is_the_last_year_of_the_list():
    packages = pd.concat(
        [_packages_at("a", ["waiting"], d) for d in ("2022-01-03", "2023-02-01", "2023-12-31")]
    )
    window = recent_window(packages)
    assert (str(window[0]), str(window[-1]), len(window)) == ("2023-01", "2023-12", 12)
    assert recent_window(packages.iloc[0:0]).empty


def test_nottinghamshire_hours_are_council_wide(nottinghamshire, figures):
    inputs = _inputs(nottinghamshire, figures)
    zone = inputs["layout"].zone_names[0]
    hours = _card(inputs, zone).figure("hours_commissioned")
    assert hours.label == "Home care hours commissioned (whole council)"
    assert hours.value == "nearly 27,000 hours a week"
    assert hours.kind == "published"
    assert "The documents give no figure for each zone." in hours.note
    assert (
        "Nottinghamshire County Council, "
        "Adult Social Care and Public Health Select Committee: social care "
        "market, 11 September 2023, paragraph 3" in hours.source
    )


def test_a_postcodes_small_area_names_its_zone(durham_inputs):
    layout = durham_inputs["layout"]
    row = layout.lsoa_zone.iloc[10]
    assert zone_of_area(layout, row["lsoa_code"]) == row["zone"]
    assert zone_of_area(layout, "E01999999") is None
    with pytest.raises(ValueError):
        _card(durham_inputs, "Zone 99: Nowhere")


def test_abbreviations_are_spelled_out_once():
    words = FirstUse()
    first = words.expand("POCs waiting. CQC data and more POCs; the CQC again.")
    assert first == (
        "Packages of care (POCs) waiting. Care Quality Commission (CQC) data and more POCs; "
        "the CQC again."
    )
    assert words.expand("A POC and the MSP") == "A POC and the Market Sustainability Plan (MSP)"
    assert words.expand("Rural small areas (LSOAs)") == "Rural small areas (LSOAs)"
    assert FirstUse().expand("after D2A") == "after discharge to assess (D2A)"


def test_every_public_output_gives_the_same_unmet_counts(featured_geography, figures):
    """One reading: for every zone of every seed council, the zones table (and so the map's
    popups), each zone's demand card and its CSV show the same unmet packages; the council's
    card, the chart's steps and the hot spots' input all count the same packages."""
    from market.unmet import neighbourhood_counts, public_unmet, unmet_in_window
    from report.tables import card_table, zone_figures

    inputs = _inputs(featured_geography, figures)
    layout = inputs["layout"]
    packages = inputs["packages"].table
    counted = public_unmet(packages, layout)
    table = zone_figures(layout, counted, inputs["rurality"].table)
    for zone in layout.zone_names:
        card = _card(inputs, zone)
        assert card.figure("unmet").value == table.loc[zone, "Unmet packages"]
        csv = card_table(card).set_index("Figure")
        assert csv.loc[card.figure("unmet").label, "Value"] == card.figure("unmet").value
    # Counted independently here: waiting or handed back, in the last 12 months of the list.
    total = int(_last_year(packages)["status"].isin(["waiting", "handed back"]).sum())
    council = _card(inputs, None)
    assert council.figure("unmet").value == count_label(total)
    steps = council.trend.table["count"]
    if steps.notna().all():
        assert int(steps.sum()) == total
    recent = unmet_in_window(packages, counted.window)
    assert sum(n for _, n in neighbourhood_counts(recent)) == total
