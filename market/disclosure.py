"""Disclosure control: small counts shown as "fewer than N", record-level points withheld."""

from __future__ import annotations

import pandas as pd

# Counts below this are never shown as numbers in a public view (ONS practice for care data).
SUPPRESSION_THRESHOLD = 5


def count_label(count: int, threshold: int = SUPPRESSION_THRESHOLD) -> str:
    """Return a count as a public view shows it: the number, or "fewer than N"."""
    if threshold < 1:
        raise ValueError("The suppression threshold must be at least 1")
    count = int(count)
    if 0 < count < threshold:
        return f"fewer than {threshold}"
    return f"{count:,}"


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


def records_for_view(records: pd.DataFrame, *, record_level_allowed: bool) -> pd.DataFrame:
    """Return the records a view may draw as points: all of them, or none at all."""
    if record_level_allowed:
        return records
    return records.iloc[0:0]
