"""Illustrative care homes for all of England, at real postcodes, the same every time.

They stand in for England's care homes on the England overview (labelled so on screen)
until a national CQC directory is imported, and in the benchmarks. Nothing is real but
the postcodes and their grid references (ONS Postcode Directory, November 2025).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from data.cqc import HOME_COLUMNS
from data.cqc_places import PLACED_BY_POSTCODE
from geo import cache
from geo.boundaries import BRITISH_NATIONAL_GRID, WGS84, english_councils, load_england_lsoas
from geo.england import council_density
from geo.postcodes import postcode_tables
from geo.sources import lsoa_geojson_path, postcode_dir
from market.illustrative import RATING_SHARES
from market.kinds import kind_of

KIND = "illustrative"
ENGLAND_HOMES = 14_000
SEED = 2026
GENERATOR_VERSION = "england-homes-1"
# Shares of England's homes by type and their bed counts: chosen to look like a national
# market (most homes residential, nursing homes larger), not taken from any publication.
TYPE_SHARES = {"residential": 0.66, "nursing": 0.22, "both": 0.10, "not stated": 0.02}
MEDIAN_BEDS = {"residential": 26, "nursing": 48, "both": 55, "not stated": 20}
BED_RANGE = (3, 180)
DEMENTIA_SHARE = 0.6
# The map's measure: a real figure, computed here from ONS files (so "derived"), standing
# in for where people live until a population file gives people aged 65+ by council.
MEASURE_LABEL = "Postcodes per km²"
MEASURE_KIND = "derived"
HOMES_NOTE = (
    f"Care homes: illustrative, made up by this app: {ENGLAND_HOMES:,} homes placed at "
    "postcodes drawn evenly from England's postcodes, with types and beds drawn from fixed "
    "shares chosen to look like a national market. They are not CQC data."
)


def _postcode_inputs() -> list:
    return [lsoa_geojson_path(), *sorted(postcode_dir().glob("postcodes_*.msgpack.br"))]


def sample_english_postcodes(count: int, seed: int = SEED) -> pd.DataFrame:
    """Return `count` real English postcodes inside an English small area, same every time.

    Each postcode gets a keyed hash of itself and the lowest hashes win: a uniform sample
    that does not depend on the order the files are read in, read one letter at a time so
    the whole directory (1 GB in memory) is never held at once. Columns: postcode, easting,
    northing, lat, lon, lad_code, lsoa_code, sorted by the hash.
    """
    key = f"{seed:016d}"[-16:]
    margin = int(count * 1.2) + 100
    best: list[pd.DataFrame] = []
    for _, table in postcode_tables():
        table = table[table["lad_code"].str.startswith("E", na=False) & table["easting"].notna()]
        if table.empty:
            continue
        hashes = pd.util.hash_array(table.index.to_numpy(dtype=object), hash_key=key)
        keep = np.argsort(hashes, kind="stable")[:margin]
        best.append(table.iloc[keep].assign(hash=hashes[keep]))
    pool = pd.concat(best).sort_values("hash", kind="stable").iloc[: margin * 2]
    pool = _in_english_small_areas(pool)
    if len(pool) < count:
        raise ValueError(f"only {len(pool)} English postcodes found for {count} homes")
    pool = pool.iloc[:count]
    compact = pool.index.to_series()
    return pd.DataFrame(
        {
            "postcode": (compact.str[:-3] + " " + compact.str[-3:]).to_numpy(),
            "easting": pool["easting"].to_numpy(),
            "northing": pool["northing"].to_numpy(),
            "lat": pool["lat"].to_numpy(),
            "lon": pool["lon"].to_numpy(),
            "lad_code": pool["lad_code"].astype("string").to_numpy(),
            "lsoa_code": pool["lsoa_code"].astype("string").to_numpy(),
        }
    )


def _in_english_small_areas(pool: pd.DataFrame) -> pd.DataFrame:
    # Keep postcodes inside an English LSOA of a council that exists today, in hash order.
    districts = {d for council in english_councils() for d in council.district_codes}
    pool = pool[pool["lad_code"].isin(districts)]
    points = gpd.GeoSeries.from_xy(pool["easting"], pool["northing"], crs=BRITISH_NATIONAL_GRID)
    lsoas = load_england_lsoas().to_crs(BRITISH_NATIONAL_GRID)
    point_idx, poly_idx = lsoas.sindex.query(points.values, predicate="within")
    first = pd.Series(poly_idx, index=point_idx).groupby(level=0).first()
    pool = pool.iloc[first.index.to_numpy()].copy()
    pool["lsoa_code"] = lsoas["lsoa_code"].to_numpy()[first.to_numpy()]
    wgs = points.iloc[first.index.to_numpy()].to_crs(WGS84)
    pool["lat"] = wgs.y.to_numpy()
    pool["lon"] = wgs.x.to_numpy()
    return pool


def england_homes(count: int = ENGLAND_HOMES, seed: int = SEED) -> pd.DataFrame:
    """Return `count` illustrative care homes at real English postcodes (cached on disk).

    Columns are the importer's (data.cqc.HOME_COLUMNS) plus lsoa_code; kind is
    "illustrative" on every row. Types, beds, ratings and providers are drawn from fixed
    shares chosen to look like a national market; none of them is published data.
    """
    return cache.cached_frame(
        f"england-homes-{count}-{seed}",
        [*_postcode_inputs(), GENERATOR_VERSION],
        lambda: _build_england_homes(count, seed),
        geo=False,
    )


def _build_england_homes(count: int, seed: int) -> pd.DataFrame:
    places = sample_english_postcodes(count, seed)
    rng = np.random.default_rng(seed)
    care_type = rng.choice(list(TYPE_SHARES), size=count, p=list(TYPE_SHARES.values()))
    median = pd.Series(care_type).map(MEDIAN_BEDS).to_numpy(dtype=float)
    beds = np.clip(np.round(median * rng.lognormal(0.0, 0.45, size=count)), *BED_RANGE)
    ratings = rng.choice(list(RATING_SHARES), size=count, p=list(RATING_SHARES.values()))
    days = rng.integers(0, 3 * 365, size=count)
    providers = rng.integers(1, count // 4 + 1, size=count)
    numbers = np.arange(1, count + 1)
    homes = pd.DataFrame(
        {
            "location_id": [f"ILLUSTRATIVE-ENG-{i}" for i in numbers],
            "name": [f"Illustrative home {i}" for i in numbers],
            "provider_id": [f"ILLUSTRATIVE-P{p}" for p in providers],
            "provider": [f"Illustrative provider {p}" for p in providers],
            "care_type": pd.Series(care_type, dtype="string"),
            "beds": pd.Series(beds.astype(int), dtype="Int64"),
            "rating": pd.Series(ratings, dtype="string"),
            "rating_date": pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D"),
            "older_people": rng.random(count) < 0.9,
            "dementia": rng.random(count) < DEMENTIA_SHARE,
            "postcode": pd.Series(places["postcode"], dtype="string"),
            "local_authority": pd.Series(council_names(places["lad_code"]), dtype="string"),
            "lat": places["lat"],
            "lon": places["lon"],
            "easting": places["easting"],
            "northing": places["northing"],
            "lad_code": pd.Series(places["lad_code"], dtype="string"),
            "placed_by": PLACED_BY_POSTCODE,
            "place_note": "",
            "kind": KIND,
            "source_row": 0,
        }
    )
    homes.loc[homes["rating"] == "Not rated", "rating_date"] = pd.NaT
    homes = homes.loc[:, list(HOME_COLUMNS)]
    homes["lsoa_code"] = pd.Series(places["lsoa_code"], dtype="string")
    return homes


def council_names(lad_codes: pd.Series) -> np.ndarray:
    """Return the name of the council each district code (lad_code) belongs to."""
    names = {d: c.name for c in english_councils() for d in c.district_codes}
    return lad_codes.map(names).to_numpy()


def council_summary(homes: pd.DataFrame) -> pd.DataFrame:
    """Return every council's homes and beds beside its postcode density, by council name.

    Columns: code, name, homes, beds, postcodes, area_km2, per_km2, number (the map's
    density class), lsoas; every council is there, with 0 homes if it has none.
    """
    by_district = {d: c.code for c in english_councils() for d in c.district_codes}
    council = homes["lad_code"].map(by_district)
    counts = homes.groupby(council).agg(homes=("location_id", "size"), beds=("beds", "sum"))
    summary = council_density()
    summary.insert(2, "homes", summary["code"].map(counts["homes"]).fillna(0).astype(int))
    summary.insert(3, "beds", summary["code"].map(counts["beds"]).fillna(0).astype(int))
    return summary.sort_values("name", kind="stable").reset_index(drop=True)


def council_table(summary: pd.DataFrame, homes_kind: str) -> pd.DataFrame:
    """Return the summary as shown and downloaded: one row a council, headers in words."""
    return pd.DataFrame(
        {
            "Council": summary["name"],
            "Care homes": summary["homes"],
            "Beds": summary["beds"],
            "Kind (homes, beds)": kind_of(homes_kind).label,
            MEASURE_LABEL: summary["per_km2"].round(1),
            f"Kind ({MEASURE_LABEL.lower()})": kind_of(MEASURE_KIND).label,
        }
    )


# -- A full-size CQC directory file ----------------------------------------------------
