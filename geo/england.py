"""England's councils and small areas with their postcode density, shaped for every zoom.

Reference geography, cached on disk: each LSOA's postcodes per km², the same figure for
each of the 153 councils, and the shapes the England map draws: councils (dissolved from
the small areas) at England zoom, every small area once zoomed in. The shipped small
areas are ONS's super generalised set: at every zoom from 9 on a pixel is finer than
their own generalisation (a one-pixel simplification at zoom 9 removes 5% of their
points), so they are drawn as shipped and only rounded to about a metre, well under a
pixel at the map's deepest zoom. maps/england.py writes them as files the browser fetches.
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
# Councils up to this zoom (a small area is a pixel or two); small areas from the next.
NATIONAL_MAX_ZOOM = 8
SMALL_AREA_MIN_ZOOM = NATIONAL_MAX_ZOOM + 1
# Deepest zoom offered: a street or two across, finer than the shipped shapes' own detail.
MAX_ZOOM = 16
# A pixel covers least ground at England's northern edge: errors are bounded there.
NORTH_EDGE = ENGLAND_BOUNDS[1][0]
# Five decimals of a degree are at most 0.7 m off: under a pixel (1.3 m) at MAX_ZOOM.
COORD_DECIMALS = 5
# Equal-count classes of postcode density (maps/england.py gives each a colour).
DENSITY_CLASSES = 5
BUILD_VERSION = "england-1"
SHAPES_VERSION = "england-shapes-2"


def pixel_metres(zoom: int) -> float:
    """Return the ground one screen pixel covers at `zoom`, where in England it is least."""
    return 156_543.03 * math.cos(math.radians(NORTH_EDGE)) / 2**zoom


def density_inputs() -> list:
    """Return what the cached postcode densities are built from (their fingerprint)."""
    return [
        lsoa_geojson_path(),
        *sorted(postcode_dir().glob("postcodes_*.msgpack.br")),
        BUILD_VERSION,
    ]


def shape_inputs() -> list:
    """Return what the cached shapes and the England layers are built from."""
    return [*density_inputs(), SHAPES_VERSION]


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


def density_breaks(per_km2: pd.Series, classes: int = DENSITY_CLASSES) -> list[float]:
    """Return the upper bounds of equal-count classes, rounded to two significant figures."""
    inner = per_km2.quantile(np.linspace(0, 1, classes + 1)[1:-1]).to_numpy()
    return [float(f"{v:.2g}") for v in inner]


def density_class(per_km2: pd.Series, breaks: list[float]) -> np.ndarray:
    """Return each value's class number, 0 (lowest) to len(breaks)."""
    return np.searchsorted(breaks, per_km2.to_numpy(), side="right")


def england_breaks() -> list[float]:
    """Return the class breaks of the map: equal counts of small areas, used at every zoom."""
    return density_breaks(lsoa_density()["per_km2"])


def _council_of_district() -> dict[str, str]:
    return {d: c.code for c in english_councils() for d in c.district_codes}


def council_density() -> pd.DataFrame:
    """Return each council's postcodes, area, postcodes per km² and class, by code.

    Columns: code, name, postcodes, area_km2, per_km2, number (the map's class, from the
    small areas' breaks, so a colour means the same at every zoom), lsoas.
    """
    density = lsoa_density()
    council = density["district_code"].map(_council_of_district())
    sums = density.groupby(council).agg(
        postcodes=("postcodes", "sum"), area_km2=("area_km2", "sum"), lsoas=("lsoa_code", "size")
    )
    names = {c.code: c.name for c in english_councils()}
    out = sums.rename_axis("code").reset_index()
    out.insert(1, "name", out["code"].map(names))
    out["per_km2"] = out["postcodes"] / out["area_km2"]
    out["number"] = density_class(out["per_km2"], england_breaks())
    return out


def council_shapes() -> gpd.GeoDataFrame:
    """Return the 153 councils, each dissolved whole from its small areas (cached on disk).

    Columns: code, name, geometry (WGS84, rounded to COORD_DECIMALS, not simplified:
    36,699 points for all of England, drawn at every zoom).
    """
    return cache.cached_frame("england-council-shapes", shape_inputs(), _build_councils, geo=True)


def _build_councils() -> gpd.GeoDataFrame:
    grid = _councils_in_grid()
    names = {c.code: c.name for c in english_councils()}
    return for_the_browser(
        gpd.GeoDataFrame(
            {"code": grid.index, "name": grid.index.map(names)},
            geometry=grid.to_numpy(),
            crs=BRITISH_NATIONAL_GRID,
        )
    )


def _councils_in_grid() -> gpd.GeoSeries:
    lsoas = load_england_lsoas().to_crs(BRITISH_NATIONAL_GRID)
    lsoas["council"] = lsoas["district_code"].map(_council_of_district())
    return lsoas.dissolve(by="council").geometry


def council_classes() -> gpd.GeoDataFrame:
    """Return one shape per density class, its councils merged (cached on disk).

    Columns: number, lower, upper, councils, lsoas, geometry (WGS84, merged before
    rounding, so its edges are the council outlines' own points).
    """
    return cache.cached_frame("england-council-classes", shape_inputs(), _build_classes, geo=True)


def _build_classes() -> gpd.GeoDataFrame:
    density = council_density().set_index("code")
    grid = _councils_in_grid()
    number = density.loc[grid.index, "number"].to_numpy()
    lsoas = density.loc[grid.index, "lsoas"].to_numpy()
    edges = [0.0, *england_breaks(), math.inf]
    rows = [
        {
            "number": k,
            "lower": edges[k],
            "upper": edges[k + 1],
            "councils": int((number == k).sum()),
            "lsoas": int(lsoas[number == k].sum()),
            "geometry": shapely.union_all(grid.to_numpy()[number == k]),
        }
        for k in range(DENSITY_CLASSES)
    ]
    return for_the_browser(gpd.GeoDataFrame(rows, geometry="geometry", crs=BRITISH_NATIONAL_GRID))


def small_area_shapes() -> gpd.GeoDataFrame:
    """Return every English LSOA with its council, density and class (cached on disk).

    Columns: lsoa_code, lsoa_name, council, per_km2, number, geometry (WGS84, as
    shipped, rounded to COORD_DECIMALS).
    """
    return cache.cached_frame("england-small-areas", shape_inputs(), _build_small_areas, geo=True)


def _build_small_areas() -> gpd.GeoDataFrame:
    lsoas = load_england_lsoas()
    per_km2 = lsoas["lsoa_code"].map(lsoa_density().set_index("lsoa_code")["per_km2"])
    shapes = gpd.GeoDataFrame(
        {
            "lsoa_code": lsoas["lsoa_code"],
            "lsoa_name": lsoas["lsoa_name"],
            "council": lsoas["district_code"].map(_council_of_district()).astype("string"),
            "per_km2": per_km2.astype(float),
            "number": density_class(per_km2.astype(float), england_breaks()),
        },
        geometry=lsoas.geometry.to_numpy(),
        crs=WGS84,
    )
    return for_the_browser(shapes)


def for_the_browser(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return areas in WGS84 rounded to COORD_DECIMALS ("pointwise" never drops a polygon)."""
    wgs = areas.to_crs(WGS84)
    wgs["geometry"] = shapely.set_precision(
        wgs.geometry.to_numpy(), 10**-COORD_DECIMALS, mode="pointwise"
    )
    return wgs


def drawing_error_metres(original: gpd.GeoSeries, drawn: gpd.GeoSeries) -> np.ndarray:
    """Return each shape's Hausdorff distance, in metres, between the original and as drawn."""
    grid = original.to_crs(BRITISH_NATIONAL_GRID).to_numpy()
    back = drawn.to_crs(BRITISH_NATIONAL_GRID).to_numpy()
    return shapely.hausdorff_distance(grid, back)
