"""Charts of unmet packages: the zones page's bars over time (with a brush for the hot
spots) and the demand card's bars by month or quarter. Both draw the one public reading
(market/unmet.py): counts already protected, a withheld one labelled, never drawn."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import BAR_CHROME_PX, BAR_STEP_PX, OKABE_ITO
from market.unmet import Trend

# The name of the zones chart's brush, which the page reads back from Streamlit's event.
BRUSH = "brush"


def unmet_over_time(trend: Trend) -> alt.LayerChart:
    """Bars of the council's unmet packages per month or quarter, with a brush for hot spots."""
    brush = alt.selection_interval(encodings=["x"], name=BRUSH)
    base = alt.Chart(trend.table).encode(
        x=alt.X("period:T")
        .title(trend.step.capitalize())
        .axis(
            format="%b %Y",
            tickCount={"interval": "month", "step": 3 if trend.step == "quarter" else 1},
        ),
        x2="period_end:T",
        tooltip=[
            alt.Tooltip("label:N", title=trend.step.capitalize()),
            alt.Tooltip("count_shown:N", title="Unmet packages"),
        ],
    )
    bars = (
        base.mark_bar(color=OKABE_ITO[0], stroke="white", strokeWidth=2)
        .encode(
            y=alt.Y("count:Q").title("Unmet packages").axis(format="d", tickMinStep=1),
            y2=alt.datum(0),
        )
        .add_params(brush)
    )
    hidden = (
        base.transform_filter("datum.count == null")
        .mark_text(dy=-6, fontSize=10)
        .encode(y=alt.datum(0), text=alt.value("not shown"))
    )
    chart = (bars + hidden).properties(
        width="container",
        height=260,
        description=f"Unmet packages by {trend.step}: the same figures as the table below.",
    )
    return chart


def unmet_trend_bars(table: pd.DataFrame, step: str) -> alt.LayerChart:
    """Horizontal bars of unmet packages per month or quarter; hidden counts labelled."""
    base = alt.Chart(table).encode(
        y=alt.Y("label:N").title(None).sort(None).axis(labelLimit=160),
        tooltip=[
            alt.Tooltip("label:N", title=step.capitalize()),
            alt.Tooltip("count_shown:N", title="Unmet packages"),
        ],
    )
    bars = base.mark_bar(color=OKABE_ITO[0]).encode(
        x=alt.X("count:Q").title("Unmet packages").axis(format="d", tickMinStep=1)
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x=alt.X("count:Q"), text="count_shown:N"
    )
    small = (
        base.transform_filter("datum.count == null")
        .mark_text(align="left", dx=2, fontSize=12)
        .encode(x=alt.datum(0), text="count_shown:N")
    )
    height = BAR_CHROME_PX + BAR_STEP_PX * len(table)
    return (bars + labels + small).properties(
        width="container", height=height, padding={"right": 40}
    )


def brush_range(event: object) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Return the date range brushed on the unmet-packages chart, or None when none is."""
    try:
        values = event["selection"][BRUSH]["period"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    if not values or len(values) != 2:
        return None
    unit = "ms" if isinstance(values[0], int | float) else None
    start, end = (pd.to_datetime(v, unit=unit) for v in values)
    return (min(start, end), max(start, end))
