"""Fee charts: weekly care home fees and unit costs, hourly home care rates against
benchmarks, uplifts."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import (
    TIME_SERIES_CHROME_PX,
    TIME_SERIES_HEIGHT,
    TOOLTIP,
    Panel,
    bars,
    colour,
    period_axis,
    prepare,
    readable,
    spaced_labels,
    time_series,
    value_scale,
    wrap_label,
)
from data.unit_costs import HOMECARE_MINIMUM_MEASURE, HOMECARE_MINIMUM_SOURCE

WEEKLY_MEASURES = ("fee_weekly",)
UNIT_COST_WEEKLY_MEASURES = ("unit_cost_weekly_65plus", "unit_cost_weekly_18_64")
NATIONAL_HOURLY_MEASURES = (
    "unit_cost_hourly_home_care_external",
    "unit_cost_hourly_home_care_in_house",
)
HOURLY_MEASURES = (
    "fee_hourly",
    *NATIONAL_HOURLY_MEASURES,
    HOMECARE_MINIMUM_MEASURE,
    "benchmark_fee_hourly_england_avg",
)
# The Homecare Association's published table is one line for every council, so it is drawn
# once, whichever councils are compared.
HOMECARE_MINIMUM_SERIES = "Homecare Association minimum price, as published"
_AGE_BANDS = {"unit_cost_weekly_65plus": "aged 65+", "unit_cost_weekly_18_64": "aged 18 to 64"}
UPLIFT_MEASURES = ("fee_uplift_pct",)
FUNDING_MEASURES = ("grant_amount", "uplift_funding")
ALLOCATION_MEASURES = ("grant_allocation_pct",)


def _hourly_series(row: pd.Series) -> str:
    if row["source_file"] == HOMECARE_MINIMUM_SOURCE:
        return HOMECARE_MINIMUM_SERIES
    if row["service"] == "benchmark" or row["measure"] in NATIONAL_HOURLY_MEASURES:
        return row["label"]
    return "Council rate"


def _unit_cost_series(row: pd.Series) -> str:
    return f"{row['service_label']}, {_AGE_BANDS[row['measure']]}"


def weekly_fees_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Average weekly care home fees by type of care over time."""
    data = prepare(rows, WEEKLY_MEASURES, lambda r: r["service_label"])
    return None if data is None else time_series(data, "Pounds per week")


def hourly_rates_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Hourly home care rates over time, with benchmarks drawn dashed."""
    data = prepare(rows, HOURLY_MEASURES, _hourly_series)
    if data is None:
        return None
    published = data["source_file"] == HOMECARE_MINIMUM_SOURCE
    data.loc[published, "series"] = HOMECARE_MINIMUM_SERIES
    repeated = published & data.duplicated(["series", "period_start"])
    data = data[~repeated].reset_index(drop=True)
    data["line"] = data["service"].map(lambda s: "benchmark" if s == "benchmark" else "council")
    return time_series(data, "Pounds per hour", dashed="line")


def weekly_unit_costs_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Weekly unit costs of residential and nursing care by age, as councils report them to
    NHS England."""
    data = prepare(rows, UNIT_COST_WEEKLY_MEASURES, _unit_cost_series)
    return None if data is None else time_series(data, "Pounds per week")


def uplift_timeline_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Fee uplifts in per cent on a timeline, one stem per uplift.

    Uplifts on one date share a stem's line, so their labels are kept apart by spaced_labels.
    """
    data = prepare(rows, UPLIFT_MEASURES, lambda r: r["service_label"])
    if data is None:
        return None
    scale = value_scale(data["value"], TIME_SERIES_HEIGHT - TIME_SERIES_CHROME_PX)
    data["series"] = data["series"].map(wrap_label)
    data["show_label"] = data.groupby("period_start", group_keys=False)["value"].apply(
        lambda values: spaced_labels(values, scale)
    )
    base = alt.Chart(data).encode(
        x=period_axis(data["period_start"], "Applies from"),
        color=colour(),
        tooltip=list(TOOLTIP),
    )
    stems = base.mark_rule(strokeWidth=2).encode(
        y=alt.Y("value:Q").title("Uplift (%)"), y2=alt.datum(0)
    )
    heads = base.mark_point(size=110, filled=True).encode(y="value:Q")
    labels = (
        base.transform_filter("datum.show_label")
        .mark_text(dx=10, align="left")
        .encode(y="value:Q", text="value_text:N")
    )
    chart = (stems + heads + labels).properties(
        width="container", height=TIME_SERIES_HEIGHT, padding={"right": 90}
    )
    return readable(chart)


def funding_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Market sustainability grants and uplift funding in pounds, by period."""
    data = prepare(rows, FUNDING_MEASURES, lambda r: r["label"])
    if data is None:
        return None
    data["item"] = data["label"] + " (" + data["period"] + ")"
    data["value"] = data["value"].where(data["unit"] != "gbp_million", data["value"] * 1e6)
    return bars(data, "item", "Pounds")


def grant_allocation_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """How a market sustainability grant was shared between services, in per cent."""
    data = prepare(rows, ALLOCATION_MEASURES, lambda r: r["period"])
    if data is None:
        return None
    described = data["note"].str.strip() != ""
    data["item"] = data["service_label"].where(~described, data["note"].str.capitalize())
    data["item"] = data["item"] + " (" + data["period"] + ")"
    return bars(data, "item", "Share of grant (%)")


PANELS = (
    Panel("Care home weekly fees", weekly_fees_chart, WEEKLY_MEASURES),
    Panel(
        "Weekly unit costs of care home places (NHS England)",
        weekly_unit_costs_chart,
        UNIT_COST_WEEKLY_MEASURES,
    ),
    Panel("Home care hourly rates and benchmarks", hourly_rates_chart, HOURLY_MEASURES),
    Panel("Fee uplifts", uplift_timeline_chart, UPLIFT_MEASURES),
    Panel("Grants and uplift funding", funding_chart, FUNDING_MEASURES),
    Panel("How grants were allocated", grant_allocation_chart, ALLOCATION_MEASURES),
)
