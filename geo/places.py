"""Towns and villages from GeoNames, kept to those inside a council."""

from __future__ import annotations

import json
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from geo.sources import places_path


@lru_cache(maxsize=1)
def load_english_places() -> gpd.GeoDataFrame:
    """Return GeoNames' populated places in England (population 500 and over), in WGS84."""
    records = json.loads(places_path().read_text(encoding="utf-8")).values()
    rows = [
        (r["geonameid"], r["name"], int(r["population"] or 0), r["latitude"], r["longitude"])
        for r in records
        if r.get("countrycode") == "GB" and r.get("admin1code") == "ENG"
    ]
    frame = pd.DataFrame(rows, columns=["geonameid", "name", "population", "lat", "lon"])
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326
    )


def places_within(outline: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the places inside an outline, largest first, one per name."""
    places = load_english_places()
    inside = places[places.within(outline.geometry.union_all())]
    inside = inside.sort_values(["population", "name"], ascending=[False, True])
    return inside.drop_duplicates("name").reset_index(drop=True)
