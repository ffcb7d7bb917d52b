"""Fee charts: the Stockton uplift timeline, Wiltshire's rates against benchmarks, and the
national unit costs and Homecare Association minimum price beside the documents' figures."""

from __future__ import annotations

import pandas as pd
import pytest

from charts.common import wrap_label
from charts.fees import (
    HOMECARE_MINIMUM_SERIES,
    PANELS,
    hourly_rates_chart,
    uplift_timeline_chart,
    weekly_fees_chart,
    weekly_unit_costs_chart,
)
from data.figures import figures_for, load_packs


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_packs()


def _records(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_stockton_uplift_timeline_holds_its_five_uplifts(figures: pd.DataFrame) -> None:
    spec = uplift_timeline_chart(figures_for(figures, "E06000004")).to_dict()
    records = _records(spec)
    assert sorted(r["value"] for r in records) == [5.7, 6.5, 8.61, 8.89, 15.6]
    assert {r["source_section"] for r in records} == {"Recommendation 15"}
    x = spec["layer"][0]["encoding"]["x"]
    assert (x["field"], x["type"]) == ("period_start", "temporal")


def test_uplifts_are_placed_in_date_order(figures: pd.DataFrame) -> None:
    records = _records(uplift_timeline_chart(figures_for(figures, "E06000004")).to_dict())
    by_date = sorted(records, key=lambda r: (r["period_start"], -r["value"]))
    assert [r["value"] for r in by_date] == [6.5, 8.89, 5.7, 15.6, 8.61]


def test_hourly_rates_are_drawn_against_dashed_benchmarks(figures: pd.DataFrame) -> None:
    rows = figures_for(figures, "E06000054")
    spec = hourly_rates_chart(rows).to_dict()
    records = _records(spec)
    benchmarks = rows[rows["service"] == "benchmark"]
    drawn = {(r["measure"], r["value"]) for r in records if r["line"] == "benchmark"}
    assert drawn == set(zip(benchmarks["measure"], benchmarks["value"], strict=True))
    assert any(r["line"] == "council" for r in records)
    assert spec["layer"][0]["encoding"]["strokeDash"]["field"] == "line"


def test_weekly_fees_are_split_by_type_of_care(figures: pd.DataFrame) -> None:
    rows = figures_for(figures, "E06000054")
    records = _records(weekly_fees_chart(rows).to_dict())
    expected = rows[rows["measure"] == "fee_weekly"]
    assert {r["series"] for r in records} == {"Residential", "Nursing"}
    assert len(records) == len(expected)


# National figures: NHS England unit costs and the Homecare Association minimum price.

HOMECARE_MINIMUM = "benchmark_fee_hourly_homecare_association_min"
# Legend labels are wrapped onto lines as the chart draws them.
MINIMUM_DRAWN = wrap_label(HOMECARE_MINIMUM_SERIES)


@pytest.fixture(scope="module")
def national() -> pd.DataFrame:
    from bench.generate import asc_fr_csv
    from data.unit_costs import import_unit_costs, merge_stored

    older = import_unit_costs(asc_fr_csv(2023), "asc-fr-2022-23.csv").figures
    newer = import_unit_costs(asc_fr_csv(2024), "asc-fr-2023-24.csv").figures
    return merge_stored(older, newer)


def test_every_council_gets_the_homecare_association_line_even_without_figures() -> None:
    from data.figures import empty_figures
    from data.unit_costs import with_homecare_minimum

    rows = with_homecare_minimum(empty_figures(), ["E06000001"])
    spec = hourly_rates_chart(figures_for(rows, "E06000001")).to_dict()
    records = _records(spec)
    assert {r["series"] for r in records} == {MINIMUM_DRAWN}
    assert {r["line"] for r in records} == {"benchmark"}
    assert sorted(r["value"] for r in records) == [21.43, 23.2, 25.95, 28.53, 32.14]
    assert {r["source"] for r in records} >= {
        "Homecare Association, Minimum Price for Homecare, 2024-25"
    }
    assert spec["layer"][0]["encoding"]["strokeDash"]["field"] == "line"


def test_document_and_national_hourly_rates_show_together_each_with_its_source(
    figures: pd.DataFrame, national: pd.DataFrame
) -> None:
    from data.figures import combine_figures
    from data.unit_costs import with_homecare_minimum

    both = with_homecare_minimum(combine_figures([figures, national]), ["E06000054"])
    records = _records(hourly_rates_chart(figures_for(both, "E06000054")).to_dict())
    series = {r["series"] for r in records}
    assert {"Council rate", MINIMUM_DRAWN} <= series
    assert wrap_label("Hourly home care rate paid to external providers") in series
    # Wiltshire's document cites the minimum too: kept, cited to the document.
    cited = [
        r for r in records if r["measure"] == HOMECARE_MINIMUM and r["series"] != MINIMUM_DRAWN
    ]
    assert cited and all(r["source"].startswith("Wiltshire Council,") for r in cited)
    national_rows = [r for r in records if r["source_file"].startswith("national:")]
    assert national_rows and all(
        r["source"].startswith("NHS England, Adult Social Care Activity and Finance Report, ")
        for r in national_rows
    )
    assert {r["kind_label"] for r in national_rows} == {"Published"}


def test_weekly_unit_costs_are_split_by_setting_and_age(national: pd.DataFrame) -> None:
    rows = figures_for(national, "E06000047")
    spec = weekly_unit_costs_chart(rows).to_dict()
    records = _records(spec)
    assert {r["series"] for r in records} <= {
        "Residential, aged 65+",
        "Nursing, aged 65+",
        "Residential, aged 18 to 64",
        "Nursing, aged 18 to 64",
    }
    assert {r["period"] for r in records} == {"2022-23", "2023-24"}
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Pounds per week"


def test_the_minimum_price_is_drawn_once_when_councils_are_compared(
    national: pd.DataFrame,
) -> None:
    from data.unit_costs import with_homecare_minimum

    codes = ["E06000047", "E10000024"]
    rows = figures_for(with_homecare_minimum(national, codes), codes)
    records = _records(hourly_rates_chart(rows).to_dict())
    minimum = [r for r in records if r["series"] == MINIMUM_DRAWN]
    assert len(minimum) == 5
    assert any(r["series"].startswith("County Durham · ") for r in records)


def test_the_fees_page_has_a_unit_cost_panel_and_the_hourly_panel_holds_national_rates() -> None:
    titles = {panel.title: panel for panel in PANELS}
    weekly = titles["Weekly unit costs of care home places (NHS England)"]
    assert set(weekly.measures) == {"unit_cost_weekly_65plus", "unit_cost_weekly_18_64"}
    hourly = titles["Home care hourly rates and benchmarks"]
    assert {"unit_cost_hourly_home_care_external", HOMECARE_MINIMUM} <= set(hourly.measures)


def test_the_homecare_association_minimum_is_one_line_cited_to_its_publisher():
    from components.figure_upload import all_figures

    rows = all_figures().query(
        "council_code == 'E06000054' and measure == 'benchmark_fee_hourly_homecare_association_min'"
    )
    assert not rows.duplicated(["period_start", "period_end"]).any()
    assert rows["source_file"].str.startswith("Homecare Association").all()
