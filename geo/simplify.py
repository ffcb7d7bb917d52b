"""Geometry generalised for drawing: simplified in British National Grid, rounded in WGS84."""

from __future__ import annotations

import geopandas as gpd

WGS84 = 4326
BRITISH_NATIONAL_GRID = 27700
# Half a pixel at zoom 12 is about 20 m: finer detail cannot be seen at county scale.
SIMPLIFY_METRES = 20
COORD_DECIMALS = 5


def simplify_for_map(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return areas simplified in British National Grid, back in WGS84 with fewer points."""
    grid = areas.to_crs(BRITISH_NATIONAL_GRID)
    grid["geometry"] = grid.geometry.simplify(SIMPLIFY_METRES, preserve_topology=True)
    out = grid.to_crs(WGS84)
    out["geometry"] = out.geometry.set_precision(10**-COORD_DECIMALS)
    return out
