"""Similar councils: the measures, the nearest councils, and the council beside them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from market import peers


def _lsoas(councils: dict[str, tuple[int, int]]) -> tuple[pd.DataFrame, dict[str, str]]:
    """Small areas per council: (how many, how many rural), one district each."""
    rows = []
    for code, (count, rural) in councils.items():
        for number in range(count):
            rows.append({"district_code": f"D{code}", "per_km2": 5.0 if number < rural else 900.0})
    return pd.DataFrame(rows), {f"D{code}": code for code in councils}


def test_the_measures_are_size_and_rural_share_and_older_people_once_everyone_has_them():
    lsoas, districts = _lsoas({"A": (100, 25), "B": (40, 40)})
    features = peers.council_features(lsoas, districts)
    assert features.loc["A", "size"] == pytest.approx(math.log(100))
    assert features.loc["A", "rural_share"] == pytest.approx(0.25)
    assert features.loc["B", "rural_share"] == pytest.approx(1.0)
    assert "older_per_area" not in features
    some = peers.council_features(lsoas, districts, pd.Series({"A": 30_000.0}))
    assert "older_per_area" not in some  # B has none: left out for everyone
    every = peers.council_features(lsoas, districts, pd.Series({"A": 30_000.0, "B": 8_000.0}))
    assert every.loc["B", "older_per_area"] == pytest.approx(8_000 / 40)


def test_deprivation_is_a_measure_only_once_every_council_has_it():
    lsoas, districts = _lsoas({"A": (100, 25), "B": (40, 40)})
    some = peers.council_features(lsoas, districts, deprived=pd.Series({"A": 12.0}))
    assert "deprived_share" not in some
    every = peers.council_features(lsoas, districts, deprived=pd.Series({"A": 12.0, "B": 3.5}))
    assert every["deprived_share"].to_dict() == {"A": 12.0, "B": 3.5}
    method = peers.nearest_peers(every, "A").method
    assert "most deprived tenth" in method and "Deprivation is left out" not in method
    assert "Deprivation is left out" in peers.nearest_peers(some, "A").method


def test_an_imported_list_is_used_as_given_without_the_council_itself_or_the_smallest():
    group = peers.imported_peers("A", ["C", "A", "E06000053", "B", "C"], "1 May 2026")
    assert group.peers == ("C", "B") and not group.chosen_by_hand
    assert "2 similar councils in the list imported on 1 May 2026" in group.method


def _features(count: int = 30) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    codes = [f"E0600{n:04d}" for n in range(count)] + list(peers.TOO_SMALL_TO_COMPARE)
    return pd.DataFrame(
        {"size": rng.normal(7, 1, len(codes)), "rural_share": rng.uniform(0, 1, len(codes))},
        index=pd.Index(codes, name="code"),
    )


def test_peers_are_the_nearest_on_the_scaled_measures_never_itself_nor_the_smallest():
    features = _features()
    code = features.index[0]
    group = peers.nearest_peers(features, code, count=5)
    usable = features.drop(index=list(peers.TOO_SMALL_TO_COMPARE))
    scaled = (usable - usable.mean()) / usable.std(ddof=0)
    distance = ((scaled - scaled.loc[code]) ** 2).sum(axis=1).drop(code).sort_values()
    assert list(group.peers) == list(distance.index[:5])
    assert code not in group.peers
    assert not set(group.peers) & set(peers.TOO_SMALL_TO_COMPARE)
    assert "Older people are left out" in group.method
    assert peers.nearest_peers(features, "E06000053") is None


def test_peers_picked_by_hand_keep_their_order_and_leave_out_the_council():
    group = peers.chosen_peers("A", ["B", "A", "C", "B"])
    assert group.peers == ("B", "C") and group.chosen_by_hand


def _figure(code: str, value: float, period: str = "2023-24", year: int = 2023) -> dict:
    return {
        "council_code": code,
        "measure": "vacancy_rate_pct",
        "service": "all",
        "value": value,
        "period": period,
        "period_start": pd.Timestamp(f"{year}-04-01"),
        "period_end": pd.Timestamp(f"{year + 1}-03-31"),
        "kind": "published",
    }


def test_the_council_sits_beside_its_peers_median_and_range_and_englands_median():
    values = {"A": 10.0, "B": 4.0, "C": 6.0, "D": 20.0, "E": 8.0}
    rows = [_figure(code, value) for code, value in values.items()]
    rows.append(_figure("B", 99.0, "2022-23", 2022))  # an older year is not compared
    table = peers.compare(
        pd.DataFrame(rows), peers.chosen_peers("A", ["B", "C", "E"]), ["vacancy_rate_pct"]
    )
    row = table.iloc[0]
    assert row["period"] == "2023-24" and row["council"] == 10.0
    assert row["peer_median"] == np.median([4.0, 6.0, 8.0])
    assert (row["peer_low"], row["peer_high"]) == (4.0, 8.0)
    assert row["england_median"] == np.median(list(values.values()))
    assert (row["peers_with_figure"], row["councils_with_figure"]) == (3, 5)
