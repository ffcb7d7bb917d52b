"""Shared chart pieces: colour-blind-safe palette, tooltips, labels and the two base layouts."""

from __future__ import annotations

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


def colour(field: str = "series") -> alt.Color:
    """Return a colour encoding on the Okabe-Ito palette with the legend below the chart."""
    return (
        alt.Color(f"{field}:N")
        .title(None)
        .scale(range=list(OKABE_ITO))
        .legend(orient="bottom", columns=2, labelLimit=400)
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


def time_series(data: pd.DataFrame, y_title: str, *, dashed: str | None = None) -> alt.LayerChart:
    """Return lines and points over period_start, one colour per series.

    With `dashed`, rows whose `dashed` column reads "benchmark" are drawn with dashed lines.
    """
    base = alt.Chart(data).encode(
        x=alt.X("period_start:T").title("Period start").axis(format="%b %Y"),
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
    points = base.mark_point(size=90, filled=True).encode(shape=kind_shape(data))
    labels = base.mark_text(dy=-12, fontSize=11).encode(text="value_text:N")
    return (line + points + labels).properties(width="container", height=320)


def labelled_bars(
    rows: pd.DataFrame,
    measures: Iterable[str],
    series: Callable[[pd.Series], str],
    item: Callable[[pd.DataFrame], pd.Series],
    x_title: str,
) -> alt.LayerChart | None:
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


def bars(data: pd.DataFrame, category: str, x_title: str) -> alt.LayerChart:
    """Return horizontal bars per category, coloured by council and side by side when compared."""
    base = alt.Chart(data).encode(
        y=alt.Y(f"{category}:N").title(None).sort(None).axis(labelLimit=320),
        x=alt.X("value:Q").title(x_title),
        color=colour("council"),
        tooltip=list(TOOLTIP),
    )
    if data["council"].nunique() > 1:
        base = base.encode(yOffset=alt.YOffset("council:N"))
    rects = base.mark_bar().encode(opacity=_kind_opacity())
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(text="value_text:N")
    # Streamlit fits the whole chart (axis, title and legend included) into this height, so
    # it holds BAR_CHROME_PX for those plus BAR_STEP_PX for each bar.
    bars_shown = data[category].nunique() * data["council"].nunique()
    height = BAR_CHROME_PX + BAR_STEP_PX * bars_shown
    # Right padding keeps the value label of the longest bar inside the canvas.
    return (rects + labels).properties(width="container", height=height, padding={"right": 90})


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
