"""Occupancy charts: occupancy over time, compared across councils, and beds by type."""

from __future__ import annotations

import pandas as pd
import pytest

from charts.occupancy import beds_by_type_chart, intermediate_care_chart, occupancy_chart
from data.figures import figures_for, load_packs


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_packs()


def _records(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_occupancy_runs_over_time_and_names_each_council_when_compared(
    figures: pd.DataFrame,
) -> None:
    spec = occupancy_chart(figures_for(figures, ["E06000047", "E10000024"])).to_dict()
    records = _records(spec)
    assert {r["council"] for r in records} == {"County Durham", "Nottinghamshire"}
    assert all(r["series"].startswith(r["council"] + " · ") for r in records)
    assert spec["layer"][0]["encoding"]["x"]["field"] == "period_start"
    assert {r["kind"] for r in records} == {"published", "derived"}


def test_beds_by_type_shows_each_registration_once(figures: pd.DataFrame) -> None:
    rows = figures_for(figures, "E06000054")
    records = _records(beds_by_type_chart(rows).to_dict())
    expected = rows[rows["measure"] == "beds"]
    assert sorted(r["item"] for r in records) == sorted(
        {
            "care_home_older_people": "Older people's care homes",
            "nursing": "Nursing",
            "residential": "Residential",
            "dual_registered": "Dual registered",
        }[s]
        for s in expected["service"]
    )


def test_intermediate_care_beds_come_from_the_position_statement(figures: pd.DataFrame) -> None:
    records = _records(intermediate_care_chart(figures_for(figures, "E06000047")).to_dict())
    assert {r["service"] for r in records} == {"intermediate_care"}
    assert {r["source_file"] for r in records} == {"001_9667772310db4ab3.txt"}
