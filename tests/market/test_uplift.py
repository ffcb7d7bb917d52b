"""The cost of a rural uplift rule, to the penny."""

from decimal import Decimal

import pytest

from market.uplift import (
    UpliftRule,
    cost_change,
    qualifying_areas,
    rule_cost,
    uplift_cost,
    visits_from_hours,
)

ZONES = {"a1": "North", "a2": "North", "a3": "South", "a4": None}
RURAL = {"a1": True, "a2": False, "a3": True, "a4": True}
VISITS = {"a1": 14, "a2": 21, "a3": 7, "a4": 3, "elsewhere": 100}


def test_three_pounds_a_visit_on_rural_visits_in_every_zone():
    cost = rule_cost(UpliftRule(Decimal("3")), VISITS, ZONES, RURAL)
    assert cost.qualifying_visits == 24
    assert cost.weekly == Decimal("72.00")
    assert cost.annual == Decimal("3744.00")


def test_zones_and_rural_classes_narrow_the_rule():
    north = UpliftRule(Decimal("3"), frozenset({"North"}))
    assert qualifying_areas(north, ZONES, RURAL) == {"a1"}
    everything_north = UpliftRule(Decimal("3"), frozenset({"North"}), rural_only=False)
    assert qualifying_areas(everything_north, ZONES, RURAL) == {"a1", "a2"}
    assert rule_cost(everything_north, VISITS, ZONES, RURAL).weekly == Decimal("105.00")


def test_changing_the_rule_changes_the_cost_exactly():
    before = rule_cost(UpliftRule(Decimal("3")), VISITS, ZONES, RURAL)
    after = rule_cost(UpliftRule(Decimal("3.35")), VISITS, ZONES, RURAL)
    assert after.weekly == Decimal("80.40")
    assert cost_change(before, after) == (Decimal("8.40"), Decimal("436.80"))


def test_pennies_round_half_up_and_no_visits_cost_nothing():
    assert uplift_cost({"a": 1}, {"a"}, Decimal("0.005")).weekly == Decimal("0.01")
    assert uplift_cost({}, set(), Decimal("3")).annual == Decimal("0.00")


def test_visits_from_hours():
    assert visits_from_hours(7, 30) == 14
    assert visits_from_hours(5.25, 45) == 7
    with pytest.raises(ValueError, match="more than 0 minutes"):
        visits_from_hours(7, 0)
