"""Similar councils: each council's nearest neighbours on measures the app holds for all of
England, and the council beside its peers and England on any measure with national figures.

The measures (every one for all 153 councils, so every council is compared the same way):
- size: the number of small areas (2011 LSOAs, about 1,500 people each), on a log scale;
- rurality: the share of its small areas with fewer than 20 postcodes per km², the app's
  density stand-in for the ONS rural classification;
- older people: people aged 65 and over per small area (so a share of the population, as
  small areas hold similar numbers of people), once projections are imported for every
  council; left out until then, and the method says so;
- deprivation: the share of its small areas in England's most deprived tenth, once the
  English Indices of Deprivation are imported for every council; left out until then too.
Each measure is scaled to mean 0 and standard deviation 1 across councils, and peers are the
nearest by straight-line distance (scipy's k-d tree). The Isles of Scilly and the City of
London are left out of every peer group, as in NHS England's peer groups: they are too small
to compare with anyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from data.figures import by_latest
from data.sources import cite
from geo.councils import TOO_SMALL_TO_COMPARE
from geo.rurality import RURAL_POSTCODES_PER_KM2

PEER_COUNT = 15
FEATURE_LABELS = {
    "size": "size (small areas, log scale)",
    "rural_share": "share of small areas that are rural",
    "older_per_area": "people aged 65 and over per small area",
    "deprived_share": "share of small areas among England's most deprived tenth",
}
# What a measure needs imported for every council before it is used, said while it is not.
MISSING_FEATURES = {
    "older_per_area": ("Older people are", "population projections"),
    "deprived_share": ("Deprivation is", "the English Indices of Deprivation"),
}
COMPARISON_COLUMNS = (
    "measure",
    "service",
    "period",
    "council",
    "peer_median",
    "peer_low",
    "peer_high",
    "peers_with_figure",
    "england_median",
    "councils_with_figure",
    "kind",
    "source",
)


@dataclass(frozen=True)
class PeerGroup:
    """A council's peers and how they were chosen."""

    council_code: str
    peers: tuple[str, ...]
    method: str
    chosen_by_hand: bool = False


def council_features(
    lsoas: pd.DataFrame,
    council_of_district: dict[str, str],
    older: pd.Series | None = None,
    deprived: pd.Series | None = None,
) -> pd.DataFrame:
    """Return the peer measures of every council, indexed by code.

    `lsoas` is geo.england.lsoa_density() (district_code, per_km2 per small area); `older`
    is people aged 65+ and `deprived` the share of small areas in England's most deprived
    tenth, by council code (None, or missing for any council, leaves the measure out).
    """
    council = lsoas["district_code"].map(council_of_district)
    rural = lsoas["per_km2"] < RURAL_POSTCODES_PER_KM2
    grouped = pd.DataFrame({"council": council, "rural": rural}).dropna().groupby("council")
    features = pd.DataFrame(
        {"size": np.log(grouped.size().astype("float64")), "rural_share": grouped["rural"].mean()}
    )
    counts = grouped.size()
    if older is not None and set(features.index) <= set(older.dropna().index):
        features["older_per_area"] = older.reindex(features.index) / counts
    if deprived is not None and set(features.index) <= set(deprived.dropna().index):
        features["deprived_share"] = deprived.reindex(features.index)
    return features.rename_axis("code")


def nearest_peers(
    features: pd.DataFrame, council_code: str, count: int = PEER_COUNT
) -> PeerGroup | None:
    """Return the council's `count` nearest councils on the scaled measures (None when the
    council is one of those too small to compare)."""
    if council_code in TOO_SMALL_TO_COMPARE or council_code not in features.index:
        return None
    usable = features.drop(index=[c for c in TOO_SMALL_TO_COMPARE if c in features.index])
    scaled = (usable - usable.mean()) / usable.std(ddof=0).replace(0, 1)
    tree = cKDTree(scaled.to_numpy())
    _, found = tree.query(scaled.loc[[council_code]].to_numpy(), k=min(count + 1, len(scaled)))
    codes = [scaled.index[i] for i in np.atleast_1d(found[0]) if scaled.index[i] != council_code]
    measures = ", ".join(FEATURE_LABELS[column] for column in features.columns)
    method = (
        f"The {len(codes[:count])} councils nearest to this one on {measures}, each scaled to "
        "the same spread across England's councils (nearest by straight-line distance)."
    )
    for column, (what, data_set) in MISSING_FEATURES.items():
        if column not in features.columns:
            method += f" {what} left out until {data_set} are imported for every council."
    return PeerGroup(council_code, tuple(codes[:count]), method)


def chosen_peers(council_code: str, codes: Iterable[str]) -> PeerGroup:
    """Return a peer group the reader picked by hand."""
    return PeerGroup(
        council_code, _usable(council_code, codes), "Councils chosen by hand on this page.", True
    )


def imported_peers(council_code: str, codes: Iterable[str], imported_on: str) -> PeerGroup:
    """Return a peer group from a list of similar councils imported on the day named."""
    peers = _usable(council_code, codes)
    method = (
        f"The {len(peers)} similar councils in the list imported on {imported_on} (see the "
        "Your data page), used instead of the councils nearest on the app's own measures."
    )
    return PeerGroup(council_code, peers, method)


def _usable(council_code: str, codes: Iterable[str]) -> tuple[str, ...]:
    # The smallest councils are left out here too: a figure shared with a neighbour (Skills
    # for Care gives Cornwall's for the Isles of Scilly) would compare a council with itself.
    return tuple(
        dict.fromkeys(c for c in codes if c != council_code and c not in TOO_SMALL_TO_COMPARE)
    )


def compare(figures: pd.DataFrame, group: PeerGroup, measures: Iterable[str]) -> pd.DataFrame:
    """Return the council beside its peers and England for each measure and service: the
    latest period the council has (else the latest any council has), one row each."""
    rows = figures[figures["measure"].isin(list(measures)) & (figures["service"] != "benchmark")]
    out = []
    for (measure, service), series in rows.groupby(["measure", "service"], sort=False):
        own = series[series["council_code"] == group.council_code]
        period = (by_latest(own) if not own.empty else by_latest(series)).iloc[0]["period"]
        same = by_latest(series[series["period"] == period]).drop_duplicates("council_code")
        values = same.set_index("council_code")["value"].astype("float64")
        # England's median leaves out the councils too small to compare, as the groups do.
        values = values.drop(index=[c for c in TOO_SMALL_TO_COMPARE if c in values.index])
        peers = values.reindex(list(group.peers)).dropna()
        out.append(
            {
                "measure": measure,
                "service": service,
                "period": period,
                "council": same.set_index("council_code")["value"]
                .astype("float64")
                .get(group.council_code, np.nan),
                "peer_median": peers.median() if len(peers) else np.nan,
                "peer_low": peers.min() if len(peers) else np.nan,
                "peer_high": peers.max() if len(peers) else np.nan,
                "peers_with_figure": len(peers),
                "england_median": values.median(),
                "councils_with_figure": len(values),
                "kind": "; ".join(dict.fromkeys(same["kind"].astype(str))),
                "source": "; ".join(
                    dict.fromkeys(cite(f, None) for f in same.get("source_file", []))
                ),
            }
        )
    return pd.DataFrame(out, columns=list(COMPARISON_COLUMNS))
