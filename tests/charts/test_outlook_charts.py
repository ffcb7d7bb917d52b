"""Outlook charts: older people by year, and the grid of when each zone's beds fill."""

from __future__ import annotations

import pandas as pd

from charts.outlook import FILL_CLASSES, fill_chart, fill_class, population_chart


def _people(years: list[int]) -> pd.DataFrame:
    rows = [
        {
            "year": y,
            "band": band,
            "people": base * (1 + (y - years[0]) / 50),
            "kind": "published",
            "source": "Office for National Statistics",
        }
        for y in years
        for band, base in (("65plus", 120_000.0), ("85plus", 16_000.0))
    ]
    return pd.DataFrame(rows)


def test_only_the_latest_value_of_each_age_group_is_labelled_one_legend_entry_a_line():
    people = _people(list(range(2026, 2046)))
    spec = population_chart(people).to_dict()
    data = spec["datasets"][next(iter(spec["datasets"]))]
    labelled = [row for row in data if row["show_label"]]
    assert {(row["band"], row["year"]) for row in labelled} == {("65plus", 2045), ("85plus", 2045)}
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["legend"]["columns"] == 1


def test_a_cell_is_classed_against_the_threshold_and_no_beds_is_its_own_class():
    shares = pd.Series([50.0, 85.0, 85.1, 95.0, 95.1, float("nan")])
    assert list(fill_class(shares, 95.0)) == [
        FILL_CLASSES[1],
        FILL_CLASSES[1],
        FILL_CLASSES[2],
        FILL_CLASSES[2],
        FILL_CLASSES[3],
        FILL_CLASSES[0],
    ]


def test_every_zone_keeps_its_label_on_the_fill_grid():
    demand = pd.DataFrame(
        {
            "area": [f"Zone {n}: a town" for n in range(1, 11) for _ in (2026, 2035)],
            "year": [y for _ in range(10) for y in (2026, 2035)],
            "beds_needed": 90.0,
            "beds_today": 100.0,
            "occupancy_pct": [90.0, 99.0] * 10,
        }
    )
    spec = fill_chart(demand, 95.0, "Zone").to_dict()
    y = spec["encoding"]["y"]
    assert y["axis"]["labelOverlap"] is False and y["sort"] is None
    assert spec["encoding"]["color"]["title"] is None
    assert spec["height"] >= 30 * 10
