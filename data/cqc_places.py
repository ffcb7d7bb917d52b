"""Placing CQC care homes: by their coordinates, or by postcode where those are missing or
wrong, and which council each one is in."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pyproj import Transformer

from data.problems import Problem
from geo.councils import Council, list_councils
from geo.postcodes import LookupStatus, locate_postcodes

PLACED_BY_COORDINATES = "coordinates"
PLACED_BY_POSTCODE = "postcode"
NOT_PLACED = "not placed"

# Great Britain and a margin: coordinates outside it are typing errors, placed by postcode.
# Coordinates this far from the home's postcode are a mistake: the postcode places it.
MAX_POSTCODE_KM = 5.0
_LAT_RANGE = (49.8, 61.0)
_LON_RANGE = (-8.7, 2.0)


def place_homes(
    homes: pd.DataFrame, warnings: list[Problem] | None = None, lat_column: str = "latitude"
) -> pd.DataFrame:
    """Place homes by their coordinates, else by postcode; say why when neither works.

    Coordinates more than MAX_POSTCODE_KM from where the home's own postcode lies are taken
    to be wrong (a mistyped or swapped figure would put a home in another council): the
    home is placed by its postcode and the row is reported.
    """
    homes = homes.copy()
    found = locate_postcodes(homes["postcode"].replace("", pd.NA))
    usable = homes["lat"].between(*_LAT_RANGE) & homes["lon"].between(*_LON_RANGE)
    known = found["status"].eq(LookupStatus.FOUND.value)
    away = _km_apart(homes["lat"], homes["lon"], found["lat"], found["lon"])
    far = usable & known & (away > MAX_POSTCODE_KM)
    for index in homes.index[far]:
        if warnings is not None:
            warnings.append(
                Problem(
                    int(homes.at[index, "source_row"]),
                    lat_column,
                    f"coordinates {away[index]:,.0f} km from the home's postcode "
                    f"({found.at[index, 'postcode']}); placed by the postcode",
                )
            )
    usable = usable & ~far
    by_postcode = ~usable & known
    homes["placed_by"] = NOT_PLACED
    homes.loc[usable, "placed_by"] = PLACED_BY_COORDINATES
    homes.loc[by_postcode, "placed_by"] = PLACED_BY_POSTCODE
    homes.loc[by_postcode, "lat"] = found.loc[by_postcode, "lat"]
    homes.loc[by_postcode, "lon"] = found.loc[by_postcode, "lon"]
    placed = usable | by_postcode
    homes.loc[~placed, ["lat", "lon"]] = np.nan
    homes["postcode"] = found["postcode"].fillna(homes["postcode"]).astype("string")
    homes["lad_code"] = found["lad_code"].astype("string")
    homes["place_note"] = pd.Series("", index=homes.index, dtype="string")
    no_postcode = homes["postcode"].fillna("").eq("")
    status = found["status"]
    homes.loc[~placed & no_postcode, "place_note"] = "no coordinates and no postcode"
    homes.loc[~placed & ~no_postcode & status.eq(LookupStatus.MALFORMED.value), "place_note"] = (
        "no coordinates; postcode is not written like a UK postcode"
    )
    homes.loc[~placed & ~no_postcode & status.eq(LookupStatus.UNKNOWN.value), "place_note"] = (
        "no coordinates; postcode not in the ONS Postcode Directory"
    )
    easting, northing = _to_grid().transform(homes["lon"].to_numpy(), homes["lat"].to_numpy())
    homes["easting"] = np.where(placed, easting, np.nan)
    homes["northing"] = np.where(placed, northing, np.nan)
    return homes


def _km_apart(lat1: pd.Series, lon1: pd.Series, lat2: pd.Series, lon2: pd.Series) -> pd.Series:
    """Great-circle distance in km (NaN where any coordinate is missing)."""
    p1, p2 = np.radians(lat1.astype(float)), np.radians(lat2.astype(float))
    dlat = p2 - p1
    dlon = np.radians(lon2.astype(float) - lon1.astype(float))
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(a.clip(0, 1)))


def _to_grid() -> Transformer:
    return Transformer.from_crs(4326, 27700, always_xy=True)


def in_council(homes: pd.DataFrame, council: Council) -> pd.Series:
    by_postcode = homes["lad_code"].isin(council.district_codes).fillna(False).astype(bool)
    names = {council.name.casefold(), *(name.casefold() for name in council.district_names)}
    by_name = homes["lad_code"].isna() & homes["local_authority"].str.casefold().isin(names)
    return by_postcode | by_name.fillna(False).astype(bool)


def split_by_council(homes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Group a national import's homes by the council each one is in (by postcode or name)."""
    councils = list_councils()
    by_district = {d: c.code for c in councils for d in c.district_codes}
    by_name = {c.name.casefold(): c.code for c in councils}
    code = homes["lad_code"].map(by_district)
    code = code.fillna(homes["local_authority"].str.casefold().map(by_name))
    return {str(c): group.reset_index(drop=True) for c, group in homes.groupby(code)}
