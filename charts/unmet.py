"""Charts of unmet packages: the zones page's bars over time (with a brush for the hot
spots) and the demand card's bars by month or quarter. Both draw the one public reading
(market/unmet.py): counts already protected, a withheld one labelled, never drawn."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import (
    BAR_CHROME_PX,
    BAR_STEP_PX,
    MAX_PERIOD_TICKS,
    OKABE_ITO,
    readable,
    text_width_px,
)
from market.unmet import Trend

# The name of the zones chart's brush, which the page reads back from Streamlit's event.
BRUSH = "brush"
# A period whose count is not shown is a light grey band with its reason written at the top.
SUPPRESSED_FILL = "#E4E4E4"
SUPPRESSED_TEXT = "#333333"
UNMET_HEIGHT = 300
# Bars stop short of the next period by this share of a period, so neighbours stay apart.
BAR_GAP_SHARE = 0.12


def _day(stamp: pd.Timestamp) -> str:
    # Date-only ISO text is read by Vega as a UTC midnight, matching the chart's UTC scale.
    return f"{pd.Timestamp(stamp):%Y-%m-%d}"


def _ms(stamp: pd.Timestamp) -> int:
    return int(pd.Timestamp(stamp).tz_localize("UTC").timestamp() * 1000)


def trend_chart_data(trend: Trend) -> pd.DataFrame:
    """Return the rows the chart draws: one per period, with its bar's ends and middle.

    A suppressed period keeps only its label and its words: `count` is empty, so the
    chart's data never holds a withheld number.
    """
    table = trend.table
    starts = pd.to_datetime(table["period"])
    ends = pd.to_datetime(table["period_end"])
    gap = (ends - starts) * BAR_GAP_SHARE / 2
    suppressed = table["count"].isna()
    return pd.DataFrame(
        {
            "period": starts.map(_day),
            "period_end": ends.map(_day),
            "bar_start": (starts + gap).map(lambda t: t.isoformat() + "Z"),
            "bar_end": (ends - gap).map(lambda t: t.isoformat() + "Z"),
            "middle": (starts + (ends - starts) / 2).map(lambda t: t.isoformat() + "Z"),
            "label": table["label"].astype(str),
            "count": [
                None if hidden else int(n)
                for n, hidden in zip(table["count"], suppressed, strict=True)
            ],
            "count_shown": table["count_shown"].astype(str),
            "suppressed": suppressed.astype(bool),
            "band_text": [
                "\n".join(_band_words(shown)) if hidden else ""
                for shown, hidden in zip(table["count_shown"], suppressed, strict=True)
            ],
        }
    )


def _band_words(shown: str) -> list[str]:
    # "fewer than 5" -> ["fewer", "than 5"]; a withheld count -> ["not", "shown"].
    if shown.startswith("fewer "):
        return ["fewer", shown.removeprefix("fewer ")]
    return ["not", "shown"]


def period_labels(data: pd.DataFrame) -> tuple[list[int], str]:
    """Return the x-axis tick values (each period's middle, in ms) and the expression that
    writes each as the period's own label ("Jan to Mar 2024"); at most MAX_PERIOD_TICKS,
    the latest period always labelled."""
    middles = [_ms(pd.Timestamp(m.rstrip("Z"))) for m in data["middle"]]
    step = -(-len(middles) // MAX_PERIOD_TICKS)
    chosen = sorted(set(range(len(middles) - 1, -1, -step)))
    expression = "''"
    for index in chosen:
        label = data["label"].iloc[index].replace("'", "\\'")
        expression = f"time(datum.value) == {middles[index]} ? '{label}' : {expression}"
    return [middles[i] for i in chosen], expression


def unmet_over_time(trend: Trend) -> alt.TopLevelMixin:
    """Bars of the council's unmet packages per month or quarter, with a brush for hot spots.

    A period whose count is withheld is a grey band with "fewer than 5" or "not shown"
    written at its top, never a bar or a number on the baseline.
    """
    data = trend_chart_data(trend)
    values, label_expression = period_labels(data)
    brush = alt.selection_interval(encodings=["x"], name=BRUSH)
    step_title = trend.step.capitalize()
    x = (
        alt.X("period:T")
        .title(step_title)
        .scale(type="utc")
        .axis(values=values, labelExpr=label_expression, grid=False, labelOverlap="greedy")
    )
    tooltip = [
        alt.Tooltip("label:N", title=step_title),
        alt.Tooltip("count_shown:N", title="Unmet packages"),
    ]
    base = alt.Chart(data).encode(x=x, x2="period_end:T", tooltip=tooltip)
    bands = (
        base.transform_filter("datum.suppressed")
        .mark_rect(color=SUPPRESSED_FILL)
        .encode(x="bar_start:T", x2="bar_end:T")
    )
    # The brush lives on a layer with a row for every period, so it spans the whole axis.
    brushable = base.mark_rect(opacity=0).add_params(brush)
    bars = (
        base.transform_filter("!datum.suppressed")
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            x="bar_start:T",
            x2="bar_end:T",
            y=alt.Y("count:Q").title("Unmet packages").axis(format="d", tickMinStep=1),
            y2=alt.datum(0),
        )
    )
    band_labels = (
        base.transform_filter("datum.suppressed")
        .mark_text(baseline="top", color=SUPPRESSED_TEXT, lineBreak="\n")
        .encode(x="middle:T", y=alt.value(6), text="band_text:N")
    )
    # Only layers with marks: an empty one is drawn as a mark group with a role and no
    # text, which screen readers announce as an unlabelled image.
    hidden = bool(data["suppressed"].any())
    shown = bool((~data["suppressed"]).any())
    layers = [brushable, *([bands] if hidden else []), *([bars] if shown else [])]
    chart = alt.layer(*layers, *([band_labels] if hidden else [])).properties(
        width="container",
        height=UNMET_HEIGHT,
        padding={"left": 8, "right": 16, "top": 8},
        description=f"Unmet packages by {trend.step}: the same figures as the table below.",
    )
    return readable(chart)


def unmet_trend_bars(table: pd.DataFrame, step: str) -> alt.TopLevelMixin:
    """Horizontal bars of unmet packages per month or quarter; hidden counts labelled."""
    base = alt.Chart(table).encode(
        y=alt.Y("label:N").title(None).sort(None).axis(labelLimit=0),
        tooltip=[
            alt.Tooltip("label:N", title=step.capitalize()),
            alt.Tooltip("count_shown:N", title="Unmet packages"),
        ],
    )
    bars = base.mark_bar(color=OKABE_ITO[0]).encode(
        x=alt.X("count:Q").title("Unmet packages").axis(format="d", tickMinStep=1)
    )
    labels = base.mark_text(align="left", dx=4).encode(x=alt.X("count:Q"), text="count_shown:N")
    small = (
        base.transform_filter("datum.count == null")
        .mark_text(align="left", dx=2)
        .encode(x=alt.datum(0), text="count_shown:N")
    )
    height = BAR_CHROME_PX + BAR_STEP_PX * len(table)
    right = max((text_width_px(text) for text in table["count_shown"].astype(str)), default=40)
    chart = (bars + labels + small).properties(
        width="container", height=height, padding={"right": right}
    )
    return readable(chart)


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
