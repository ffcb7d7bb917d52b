"""Workforce charts: vacancy rate, leavers, hand-backs by reason, hours and recruitment."""

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

VACANCY_MEASURES = ("vacancy_rate_pct", "staff_leavers_to_care_roles_pct")
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


def vacancy_chart(rows: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Care provider vacancy rate and the share of leavers staying in care, in per cent."""
    return labelled_bars(rows, VACANCY_MEASURES, _label, label_and_period, "Per cent")


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
    Panel("Vacancy rate and where leavers went", vacancy_chart, VACANCY_MEASURES),
    Panel("Staff leavers", leavers_chart, LEAVERS_MEASURES),
    Panel("Home care packages handed back", handbacks_chart, HANDBACK_MEASURES),
    Panel("Hand-backs by reason", handback_reasons_chart, REASON_MEASURES),
    Panel("Home care hours commissioned", hours_commissioned_chart, HOURS_MEASURES),
    Panel("Personal Assistant packages", pa_packages_chart, PA_MEASURES),
    Panel("Recruitment and training", recruitment_chart, RECRUITMENT_MEASURES),
)
