"""Fee charts: weekly care home fees, hourly home care rates against benchmarks, uplifts."""

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

WEEKLY_MEASURES = ("fee_weekly",)
HOURLY_MEASURES = (
    "fee_hourly",
    "benchmark_fee_hourly_homecare_association_min",
    "benchmark_fee_hourly_england_avg",
)
UPLIFT_MEASURES = ("fee_uplift_pct",)
FUNDING_MEASURES = ("grant_amount", "uplift_funding")
ALLOCATION_MEASURES = ("grant_allocation_pct",)


def _hourly_series(row: pd.Series) -> str:
    return row["label"] if row["service"] == "benchmark" else "Council rate"


def weekly_fees_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Average weekly care home fees by type of care over time."""
    data = prepare(rows, WEEKLY_MEASURES, lambda r: r["service_label"])
    return None if data is None else time_series(data, "Pounds per week")


def hourly_rates_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Hourly home care rates over time, with benchmarks drawn dashed."""
    data = prepare(rows, HOURLY_MEASURES, _hourly_series)
    if data is None:
        return None
    data["line"] = data["service"].map(lambda s: "benchmark" if s == "benchmark" else "council")
    return time_series(data, "Pounds per hour", dashed="line")


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
    Panel("Home care hourly rates and benchmarks", hourly_rates_chart, HOURLY_MEASURES),
    Panel("Fee uplifts", uplift_timeline_chart, UPLIFT_MEASURES),
    Panel("Grants and uplift funding", funding_chart, FUNDING_MEASURES),
    Panel("How grants were allocated", grant_allocation_chart, ALLOCATION_MEASURES),
)
