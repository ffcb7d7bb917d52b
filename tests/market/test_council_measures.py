"""Every council on one national measure: the choices, each council's figure for one period,
and the quantile classes the England map shades them in."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.figures import FIGURE_COLUMNS
from data.measures import measure_service_label
from data.national import DEPRIVATION
from market.council_measures import council_values, national_measure_choices, quantile_classes

DURHAM, WILTSHIRE, STOCKTON, NOTTS, HARTLEPOOL = (
    "E06000047",
    "E06000054",
    "E06000004",
    "E10000024",
    "E06000001",
)
COUNCILS = {
    DURHAM: "County Durham",
    WILTSHIRE: "Wiltshire",
    STOCKTON: "Stockton-on-Tees",
    NOTTS: "Nottinghamshire",
    HARTLEPOOL: "Hartlepool",
}
WORKFORCE = "national:national_workforce:{}"
YEARS = {"2022-23": ("2022-04-01", "2023-03-31"), "2023-24": ("2023-04-01", "2024-03-31")}
DEPRIVATION_NOTE = "The share of the council's 2011 small areas in England's most deprived tenth."


def _row(code, measure, value, period, source, *, service="all", unit="percent", **extra):
    start, end = YEARS.get(period, ("2019-01-01", "2019-12-31"))
    row = {
        "council_code": code,
        "measure": measure,
        "value": value,
        "unit": unit,
        "period": period,
        "period_start": pd.Timestamp(start),
        "period_end": pd.Timestamp(end),
        "service": service,
        "source_file": source,
        "source_section": "all job roles",
        "kind": "published",
        "note": "",
    }
    return row | extra


def figure_rows() -> pd.DataFrame:
    """National figures for five councils over two years, with the traps a map meets: a
    council with no figure for the latest year, a suppressed (blank) one, a council's own
    later figure that is not national, a national benchmark, and derived deprivation rows."""
    rows = []
    for code, rate in zip(COUNCILS, (7.5, 9.0, 8.0, 10.5, 6.0), strict=True):
        rows.append(_row(code, "vacancy_rate_pct", rate, "2022-23", WORKFORCE.format("2022-23")))
    for code, rate in {DURHAM: 8.2, WILTSHIRE: 9.9, STOCKTON: np.nan, NOTTS: 11.1}.items():
        rows.append(_row(code, "vacancy_rate_pct", rate, "2023-24", WORKFORCE.format("2023-24")))
    # Durham's own document, a year later: not national, so never on the England map.
    own = _row(DURHAM, "vacancy_rate_pct", 99.0, "2024-25", "001_9667772310db4ab3.txt")
    own |= {"period_start": pd.Timestamp("2024-04-01"), "period_end": pd.Timestamp("2025-03-31")}
    rows.append(own)
    for code, cost in {DURHAM: 1010.0, NOTTS: 1150.5}.items():
        rows.append(
            _row(
                code,
                "unit_cost_weekly_65plus",
                cost,
                "2023-24",
                "national:national_unit_costs:2023-24",
                service="nursing",
                unit="gbp_per_week",
                source_section="unit costs, people aged 65+",
            )
        )
    rows.append(
        _row(
            DURHAM,
            "benchmark_fee_hourly_england_avg",
            25.0,
            "2023-24",
            "national:national_unit_costs:2023-24",
            service="benchmark",
            unit="gbp_per_hour",
        )
    )
    for code, share in {DURHAM: 12.0, WILTSHIRE: 1.5, HARTLEPOOL: 30.0}.items():
        rows.append(
            _row(
                code,
                "deprived_areas_share_pct",
                share,
                "2019",
                DEPRIVATION.source_key(""),
                kind="derived",
                note=DEPRIVATION_NOTE,
                source_section="",
            )
        )
    return pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))


def test_the_choices_are_the_national_measures_by_topic_then_label():
    figures = figure_rows()
    assert national_measure_choices(figures) == [
        ("unit_cost_weekly_65plus", "nursing"),
        ("vacancy_rate_pct", "all"),
        ("deprived_areas_share_pct", "all"),
    ]
    pack_only = figures.assign(source_file="001_9667772310db4ab3.txt")
    assert national_measure_choices(pack_only) == []


def test_a_measure_reads_with_its_service_unless_the_label_says_it_or_it_is_all():
    assert measure_service_label("unit_cost_weekly_65plus", "nursing") == (
        "Weekly unit cost of care home places, people aged 65+, nursing"
    )
    assert measure_service_label("vacancy_rate_pct", "all") == "Care provider vacancy rate"
    assert measure_service_label("fee_hourly", "home_care") == "Hourly home care rate"


def test_every_council_is_listed_for_the_latest_national_period():
    values = council_values(figure_rows(), "vacancy_rate_pct", "all", COUNCILS)
    assert list(values["name"]) == sorted(COUNCILS.values())
    by_name = values.set_index("name")
    # 2023-24, not Durham's own 2024-25 figure of 99%, which is not national.
    assert by_name.loc["County Durham", "value"] == 8.2
    assert set(values["period"].dropna()) == {"2023-24"}
    assert by_name.loc["County Durham", "source"] == (
        "Skills for Care, Workforce estimates by local authority area, 2023-24, all job roles"
    )
    # Hartlepool has no 2023-24 figure and Stockton's is blank: listed, with no value.
    for name in ("Hartlepool", "Stockton-on-Tees"):
        row = by_name.loc[name]
        assert np.isnan(row["value"]) and pd.isna(row["period"]) and pd.isna(row["source"])
        assert row["kind"] == "not published"
    assert set(values["unit"]) == {"percent"}


def test_a_latest_year_only_a_few_councils_have_does_not_grey_out_the_rest():
    figures = figure_rows()
    early = _row(DURHAM, "vacancy_rate_pct", 5.0, "2024-25", WORKFORCE.format("2024-25"))
    early |= {"period_start": pd.Timestamp("2024-04-01"), "period_end": pd.Timestamp("2025-03-31")}
    figures = pd.concat([figures, pd.DataFrame([early])], ignore_index=True)
    values = council_values(figures, "vacancy_rate_pct", "all", COUNCILS)
    assert set(values["period"].dropna()) == {"2023-24"}
    assert values["value"].notna().sum() == 3


def test_derived_national_figures_are_shown_like_any_other_with_their_method():
    values = council_values(figure_rows(), "deprived_areas_share_pct", "all", COUNCILS)
    known = values.dropna(subset=["value"]).set_index("name")
    assert known["value"].to_dict() == {"County Durham": 12.0, "Hartlepool": 30.0, "Wiltshire": 1.5}
    assert set(known["kind"]) == {"derived"} and set(known["note"]) == {DEPRIVATION_NOTE}
    assert set(known["source"]) == {
        "Ministry of Housing, Communities and Local Government, English Indices of Deprivation 2019"
    }


def test_a_council_given_twice_in_a_period_shows_its_published_figure():
    figures = figure_rows()
    twice = _row(
        NOTTS,
        "vacancy_rate_pct",
        1.0,
        "2023-24",
        WORKFORCE.format("2023-24"),
        kind="derived",
        note="averaged",
    )
    figures = pd.concat([pd.DataFrame([twice]), figures], ignore_index=True)
    values = council_values(figures, "vacancy_rate_pct", "all", COUNCILS).set_index("code")
    assert values.loc[NOTTS, "value"] == 11.1 and values.loc[NOTTS, "kind"] == "published"


def test_by_default_every_english_council_is_listed():
    values = council_values(figure_rows(), "vacancy_rate_pct", "all")
    assert len(values) == 153 and values["code"].is_unique
    assert values["value"].notna().sum() == 3


def test_quantile_classes_hold_about_as_many_values_each():
    classes = quantile_classes(pd.Series(np.arange(1.0, 11.0)))
    assert list(classes) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    # Twenty values in fifths: four a class, each class above the one before.
    many = quantile_classes(pd.Series(np.linspace(5, 95, 20)), 5)
    assert many.value_counts().to_dict() == {0: 4, 1: 4, 2: 4, 3: 4, 4: 4}


def test_tied_values_share_a_class_so_there_may_be_fewer():
    values = pd.Series([1.0] * 10 + [2, 3, 4, 5, 6, 7])
    classes = quantile_classes(values)
    assert set(classes[:10]) == {0}
    assert list(classes[10:]) == [1, 1, 1, 2, 2, 2]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([3.0, 1.0, 2.0, 1.0], [2, 0, 1, 0]),  # fewer distinct values than classes
        ([4.0, 4.0, 4.0], [0, 0, 0]),  # all equal: one class
        ([np.nan, 2.0, None, 1.0], [pd.NA, 1, pd.NA, 0]),  # missing values have none
        ([np.nan, np.nan], [pd.NA, pd.NA]),
        ([], []),
    ],
)
def test_small_and_awkward_sets_of_values(values, expected):
    classes = quantile_classes(pd.Series(values, dtype="float64"), 5)
    assert [None if pd.isna(c) else int(c) for c in classes] == [
        None if pd.isna(e) else e for e in expected
    ]
