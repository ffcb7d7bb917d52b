"""Readers for a council's zone layout: a lookup CSV or a GeoJSON of zone boundaries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import shape

from data.budget import check_time
from data.figures import PACKS_DIR
from data.problems import InputFileError, Problem, read_csv_text
from data.sniff import check_content
from geo.boundaries import WGS84

LOOKUP_COLUMNS = ("area_code", "zone")
OPTIONAL_COLUMNS = ("providers",)
PACK_LOOKUP = "zones.csv"
PACK_SHAPES = "zones.geojson"
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
# Limits checked before any costly work, so no upload can hold the server: a council has
# tens of zones (Wiltshire's documents plan 15), not thousands, and a zone's name is a few
# words (it is drawn on every zones and demand page for every visitor).
MAX_ZONES = 200
MAX_ZONE_NAME = 120
MAX_VERTICES = 500_000
# Rows in a zone lookup: England and Wales have under 36,000 small areas (LSOA 2021).
MAX_LOOKUP_ROWS = 50_000


class ZoneFileError(InputFileError):
    """A zone layout that does not fit the council; nothing from it is used."""


def read_zone_lookup(raw: bytes, file_name: str) -> pd.DataFrame:
    """Read a zone lookup CSV: area_code, zone and optional providers, with file rows kept."""
    check_content(raw, file_name, ("csv",), ZoneFileError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ZoneFileError(
            file_name, [Problem(None, None, f"expected a UTF-8 CSV file ({exc})")]
        ) from exc
    table, problems = read_csv_text(text, max_rows=MAX_LOOKUP_ROWS)
    if table is None:
        raise ZoneFileError(file_name, problems)
    check_time("checking each row")
    problems = [
        Problem(1, c, "missing column; expected it in the header row")
        for c in LOOKUP_COLUMNS
        if c not in table.columns
    ]
    if problems:
        raise ZoneFileError(file_name, problems)
    if table.empty:
        raise ZoneFileError(file_name, [Problem(None, None, "no rows below the header")])
    table = table.apply(lambda column: column.str.strip())
    if "providers" not in table.columns:
        table["providers"] = ""
    table["row"] = table.index + 2
    for i, row in table.iterrows():
        if not row["zone"]:
            problems.append(Problem(int(row["row"]), "zone", "expected a zone name (empty)"))
        elif len(row["zone"]) > MAX_ZONE_NAME:
            problems.append(_long_name(int(row["row"]), len(row["zone"])))
        if row["providers"] and not _WHOLE_NUMBER.fullmatch(row["providers"]):
            problems.append(
                Problem(
                    int(row["row"]),
                    "providers",
                    f"expected a whole number of providers, found '{row['providers'][:20]}'",
                )
            )
        del i
    if not problems and (zones := table["zone"].nunique()) > MAX_ZONES:
        problems.append(_too_many_zones(zones))
    if problems:
        raise ZoneFileError(file_name, problems)
    table["providers"] = pd.to_numeric(table["providers"].replace("", None)).astype("Int64")
    return table[["area_code", "zone", "providers", "row"]]


def _long_name(row: int | None, length: int) -> Problem:
    return Problem(
        row, "zone", f"expected a zone name of at most {MAX_ZONE_NAME} characters, found {length:,}"
    )


def _too_many_zones(found: int) -> Problem:
    return Problem(
        None, "zone", f"expected at most {MAX_ZONES} zones, found {found:,}: is this a zone layout?"
    )


def read_zone_geojson(raw: bytes, file_name: str) -> gpd.GeoDataFrame:
    """Read zone polygons from GeoJSON (WGS84): each feature needs a `zone` property."""
    check_content(raw, file_name, ("geojson", "json"), ZoneFileError)
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ZoneFileError(
            file_name, [Problem(None, None, f"expected GeoJSON text ({exc})")]
        ) from exc
    features = document.get("features") if isinstance(document, dict) else None
    if not features or not isinstance(features, list):
        raise ZoneFileError(
            file_name, [Problem(None, None, "expected a FeatureCollection with zone features")]
        )
    if len(features) > MAX_ZONES:
        raise ZoneFileError(file_name, [_too_many_zones(len(features))])
    problems: list[Problem] = []
    records = []
    vertices = 0
    for number, feature in enumerate(features, start=1):
        check_time(f"zone feature {number}")
        if not isinstance(feature, dict):
            problems.append(Problem(number, None, "expected a GeoJSON Feature object"))
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            problems.append(Problem(number, "zone", "expected `properties` to be an object"))
            continue
        zone = str(properties.get("zone", "")).strip()
        if not zone:
            problems.append(Problem(number, "zone", "expected a `zone` property (feature number)"))
        elif len(zone) > MAX_ZONE_NAME:
            problems.append(_long_name(number, len(zone)))
        providers = properties.get("providers")
        if providers not in (None, "") and not _WHOLE_NUMBER.fullmatch(str(providers)):
            problems.append(Problem(number, "providers", "expected a whole number of providers"))
        try:
            geometry = shape(feature.get("geometry") or {})
            vertices += shapely.get_num_coordinates(geometry)
        except (ValueError, AttributeError, TypeError, KeyError, ShapelyError):
            geometry = None
        if vertices > MAX_VERTICES:
            raise ZoneFileError(
                file_name,
                [
                    Problem(
                        number,
                        "geometry",
                        f"expected at most {MAX_VERTICES:,} points in all; simplify the "
                        "boundaries (zones need not be drawn to the metre)",
                    )
                ],
            )
        try:
            if geometry is not None and not geometry.is_valid:
                geometry = geometry.buffer(0)
        except (ValueError, AttributeError, TypeError, KeyError, ShapelyError):
            geometry = None
        if (
            geometry is None
            or geometry.is_empty
            or geometry.geom_type
            not in (
                "Polygon",
                "MultiPolygon",
            )
        ):
            problems.append(Problem(number, "geometry", "expected a Polygon or MultiPolygon"))
            continue
        records.append({"zone": zone, "providers": providers, "geometry": geometry})
    if problems:
        raise ZoneFileError(file_name, problems)
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs=WGS84)
    frame["providers"] = pd.to_numeric(frame["providers"].replace("", None)).astype("Int64")
    west, south, east, north = frame.total_bounds
    if not (west > -10 and east < 3 and south > 49 and north < 61):
        raise ZoneFileError(
            file_name,
            [Problem(None, "geometry", "expected longitude and latitude (WGS84) in England")],
        )
    return frame


def pack_zone_file(council_code: str, root: Path = PACKS_DIR) -> Path | None:
    """Return the zone layout kept in the council's data pack, if there is one."""
    for name in (PACK_LOOKUP, PACK_SHAPES):
        path = root / council_code / name
        if path.is_file():
            return path
    return None
