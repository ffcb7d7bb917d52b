"""Choosing a council's headline figures: priority, latest value, published first, none."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data.figures import load_packs
from report.headlines import MAX_HEADLINES, choose_headlines, no_figures_message

TODAY = date(2026, 11, 22)


def _figure(measure: str, value: float, end: str, **extra: str) -> dict:
    row = {
        "council_code": "E06000001",
        "measure": measure,
        "value": value,
        "unit": "count",
        "period": f"to {end}",
        "period_start": end,
        "period_end": end,
        "service": "care_home_older_people",
        "source_file": "plan.txt",
        "source_section": "Section 1",
        "kind": "published",
        "note": "",
    }
    return row | extra


def _frame(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows))
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def test_the_latest_figure_of_a_measure_is_the_headline_with_its_date_and_source():
    figures = _frame(
        _figure("care_homes", 90, "2022-03-31"),
        _figure("care_homes", 96, "2023-03-31", source_section="Snapshot"),
    )
    (headline,) = choose_headlines(figures, "E06000001", TODAY)
    assert (headline.title, headline.value_text) == ("Care homes for older people", "96")
    assert headline.as_at == date(2023, 3, 31)
    assert headline.as_at_text == "31 March 2023 (the source says: to 2023-03-31)"
    assert headline.source == "plan.txt, Snapshot"
    assert headline.kind == "published"


def test_projections_beyond_the_as_at_date_are_not_headlines():
    figures = _frame(
        _figure("population_65plus", 121000, "2024-12-31", service="all", unit="people"),
        _figure("population_65plus", 149700, "2039-12-31", service="all", unit="people"),
    )
    (headline,) = choose_headlines(figures, "E06000001", TODAY)
    assert headline.value_text == "121,000 people"


def test_a_published_figure_beats_a_derived_one_for_the_same_topic():
    # Nottinghamshire's report gives beds available (published); occupancy is derived.
    figures = _frame(
        _figure("occupancy_pct", 85.1, "2023-09-11", unit="percent", kind="derived", note="100-x"),
        _figure("beds_available_pct", 14.9, "2023-09-11", unit="percent"),
    )
    (headline,) = choose_headlines(figures, "E06000001", TODAY)
    assert (headline.title, headline.value_text) == ("Care home beds available", "14.9%")


def test_a_derived_figure_is_used_when_nothing_published_answers_the_topic():
    figures = _frame(
        _figure("occupancy_pct", 85.1, "2023-09-11", unit="percent", kind="derived", note="100-x")
    )
    (headline,) = choose_headlines(figures, "E06000001", TODAY)
    assert (headline.value_text, headline.kind) == ("85.1%", "derived")


def test_topics_come_in_priority_order_and_at_most_a_handful():
    figures = load_packs()
    durham = choose_headlines(figures, "E06000047", TODAY)
    assert len(durham) == MAX_HEADLINES
    assert [h.title for h in durham[:2]] == [
        "Care homes for older people",
        "Care home beds occupied",
    ]
    assert (durham[0].value_text, durham[1].value_text) == ("96", "86%")
    assert (
        durham[1].source == "Durham County Council, "
        "County Durham Integrated Market Position Statement 2023/25, 2023, "
        "Residential and nursing care"
    )


def test_wiltshire_headlines_are_its_published_homes_beds_and_fees():
    headlines = choose_headlines(load_packs(), "E06000054", TODAY)
    shown = {h.title: h.value_text for h in headlines}
    assert shown["Care homes for older people"] == "87"
    assert shown["Care home beds for older people"] == "3,929"
    assert shown["Weekly fee for residential care"] == "£856.23 a week"
    assert shown["Weekly fee for nursing care"] == "£967.00 a week"
    assert shown["Hourly rate paid for home care"] == "£25.95 an hour"
    assert {h.kind for h in headlines} == {"published"}


def test_nottinghamshire_shows_beds_available_not_its_derived_occupancy():
    headlines = choose_headlines(load_packs(), "E10000024", TODAY)
    shown = {h.title: h.value_text for h in headlines}
    assert shown["Care home beds available"] == "14.9%"
    assert "Care home beds occupied" not in shown
    assert shown["Vacancy rate in care jobs"] == "9.5%"
    assert shown["Home care hours bought each week"] == "27,000 hours a week"


def test_a_council_with_no_figures_gets_none_and_a_plain_sentence():
    assert choose_headlines(load_packs(), "E06000001", TODAY) == []
    assert no_figures_message("Hartlepool").startswith(
        "No published figures loaded for Hartlepool."
    )
