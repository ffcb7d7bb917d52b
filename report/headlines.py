"""Choose a council's headline figures: a fixed priority of measures, the latest value of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from charts.common import format_value
from data.figures import by_latest
from data.sources import cite

MAX_HEADLINES = 6


@dataclass(frozen=True)
class HeadlineRule:
    """One candidate headline: the topic it answers, its plain title, measure and services."""

    topic: str
    title: str
    measure: str
    services: tuple[str, ...] = ()  # accepted services, most wanted first; empty for any


# Topics in the order a committee asks about them; within a topic, rules are alternatives
# tried in order (a published figure for any rule beats a derived one for an earlier rule).
HEADLINE_RULES = (
    HeadlineRule("homes", "Care homes for older people", "care_homes", ("care_home_older_people",)),
    HeadlineRule("homes", "Care homes", "care_homes", ("care_home",)),
    HeadlineRule("beds", "Care home beds for older people", "beds", ("care_home_older_people",)),
    HeadlineRule("beds", "Care home beds", "beds", ("care_home",)),
    HeadlineRule(
        "occupancy",
        "Care home beds occupied",
        "occupancy_pct",
        ("care_home_older_people", "care_home"),
    ),
    HeadlineRule(
        "occupancy",
        "Care home beds available",
        "beds_available_pct",
        ("care_home_older_people", "care_home"),
    ),
    HeadlineRule(
        "fee_residential", "Weekly fee for residential care", "fee_weekly", ("residential",)
    ),
    HeadlineRule("fee_nursing", "Weekly fee for nursing care", "fee_weekly", ("nursing",)),
    HeadlineRule("fee_hourly", "Hourly rate paid for home care", "fee_hourly", ("home_care",)),
    HeadlineRule("vacancy", "Vacancy rate in care jobs", "vacancy_rate_pct"),
    HeadlineRule(
        "hours", "Home care hours bought each week", "hours_commissioned_weekly", ("home_care",)
    ),
    HeadlineRule(
        "handbacks",
        "Home care packages handed back by providers",
        "packages_handed_back",
        ("home_care",),
    ),
    HeadlineRule(
        "providers", "Home care providers on the framework", "framework_providers", ("home_care",)
    ),
    HeadlineRule(
        "providers", "Home care providers under contract", "contracted_providers", ("home_care",)
    ),
    HeadlineRule("uplift", "Latest fee uplift", "fee_uplift_pct"),
    HeadlineRule("funding", "Funding approved for fee uplifts", "uplift_funding"),
    HeadlineRule("grant", "Market sustainability grant", "grant_amount"),
    HeadlineRule(
        "personal_assistants",
        "Personal Assistant packages a month",
        "pa_packages_monthly",
        ("personal_assistant",),
    ),
    HeadlineRule("extra_care", "Extra Care housing sites", "extra_care_sites", ("extra_care",)),
    HeadlineRule(
        "intermediate", "Intermediate care beds (short stays)", "block_beds", ("intermediate_care",)
    ),
    HeadlineRule("population", "People aged 65 and over", "population_65plus", ("all",)),
)


@dataclass(frozen=True)
class Headline:
    """A headline figure as a committee sees it: title, value, as-at date, kind and source."""

    title: str
    value_text: str
    period: str
    as_at: date
    kind: str
    source_file: str
    source_section: str
    note: str
    measure: str
    service: str

    @property
    def source(self) -> str:
        """Return the source as a person reads it: publisher, title, date, section."""
        return cite(self.source_file, self.source_section)

    @property
    def as_at_text(self) -> str:
        """Return the as-at date and the period in the document's own words."""
        return f"{self.as_at:%d %B %Y}".lstrip("0") + f" (the source says: {self.period})"


def no_figures_message(council_name: str) -> str:
    """Return the sentence shown instead of headline figures when a council has none."""
    return (
        f"No published figures loaded for {council_name}. Add the council's figures as a "
        "data pack, or upload a figures CSV on any chart page."
    )


def _latest(rows: pd.DataFrame, services: tuple[str, ...]) -> pd.Series | None:
    if services:
        rows = rows[rows["service"].isin(services)]
    if rows.empty:
        return None
    # The latest figure (data.figures.by_latest); among figures as late and as well
    # sourced, the most wanted service.
    ranked = by_latest(rows)
    first = ranked.iloc[0]
    tied = ranked[
        (ranked["period_end"] == first["period_end"])
        & (ranked["period_start"] == first["period_start"])
        & (ranked["kind"] == first["kind"])
    ]
    wanted = tied["service"].map({s: i for i, s in enumerate(services)}).fillna(0)
    return tied.assign(_wanted=wanted).sort_values("_wanted", kind="stable").iloc[0]


def _headline(rule: HeadlineRule, row: pd.Series) -> Headline:
    return Headline(
        title=rule.title,
        value_text=format_value(float(row["value"]), str(row["unit"])),
        period=str(row["period"]),
        as_at=pd.Timestamp(row["period_end"]).date(),
        kind=str(row["kind"]),
        source_file=str(row["source_file"]),
        source_section=str(row["source_section"]),
        note=str(row["note"]),
        measure=rule.measure,
        service=str(row["service"]),
    )


def choose_headlines(
    figures: pd.DataFrame,
    council_code: str,
    as_at: date,
    *,
    limit: int = MAX_HEADLINES,
) -> list[Headline]:
    """Return up to `limit` headline figures for a council, one per topic, in topic order.

    For each rule the latest figure the council has is taken, ignoring projections that end
    after `as_at`. A topic takes the first of its rules with a published figure, or else
    the first with any figure. A council with no figures gets an empty list.
    """
    rows = figures[
        (figures["council_code"] == council_code)
        & (pd.to_datetime(figures["period_end"]) <= pd.Timestamp(as_at))
    ]
    chosen: dict[str, Headline] = {}
    fallback: dict[str, Headline] = {}
    for rule in HEADLINE_RULES:
        if rule.topic in chosen:
            continue
        row = _latest(rows[rows["measure"] == rule.measure], rule.services)
        if row is None:
            continue
        headline = _headline(rule, row)
        if headline.kind == "published":
            chosen[rule.topic] = headline
        else:
            fallback.setdefault(rule.topic, headline)
    topics = dict.fromkeys(rule.topic for rule in HEADLINE_RULES)
    picked = [chosen.get(t) or fallback.get(t) for t in topics]
    return [headline for headline in picked if headline is not None][:limit]
