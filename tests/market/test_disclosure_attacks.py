"""Attacks on the disclosure gate: each must learn nothing a suppressed count hides.

The attacker knows everything a public page shows and how the gate works, and solves for
each small count with linear programming (scipy), independently of the gate's own check.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from market.disclosure import (
    SUPPRESSION_THRESHOLD,
    WITHHELD,
    controlled_cells,
    protect_parts,
    public_hotspots,
)
from market.uplift import UpliftRule, rule_cost

ZONE_COUNTS = st.dictionaries(
    st.sampled_from([f"Zone {i}" for i in range(1, 13)]),
    st.integers(min_value=0, max_value=14),
    min_size=1,
    max_size=12,
)


def _attack(published) -> dict[str, tuple[int, int]]:
    """Return the least and most each withheld part can hold, given what is shown."""
    withheld = sorted(published.withheld)
    if not withheld or not published.total.replace(",", "").isdigit():
        return {}
    total = int(published.total.replace(",", ""))
    shown = sum(int(v.replace(",", "")) for p, v in published.shown.items() if p not in withheld)
    # Parts are withheld smallest first: one withheld to protect another is no larger than
    # the smallest part still shown.
    shown_large = [
        int(v.replace(",", ""))
        for p, v in published.shown.items()
        if p not in withheld and int(v.replace(",", "")) >= SUPPRESSION_THRESHOLD
    ]
    cap = min(shown_large) if shown_large else None
    bounds = [
        (1, SUPPRESSION_THRESHOLD - 1) if p in published.primary else (SUPPRESSION_THRESHOLD, cap)
        for p in withheld
    ]
    ones = np.ones((1, len(withheld)))
    out = {}
    for i, part in enumerate(withheld):
        c = np.zeros(len(withheld))
        c[i] = 1
        low = linprog(c, A_eq=ones, b_eq=[total - shown], bounds=bounds)
        high = linprog(-c, A_eq=ones, b_eq=[total - shown], bounds=bounds)
        assert low.status == 0 and high.status == 0, "the true counts must be feasible"
        out[part] = (math.ceil(low.fun - 1e-9), math.floor(-high.fun + 1e-9))
    return out


@settings(max_examples=300, deadline=None)
@given(ZONE_COUNTS)
def test_no_small_zone_count_can_be_worked_out_from_the_council_total(counts):
    published = protect_parts(counts)
    # What is shown is true.
    for part, value in published.shown.items():
        if part not in published.withheld:
            assert value == f"{counts[part]:,}"
    assert published.primary == {p for p, n in counts.items() if 0 < n < SUPPRESSION_THRESHOLD}
    # And subtraction pins no small count to a single value.
    for part, (least, most) in _attack(published).items():
        if part in published.primary:
            assert most - least >= 1, (counts, published.shown, part, least, most)
            assert least <= counts[part] <= most


def test_the_order_of_withholding_gives_nothing_away():
    # Withheld smallest first: B is at most C, so B = 5 would pin A = 4 if only B were withheld.
    published = protect_parts({"A": 4, "B": 5, "C": 5})
    assert published.withheld == {"A", "B", "C"}
    assert _attack(published)["A"] == (1, 4)


def test_the_subtraction_the_issue_describes_is_closed():
    # All but one zone shown beside the council total used to give the last by subtraction.
    counts = {"Zone 1": 12, "Zone 2": 9, "Zone 3": 3}
    published = protect_parts(counts)
    assert published.shown["Zone 3"] == "fewer than 5"
    assert published.shown["Zone 2"] == WITHHELD and published.total == "24"
    assert _attack(published)["Zone 3"] == (1, 4)


@st.composite
def package_lists(draw):
    """Unmet packages in up to six zones of two small areas each (one rural, one urban)."""
    zones = [f"Zone {i}" for i in range(1, draw(st.integers(2, 6)) + 1)]
    rows = []
    for zone in zones:
        for area in (f"{zone} R", f"{zone} U"):
            for _ in range(draw(st.integers(0, 8))):
                rows.append(
                    {
                        "lsoa_code": area,
                        "status": draw(st.sampled_from(["waiting", "handed back", "placed"])),
                        "hours_per_week": draw(st.sampled_from([3.5, 7.0, 10.5, 14.0, 21.0])),
                    }
                )
    packages = pd.DataFrame(rows, columns=["lsoa_code", "status", "hours_per_week"])
    area_zone = {f"{z} {kind}": z for z in zones for kind in "RU"}
    area_rural = {f"{z} R": True for z in zones} | {f"{z} U": False for z in zones}
    return zones, packages, area_zone, area_rural


@settings(max_examples=200, deadline=None)
@given(package_lists())
def test_no_choice_in_the_uplift_what_if_shows_fewer_than_five_packages(generated):
    zones, packages, area_zone, area_rural = generated
    visits_of = {i: int(h * 2) for i, h in packages["hours_per_week"].items()}
    cells = controlled_cells(packages, area_zone, area_rural, visits_of)
    unmet_rows = packages[packages["status"] != "placed"]
    per_cell = unmet_rows.groupby(
        [unmet_rows["lsoa_code"].map(area_zone), unmet_rows["lsoa_code"].map(area_rural)]
    ).size()
    # Every cell the what-if can add up holds at least five unmet packages...
    for key in cells.visits:
        assert per_cell.get((cells.zone_of[key], cells.rural_of[key]), 0) >= SUPPRESSION_THRESHOLD
    # ...so every total it shows, and any difference between two, is whole cells of five or
    # more: the attacker varies zones and "rural only" and records each answer.
    answers = {}
    for mask in range(1 << len(zones)):
        chosen = frozenset(z for i, z in enumerate(zones) if mask >> i & 1)
        for rural_only in (True, False):
            rule = UpliftRule(per_visit=1, zones=chosen, rural_only=rural_only)
            used = {
                key
                for key in cells.visits
                if rule.qualifies(cells.zone_of[key], cells.rural_of[key])
            }
            cost = rule_cost(rule, cells.visits, cells.zone_of, cells.rural_of)
            answers[(chosen, rural_only)] = (frozenset(used), cost.qualifying_visits)
    for used, visits in answers.values():
        assert visits == sum(cells.visits[key] for key in used)
    # A zone with a small rural or urban part is left out whole.
    for zone in zones:
        parts = [per_cell.get((zone, rural), 0) for rural in (True, False)]
        small = any(0 < n < SUPPRESSION_THRESHOLD for n in parts)
        assert (zone in cells.zones_left_out) == small


def test_hot_spots_are_published_as_categories_only():
    areas = pd.DataFrame(
        {
            "code": ["A 001", "A 002", "A 003"],
            "count": [2, 9, 0],
            "z": [2.31, -0.4, -1.9],
            "p": [0.01, 0.4, 0.03],
            "spot": ["Hot spot", "Not significant", "Cold spot"],
        }
    )
    public = public_hotspots(areas)
    assert list(public.columns) == ["code", "spot"]
    assert list(public["spot"]) == ["Hot spot", "Not significant", "Cold spot"]
