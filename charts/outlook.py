"""Outlook charts: older people by year, and when each zone's beds fill at today's rate."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import (
    OKABE_ITO,
    TIME_SERIES_CHROME_PX,
    TIME_SERIES_HEIGHT,
    colour,
    kind_points,
    last_point_labels,
    readable,
    text_width_px,
    wrap_label,
)
from market.kinds import kind_of
from market.outlook import BAND_LABELS

# Cells of the fill chart, in the order the legend reads.
FILL_CLASSES = ("No beds today", "Below the threshold", "Within 10 points of it", "Over it")
FILL_COLOURS = ("#BDBDBD", "#C6DBEF", "#6BAED6", OKABE_ITO[5])
FILL_ROW_PX = 30
FILL_CHROME_PX = 120


def population_chart(people: pd.DataFrame) -> alt.TopLevelMixin:
    """Return older people by year, one line per age band, the latest value labelled."""
    data = people.assign(
        series=people["band"].map(BAND_LABELS).map(wrap_label),
        value=people["people"],
        value_text=people["people"].map(lambda v: f"{v:,.0f}"),
        kind_label=people["kind"].map(lambda k: kind_of(k).label),
        period_start=pd.to_datetime(people["year"].astype(str) + "-01-01"),
    )
    data["show_label"] = last_point_labels(data, TIME_SERIES_HEIGHT - TIME_SERIES_CHROME_PX)
    tooltip = [
        alt.Tooltip("series:N", title="Age"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("value_text:N", title="People"),
        alt.Tooltip("kind_label:N", title="Kind"),
        alt.Tooltip("source:N", title="Source"),
    ]
    years = sorted(data["year"].unique())
    base = alt.Chart(data).encode(
        x=alt.X("year:Q")
        .title("Year")
        .scale(domain=[years[0], years[-1]], nice=False, zero=False)
        .axis(format="d", tickMinStep=1, values=_year_ticks(years), grid=False),
        y=alt.Y("value:Q").title("People"),
        # One label a line: two side by side run off a phone's screen.
        color=colour().legend(orient="bottom", columns=1, labelLimit=0),
        tooltip=tooltip,
    )
    # Published points a decade apart are joined only by a dashed guide: no year between is
    # claimed.
    line = base.mark_line(strokeDash=[6, 4] if len(years) < 6 else [1, 0])
    labels = (
        base.transform_filter("datum.show_label")
        .mark_text(align="left", dx=10)
        .encode(text="value_text:N")
    )
    width = max(text_width_px(t) for t in data.loc[data["show_label"], "value_text"])
    chart = alt.layer(line, *kind_points(base, data), labels).properties(
        width="container", height=TIME_SERIES_HEIGHT, padding={"right": width + 10}
    )
    return readable(chart)


def _year_ticks(years: list[int]) -> list[int]:
    if len(years) <= 8:
        return [int(y) for y in years]
    step = -(-(years[-1] - years[0]) // 7)
    return list(range(int(years[-1]), int(years[0]) - 1, -step))[::-1]


def fill_class(occupancy_pct: pd.Series, threshold_pct: float) -> pd.Series:
    """Return each cell's class: no beds, below, within 10 points of, or over the threshold."""
    classes = pd.Series(FILL_CLASSES[1], index=occupancy_pct.index)
    classes[occupancy_pct > threshold_pct - 10] = FILL_CLASSES[2]
    classes[occupancy_pct > threshold_pct] = FILL_CLASSES[3]
    classes[occupancy_pct.isna()] = FILL_CLASSES[0]
    return classes


def fill_chart(demand: pd.DataFrame, threshold_pct: float, area_title: str) -> alt.TopLevelMixin:
    """Return a grid of areas by year, each cell marking how full today's beds would be."""
    data = demand.assign(
        area=demand["area"].map(wrap_label),
        fill=fill_class(demand["occupancy_pct"], threshold_pct),
        occupancy_text=demand["occupancy_pct"].map(
            lambda v: "no beds today" if pd.isna(v) else f"{v:,.0f}%"
        ),
        needed_text=demand["beds_needed"].map(lambda v: f"{v:,.0f}"),
        today_text=demand["beds_today"].map(lambda v: f"{v:,.0f}"),
    )
    present = [c for c in FILL_CLASSES if c in set(data["fill"])]
    chart = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("year:O").title("Year").axis(labelAngle=0, labelOverlap="greedy"),
            y=alt.Y("area:N").title(area_title).sort(None).axis(labelLimit=0, labelOverlap=False),
            # The legend's title is the chart's caption on the page: a long one runs off a
            # phone's screen.
            color=alt.Color("fill:N")
            .title(None)
            .scale(
                domain=present,
                range=[FILL_COLOURS[FILL_CLASSES.index(c)] for c in present],
            )
            .legend(orient="bottom", columns=1, labelLimit=0),
            tooltip=[
                alt.Tooltip("area:N", title=area_title),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("needed_text:N", title="Beds needed"),
                alt.Tooltip("today_text:N", title="Beds today"),
                alt.Tooltip("occupancy_text:N", title="Needed as a share of today's"),
            ],
        )
        .properties(
            width="container",
            height=FILL_CHROME_PX + FILL_ROW_PX * data["area"].nunique(),
        )
    )
    return readable(chart)
