"""What a rural uplift rule costs: which areas qualify, and the weekly and annual bill."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from data.figures import latest
from data.sources import cite

# A year of home care visits is costed as 52 weeks, as council budgets do.
WEEKS_PER_YEAR = 52
# The starting rule: a zone qualifies for the rural uplift when at least this share of its
# small areas is rural (which zones qualify is not published).
RURAL_MAJORITY = 0.5
PENNY = Decimal("0.01")

# A home care visit, for turning a package's hours a week into visits.
VISIT_MINUTES = 30


@dataclass(frozen=True)
class UpliftRule:
    """An uplift per visit paid where a package is in a qualifying zone or rural class.

    An empty `zones` means every zone; an empty `rural_only` False means urban areas too.
    """

    per_visit: Decimal
    zones: frozenset[str] = frozenset()
    rural_only: bool = True

    def qualifies(self, zone: str | None, rural: bool) -> bool:
        """Return whether a small area in this zone and class qualifies."""
        in_zone = not self.zones or (zone is not None and zone in self.zones)
        return in_zone and (rural or not self.rural_only)


@dataclass(frozen=True)
class UpliftCost:
    """The cost of a rule: qualifying visits a week and the weekly and annual amounts."""

    qualifying_visits: int
    weekly: Decimal
    annual: Decimal


def qualifying_areas(
    rule: UpliftRule, area_zone: Mapping[str, str | None], area_rural: Mapping[str, bool]
) -> set[str]:
    """Return the small areas whose zone and rural class meet the rule."""
    return {
        area
        for area, zone in area_zone.items()
        if rule.qualifies(zone, bool(area_rural.get(area, False)))
    }


def uplift_cost(
    visits_per_week: Mapping[str, int], qualifying: Iterable[str], per_visit: Decimal
) -> UpliftCost:
    """Return the cost of paying `per_visit` on each visit made in a qualifying area."""
    wanted = set(qualifying)
    visits = sum(int(n) for area, n in visits_per_week.items() if area in wanted)
    weekly = (Decimal(visits) * per_visit).quantize(PENNY, ROUND_HALF_UP)
    return UpliftCost(visits, weekly, (weekly * WEEKS_PER_YEAR).quantize(PENNY, ROUND_HALF_UP))


def rule_cost(
    rule: UpliftRule,
    visits_per_week: Mapping[str, int],
    area_zone: Mapping[str, str | None],
    area_rural: Mapping[str, bool],
) -> UpliftCost:
    """Return the weekly and annual cost of a rule for visits counted per small area."""
    return uplift_cost(
        visits_per_week, qualifying_areas(rule, area_zone, area_rural), rule.per_visit
    )


def cost_change(before: UpliftCost, after: UpliftCost) -> tuple[Decimal, Decimal]:
    """Return how much more (or, negative, less) a changed rule costs a week and a year."""
    return after.weekly - before.weekly, after.annual - before.annual


def visits_from_hours(hours_per_week: float, visit_minutes: int) -> int:
    """Return visits a week for a package of hours, at a typical visit length (rounded)."""
    if visit_minutes <= 0:
        raise ValueError("A visit must last more than 0 minutes")
    visits = Decimal(str(hours_per_week)) * 60 / visit_minutes
    return int(visits.quantize(Decimal(1), ROUND_HALF_UP))


def starting_rule(
    figures: pd.DataFrame, council_code: str, council_name: str, rural_share: pd.Series
) -> tuple[UpliftRule, str]:
    """Return the what-if's starting rule and the words saying where it comes from.

    The rate is the council's latest published rural uplift per visit (none: £0); the zones
    are those where at least RURAL_MAJORITY of the small areas are rural (`rural_share`:
    zone -> share from 0 to 1), which is illustrative, since no council publishes them.
    """
    published = latest(figures, "rural_uplift_per_visit", council_code)
    rate = Decimal(str(published["value"])) if published is not None else Decimal("0")
    rule = UpliftRule(rate, frozenset(rural_share[rural_share >= RURAL_MAJORITY].index))
    if published is None:
        return rule, (
            f"No rural uplift is published for {council_name}: enter a rate to see what one costs."
        )
    where = cite(published["source_file"], published["source_section"])
    return rule, (
        f"£{rate:,.2f} a visit is published ({where}); "
        "which zones qualify is not, so the starting rule is illustrative: zones where at "
        f"least {RURAL_MAJORITY:.0%} of the small areas are rural."
    )


def uplift_lsoas(rule: UpliftRule, lsoa_zone: pd.DataFrame, rurality: pd.DataFrame) -> set[str]:
    """Return the small areas (LSOA codes) a rule pays the uplift in, from a zone layout's
    lookup (lsoa_code, zone) and the rurality in use (lsoa_code, rural)."""
    area_zone = dict(zip(lsoa_zone["lsoa_code"], lsoa_zone["zone"], strict=True))
    area_rural = dict(zip(rurality["lsoa_code"], rurality["rural"], strict=True))
    return set(qualifying_areas(rule, area_zone, area_rural))


def visits_by_package(packages: pd.DataFrame, visit_minutes: int = VISIT_MINUTES) -> dict:
    """Return visits a week for each package row (by index), from its hours a week."""
    return {
        index: visits_from_hours(float(hours), visit_minutes)
        for index, hours in packages["hours_per_week"].items()
    }
