"""Disclosure control, the one gate between person-level package records and public outputs.

- Which packages are unmet: waiting or handed back. A placed package is not unmet.
- Primary suppression: a count from 1 to THRESHOLD - 1 is shown as "fewer than N".
- Secondary (complementary) suppression: where parts of a published total are shown, more
  parts are withheld until no suppressed count can be worked out from the total and the
  parts left (`protect_parts`).
- Statistics that are linear in small counts (Gi*) leave only as categories
  (`public_hotspots`).
- The uplift what-if works from zone-level cells each holding at least THRESHOLD packages
  (`controlled_cells`).
Record-level rows reach only the signed-in commissioner's view (`records_for_view`).
The method and why: docs/disclosure.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from data.packages import KIND as PACKAGES_KIND

# Counts below this are never shown as numbers in a public view (ONS practice for care data).
SUPPRESSION_THRESHOLD = 5
# Unmet packages: still waiting for a provider, or handed back by one. "placed" is not.
UNMET_STATUSES = ("waiting", "handed back")
# Store kinds that hold person-level records: nothing about them is counted in public.
PERSON_LEVEL_KINDS = frozenset({PACKAGES_KIND})
# How a part withheld to protect another is shown: it is not small, so it is not
# "fewer than N", and it says why it is missing.
WITHHELD = "not shown (protects a small count)"


def unmet(packages: pd.DataFrame) -> pd.DataFrame:
    """Return the unmet packages of a list: waiting or handed back, never placed."""
    return packages[packages["status"].isin(UNMET_STATUSES)]


def count_label(count: int, threshold: int = SUPPRESSION_THRESHOLD) -> str:
    """Return a count as a public view shows it: the number, or "fewer than N"."""
    if threshold < 1:
        raise ValueError("The suppression threshold must be at least 1")
    count = int(count)
    if 0 < count < threshold:
        return f"fewer than {threshold}"
    return f"{count:,}"


def rows_label(kind: str, rows_kept: int, rows_read: int) -> str:
    """Return an import's row counts as a public view may show them.

    A package list's rows are person-level records: its size, beside the protected counts,
    could give a small count by subtraction, so it is not shown outside the records page.
    """
    if kind in PERSON_LEVEL_KINDS:
        return "row count not shown (person-level records)"
    return f"{rows_kept:,} of {rows_read:,} rows"


def shown_number(label: str) -> int | None:
    """Return the number a public label shows ("1,234" -> 1234), or None for words."""
    text = str(label).replace(",", "")
    return int(text) if text.isdigit() else None


def suppress_counts(
    table: pd.DataFrame,
    count_column: str,
    *,
    threshold: int = SUPPRESSION_THRESHOLD,
    record_level_allowed: bool = False,
) -> pd.DataFrame:
    """Return a table safe to show: small counts become text and lose their number.

    A commissioner's record-level view (`record_level_allowed`) sees every count; any other
    view gets `count_column` emptied where 0 < count < threshold and a text column
    `<count_column>_shown` reading "fewer than N" there. Zero stays zero: it discloses no one.
    """
    safe = table.copy()
    counts = safe[count_column].astype("Int64")
    if record_level_allowed:
        safe[f"{count_column}_shown"] = counts.map(lambda n: f"{int(n):,}")
        return safe
    small = (counts > 0) & (counts < threshold)
    safe[f"{count_column}_shown"] = counts.map(lambda n: count_label(int(n), threshold))
    safe[count_column] = counts.mask(small)
    return safe


@dataclass(frozen=True)
class ProtectedParts:
    """Parts of a total as a public view may show them, and the total."""

    shown: dict[str, str]  # part -> "12", "0", "fewer than 5" or WITHHELD
    total: str
    primary: frozenset[str]  # parts withheld for being small
    complementary: frozenset[str]  # parts withheld to protect them

    @property
    def withheld(self) -> frozenset[str]:
        """Every part whose number is not shown."""
        return self.primary | self.complementary


def protect_parts(
    counts: Mapping[str, int], threshold: int = SUPPRESSION_THRESHOLD
) -> ProtectedParts:
    """Suppress small parts of a total, then enough other parts that none can be derived.

    A reader sees the total (unless it is itself small), every part not withheld, that a
    "fewer than N" part holds 1 to N-1, and that a part withheld to protect it holds at
    least N. Parts are withheld, smallest first, until each small part could still hold
    at least two values given all of that; where no part is left to withhold, the total
    is withheld too.
    """
    values = {part: int(n) for part, n in counts.items()}
    total = sum(values.values())
    primary = {part for part, n in values.items() if 0 < n < threshold}
    complementary: set[str] = set()
    total_shown = not 0 < total < threshold
    candidates = sorted((n, part) for part, n in values.items() if n >= threshold)
    while (
        total_shown
        and primary
        and not _each_small_part_ambiguous(values, primary, complementary, threshold)
    ):
        if not candidates:
            total_shown = False
            break
        complementary.add(candidates.pop(0)[1])
    shown = {
        part: (
            count_label(n, threshold)
            if part in primary
            else WITHHELD
            if part in complementary
            else f"{n:,}"
        )
        for part, n in values.items()
    }
    total_label = WITHHELD if primary and not total_shown and total >= threshold else None
    return ProtectedParts(
        shown,
        total_label or count_label(total, threshold),
        frozenset(primary),
        frozenset(complementary),
    )


def _each_small_part_ambiguous(
    values: Mapping[str, int], primary: set[str], complementary: set[str], threshold: int
) -> bool:
    """Whether every small part still has two or more possible values for a reader.

    The withheld parts add up to what the total leaves after the shown parts. A reader
    knows a small part holds 1 to threshold - 1, and a part withheld to protect it at
    least `threshold` and, since parts are withheld smallest first, no more than the
    smallest part still shown. A small part's least and most follow from those bounds.
    """
    withheld = primary | complementary
    remainder = sum(values[part] for part in withheld)
    shown_large = [n for part, n in values.items() if part not in withheld and n >= threshold]
    cap = min(shown_large) if shown_large else remainder
    least = {part: 1 if part in primary else threshold for part in withheld}
    most = {part: threshold - 1 if part in primary else cap for part in withheld}
    for part in primary:
        others_least = sum(least.values()) - least[part]
        others_most = sum(most.values()) - most[part]
        high = min(threshold - 1, remainder - others_least)
        low = max(1, remainder - others_most)
        if high - low < 1:
            return False
    return True


def public_hotspots(areas: pd.DataFrame) -> pd.DataFrame:
    """Return hot-spot results fit to publish: each area's code and category, nothing else.

    Gi* is a linear function of the counts, so its z-score (and the p-value ranked from
    it) for every area, with the public adjacency, would let a reader solve the counts
    back, suppressed ones included. The counts per neighbourhood are left out too: zones
    are made of neighbourhoods, so a zone withheld to protect another could be added back
    up from them. Only the category (hot spot, cold spot, not significant) is published.
    """
    return areas.loc[:, ["code", "spot"]].reset_index(drop=True)


@dataclass(frozen=True)
class ControlledCells:
    """Visits a week by (zone, rural) cell, for the what-if, with small cells left out."""

    visits: dict[str, int]  # cell key -> visits a week
    zone_of: dict[str, str]  # cell key -> zone
    rural_of: dict[str, bool]  # cell key -> rural
    zones_left_out: tuple[str, ...]


def controlled_cells(
    packages: pd.DataFrame,
    area_zone: Mapping[str, str],
    area_rural: Mapping[str, bool],
    visits_of: Mapping[int, int],
    threshold: int = SUPPRESSION_THRESHOLD,
    zones_counted: frozenset[str] | None = None,
) -> ControlledCells:
    """Return what-if cells where every quantity shown rests on `threshold` packages or more.

    The what-if adds up visits over any zones, with or without urban areas, so a reader can
    take one selection from another. Each zone's rural and urban parts are cells; a zone
    leaves the what-if whole if either part holds 1 to threshold - 1 unmet packages, so any
    difference between two selections is made of whole cells of at least `threshold`.
    `visits_of` maps each package row (by index) to its visits a week. `zones_counted`
    (the zones whose count a public page shows as a number) limits it further.
    """
    open_ = unmet(packages)
    open_ = open_[open_["lsoa_code"].notna()]
    zone = open_["lsoa_code"].map(area_zone)
    rural = open_["lsoa_code"].map(lambda code: bool(area_rural.get(code, False)))
    frame = pd.DataFrame(
        {"zone": zone, "rural": rural, "visits": open_.index.map(visits_of)}, index=open_.index
    ).dropna(subset=["zone"])
    cells = frame.groupby(["zone", "rural"]).agg(
        packages=("visits", "size"), visits=("visits", "sum")
    )
    small = cells[(cells["packages"] > 0) & (cells["packages"] < threshold)]
    left_out = set(small.index.get_level_values("zone"))
    if zones_counted is not None:
        # A zone whose own count is not shown stays out whole: its visits beside its label
        # would tell a reader more about it, and so about the small zone it protects.
        left_out |= set(cells.index.get_level_values("zone")) - set(zones_counted)
    left_out = sorted(left_out)
    kept = cells.drop(index=left_out, level="zone", errors="ignore")
    visits, zone_of, rural_of = {}, {}, {}
    for (zone_name, is_rural), row in kept.iterrows():
        key = f"{zone_name}|{'rural' if is_rural else 'urban'}"
        visits[key] = int(row["visits"])
        zone_of[key] = str(zone_name)
        rural_of[key] = bool(is_rural)
    return ControlledCells(visits, zone_of, rural_of, tuple(left_out))


def records_for_view(records: pd.DataFrame, *, record_level_allowed: bool) -> pd.DataFrame:
    """Return the records a view may draw as points: all of them, or none at all."""
    if record_level_allowed:
        return records
    return records.iloc[0:0]
