"""England's small areas by postcode density, and its councils, simplified for an England map.

Reference geography, cached on disk: each LSOA's postcodes per km², equal-count density
classes merged into one shape each, and the 153 councils' outlines. maps/england.py draws
them and writes them as files the browser fetches.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import cache
from geo.boundaries import BRITISH_NATIONAL_GRID, WGS84, english_councils, load_england_lsoas
from geo.postcodes import postcode_tables
from geo.sources import lsoa_geojson_path, postcode_dir

# England (with Scilly and Northumberland) as Leaflet wants it: ((south, west), (north, east)).
ENGLAND_BOUNDS = ((49.86, -6.42), (55.81, 1.77))
ENGLAND_ZOOM = 6
# Half a pixel at zoom 6 and 52.5°N (the middle of England): 156,543 m / 2^6 * cos(52.5°) / 2.
SIMPLIFY_METRES = round(156_543.03 / 2**ENGLAND_ZOOM * math.cos(math.radians(52.5)) / 2)
COORD_DECIMALS = 3
# Equal-count classes of postcode density (maps/england.py gives each a colour).
DENSITY_CLASSES = 5
BUILD_VERSION = "england-1"


def density_inputs() -> list:
    """Return what the cached England layers are built from (their fingerprint)."""
    return [
        lsoa_geojson_path(),
        *sorted(postcode_dir().glob("postcodes_*.msgpack.br")),
        BUILD_VERSION,
    ]


def lsoa_density() -> pd.DataFrame:
    """Return each English LSOA's postcodes, area and postcodes per km² (cached on disk).

    Columns: lsoa_code, lsoa_name, district_code, postcodes, area_km2, per_km2.
    """
    return cache.cached_frame("england-lsoa-density", density_inputs(), _build_density, geo=False)


def _build_density() -> pd.DataFrame:
    lsoas = load_england_lsoas()
    grid = lsoas.to_crs(BRITISH_NATIONAL_GRID)
    counts = np.zeros(len(grid), dtype="int64")
    for _, table in postcode_tables():
        table = table[table["lad_code"].str.startswith("E", na=False) & table["easting"].notna()]
        if table.empty:
            continue
        points = shapely.points(table["easting"].to_numpy(), table["northing"].to_numpy())
        _, poly_idx = grid.sindex.query(points, predicate="within")
        counts += np.bincount(poly_idx, minlength=len(grid))
    area = grid.geometry.area.to_numpy() / 1e6
    return pd.DataFrame(
        {
            "lsoa_code": lsoas["lsoa_code"].astype("string"),
            "lsoa_name": lsoas["lsoa_name"].astype("string"),
            "district_code": lsoas["district_code"].astype("string"),
            "postcodes": counts,
            "area_km2": area,
            "per_km2": counts / area,
        }
    )


def council_outlines() -> gpd.GeoDataFrame:
    """Return the 153 councils as outlines simplified for England zoom (cached on disk).

    Columns: code, name, geometry (WGS84).
    """
    return cache.cached_frame("england-councils", density_inputs(), _build_councils, geo=True)


def _build_councils() -> gpd.GeoDataFrame:
    lsoas = load_england_lsoas().to_crs(BRITISH_NATIONAL_GRID)
    councils = english_councils()
    by_district = {d: c.code for c in councils for d in c.district_codes}
    lsoas["council"] = lsoas["district_code"].map(by_district)
    outlines = lsoas.dissolve(by="council")[["geometry"]].reset_index()
    names = {c.code: c.name for c in councils}
    outlines = gpd.GeoDataFrame(
        {"code": outlines["council"], "name": outlines["council"].map(names)},
        geometry=outlines.geometry.buffer(0),
        crs=BRITISH_NATIONAL_GRID,
    )
    return _for_england_zoom(outlines)


def _for_england_zoom(grid: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    # Simplify in metres, then round to the grid: "pointwise" never drops a polygon.
    grid = grid.copy()
    grid["geometry"] = grid.geometry.simplify(SIMPLIFY_METRES, preserve_topology=True)
    wgs = grid.to_crs(WGS84)
    wgs["geometry"] = shapely.set_precision(
        wgs.geometry.to_numpy(), 10**-COORD_DECIMALS, mode="pointwise"
    )
    return wgs


def density_breaks(per_km2: pd.Series, classes: int = DENSITY_CLASSES) -> list[float]:
    """Return the upper bounds of equal-count classes, rounded to two significant figures."""
    inner = per_km2.quantile(np.linspace(0, 1, classes + 1)[1:-1]).to_numpy()
    return [float(f"{v:.2g}") for v in inner]


def density_class(per_km2: pd.Series, breaks: list[float]) -> np.ndarray:
    """Return each value's class number, 0 (lowest) to len(breaks)."""
    return np.searchsorted(breaks, per_km2.to_numpy(), side="right")


def lsoa_classes() -> gpd.GeoDataFrame:
    """Return one multipolygon per density class, of every LSOA in it (cached on disk).

    Columns: number, lower, upper, lsoas, geometry (WGS84, simplified for England zoom).
    """
    return cache.cached_frame("england-lsoa-classes", density_inputs(), _build_classes, geo=True)


def _build_classes() -> gpd.GeoDataFrame:
    density = lsoa_density()
    lsoas = load_england_lsoas().to_crs(BRITISH_NATIONAL_GRID)
    per_km2 = lsoas["lsoa_code"].map(density.set_index("lsoa_code")["per_km2"]).astype(float)
    breaks = density_breaks(per_km2)
    number = density_class(per_km2, breaks)
    edges = [0.0, *breaks, math.inf]
    # Merge each class's areas before simplifying: a town of small areas under a pixel
    # each stays one solid shape instead of a scatter of specks with gaps between them.
    rows = [
        {
            "number": k,
            "lower": edges[k],
            "upper": edges[k + 1],
            "lsoas": int((number == k).sum()),
            "geometry": shapely.union_all(lsoas.geometry.to_numpy()[number == k]),
        }
        for k in range(len(breaks) + 1)
    ]
    classes = gpd.GeoDataFrame(rows, geometry="geometry", crs=BRITISH_NATIONAL_GRID)
    return _for_england_zoom(classes)
