"""CSV export of figure tables with spreadsheet formula injection neutralised."""

from __future__ import annotations

import pandas as pd

# Characters a spreadsheet may read as the start of a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix text that starts like a formula with a single quote; return other values as given."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of df with every text cell and header neutralised.

    Numeric and date columns stay typed: a spreadsheet reads "-38" in a number column as
    the number -38, never as a formula, so negative figures keep their sign.
    """
    safe = df.copy()
    for column in safe.columns:
        dtype = safe[column].dtype
        if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype):
            continue
        safe[column] = safe[column].map(neutralise_cell)
    safe.columns = [neutralise_cell(str(column)) for column in safe.columns]
    return safe


def to_safe_csv(df: pd.DataFrame) -> bytes:
    """Return df as UTF-8 CSV bytes that are safe to open in a spreadsheet."""
    return neutralise_frame(df).to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8")
