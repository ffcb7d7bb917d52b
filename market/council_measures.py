"""Every council on one national measure: which measures national data sets give, each
council's figure for one of them, and the classes a map shades them in.

A national measure is any measure with figure rows from a national data set (their
`source_file` starts with data.national.SOURCE_PREFIX): NHS England's unit costs, Skills for
Care's workforce estimates, the deprivation figures derived from the English Indices of
Deprivation, and any data set added later. Rows a council added itself are left out, so every
council's figure on the map comes from the same data set and period.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from data.figures import by_latest
from data.measures import MEASURES, measure_service_label
from data.national import SOURCE_PREFIX
from data.sources import cite
from geo.boundaries import english_councils
from market.kinds import NOT_PUBLISHED

VALUE_COLUMNS = ("code", "name", "value", "unit", "period", "source", "kind", "note")
# A period counts as one "most councils have" when it holds at least this share of the
# councils the best-covered period holds, so a data set's latest year, once imported for
# only a handful of councils, does not leave the rest of England grey.
MOST_COUNCILS = 0.5
CLASSES = 5
# Topics in the catalogue's own order (fees first), so the choices follow the pages.
_TOPICS = list(dict.fromkeys(spec.topic for spec in MEASURES.values()))


def national_rows(figures: pd.DataFrame) -> pd.DataFrame:
    """Return the figure rows from national data sets that hold a value (a suppressed or
    blank one is no figure), national benchmarks left out."""
    national = figures["source_file"].astype(str).str.startswith(SOURCE_PREFIX)
    valued = pd.to_numeric(figures["value"], errors="coerce").notna()
    return figures[national & valued & (figures["service"] != "benchmark")]


def national_measure_choices(figures: pd.DataFrame) -> list[tuple[str, str]]:
    """Return the (measure, service) pairs with a national figure for any council, by topic
    (in the catalogue's order) then by label."""
    pairs = national_rows(figures)[["measure", "service"]].drop_duplicates()

    def order(pair: tuple[str, str]) -> tuple[int, str]:
        spec = MEASURES.get(pair[0])
        topic = _TOPICS.index(spec.topic) if spec else len(_TOPICS)
        return topic, measure_service_label(*pair).lower()

    return sorted(pairs.itertuples(index=False, name=None), key=order)


def council_values(
    figures: pd.DataFrame,
    measure: str,
    service: str,
    councils: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Return every council's national figure for a measure and service, one row a council
    (sorted by name), all for one period.

    The period is the latest (by its end, then its start) that most councils have a figure
    for: at least MOST_COUNCILS of as many as the best-covered period. A council with no
    figure for it (not submitted, suppressed, blank or not in the data set) is listed with
    no value, no period and the kind "not published". Where a council has two rows for the
    period, `data.figures.by_latest`'s first is taken (published before derived).

    `councils` maps code to name (England's councils today by default); rows for other codes,
    such as councils since merged, are left out. Columns: VALUE_COLUMNS.
    """
    names = dict(councils) if councils is not None else _english_councils()
    rows = national_rows(figures)
    rows = rows[
        (rows["measure"] == measure)
        & (rows["service"] == service)
        & rows["council_code"].isin(list(names))
    ]
    chosen = by_latest(_most_councils_period(rows)).drop_duplicates("council_code")
    sources = [
        cite(f, s) for f, s in zip(chosen["source_file"], chosen["source_section"], strict=True)
    ]
    codes = sorted(names, key=lambda code: (names[code], code))
    found = chosen.assign(source=sources).set_index("council_code").reindex(codes)
    spec = MEASURES.get(measure)
    table = pd.DataFrame(
        {
            "code": codes,
            "name": [names[code] for code in codes],
            "value": found["value"].astype("float64").to_numpy(),
            "unit": rows["unit"].iloc[0] if len(rows) else (spec.units[0] if spec else ""),
            "period": found["period"].to_numpy(),
            "source": found["source"].to_numpy(),
            "kind": found["kind"].fillna(NOT_PUBLISHED).to_numpy(),
            "note": found["note"].fillna("").to_numpy(),
        }
    )
    return table[list(VALUE_COLUMNS)]


def _english_councils() -> dict[str, str]:
    return {council.code: council.name for council in english_councils()}


def _most_councils_period(rows: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of the latest period most councils have (see council_values)."""
    if rows.empty:
        return rows
    keys = ["period_end", "period_start", "period"]
    coverage = rows.groupby(keys, sort=False)["council_code"].nunique().reset_index()
    wide = coverage[coverage["council_code"] >= MOST_COUNCILS * coverage["council_code"].max()]
    end, start, period = wide.sort_values(keys[:2], ascending=False).iloc[0][keys]
    same = (
        (rows["period_end"] == end) & (rows["period_start"] == start) & (rows["period"] == period)
    )
    return rows[same]


def quantile_classes(values: pd.Series, n: int = CLASSES) -> pd.Series:
    """Return each value's class, 0 (lowest) up, for shading a map; <NA> for a missing value.

    Quantile classes, each holding about as many councils as the next: the class edges are
    the values at 1/n, 2/n ... of the way through the sorted values (the smallest value with
    at least that share at or below it, so every edge is a real value), and a class runs from
    just above one edge up to and including the next. Tied values share a class, so there
    may be fewer than n classes. With n or fewer distinct values, each is a class of its own
    (one class when every value is the same); with no values, every value is <NA>.
    """
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    present = numbers.dropna().to_numpy()
    classes = pd.Series(pd.NA, index=values.index, dtype="Int64")
    if present.size == 0:
        return classes
    distinct = np.unique(present)
    if distinct.size <= n:
        inner = distinct[:-1]
    else:
        steps = np.quantile(present, np.arange(1, n) / n, method="inverted_cdf")
        inner = np.unique(steps[steps < distinct[-1]])
    # side="left": a value equal to an edge belongs to the class that edge closes.
    found = np.searchsorted(inner, numbers[numbers.notna()].to_numpy(), side="left")
    classes[numbers.notna()] = found
    return classes
