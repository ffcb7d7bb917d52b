"""UK postcodes: normalise what people type and look it up in the ONS Postcode Directory."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import brotli
import msgpack
import numpy as np
import pandas as pd
from pyproj import Transformer

from geo.sources import postcode_dir

# Outward code (area, district, optional sub-district) then inward code (sector, unit).
# Royal Mail never uses Q, V or X first, I, J or Z second, or C, I, K, M, O, V inward.
_POSTCODE_RE = re.compile(r"^([A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$")
_SPECIAL = {"GIR0AA": "GIR 0AA"}


class LookupStatus(StrEnum):
    """How a postcode lookup ended."""

    FOUND = "found"
    MALFORMED = "malformed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PostcodeLookup:
    """The result of looking up one postcode; coordinates only when it was found."""

    status: LookupStatus
    typed: str
    postcode: str | None = None
    easting: float | None = None
    northing: float | None = None
    lat: float | None = None
    lon: float | None = None
    lad_code: str | None = None

    @property
    def found(self) -> bool:
        """Whether the postcode is in the directory with a grid reference."""
        return self.status is LookupStatus.FOUND


def normalise_postcode(text: str) -> str | None:
    """Return the postcode in its standard form ('DL15 8NN'), or None if it is not one."""
    compact = re.sub(r"\s+", "", str(text)).upper()
    if compact in _SPECIAL:
        return _SPECIAL[compact]
    match = _POSTCODE_RE.match(compact)
    if match is None:
        return None
    return f"{match.group(1)} {match.group(2)}"


@lru_cache(maxsize=32)
def _letter_table(letter: str) -> pd.DataFrame:
    # One brotli-compressed msgpack file per first letter: load only the ones asked for.
    path = postcode_dir() / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return pd.DataFrame(columns=["easting", "northing", "lad_code"])
    packed = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)
    raw = pd.DataFrame(packed["data"], columns=packed["columns"])
    table = pd.DataFrame(
        {
            "easting": raw["oseast1m"].astype("float64").to_numpy(),
            "northing": raw["osnrth1m"].astype("float64").to_numpy(),
            "lad_code": raw["laua"].astype("string").to_numpy(),
        },
        index=pd.Index(raw["pcd"].str.replace(" ", "", regex=False), name="compact"),
    )
    return table[~table.index.duplicated()]


@lru_cache(maxsize=1)
def _to_wgs84() -> Transformer:
    return Transformer.from_crs(27700, 4326, always_xy=True)


def lookup_postcode(text: str) -> PostcodeLookup:
    """Look up a typed postcode: malformed, unknown (well-formed but not listed) or found."""
    postcode = normalise_postcode(text)
    if postcode is None:
        return PostcodeLookup(LookupStatus.MALFORMED, typed=str(text))
    table = _letter_table(postcode[0])
    compact = postcode.replace(" ", "")
    if compact not in table.index:
        return PostcodeLookup(LookupStatus.UNKNOWN, typed=str(text), postcode=postcode)
    row = table.loc[compact]
    if pd.isna(row["easting"]) or pd.isna(row["northing"]):
        # Listed but without a grid reference (some terminated or non-geographic codes).
        return PostcodeLookup(LookupStatus.UNKNOWN, typed=str(text), postcode=postcode)
    lon, lat = _to_wgs84().transform(row["easting"], row["northing"])
    return PostcodeLookup(
        LookupStatus.FOUND,
        typed=str(text),
        postcode=postcode,
        easting=float(row["easting"]),
        northing=float(row["northing"]),
        lat=float(lat),
        lon=float(lon),
        lad_code=str(row["lad_code"]),
    )


def locate_postcodes(values: pd.Series) -> pd.DataFrame:
    """Locate many postcodes at once; returns one row per input, aligned on its index.

    Columns: postcode (normalised or NA), status (a LookupStatus value), easting,
    northing, lat, lon, lad_code.
    """
    normalised = values.map(lambda v: normalise_postcode(v) if pd.notna(v) else None)
    compact = normalised.str.replace(" ", "", regex=False)
    out = pd.DataFrame(index=values.index)
    out["postcode"] = normalised.astype("string")
    out["easting"] = float("nan")
    out["northing"] = float("nan")
    out["lad_code"] = pd.Series(pd.NA, index=values.index, dtype="string")
    for letter, keys in compact.dropna().groupby(compact.dropna().str[0]):
        table = _letter_table(letter).reindex(keys.to_numpy())
        out.loc[keys.index, "easting"] = table["easting"].to_numpy()
        out.loc[keys.index, "northing"] = table["northing"].to_numpy()
        out.loc[keys.index, "lad_code"] = table["lad_code"].to_numpy()
    placed = out["easting"].notna() & out["northing"].notna()
    out["status"] = LookupStatus.UNKNOWN.value
    out.loc[normalised.isna(), "status"] = LookupStatus.MALFORMED.value
    out.loc[placed, "status"] = LookupStatus.FOUND.value
    lon, lat = _to_wgs84().transform(out["easting"].to_numpy(), out["northing"].to_numpy())
    out["lat"] = lat
    out["lon"] = lon
    out.loc[~placed, ["lat", "lon"]] = float("nan")
    return out


POSTCODE_LETTERS = "ABCDEFGHIJKLMNOPRSTUWYZ"


def postcode_tables() -> Iterator[tuple[str, pd.DataFrame]]:
    """Yield each first letter's postcodes (easting, northing, lad_code) in turn.

    Read afresh and not kept by the lookup's cache, so a pass over England holds one
    letter (about 80 MB) at a time, not the whole directory (about 1 GB).
    """
    for letter in POSTCODE_LETTERS:
        yield letter, _letter_table.__wrapped__(letter)


def all_postcodes(letters: str = POSTCODE_LETTERS) -> pd.DataFrame:
    """Return every postcode with a grid reference, for the letters given (default all)."""
    frames = [_letter_table(letter) for letter in letters]
    table = pd.concat(frames)
    return table[table["easting"].notna() & table["northing"].notna()]


def postcodes_in_districts(district_codes: Iterable[str]) -> pd.DataFrame:
    """Return the postcodes with a grid reference in the districts given, sorted.

    Filters each letter's table by position before joining them: boolean indexing on the
    whole directory's string index costs seconds a call, this about 0.1 s.
    """
    wanted = list(district_codes)
    parts = []
    for letter in POSTCODE_LETTERS:
        table = _letter_table(letter)
        keep = (
            table["lad_code"].isin(wanted).to_numpy(dtype=bool, na_value=False)
            & table["easting"].notna().to_numpy()
            & table["northing"].notna().to_numpy()
        )
        parts.append(table.iloc[np.flatnonzero(keep)])
    return pd.concat(parts).sort_index()
