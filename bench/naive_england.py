"""The England map built naively, for comparison only: never part of the app.

One folium Marker with a popup per home, the LSOA polygons as shipped (unsimplified)
with a style function that colours each feature, everything recomputed on every run.
bench/england.py serves this file with Streamlit beside the app and times it the same way.
It draws the same homes (illustrative) and the same measure (postcodes per km²).
"""

import json
import os
import time

import folium
import geopandas as gpd
import numpy as np
import streamlit as st
from streamlit_folium import st_folium

from bench.generate import england_homes
from geo.england import _build_density, density_breaks
from geo.sources import lsoa_geojson_path
from maps.assets import use_local_assets
from maps.england import DENSITY_COLOURS
from maps.supply_layers import home_popup

started = time.perf_counter()
st.title("England overview, built naively (benchmark baseline)")
st.badge("Illustrative homes", color="orange")
raw = gpd.read_file(lsoa_geojson_path(), engine="pyogrio")
lsoas = raw[raw["LSOA11CD"].str.startswith("E")].copy()
density = _build_density().set_index("lsoa_code")["per_km2"]
lsoas["per_km2"] = lsoas["LSOA11CD"].map(density).astype(float).round(1)
breaks = density_breaks(lsoas["per_km2"])
homes = england_homes()
prepared = time.perf_counter()


def _colour(feature: dict) -> dict:
    value = feature["properties"]["per_km2"]
    number = int(np.searchsorted(breaks, value, side="right"))
    return {"fillColor": DENSITY_COLOURS[number], "color": "#555555", "weight": 0.3}


fmap = folium.Map(location=[52.8, -1.6], zoom_start=6, tiles=None)
folium.GeoJson(
    lsoas[["LSOA11CD", "LSOA11NM", "per_km2", "geometry"]],
    style_function=_colour,
    tooltip=folium.GeoJsonTooltip(fields=["LSOA11NM", "per_km2"]),
).add_to(fmap)
for _, home in homes.iterrows():
    folium.Marker([home["lat"], home["lon"]], popup=folium.Popup(home_popup(home))).add_to(fmap)
use_local_assets(fmap)
# folium writes each popup's HTML through jQuery; bench/england.py serves it beside Leaflet.
fmap.default_js = [*fmap.default_js, ("jquery", "/app/static/vendor/jquery.min.js")]
built = time.perf_counter()
# returned_objects=[] as on our page: the map never reruns the script by itself, so the
# baseline is drawn once a visit, as ours is (a naive default would rerun on load).
st_folium(fmap, key="naive-england", height=560, use_container_width=True, returned_objects=[])
finished = time.perf_counter()
if os.environ.get("CMM_BENCH_TIMINGS"):
    with open(os.environ["CMM_BENCH_TIMINGS"], "a", encoding="utf-8") as out:
        timings = {
            "prepare_s": round(prepared - started, 2),
            "build_map_s": round(built - prepared, 2),
            "st_folium_s": round(finished - built, 2),
        }
        out.write(json.dumps(timings) + "\n")
