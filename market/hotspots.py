"""Hot and cold spots of unmet home care: local Getis-Ord Gi* over neighbourhoods (MSOAs)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from market.zones import adjacency

PERMUTATIONS = 999
SIGNIFICANCE = 0.05
SEED = 20230401
HOT, COLD, NEITHER = "Hot spot", "Cold spot", "Not significant"
CLASSES = (HOT, COLD, NEITHER)


@dataclass(frozen=True)
class HotspotResult:
    """Gi* per area and the parameters used, to name on screen."""

    areas: pd.DataFrame  # code, count, z, p, spot
    method: str  # for everyone, in plain words
    details: str = ""  # the statistic, library and parameters, for a details view


def plain_method(permutations: int, significance: float) -> str:
    """Return what a hot or cold spot means, in words a councillor can read."""
    return (
        "A hot spot is a neighbourhood where unmet packages cluster, with its neighbours, more "
        "than chance would give; a cold spot, less. Each is tested against "
        f"{permutations:,} random rearrangements of the counts and shown only where fewer "
        f"than {significance:.0%} of them come out as extreme."
    )


def describe_method(permutations: int, significance: float, seed: int) -> str:
    """Return the sentence naming the statistic and its parameters (a details view)."""
    return (
        "Local Getis-Ord Gi* (PySAL's esda library) on counts of unmet packages per MSOA; weights: "
        "contiguity (MSOAs touching within 5 m, each area its own neighbour), binary; "
        f"{permutations:,} conditional permutations (one-sided, esda's default), seed {seed}; "
        f"significant where the pseudo p-value is below {significance:g}."
    )


def gi_star(
    areas: gpd.GeoDataFrame,
    counts: pd.Series,
    *,
    permutations: int = PERMUTATIONS,
    significance: float = SIGNIFICANCE,
    seed: int = SEED,
) -> HotspotResult:
    """Return local Gi* for counts indexed by area code (areas' `code`), zero where absent."""
    from esda.getisord import G_Local
    from libpysal.weights import W

    ordered = areas.reset_index(drop=True)
    y = counts.reindex(ordered["code"]).fillna(0).to_numpy(dtype=float)
    graph = adjacency(ordered)
    weights = W({i: sorted(n) for i, n in graph.items()}, silence_warnings=True)
    out = pd.DataFrame({"code": ordered["code"].to_numpy(), "count": y.astype(int)})
    if y.sum() == 0 or np.all(y == y[0]):
        out["z"] = 0.0
        out["p"] = 1.0
        out["spot"] = NEITHER
    else:
        with warnings.catch_warnings():
            # esda announces a future change of its default test; 2.9.0's is pinned here.
            warnings.simplefilter("ignore", DeprecationWarning)
            stat = G_Local(
                y,
                weights,
                transform="B",
                permutations=permutations,
                star=True,
                keep_simulations=False,
                n_jobs=1,
                seed=seed,
            )
        out["z"] = np.asarray(stat.Zs, dtype=float)
        out["p"] = np.asarray(stat.p_sim, dtype=float)
        significant = out["p"] < significance
        out["spot"] = np.select(
            [significant & (out["z"] > 0), significant & (out["z"] < 0)], [HOT, COLD], NEITHER
        )
    return HotspotResult(
        out,
        plain_method(permutations, significance),
        describe_method(permutations, significance, seed),
    )
