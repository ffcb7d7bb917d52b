"""GeoJSON text for folium, written straight from geometry arrays.

folium turns a GeoDataFrame into GeoJSON by reprojecting it, walking it feature by feature
and parsing its own output again; for the layers redrawn on every rerun that was a large
share of the server's time. Text from `shapely.to_geojson` skips all three.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo.simplify import COORD_DECIMALS, WGS84


def feature_collection(frame: gpd.GeoDataFrame, columns: list[str]) -> str:
    """Return the frame's rows as a GeoJSON FeatureCollection, `columns` as properties.

    The frame must be in WGS84 (longitude, latitude), as GeoJSON requires. Features are
    numbered from "0" as their id, which folium uses to tell them apart.
    """
    if frame.crs is not None and not _is_wgs84(frame.crs):
        raise ValueError(f"GeoJSON needs WGS84 coordinates, not {frame.crs}")
    return _collection(frame.geometry.to_numpy(), pd.DataFrame(frame[columns]))


def _is_wgs84(crs: pyproj.CRS) -> bool:
    """Return True if `crs` is WGS84, reading its own text first.

    A frame read from Streamlit's cache is a fresh copy whose CRS is kept as PROJJSON
    text; the first question put to it (`to_epsg`, `equals`) builds PROJ's object from that
    text, about 20 ms, on every run of the zones page (py-spy). The text names its EPSG
    code, so that is read first.
    """
    text = crs.srs.strip()
    if text.upper() == f"EPSG:{WGS84}":
        return True
    if text.startswith("{"):
        named = json.loads(text).get("id") or {}
        if named.get("authority") == "EPSG":
            return named.get("code") == WGS84
    return crs.to_epsg() == WGS84


def point_collection(lon: pd.Series, lat: pd.Series, properties: pd.DataFrame) -> str:
    """Return points at lon/lat as a GeoJSON FeatureCollection, with each row's properties."""
    points = shapely.points(
        np.round(lon.to_numpy(dtype="float64"), COORD_DECIMALS),
        np.round(lat.to_numpy(dtype="float64"), COORD_DECIMALS),
    )
    return _collection(points, properties)


def _collection(geometries: np.ndarray, records: pd.DataFrame) -> str:
    columns = list(records.columns)
    geometries = shapely.to_geojson(geometries)
    records = records.astype(object).where(records.notna(), None)
    properties = [
        json.dumps(dict(zip(columns, row, strict=True))) for row in records.itertuples(index=False)
    ]
    features = (
        f'{{"type":"Feature","id":"{i}","properties":{p},"geometry":{g}}}'
        for i, (p, g) in enumerate(zip(properties, geometries, strict=True))
    )
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
