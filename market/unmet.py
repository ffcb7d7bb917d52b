"""Unmet packages as every public output shows them: one window, one set of protected counts.

The zones table, the map's zone popups, the unmet-packages chart, the demand card, its trend
and its CSV all read one `PublicUnmet`, so they cannot disagree, and the tables they show
share nothing but the council's total, so protecting each against that total protects them
together (docs/disclosure.md):

- one fixed window, the latest RECENT_MONTHS months of the list, for every public count;
- unmet packages by zone (the zones plus "outside every zone" are parts of the total);
- by status (waiting, handed back) for the whole council only: a zone's split, beside its
  total, would give a small status count by subtraction;
- by month or quarter for the whole council only: a zone's months add up to its total,
  which may be one withheld to protect another zone;
- hours a week only where the count they rest on is shown and is at least the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from market.disclosure import (
    SUPPRESSION_THRESHOLD,
    UNMET_STATUSES,
    ProtectedParts,
    count_label,
    protect_parts,
    shown_number,
    unmet,
)
from market.zones import ZoneLayout

# Every public count covers the last year of the package list (what a provider plans around).
RECENT_MONTHS = 12
# The part of a council's packages that lies in no zone of the layout.
OUTSIDE_ZONES = "outside every zone"
NOT_SHOWN_HOURS = "not shown (its count is not shown)"
# Hot spots are tested only where the months chosen hold this many unmet packages: fewer,
# and a "hot spot" would mark where one or two people are waiting.
HOTSPOT_MINIMUM = 20
# Every part of a table is hidden when it cannot be protected against a total that another
# table shows: such a part may hold anything from 1 to the total.
BLANKED = "not shown (protects small counts)"


def recent_window(packages: pd.DataFrame, months: int = RECENT_MONTHS) -> pd.PeriodIndex:
    """Return the last `months` months of the list (fewer if it is shorter); empty without one."""
    if packages.empty:
        return pd.PeriodIndex([], freq="M")
    dates = pd.to_datetime(packages["date"])
    last = dates.max().to_period("M")
    first = max(dates.min().to_period("M"), last - (months - 1))
    return pd.period_range(first, last, freq="M")


def in_window(packages: pd.DataFrame, window: pd.PeriodIndex) -> pd.DataFrame:
    """Return the packages dated in one of the window's months."""
    if packages.empty or window.empty:
        return packages.iloc[0:0]
    months = pd.to_datetime(packages["date"]).dt.to_period("M")
    return packages[months.isin(window)]


def period_words(window: pd.PeriodIndex) -> str:
    """Return the window as words: "March 2024 to February 2025"."""
    if window.empty:
        return "no packages in the list"
    first, last = window[0], window[-1]
    if first == last:
        return f"{first:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"


def zone_parts(packages: pd.DataFrame, layout: ZoneLayout) -> pd.DataFrame:
    """Return the packages with the zone each lies in ("outside every zone" where none)."""
    zone_of = layout.lsoa_zone.set_index("lsoa_code")["zone"]
    zones = packages["lsoa_code"].map(zone_of).astype("object").fillna(OUTSIDE_ZONES)
    return packages.assign(zone=zones)


def part_counts(parts: pd.DataFrame, layout: ZoneLayout) -> dict[str, int]:
    """Return packages per zone, every zone of the layout listed (0 where none)."""
    counts = parts["zone"].value_counts()
    names = [*layout.zone_names, *([OUTSIDE_ZONES] if OUTSIDE_ZONES in counts.index else [])]
    return {name: int(counts.get(name, 0)) for name in names}


@dataclass(frozen=True)
class Trend:
    """The council's unmet packages per month or quarter of the window, as a public view may
    show them: `count` is empty where `count_shown` says why."""

    # period and period_end (Timestamps: the step's first day, the next step's first day),
    # label, count (NA where withheld), count_shown
    table: pd.DataFrame
    step: str  # "month" or "quarter"
    note: str
    protected: ProtectedParts | None = None  # the steps as parts of the window's total


@dataclass(frozen=True)
class PublicUnmet:
    """Unmet packages in the window, every count protected, ready for any public output."""

    window: pd.PeriodIndex
    period: str
    zones: ProtectedParts  # unmet packages per zone; its total is the council's
    statuses: ProtectedParts  # the council's waiting and handed back
    listed_statuses: frozenset[str]  # statuses the list records at all
    hours: dict[str | None, str]  # zone (None: the council) -> hours a week as shown
    trend: Trend

    def count(self, zone: str | None = None) -> str:
        """Return unmet packages in a zone (None: the whole council) as shown."""
        return self.zones.total if zone is None else self.zones.shown.get(zone, "0")

    def zones_counted(self) -> frozenset[str]:
        """Return the zones whose count is shown as a number of THRESHOLD or more: the only
        zones the uplift what-if may cost from the package list (a withheld zone's visits
        beside its label would narrow what it, and so a small zone, can hold)."""
        return frozenset(
            zone
            for zone, shown in self.zones.shown.items()
            if zone != OUTSIDE_ZONES and (shown_number(shown) or 0) > 0
        )

    def hours_of(self, zone: str | None = None) -> str:
        """Return hours a week in a zone's unmet packages (None: the council) as shown."""
        return self.hours.get(zone, "0")


def public_unmet(
    packages: pd.DataFrame, layout: ZoneLayout, months: int = RECENT_MONTHS
) -> PublicUnmet:
    """Return the public reading of a package list: the one every public output shows."""
    window = recent_window(packages, months)
    recent = unmet(in_window(packages, window))
    parts = zone_parts(recent, layout)
    counts = part_counts(parts, layout)
    by_status = recent["status"].value_counts()
    status_counts = {s: int(by_status.get(s, 0)) for s in UNMET_STATUSES}
    # The three tables share the council's total: where one shows it, another that had to
    # withhold it to protect a small part hides all its parts instead.
    shown_by = [protect_parts(counts), protect_parts(status_counts)]
    shown_by.append(council_trend(recent, window).protected)
    total_known = any(shown_number(table.total) for table in shown_by)
    zones = blank_unless_protected(shown_by[0], counts, total_known)
    statuses = blank_unless_protected(shown_by[1], status_counts, total_known)
    listed = frozenset(packages["status"]) if not packages.empty else frozenset()
    hours_per_zone = parts.groupby("zone")["hours_per_week"].sum()
    hours: dict[str | None, str] = {
        zone: _hours_shown(zones.shown[zone], float(hours_per_zone.get(zone, 0))) for zone in counts
    }
    hours[None] = _hours_shown(zones.total, float(recent["hours_per_week"].sum()))
    return PublicUnmet(
        window=window,
        period=period_words(window),
        zones=zones,
        statuses=statuses,
        listed_statuses=listed,
        hours=hours,
        trend=council_trend(recent, window, total_known=total_known),
    )


def blank_unless_protected(
    table: ProtectedParts, counts: dict[str, int], total_known: bool
) -> ProtectedParts:
    """Return the table, or every non-zero part hidden where the total it had to withhold is
    shown by another table (`BLANKED`: the reader learns only that the parts add up to it)."""
    if not total_known or shown_number(table.total) is not None:
        return table
    shown = {part: "0" if n == 0 else BLANKED for part, n in counts.items()}
    hidden = frozenset(part for part, n in counts.items() if n > 0)
    return ProtectedParts(
        shown, count_label(sum(counts.values())), table.primary, hidden - table.primary
    )


def _hours_shown(count_shown: str, hours: float) -> str:
    """Hours a week only beside a count shown as a number (zero, or THRESHOLD or more).

    Every other count ("fewer than 5", withheld, hidden) gets the same words, so the hours
    never tell a small part from one withheld to protect it. The hours left over (the
    council's less the zones shown) belong to the parts not shown together: at least one
    of THRESHOLD or more packages among them, never fewer than THRESHOLD in all.
    """
    number = shown_number(count_shown)
    if number is None:
        return NOT_SHOWN_HOURS
    if number == 0:
        return "0"
    return hours_words(hours)


def hours_words(hours: float) -> str:
    """Return hours a week as the card and the zones page write them: "84 hours a week"."""
    text = f"{hours:,.0f}" if float(hours).is_integer() else f"{hours:,.1f}"
    return f"{text} hours a week"


def council_trend(
    recent: pd.DataFrame, window: pd.PeriodIndex, *, total_known: bool = False
) -> Trend:
    """Return the council's unmet packages by month, or by quarter where months would hide one.

    The months (or quarters) are parts of the window's total, so they go through
    `protect_parts` like zones do: a small one and whatever protects it are withheld, or
    all of them where the total is shown elsewhere and could not be protected otherwise.
    """
    if window.empty:
        empty = pd.DataFrame(columns=["period", "period_end", "label", "count", "count_shown"])
        return Trend(empty, "month", "No unmet packages are in the list.", protect_parts({}))
    table, protected = _steps(recent, window, "month", total_known)
    if table["count"].notna().all():
        return Trend(table, "month", "Counted by month.", protected)
    by_quarter, protected = _steps(recent, window, "quarter", total_known)
    note = (
        f"Counted by quarter: some months have fewer than {SUPPRESSION_THRESHOLD} packages, "
        "which are not shown on their own."
    )
    if not by_quarter["count"].notna().all():
        note += (
            f" Quarters with fewer than {SUPPRESSION_THRESHOLD} are shown as “fewer than "
            f"{SUPPRESSION_THRESHOLD}”, and others are withheld so they cannot be worked out "
            "from the total."
        )
    return Trend(by_quarter, "quarter", note, protected)


def _steps(
    recent: pd.DataFrame, window: pd.PeriodIndex, step: str, total_known: bool
) -> tuple[pd.DataFrame, ProtectedParts]:
    months = pd.to_datetime(recent["date"]).dt.to_period("M")
    per_month = months.value_counts().reindex(window, fill_value=0)
    if step == "quarter":
        quarters = window.asfreq("Q")
        first = pd.Series(window, index=quarters).groupby(level=0).first()
        last = pd.Series(window, index=quarters).groupby(level=0).last()
        counts = pd.Series(per_month.to_numpy(), index=quarters).groupby(level=0).sum()
        labels = [
            f"{start:%b %Y}" if start == end else f"{start:%b} to {end:%b %Y}"
            for start, end in zip(first, last, strict=True)
        ]
        periods = [f.to_timestamp() for f in first]
        ends = [(m + 1).to_timestamp() for m in last]
    else:
        counts = per_month
        labels = [f"{m:%b %Y}" for m in window]
        periods = [m.to_timestamp() for m in window]
        ends = [(m + 1).to_timestamp() for m in window]
    by_label = dict(zip(labels, (int(c) for c in counts), strict=True))
    protected = blank_unless_protected(protect_parts(by_label), by_label, total_known)
    table = pd.DataFrame(
        {"period": periods, "period_end": ends, "label": labels, "count": counts.to_numpy()}
    )
    table["count_shown"] = [protected.shown[label] for label in labels]
    table["count"] = table["count"].astype("Int64").mask(table["label"].isin(protected.withheld))
    return table, protected


def in_range(
    packages: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp] | None
) -> pd.DataFrame:
    """Return the packages dated within a brushed range (whole months touched)."""
    if span is None:
        return packages
    start = span[0].to_period("M").to_timestamp()
    end = span[1].to_period("M").to_timestamp(how="end")
    return packages[(packages["date"] >= start) & (packages["date"] <= end)]


def unmet_in_window(packages: pd.DataFrame, window: pd.PeriodIndex) -> pd.DataFrame:
    """Return the unmet packages of the window: what every public count is made from."""
    return unmet(in_window(packages, window))


def neighbourhood_counts(
    recent: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp] | None = None
) -> tuple[tuple[str, int], ...]:
    """Return unmet packages per neighbourhood (MSOA), the hot spots' input, for the window's
    packages (`unmet_in_window`) or the brushed months of it; nothing when they number
    fewer than HOTSPOT_MINIMUM. Never published as numbers."""
    chosen = in_range(recent, span)
    if len(chosen) < HOTSPOT_MINIMUM:
        return ()
    counts = chosen["msoa_name"].value_counts().astype(int)
    return tuple(sorted((str(code), int(n)) for code, n in counts.items()))
