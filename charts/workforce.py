"""Workforce charts: vacancy and turnover rates, leavers, hand-backs by reason, hours and
recruitment. Rates are drawn by service and source: Skills for Care's estimates for every
council (data/workforce_estimates.py) beside the figures of the council's own documents."""

from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import (
    BAR_CHROME_PX,
    SPLIT_LINES,
    TOOLTIP,
    Panel,
    bar_step,
    colour,
    label_and_period,
    labelled_bars,
    period_only,
    prepare,
    readable,
    time_series,
    wrap_label,
)
from data.measures import SERVICE_LABELS, WORKFORCE_SERVICES
from data.national import data_set_of
from data.sources import DOCUMENTS

VACANCY_MEASURES = ("vacancy_rate_pct", "turnover_rate_pct", "staff_leavers_to_care_roles_pct")
# How a figure added to this app, with no catalogued source, is named on a bar.
ADDED_SOURCE = "added to this app"
LEAVERS_MEASURES = ("staff_leavers",)
HANDBACK_MEASURES = ("packages_handed_back",)
REASON_MEASURES = ("handbacks_staffing_pct", "handbacks_other_reasons_pct")
HOURS_MEASURES = ("hours_commissioned_weekly",)
PA_MEASURES = ("pa_packages_monthly",)
RECRUITMENT_MEASURES = (
    "recruitment_events",
    "school_college_events",
    "careers_event_providers",
    "careers_event_attendees",
    "providers_uploading_vacancies",
    "staff_trained",
    "staff_training_target",
)


def _label(row: pd.Series) -> str:
    return row["label"]


def source_name(source_file: str) -> str:
    """Return who a figure comes from, short enough for a bar: a document's publisher, a
    national data set's publisher, or ADDED_SOURCE for a figure added to this app."""
    document = DOCUMENTS.get(str(source_file))
    if document is not None:
        return document.publisher
    national = data_set_of(source_file)
    return national[0].publisher if national is not None else ADDED_SOURCE


def rate_and_source(data: pd.DataFrame) -> pd.Series:
    """Bar label: the measure, its service where one is named (always for a national data
    set, which gives several), its period in brackets, then who it comes from."""
    national = data["source_file"].map(lambda f: data_set_of(f) is not None)
    service = data["service"].map(lambda s: SERVICE_LABELS.get(s, s).lower())
    named = national | (data["service"] != "all")
    with_service = data["label"] + (", " + service).where(named, "")
    return (
        label_and_period(data.assign(label=with_service))
        + ", "
        + data["source_file"].map(source_name)
    )


def _in_order(rows: pd.DataFrame, measures: tuple[str, ...]) -> pd.DataFrame:
    """Return rows by measure (in `measures` order), period, then service (WORKFORCE_SERVICES)."""
    rank = {service: i for i, service in enumerate(WORKFORCE_SERVICES)}
    return (
        rows.assign(
            _measure=rows["measure"].map({m: i for i, m in enumerate(measures)}),
            _service=rows["service"].map(rank).fillna(len(rank)),
        )
        .sort_values(["_measure", "period_start", "_service"], kind="stable")
        .drop(columns=["_measure", "_service"])
    )


def vacancy_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Care provider vacancy and staff turnover rates by service and source, and the share
    of leavers staying in care, in per cent."""
    ordered = _in_order(rows, VACANCY_MEASURES)
    return labelled_bars(ordered, VACANCY_MEASURES, _label, rate_and_source, "Per cent")


def leavers_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Care staff who left their jobs, by period."""
    return labelled_bars(rows, LEAVERS_MEASURES, _label, period_only, "People")


def handbacks_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Home care packages handed back by providers, by period."""
    return labelled_bars(rows, HANDBACK_MEASURES, _label, period_only, "Packages")


def handback_reasons_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Why packages were handed back: per cent of hand-backs by reason, per period."""
    data = prepare(rows, REASON_MEASURES, lambda r: r["label"])
    if data is None:
        return None
    data["item"] = (data["council"] + ", " + data["period"]).map(wrap_label)
    data["series"] = data["series"].map(wrap_label)
    base = alt.Chart(data).encode(
        y=alt.Y("item:N").title(None).sort(None).axis(labelLimit=0, labelExpr=SPLIT_LINES),
        x=alt.X("value:Q").title("Per cent of hand-backs").stack("zero"),
        color=colour(),
        order=alt.Order("measure:N").sort("descending"),
        tooltip=list(TOOLTIP),
    )
    segments = base.mark_bar()
    labels = base.mark_text(align="right", dx=-4, color="white").encode(
        text="value_text:N", x=alt.X("value:Q").stack("zero")
    )
    height = BAR_CHROME_PX + max(60, bar_step(data["item"])) * data["item"].nunique()
    return readable((segments + labels).properties(width="container", height=height))


def hours_commissioned_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Home care hours commissioned per week over time."""
    data = prepare(rows, HOURS_MEASURES, lambda r: r["label"])
    return None if data is None else time_series(data, "Hours per week")


def pa_packages_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Personal Assistant packages commissioned per month over time."""
    data = prepare(rows, PA_MEASURES, lambda r: r["label"])
    return None if data is None else time_series(data, "Packages per month")


def recruitment_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Recruitment and training activity: events, providers, attendees and staff trained."""
    return labelled_bars(rows, RECRUITMENT_MEASURES, _label, label_and_period, "Count")


PANELS = (
    Panel("Vacancy and turnover rates, and where leavers went", vacancy_chart, VACANCY_MEASURES),
    Panel("Staff leavers", leavers_chart, LEAVERS_MEASURES),
    Panel("Home care packages handed back", handbacks_chart, HANDBACK_MEASURES),
    Panel("Hand-backs by reason", handback_reasons_chart, REASON_MEASURES),
    Panel("Home care hours commissioned", hours_commissioned_chart, HOURS_MEASURES),
    Panel("Personal Assistant packages", pa_packages_chart, PA_MEASURES),
    Panel("Recruitment and training", recruitment_chart, RECRUITMENT_MEASURES),
)
