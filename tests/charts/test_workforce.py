"""Workforce charts: hand-back reasons add up, hours commissioned mark derived points."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import pytest

from charts.workforce import handback_reasons_chart, hours_commissioned_chart, pa_packages_chart
from data.figures import figures_for, load_packs


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_packs()


def _records(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_handback_reasons_make_up_each_period(figures: pd.DataFrame) -> None:
    spec = handback_reasons_chart(figures_for(figures, "E06000054")).to_dict()
    totals: dict[str, float] = defaultdict(float)
    for record in _records(spec):
        totals[record["item"]] += record["value"]
    assert len(totals) == 2
    assert all(total == pytest.approx(100) for total in totals.values())
    assert spec["layer"][0]["encoding"]["x"]["stack"] == "zero"


def test_hours_commissioned_marks_the_derived_point(figures: pd.DataFrame) -> None:
    spec = hours_commissioned_chart(figures_for(figures, "E10000024")).to_dict()
    derived = [r for r in _records(spec) if r["kind"] == "derived"]
    assert len(derived) == 1
    assert derived[0]["note"].startswith("derived: ")
    shape = spec["layer"][1]["encoding"]["shape"]
    assert shape["field"] == "kind_label"
    # The legend names, in words, the kinds this chart holds and no other.
    kinds = {r["kind_label"] for r in _records(spec)}
    assert set(shape["scale"]["domain"]) == kinds == {"Published", "Derived"}
    assert shape["scale"]["range"] == ["circle", "diamond"]


def test_personal_assistant_packages_rise_over_time(figures: pd.DataFrame) -> None:
    records = _records(pa_packages_chart(figures_for(figures, "E10000024")).to_dict())
    ordered = [r["value"] for r in sorted(records, key=lambda r: r["period_start"])]
    assert ordered == sorted(ordered)
    assert len(ordered) == 2
