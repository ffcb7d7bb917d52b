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
from market.unmet import BLANKED
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


@st.composite
def cubes(draw):
    """Unmet packages by zone, status and month: many small cells, some empty zones, and
    sometimes packages in no zone (a part of the total no table names)."""
    zones = [f"Zone {i}" for i in range(1, draw(st.integers(2, 5)) + 1)]
    months = [f"2024-{m:02d}" for m in range(1, draw(st.integers(1, 6)) + 1)]
    places = [*zones, *([OUTSIDE] if draw(st.booleans()) else [])]
    cells = {
        (z, s, m): draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 9]))
        for z in places
        for s in ("waiting", "handed back")
        for m in months
    }
    return zones, months, cells


OUTSIDE = "Outside"  # an LSOA code no zone of the layout holds


def _layout(zones: list[str]):
    import geopandas as gpd

    from market.zones import ZoneLayout

    lsoa_zone = pd.DataFrame({"lsoa_code": zones, "msoa_name": zones, "zone": zones})
    shapes = gpd.GeoDataFrame(
        {"zone": zones, "providers": [None] * len(zones)}, geometry=[None] * len(zones)
    )
    return ZoneLayout("test", "illustrative", "generated", lsoa_zone, shapes)


def _packages(cells: dict) -> pd.DataFrame:
    rows = [
        {"date": pd.Timestamp(f"{m}-15"), "status": s, "lsoa_code": z, "hours_per_week": 7.0}
        for (z, s, m), n in cells.items()
        for _ in range(n)
    ]
    return pd.DataFrame(rows, columns=["date", "status", "lsoa_code", "hours_per_week"])


def _number(shown: str) -> int | None:
    text = shown.replace(",", "")
    return int(text) if text.isdigit() else None


def _published_constraints(rows: list[np.ndarray], shown: list[str], lines: list):
    """Add what a table shows of its parts: exact numbers, 1-4, or at least 5 (up to a cap)."""
    large = [_number(v) for v in shown if (_number(v) or 0) >= SUPPRESSION_THRESHOLD]
    cap = min(large) if large else np.inf
    for row, value in zip(rows, shown, strict=True):
        n = _number(value)
        if n is not None:
            lines.append((row, n, n))
        elif value == WITHHELD:
            lines.append((row, SUPPRESSION_THRESHOLD, cap))
        elif value == BLANKED:
            lines.append((row, 1, np.inf))
        else:
            lines.append((row, 1, SUPPRESSION_THRESHOLD - 1))


@settings(max_examples=120, deadline=None)
@given(cubes())
def test_zone_status_and_month_tables_together_reveal_no_small_count(cube):
    """The attacker reads the zones table, the status split and the trend together, and
    solves (integer programming) for every small count: a zone's, a status's, a month's, and
    a zone's waiting or handed back or months, which no public output shows but a careless
    one could let slip."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    from market.unmet import public_unmet

    zones, months, cells = cube
    counted = public_unmet(_packages(cells), _layout(zones))
    if counted.window.empty:
        return  # no packages: nothing to learn
    # The window starts at the list's first month: earlier months hold nothing.
    months = [m for m in months if pd.Period(m, freq="M") >= counted.window[0]]
    cells = {key: n for key, n in cells.items() if key[2] in months}
    keys = list(cells)
    index = {key: i for i, key in enumerate(keys)}

    def row(match) -> np.ndarray:
        out = np.zeros(len(keys))
        for key in keys:
            if match(key):
                out[index[key]] = 1
        return out

    lines: list = []
    total = _number(counted.zones.total)
    if total is not None:
        lines.append((np.ones(len(keys)), total, total))
    elif counted.zones.total == WITHHELD:
        lines.append((np.ones(len(keys)), SUPPRESSION_THRESHOLD, np.inf))
    else:  # "fewer than 5"
        lines.append((np.ones(len(keys)), 1, SUPPRESSION_THRESHOLD - 1))
    # Hours a week are shown exactly where a count is shown as a number: they add nothing
    # a count-solving attacker could use.
    for zone in zones:
        assert (_number(counted.hours_of(zone)[: -len(" hours a week")]) is not None) == (
            _number(counted.zones.shown[zone]) not in (None, 0)
        ) or counted.hours_of(zone) == "0"
    assert counted.zones_counted() <= set(zones)
    _published_constraints(
        [row(lambda k, z=z: k[0] == z) for z in zones],
        [counted.zones.shown[z] for z in zones],
        lines,
    )
    statuses = ("waiting", "handed back")
    _published_constraints(
        [row(lambda k, s=s: k[1] == s) for s in statuses],
        [counted.statuses.shown[s] for s in statuses],
        lines,
    )
    trend = counted.trend.table
    # Each month lies in the last step (month or quarter) that starts on or before it.
    starts = list(trend["period"])
    step_of = {
        m: trend["label"].iloc[max(i for i, t in enumerate(starts) if t <= pd.Timestamp(m))]
        for m in months
    }
    _published_constraints(
        [row(lambda k, label=label: step_of[k[2]] == label) for label in trend["label"]],
        list(trend["count_shown"]),
        lines,
    )
    matrix = np.array([line[0] for line in lines])
    constraint = LinearConstraint(matrix, [line[1] for line in lines], [line[2] for line in lines])
    targets = (
        [(f"zone {z}", row(lambda k, z=z: k[0] == z)) for z in zones]
        + [(f"status {s}", row(lambda k, s=s: k[1] == s)) for s in statuses]
        + [(f"month {m}", row(lambda k, m=m: k[2] == m)) for m in months]
        + [(f"{z} {s}", row(lambda k, z=z, s=s: k[:2] == (z, s))) for z in zones for s in statuses]
        + [
            (f"{z} {m}", row(lambda k, z=z, m=m: (k[0], k[2]) == (z, m)))
            for z in zones
            for m in months
        ]
    )
    truth = np.array([cells[key] for key in keys])
    for name, target in targets:
        value = int(target @ truth)
        if not 0 < value < SUPPRESSION_THRESHOLD:
            continue
        found = []
        for sign in (1, -1):
            result = milp(
                sign * target,
                constraints=constraint,
                integrality=np.ones(len(keys)),
                bounds=Bounds(0, np.inf),
            )
            assert result.status in (0, 3), result.message  # 3: unbounded above
            found.append(math.inf if result.status == 3 else sign * result.fun)
        low, high = found
        assert low <= value <= high, "the true counts must satisfy what is shown"
        assert high - low >= 1, f"{name} ({value}) can be worked out from the public tables"


def test_the_what_if_leaves_out_zones_whose_count_the_zones_table_does_not_show():
    """A=20 shown, W=5 rural and 5 urban withheld to protect S=1. Costing W in the what-if
    showed both its parts held 5 or more, so W held 10 or more and S exactly 1."""
    import geopandas as gpd

    from market.unmet import public_unmet
    from market.zones import ZoneLayout

    parts = {"A R": 10, "A U": 10, "W R": 5, "W U": 5, "S R": 1}
    lsoa_zone = pd.DataFrame(
        {"lsoa_code": list(parts), "msoa_name": list(parts), "zone": [p[0] for p in parts]}
    )
    shapes = gpd.GeoDataFrame(
        {"zone": ["A", "S", "W"], "providers": [None] * 3}, geometry=[None] * 3
    )
    layout = ZoneLayout("t", "illustrative", "generated", lsoa_zone, shapes)
    packages = pd.DataFrame(
        [
            {"date": pd.Timestamp("2024-01-15"), "status": "waiting", "lsoa_code": code,
             "hours_per_week": 7.0}
            for code, n in parts.items()
            for _ in range(n)
        ]
    )  # fmt: skip
    counted = public_unmet(packages, layout)
    assert counted.zones.shown == {"A": "20", "S": "fewer than 5", "W": WITHHELD}
    area_zone = dict(zip(lsoa_zone["lsoa_code"], lsoa_zone["zone"], strict=True))
    area_rural = {code: code.endswith("R") for code in parts}
    visits = {i: 14 for i in packages.index}
    cells = controlled_cells(
        packages, area_zone, area_rural, visits, zones_counted=counted.zones_counted()
    )
    assert {cells.zone_of[key] for key in cells.visits} == {"A"}
    assert set(cells.zones_left_out) == {"S", "W"}
    # And W's hours are not shown beside its label either.
    assert counted.hours_of("W") == counted.hours_of("S") != counted.hours_of("A")


def test_hot_spots_are_not_tested_on_a_handful_of_packages():
    from market.unmet import HOTSPOT_MINIMUM, neighbourhood_counts

    few = pd.DataFrame(
        {"date": pd.to_datetime(["2024-01-15"] * 3), "msoa_name": ["M1", "M1", "M2"]}
    )
    assert neighbourhood_counts(few) == ()
    many = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-15"] * HOTSPOT_MINIMUM),
            "msoa_name": ["M1"] * (HOTSPOT_MINIMUM - 1) + ["M2"],
        }
    )
    assert neighbourhood_counts(many) == (("M1", HOTSPOT_MINIMUM - 1), ("M2", 1))
    # A brushed month of the same list holds too few: no categories for it.
    span = (pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-28"))
    assert neighbourhood_counts(many, span) == ()
