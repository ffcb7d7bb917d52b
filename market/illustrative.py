"""Illustrative care homes for a council before a CQC import: deterministic, at real postcodes."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.cqc import HOME_COLUMNS
from data.cqc_places import PLACED_BY_POSTCODE
from data.figures import latest
from geo.boundaries import CouncilGeography
from geo.councils import Council

KIND = "illustrative"
# County Durham has 96 older persons homes for 324 LSOAs and Wiltshire 87 for 285: about
# 0.3 each, the rate used where a council's documents give no count.
HOMES_PER_LSOA = 0.3
# Wiltshire's older persons homes by beds: 1,455 nursing, 1,629 residential and 845 dual
# registered beds in 87 homes (002_87426b8e4237f6f5.txt, Section 1 > 65+ care home market).
REFERENCE_BEDS = {"nursing": 1455, "residential": 1629, "both": 845}
REFERENCE_HOMES = 87
MIN_BEDS = 8
# Shares of ratings given to illustrative homes: chosen to demonstrate the filters, not sourced.
RATING_SHARES = {
    "Outstanding": 0.05,
    "Good": 0.72,
    "Requires improvement": 0.19,
    "Inadequate": 0.02,
    "Not rated": 0.02,
}
DEMENTIA_SHARE = 0.6
_BED_SERVICES = {"nursing": "nursing", "residential": "residential", "dual_registered": "both"}


@dataclass(frozen=True)
class IllustrativeRule:
    """How many illustrative homes and beds of each type a council gets, and why."""

    homes: int
    beds: dict[str, int]
    method: str


def _published(figures: pd.DataFrame, code: str, measure: str, service: str) -> float | None:
    row = latest(figures[figures["kind"] == "published"], measure, code, service)
    return None if row is None else float(row["value"])


def _split(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split a whole number in proportion to weights, by largest remainder."""
    keys = list(weights)
    share = np.array([weights[k] for k in keys], dtype=float)
    exact = total * share / share.sum()
    whole = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - whole))[: total - whole.sum()]:
        whole[i] += 1
    return dict(zip(keys, (int(v) for v in whole), strict=True))


def illustrative_rule(council: Council, lsoa_count: int, figures: pd.DataFrame) -> IllustrativeRule:
    """Return the homes and beds by type to generate, from published figures where there are any."""
    code = council.code
    homes = _published(figures, code, "care_homes", "care_home_older_people")
    beds = {
        kind: _published(figures, code, "beds", service) for service, kind in _BED_SERVICES.items()
    }
    reference_average = sum(REFERENCE_BEDS.values()) / REFERENCE_HOMES
    if homes is not None and all(v is not None for v in beds.values()):
        return IllustrativeRule(
            int(homes),
            {k: int(v) for k, v in beds.items()},
            f"{int(homes)} older persons homes and their beds by type as the council's "
            "documents give them",
        )
    if homes is not None:
        total = round(homes * reference_average)
        return IllustrativeRule(
            int(homes),
            _split(total, REFERENCE_BEDS),
            f"{int(homes)} older persons homes as the council's documents give them; beds "
            f"at Wiltshire's published average of {reference_average:.0f} a home, split "
            "by type in Wiltshire's proportions",
        )
    count = max(1, round(lsoa_count * HOMES_PER_LSOA))
    return IllustrativeRule(
        count,
        _split(round(count * reference_average), REFERENCE_BEDS),
        f"no published count for this council: {HOMES_PER_LSOA} homes per small area "
        f"(LSOA), the rate of County Durham and Wiltshire, with Wiltshire's published "
        f"average of {reference_average:.0f} beds a home and its split by type",
    )


def _bed_sizes(rng: np.random.Generator, homes: int, beds: int) -> np.ndarray:
    """Return `homes` whole bed counts of at least MIN_BEDS that add up to `beds` exactly."""
    floor = min(MIN_BEDS, beds // max(homes, 1))
    spare = beds - floor * homes
    shares = rng.dirichlet(np.full(homes, 4.0))
    exact = shares * spare
    whole = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - whole))[: spare - whole.sum()]:
        whole[i] += 1
    return whole + floor


def illustrative_homes(
    geography: CouncilGeography, rule: IllustrativeRule, postcodes: pd.DataFrame
) -> pd.DataFrame:
    """Return the council's illustrative homes: same homes every time for the same council."""
    council = geography.council
    rng = np.random.default_rng(zlib.crc32(council.code.encode()))
    in_area = postcodes[postcodes["lsoa_code"].notna()].reset_index(drop=True)
    bed_weights = {k: v for k, v in rule.beds.items() if v > 0}
    per_type = _split(rule.homes, bed_weights) if bed_weights else {"residential": rule.homes}
    care_type, beds = [], []
    for kind, count in per_type.items():
        if count == 0:
            continue
        care_type += [kind] * count
        beds += list(_bed_sizes(rng, count, rule.beds.get(kind, count * MIN_BEDS)))
    order = rng.permutation(len(care_type))
    care_type = [care_type[i] for i in order]
    beds = [int(beds[i]) for i in order]
    picked = in_area.iloc[np.sort(rng.choice(len(in_area), size=len(care_type), replace=False))]
    picked = picked.iloc[rng.permutation(len(picked))].reset_index(drop=True)
    n = len(care_type)
    ratings = rng.choice(list(RATING_SHARES), size=n, p=list(RATING_SHARES.values()))
    days = rng.integers(0, 3 * 365, size=n)
    providers = rng.integers(1, max(2, n // 3) + 1, size=n)
    numbers = range(1, n + 1)
    homes = pd.DataFrame(
        {
            "location_id": [f"ILLUSTRATIVE-{council.code}-{i}" for i in numbers],
            "name": [f"Illustrative home {i}" for i in numbers],
            "provider_id": [f"ILLUSTRATIVE-P{p}" for p in providers],
            "provider": [f"Illustrative provider {p}" for p in providers],
            "care_type": pd.Series(care_type, dtype="string"),
            "beds": pd.Series(beds, dtype="Int64"),
            "rating": pd.Series(ratings, dtype="string"),
            "rating_date": pd.Timestamp("2022-01-01") + pd.to_timedelta(days, unit="D"),
            "older_people": True,
            "dementia": rng.random(n) < DEMENTIA_SHARE,
            "postcode": picked["postcode"].astype("string"),
            "local_authority": council.name,
            "lat": picked["lat"],
            "lon": picked["lon"],
            "easting": picked["easting"],
            "northing": picked["northing"],
            "lad_code": picked["lad_code"].astype("string"),
            "placed_by": PLACED_BY_POSTCODE,
            "place_note": "",
            "kind": KIND,
            "source_row": 0,
        }
    )
    homes.loc[homes["rating"] == "Not rated", "rating_date"] = pd.NaT
    return homes.loc[:, list(HOME_COLUMNS)]
