"""Shared chart pieces: colour-blind-safe palette, tooltips, labels and the two base layouts."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import altair as alt
import pandas as pd

from data.figures import council_name
from data.measures import SERVICE_LABELS, UNITS, measure_definition, measure_label
from data.sources import cite
from market.kinds import KINDS, kind_of

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
KIND_SHAPES = {key: KINDS[key].shape for key in ("published", "derived", "illustrative")}

_UNIT_FORMATS: dict[str, Callable[[float], str]] = {
    "gbp": lambda v: f"£{v:,.0f}",
    "gbp_million": lambda v: f"£{v:,.3f}".rstrip("0").rstrip(".") + "m",
    "gbp_per_week": lambda v: f"£{v:,.2f} a week",
    "gbp_per_hour": lambda v: f"£{v:,.2f} an hour",
    "gbp_per_visit": lambda v: f"£{v:,.2f} a visit",
    "percent": lambda v: f"{v:g}%",
    "hours_per_week": lambda v: f"{v:,.0f} hours a week",
    "per_100k": lambda v: f"{v:,.1f} per 100,000",
    "people": lambda v: f"{v:,.0f} people",
    "years": lambda v: f"{v:g} years",
    "hectares": lambda v: f"{v:,.0f} hectares",
}

TOOLTIP = (
    alt.Tooltip("council:N", title="Council"),
    alt.Tooltip("label:N", title="Measure"),
    alt.Tooltip("value_text:N", title="Value"),
    alt.Tooltip("period:N", title="Period"),
    alt.Tooltip("note:N", title="Note"),
    alt.Tooltip("kind_label:N", title="Kind"),
    alt.Tooltip("source:N", title="Source"),
)


@dataclass(frozen=True)
class Panel:
    """One chart on a page: its title, builder and the measures it draws."""

    title: str
    build: Callable[[pd.DataFrame], alt.TopLevelMixin | None]
    measures: tuple[str, ...]


def format_value(value: float, unit: str) -> str:
    """Return a figure as a reader would write it, such as "£856.23 a week" or "6.5%"."""
    formatter = _UNIT_FORMATS.get(unit, lambda v: f"{v:,g}")
    return formatter(value)


def prepare(
    rows: pd.DataFrame, measures: Iterable[str], series: Callable[[pd.Series], str]
) -> pd.DataFrame | None:
    """Return the rows for measures with display columns added, or None when there are none."""
    chosen = rows[rows["measure"].isin(list(measures))]
    if chosen.empty:
        return None
    data = chosen.copy()
    many_councils = data["council_code"].nunique() > 1
    data["council"] = data["council_code"].map(council_name)
    data["label"] = data["measure"].map(measure_label)
    data["kind_label"] = data["kind"].map(lambda k: kind_of(k).label)
    data["service_label"] = data["service"].map(lambda s: SERVICE_LABELS.get(s, s))
    data["value_text"] = [
        format_value(v, u) + (" (illustrative)" if k == "illustrative" else "")
        for v, u, k in zip(data["value"], data["unit"], data["kind"], strict=True)
    ]
    data["source"] = [
        cite(f, section)
        for f, section in zip(data["source_file"], data["source_section"], strict=True)
    ]
    names = data.apply(series, axis=1)
    data["series"] = data["council"] + " · " + names if many_councils else names
    data["period_start"] = data["period_start"].dt.strftime("%Y-%m-%d")
    data["period_end"] = data["period_end"].dt.strftime("%Y-%m-%d")
    return data.reset_index(drop=True)


# Chart text in CSS pixels: on screen, and for a projector or an A4 page (at least 16 px on a
# 1920 px screen, about 12 pt when a chart is printed across an A4 landscape page).
SCREEN_TEXT_PX = 14
PROJECTOR_TEXT_PX = 16
# Labels wrap at this many characters instead of being cut short with an ellipsis.
WRAP_CHARS = 34
# A label split into lines by wrap_label is drawn line by line on axes and legends.
SPLIT_LINES = "split(datum.label, '\\n')"
# Value labels: two closer than this, one above the other, would overlap; the lower is dropped.
LABEL_GAP_PX = 22
# Period ticks: at most this many, and none closer than this share of the axis, so that
# two period labels never run into each other.
MAX_PERIOD_TICKS = 8
MIN_TICK_SHARE = 0.16
TIME_SERIES_HEIGHT = 320
# Room a time series keeps above and below its plot for the axis and legend.
TIME_SERIES_CHROME_PX = 110


def readable(chart: alt.TopLevelMixin, size: int = SCREEN_TEXT_PX) -> alt.TopLevelMixin:
    """Return the chart with every piece of text at `size` pixels or larger, none cut short."""
    return (
        chart.configure_axis(
            labelFontSize=size, titleFontSize=size, labelLimit=0, labelOverlap="greedy"
        )
        .configure_legend(labelFontSize=size, titleFontSize=size, labelLimit=0)
        .configure_text(fontSize=size)
        .configure_title(fontSize=size + 6, subtitleFontSize=size)
    )


def for_projector(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Return the chart with text large enough for a committee room's projector or an A4 page."""
    return readable(chart, PROJECTOR_TEXT_PX)


def wrap_label(text: str, width: int = WRAP_CHARS) -> str:
    """Return a label broken into lines of at most `width` characters (longer words kept whole)."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)


def colour(field: str = "series") -> alt.Color:
    """Return a colour encoding on the Okabe-Ito palette with the legend below the chart."""
    return (
        alt.Color(f"{field}:N")
        .title(None)
        .scale(range=list(OKABE_ITO))
        .legend(orient="bottom", columns=2, labelLimit=0, labelExpr=SPLIT_LINES)
    )


def kind_shape(data: pd.DataFrame) -> alt.Shape:
    """Return a shape encoding that marks published, derived and illustrative figures apart;
    its legend lists, in words, only the kinds the chart holds."""
    present = [key for key in KIND_SHAPES if key in set(data["kind"])]
    return (
        alt.Shape("kind_label:N")
        .title("Figure")
        .scale(
            domain=[kind_of(key).label for key in present],
            range=[KIND_SHAPES[key] for key in present],
        )
    )


def period_ticks(dates: Iterable[str]) -> tuple[list[pd.Timestamp], str]:
    """Return the dates to tick on a period axis and their d3 format: one tick per period,
    never two with the same label, never two closer than MIN_TICK_SHARE of the axis.

    Yearly periods (all starting 1 January) are labelled by year, monthly ones by month,
    others by day. Ticks are kept from the latest backwards, the latest always.
    """
    days = sorted({pd.Timestamp(d) for d in dates})
    if all((d.month, d.day) == (1, 1) for d in days):
        fmt = "%Y"
    elif len({d.to_period("M") for d in days}) == len(days):
        fmt = "%b %Y"
    else:
        fmt = "%-d %b %Y"
    span = (days[-1] - days[0]).total_seconds() or 1.0
    kept: list[pd.Timestamp] = []
    for day in reversed(days):
        if all(abs((k - day).total_seconds()) / span >= MIN_TICK_SHARE for k in kept):
            kept.append(day)
    kept = sorted(kept)
    if len(kept) > MAX_PERIOD_TICKS:
        step = -(-len(kept) // MAX_PERIOD_TICKS)
        kept = kept[::-1][::step][::-1]
    return kept, fmt


def period_axis(dates: Iterable[str], title: str) -> alt.X:
    """Return an x encoding of period_start with one labelled tick per period (period_ticks)."""
    ticks, fmt = period_ticks(dates)
    values = [alt.DateTime(year=d.year, month=d.month, date=d.day, utc=True) for d in ticks]
    # Dates are parsed as UTC midnights; a UTC scale writes ticks and labels in UTC too, so a
    # reader's time zone never moves a period into the day or month before.
    return (
        alt.X("period_start:T")
        .title(title)
        .scale(type="utc")
        .axis(values=values, format=fmt, labelOverlap="greedy", grid=False)
    )


def text_width_px(text: str, size: int = PROJECTOR_TEXT_PX) -> int:
    # Digits and lower case letters average about 0.6 em in the sans-serif fonts used.
    return int(len(text) * size * 0.6) + 12


def value_scale(values: pd.Series, plot_height_px: float) -> float:
    """Return pixels per unit on a value axis that starts at zero (Vega-Lite's default)."""
    low, high = min(0.0, values.min()), max(0.0, values.max())
    return plot_height_px / ((high - low) or 1.0)


def spaced_labels(values: pd.Series, px_per_unit: float) -> pd.Series:
    """Return which values keep a label: from the highest down, each one LABEL_GAP_PX or more,
    up or down, from every label kept before it; the others are dropped."""
    kept: list[float] = []
    chosen = pd.Series(False, index=values.index)
    for index, value in values.sort_values(ascending=False).items():
        if all(abs(value - k) * px_per_unit >= LABEL_GAP_PX for k in kept):
            kept.append(value)
            chosen[index] = True
    return chosen


def last_point_labels(data: pd.DataFrame, plot_height_px: float) -> pd.Series:
    """Return which rows get a value label: the latest point of each series, kept apart
    by spaced_labels (they all sit at the right-hand end, so any two may meet)."""
    latest = data.sort_values("period_start").groupby("series", sort=False).tail(1)
    chosen = spaced_labels(latest["value"], value_scale(data["value"], plot_height_px))
    return chosen.reindex(data.index, fill_value=False)


def time_series(
    data: pd.DataFrame, y_title: str, *, dashed: str | None = None
) -> alt.TopLevelMixin:
    """Return lines and points over period_start, one colour per series; with one date only,
    labelled bars instead (a single date is not a trend).

    With `dashed`, rows whose `dashed` column reads "benchmark" are drawn with dashed lines.
    Only the latest point of each series carries its value, to its right, where it cannot
    sit on an axis; every value is in the tooltip and the table.
    """
    if data["period_start"].nunique() == 1:
        return single_period_bars(data, y_title)
    data = data.assign(
        series=data["series"].map(wrap_label),
        show_label=last_point_labels(data, TIME_SERIES_HEIGHT - TIME_SERIES_CHROME_PX),
    )
    base = alt.Chart(data).encode(
        x=period_axis(data["period_start"], "Period start"),
        y=alt.Y("value:Q").title(y_title),
        color=colour(),
        tooltip=list(TOOLTIP),
    )
    line = base.mark_line(point=False)
    if dashed:
        dash = alt.StrokeDash(f"{dashed}:N").scale(
            domain=["council", "benchmark"], range=[[1, 0], [6, 4]]
        )
        line = line.encode(strokeDash=dash.title(None).legend(None))
    layers = [line, *kind_points(base, data)]
    labels = (
        base.transform_filter("datum.show_label")
        .mark_text(align="left", dx=10)
        .encode(text="value_text:N")
    )
    width = max(text_width_px(t) for t in data.loc[data["show_label"], "value_text"])
    chart = alt.layer(*layers, labels).properties(
        width="container", height=TIME_SERIES_HEIGHT, padding={"right": width + 10}
    )
    return readable(chart)


def kind_points(base: alt.Chart, data: pd.DataFrame) -> list[alt.Chart]:
    """Return the point layers: filled for published and derived figures, hollow for
    illustrative ones, so a made-up value is marked on the chart itself."""
    shape = kind_shape(data).legend(orient="bottom")
    points = [
        base.transform_filter("datum.kind != 'illustrative'")
        .mark_point(size=110, filled=True)
        .encode(shape=shape)
    ]
    if (data["kind"] == "illustrative").any():
        points.append(
            base.transform_filter("datum.kind == 'illustrative'")
            .mark_point(size=110, filled=False, strokeWidth=2.5)
            .encode(shape=shape)
        )
    return points


def single_period_bars(data: pd.DataFrame, value_title: str) -> alt.TopLevelMixin:
    """Return one labelled bar per series for figures that all describe one date."""
    as_at = pd.Timestamp(data["period_end"].max())
    title = f"{value_title}, as at {as_at.day} {as_at:%B %Y}"
    return bars(data.assign(item=data["series"]), "item", title)


def labelled_bars(
    rows: pd.DataFrame,
    measures: Iterable[str],
    series: Callable[[pd.Series], str],
    item: Callable[[pd.DataFrame], pd.Series],
    x_title: str,
) -> alt.TopLevelMixin | None:
    """Return one bar per `item(data)` of the rows for `measures`, or None without rows."""
    data = prepare(rows, measures, series)
    if data is None:
        return None
    data["item"] = item(data)
    return bars(data, "item", x_title)


def label_and_period(data: pd.DataFrame) -> pd.Series:
    """Bar label: the measure's label, then its period in brackets."""
    return data["label"] + " (" + data["period"] + ")"


def period_only(data: pd.DataFrame) -> pd.Series:
    """Bar label: the period as the document states it."""
    return data["period"]


BAR_CHROME_PX = 110
BAR_STEP_PX = 34
# Height of one line of a wrapped category label at projector size, and the gap between bars.
LINE_PX = 20
BAR_GAP_PX = 14


def bar_step(labels: pd.Series) -> int:
    """Return the pixels each bar needs: BAR_STEP_PX, or more where a label wraps to lines."""
    lines = labels.map(lambda text: str(text).count("\n") + 1).max()
    return max(BAR_STEP_PX, int(lines) * LINE_PX + BAR_GAP_PX)


def bars(data: pd.DataFrame, category: str, x_title: str) -> alt.TopLevelMixin:
    """Return horizontal bars per category, coloured by council and side by side when compared.

    Long category labels wrap onto more lines instead of being cut; each bar's value sits at
    its end, and the canvas keeps room on the right for the longest.
    """
    data = data.assign(**{category: data[category].map(wrap_label)})
    base = alt.Chart(data).encode(
        y=alt.Y(f"{category}:N").title(None).sort(None).axis(labelLimit=0, labelExpr=SPLIT_LINES),
        x=alt.X("value:Q").title(x_title),
        color=colour("council"),
        tooltip=list(TOOLTIP),
    )
    if data["council"].nunique() > 1:
        base = base.encode(yOffset=alt.YOffset("council:N"))
    rects = base.mark_bar().encode(opacity=_kind_opacity())
    labels = base.mark_text(align="left", dx=4).encode(text="value_text:N")
    # Streamlit fits the whole chart (axis, title and legend included) into this height, so
    # it holds BAR_CHROME_PX for those plus a step for each bar.
    bars_shown = data[category].nunique() * data["council"].nunique()
    height = BAR_CHROME_PX + bar_step(data[category]) * bars_shown
    right = max(text_width_px(text) for text in data["value_text"])
    chart = (rects + labels).properties(width="container", height=height, padding={"right": right})
    return readable(chart)


def _kind_opacity() -> alt.Opacity:
    return (
        alt.Opacity("kind:N").scale(domain=list(KIND_SHAPES), range=[1.0, 0.75, 0.45]).legend(None)
    )


def figures_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Return figure rows as the table a reader sees and downloads: words in every header
    and readable values first; the codes a machine needs after them."""
    return pd.DataFrame(
        {
            "Council": rows["council_code"].map(council_name),
            "Measure": rows["measure"].map(measure_label),
            "What it measures": rows["measure"].map(measure_definition),
            "Service": rows["service"].map(lambda s: SERVICE_LABELS.get(s, s)),
            "Value": [format_value(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
            "Period": rows["period"],
            "Kind": rows["kind"].map(lambda k: kind_of(k).label),
            "Note": rows["note"],
            "Source": [
                cite(f, section)
                for f, section in zip(rows["source_file"], rows["source_section"], strict=True)
            ],
            "Number": rows["value"],
            "Unit": rows["unit"].map(lambda u: UNITS.get(u, u)),
            "Period start": rows["period_start"],
            "Period end": rows["period_end"],
            "Source file": rows["source_file"],
            "Measure code": rows["measure"],
            "Service code": rows["service"],
            "Council code": rows["council_code"],
        }
    ).reset_index(drop=True)
