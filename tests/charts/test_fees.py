"""Fee charts: the Stockton uplift timeline and Wiltshire's rates against benchmarks."""

from __future__ import annotations

import pandas as pd
import pytest

from charts.fees import hourly_rates_chart, uplift_timeline_chart, weekly_fees_chart
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
