"""Workforce charts: hand-back reasons add up, hours commissioned mark derived points, and
vacancy and turnover rates name their service, period and source."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import pytest

from charts.workforce import (
    ADDED_SOURCE,
    PANELS,
    handback_reasons_chart,
    hours_commissioned_chart,
    pa_packages_chart,
    source_name,
    vacancy_chart,
)
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


@pytest.fixture(scope="module")
def with_skills_for_care(figures: pd.DataFrame) -> pd.DataFrame:
    """The packs' figures with Skills for Care's estimates for two councils beside them."""
    from bench.generate import workforce_frame, workforce_workbook
    from data.figures import combine_figures
    from data.workforce_estimates import import_workforce

    raw = workforce_workbook(workforce_frame(["Nottinghamshire", "Hartlepool"]))
    national = import_workforce(raw, "LA-data-download.xlsx", "2023-24").figures
    return combine_figures([figures, national])


def test_rates_are_labelled_by_service_period_and_source(with_skills_for_care) -> None:
    rows = figures_for(with_skills_for_care, "E10000024")
    records = _records(vacancy_chart(rows).to_dict())
    items = [r["item"].replace("\n", " ") for r in records]
    # By measure, then period (Skills for Care's year began before the council's report).
    assert items == [
        "Care provider vacancy rate, all services (2023-24), Skills for Care",
        "Care provider vacancy rate, residential (2023-24), Skills for Care",
        "Care provider vacancy rate, nursing (2023-24), Skills for Care",
        "Care provider vacancy rate, home care (2023-24), Skills for Care",
        "Care provider vacancy rate (not stated (report of 11 September 2023)), "
        "Nottinghamshire County Council",
        "Staff turnover rate, all services (2023-24), Skills for Care",
        "Staff turnover rate, residential (2023-24), Skills for Care",
        "Staff turnover rate, nursing (2023-24), Skills for Care",
        "Staff turnover rate, home care (2023-24), Skills for Care",
    ]
    sources = {r["source"].split(", sheet")[0] for r in records}
    assert sources == {
        "Nottinghamshire County Council, Adult Social Care and Public Health Select Committee: "
        "social care market, 11 September 2023, paragraph 13",
        "Skills for Care, Workforce estimates by local authority area, 2023-24",
    }
    assert {r["kind_label"] for r in records} == {"Published"}


def test_a_council_without_a_pack_gets_both_rates_by_service(with_skills_for_care) -> None:
    rows = figures_for(with_skills_for_care, "E06000001")
    records = _records(vacancy_chart(rows).to_dict())
    assert [(r["measure"], r["service"]) for r in records] == [
        (measure, service)
        for measure in ("vacancy_rate_pct", "turnover_rate_pct")
        for service in ("all", "residential", "nursing", "home_care")
    ]
    assert all(r["value_text"].endswith("%") for r in records)
    assert records[4]["item"].replace("\n", " ") == (
        "Staff turnover rate, all services (2023-24), Skills for Care"
    )


def test_a_figure_added_here_is_named_as_added() -> None:
    assert source_name("hartlepool_workforce.csv") == ADDED_SOURCE
    assert source_name("national:national_workforce:2023-24") == "Skills for Care"
    assert source_name("004_1b4f2350ba373524.txt") == "Nottinghamshire County Council"


def test_vacancy_and_turnover_share_one_panel() -> None:
    (panel,) = [p for p in PANELS if "vacancy_rate_pct" in p.measures]
    assert panel.measures[:2] == ("vacancy_rate_pct", "turnover_rate_pct")
    assert panel.build is vacancy_chart


def test_the_peer_chart_marks_the_council_its_peers_and_england_apart():
    from charts.peers import peer_chart

    table = pd.DataFrame(
        {
            "label": ["Care provider vacancy rate, all services"],
            "period": ["2023-24"],
            "council": [9.8],
            "peer_median": [9.1],
            "peer_low": [3.9],
            "peer_high": [12.5],
            "england_median": [8.0],
        }
    )
    spec = peer_chart(table, "Kent", "Per cent").to_dict()
    points = spec["layer"][1]
    marks = {v["who"]: v["value"] for v in spec["datasets"][points["data"]["name"]]}
    assert marks == {"Kent": 9.8, "Similar councils' median": 9.1, "England median": 8.0}
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Per cent"
