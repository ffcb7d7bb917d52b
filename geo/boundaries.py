"""Small areas and council boundaries for England, dissolved from ONS LSOA 2011 polygons."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from geo import cache
from geo.councils import Council, council_for_district, list_councils
from geo.places import places_within
from geo.postcodes import PostcodeLookup, all_postcodes, postcodes_in_districts
from geo.simplify import (
    BRITISH_NATIONAL_GRID,
    COORD_DECIMALS,
    SIMPLIFY_METRES,
    WGS84,
    simplify_for_map,
)
from geo.sources import lsoa_geojson_path, postcode_dir

AREA_LEVELS = ("lsoa", "msoa", "district", "council")


@dataclass(frozen=True)
class CouncilGeography:
    """One council's geography in WGS84: small areas, districts, outline and places."""

    council: Council
    lsoas: gpd.GeoDataFrame
    msoas: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    boundary: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    # Every level again, generalised for drawing (geo.simplify), built once with the cache:
    # reprojecting and simplifying on each page view was most of a map's server time.
    display: gpd.GeoDataFrame
    # The same as GeoJSON text per level: turning frames into GeoJSON was the next cost.
    display_json: dict[str, str]
    # Each LSOA's centroid in British National Grid (code, easting, northing), in the
    # order of `lsoas`: distance measures need it on every rerun.
    lsoa_centres: pd.DataFrame

    def display_level(self, level: str) -> gpd.GeoDataFrame:
        """Return one level's areas (code, name, geometry) generalised for drawing."""
        return self.display[self.display["level"] == level].reset_index(drop=True)

    def drawable(self, areas: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
        """Return `areas` (rows of this council's areas, by `code`) with generalised geometry."""
        shapes = self.display_level(level).set_index("code").geometry
        drawn = areas.copy()
        drawn["geometry"] = gpd.GeoSeries(
            areas["code"].map(shapes).to_numpy(), index=areas.index, crs=WGS84
        )
        return drawn.set_crs(WGS84, allow_override=True)

    @property
    def wsen(self) -> tuple[float, float, float, float]:
        """Return (west, south, east, north) of the council."""
        west, south, east, north = self.boundary.total_bounds
        return (float(west), float(south), float(east), float(north))

    @property
    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """Return ((south, west), (north, east)) of the council, as Leaflet wants them."""
        west, south, east, north = self.wsen
        return (south, west), (north, east)


def _england_inputs() -> list:
    return [lsoa_geojson_path(), *sorted(postcode_dir().glob("postcodes_*.msgpack.br"))]


def load_england_lsoas() -> gpd.GeoDataFrame:
    """Return England's 32,844 LSOAs (2011) with MSOA name and today's district code.

    Each LSOA takes the district (lower-tier authority) that most of its postcodes are in,
    from the ONS Postcode Directory, so councils formed since 2011 get their small areas.
    Built once (about 10 s) and cached as GeoParquet.
    """
    return cache.cached_frame("england-lsoa", _england_inputs(), _build_england_lsoas, geo=True)


def _build_england_lsoas() -> gpd.GeoDataFrame:
    raw = gpd.read_file(lsoa_geojson_path(), engine="pyogrio")
    lsoas = raw.loc[raw["LSOA11CD"].str.startswith("E"), ["LSOA11CD", "LSOA11NM", "geometry"]]
    lsoas = lsoas.rename(columns={"LSOA11CD": "lsoa_code", "LSOA11NM": "lsoa_name"})
    lsoas = lsoas.set_crs(WGS84, allow_override=True).reset_index(drop=True)
    # The LSOA name is "<district> <MSOA number><letter>": drop the letter for the MSOA.
    lsoas["msoa_name"] = lsoas["lsoa_name"].str[:-1]
    lsoas["district_code"] = _majority_district(lsoas)
    return lsoas


def _majority_district(lsoas: gpd.GeoDataFrame) -> pd.Series:
    postcodes = all_postcodes()
    postcodes = postcodes[postcodes["lad_code"].str.startswith("E", na=False)]
    points = gpd.GeoSeries.from_xy(
        postcodes["easting"], postcodes["northing"], crs=BRITISH_NATIONAL_GRID
    )
    polygons = lsoas.to_crs(BRITISH_NATIONAL_GRID)
    point_idx, poly_idx = polygons.sindex.query(points.values, predicate="within")
    pairs = pd.DataFrame(
        {"poly": poly_idx, "district": postcodes["lad_code"].to_numpy()[point_idx]}
    )
    counts = pairs.groupby(["poly", "district"], observed=True).size().rename("n").reset_index()
    winner = counts.sort_values("n", ascending=False).drop_duplicates("poly").set_index("poly")
    district = pd.Series(winner["district"], index=range(len(lsoas)), dtype="string")
    # An LSOA with no postcode inside takes the district most of its namesakes are in.
    prefix = lsoas["msoa_name"].str.rsplit(" ", n=1).str[0]
    by_name = district.groupby(prefix).agg(lambda s: s.mode().iloc[0] if s.notna().any() else pd.NA)
    return district.fillna(prefix.map(by_name)).astype("string")


@lru_cache(maxsize=1)
def current_district_codes() -> frozenset[str]:
    """Return the district codes that have LSOAs today (the Postcode Directory's vintage)."""
    return frozenset(load_england_lsoas()["district_code"].dropna().unique())


def english_councils() -> tuple[Council, ...]:
    """Return the councils that exist today, featured ones first."""
    return list_councils(current_district_codes())


def load_council_geography(council: Council) -> CouncilGeography:
    """Return a council's LSOAs, MSOAs, districts, outline and places, cached per council."""
    inputs = [*_england_inputs(), council.code, *council.district_codes]
    areas = cache.cached_frame(
        f"council-{council.code}-areas", inputs, lambda: _build_areas(council), geo=True
    )
    outline = areas[areas["level"] == "council"]
    places = cache.cached_frame(
        f"council-{council.code}-places",
        [*inputs, "places"],
        lambda: places_within(outline),
        geo=True,
    )
    display = cache.cached_frame(
        f"council-{council.code}-display",
        [*inputs, f"simplified {SIMPLIFY_METRES} m, {COORD_DECIMALS} decimals"],
        lambda: simplify_for_map(areas[["level", "code", "name", "geometry"]]),
        geo=True,
    )
    lsoas = _level(areas, "lsoa")
    drawn = cache.cached_frame(
        f"council-{council.code}-drawn",
        [*inputs, f"geojson of simplified {SIMPLIFY_METRES} m, {COORD_DECIMALS} decimals"],
        lambda: _display_json(display),
        geo=False,
    )
    centres = cache.cached_frame(
        f"council-{council.code}-centres",
        [*inputs, "lsoa centroids"],
        lambda: _centres(lsoas),
        geo=False,
    )
    return CouncilGeography(
        council=council,
        lsoas=lsoas,
        msoas=_level(areas, "msoa"),
        districts=_level(areas, "district"),
        boundary=outline.reset_index(drop=True),
        places=places,
        display=display,
        display_json=dict(zip(drawn["level"], drawn["geojson"], strict=True)),
        lsoa_centres=centres,
    )


def _display_json(display: gpd.GeoDataFrame) -> pd.DataFrame:
    # GeoJSON text per level, ready for folium: written once, read with the cache.
    return pd.DataFrame(
        {
            "level": list(AREA_LEVELS),
            "geojson": [
                display[display["level"] == level][["code", "name", "geometry"]].to_json(
                    drop_id=True
                )
                for level in AREA_LEVELS
            ],
        }
    )


def _centres(lsoas: gpd.GeoDataFrame) -> pd.DataFrame:
    centres = lsoas.to_crs(BRITISH_NATIONAL_GRID).geometry.centroid
    return pd.DataFrame({"code": lsoas["code"], "easting": centres.x, "northing": centres.y})


def _level(areas: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
    return areas[areas["level"] == level].reset_index(drop=True)


def _build_areas(council: Council) -> gpd.GeoDataFrame:
    england = load_england_lsoas()
    lsoas = england[england["district_code"].isin(council.district_codes)].copy()
    if lsoas.empty:
        raise ValueError(f"No small areas found for {council.label}")
    names = dict(zip(council.district_codes, council.district_names, strict=True))
    lsoas["district_name"] = lsoas["district_code"].map(names)
    lsoas["level"] = "lsoa"
    lsoas["code"] = lsoas["lsoa_code"]
    lsoas["name"] = lsoas["lsoa_name"]
    # Dissolve in British National Grid so shared edges of neighbouring LSOAs cancel out.
    grid = lsoas.to_crs(BRITISH_NATIONAL_GRID)
    msoas = _dissolve(grid, "msoa_name", "msoa")
    districts = _dissolve(grid, "district_code", "district")
    districts["name"] = districts["code"].map(names)
    outline = gpd.GeoDataFrame(
        {"level": ["council"], "code": [council.code], "name": [council.name]},
        geometry=[grid.geometry.union_all().buffer(0)],
        crs=BRITISH_NATIONAL_GRID,
    )
    counts = lsoas.groupby("msoa_name").size()
    msoas["lsoa_count"] = msoas["code"].map(counts).astype("int64")
    parts = [lsoas, msoas.to_crs(WGS84), districts.to_crs(WGS84), outline.to_crs(WGS84)]
    columns = ["level", "code", "name", "msoa_name", "district_code", "district_name"]
    frame = pd.concat([p.reindex(columns=[*columns, "lsoa_count", "geometry"]) for p in parts])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=WGS84).reset_index(drop=True)


def _dissolve(grid: gpd.GeoDataFrame, by: str, level: str) -> gpd.GeoDataFrame:
    keep = list(dict.fromkeys([by, "district_code", "district_name", "geometry"]))
    dissolved = grid[keep].dissolve(by=by, aggfunc="first")
    dissolved["geometry"] = dissolved.geometry.buffer(0)
    dissolved = dissolved.reset_index()
    dissolved["code"] = dissolved[by]
    dissolved["level"] = level
    dissolved["name"] = dissolved["code"]
    if by == "msoa_name":
        dissolved["msoa_name"] = dissolved["code"]
    return dissolved


@dataclass(frozen=True)
class SmallAreaMatch:
    """The small areas a point falls in, within one council."""

    council: Council
    lsoa_code: str | None
    lsoa_name: str | None
    msoa_name: str | None
    district_name: str | None


def small_area_at(geography: CouncilGeography, lat: float, lon: float) -> SmallAreaMatch:
    """Return the LSOA, MSOA and district of a point within a council (None where outside).

    Boundaries are generalised, so a point on the coast or a boundary may fall just
    outside every polygon; it then takes the nearest LSOA within 250 m.
    """
    point = gpd.GeoSeries.from_xy([lon], [lat], crs=WGS84).to_crs(BRITISH_NATIONAL_GRID)
    lsoas = geography.lsoas.to_crs(BRITISH_NATIONAL_GRID)
    hits = lsoas.sindex.query(point.iloc[0], predicate="within")
    if len(hits) == 0:
        distances = lsoas.distance(point.iloc[0])
        hits = distances[distances <= 250].sort_values().index[:1].to_numpy()
    if len(hits) == 0:
        return SmallAreaMatch(geography.council, None, None, None, None)
    row = geography.lsoas.iloc[int(hits[0])]
    return SmallAreaMatch(
        council=geography.council,
        lsoa_code=str(row["code"]),
        lsoa_name=str(row["name"]),
        msoa_name=str(row["msoa_name"]),
        district_name=str(row["district_name"]),
    )


def postcode_area(lookup: PostcodeLookup) -> SmallAreaMatch | None:
    """Return the council and small areas of a found postcode; None if it is not in England."""
    if not lookup.found or lookup.lad_code is None:
        return None
    council = council_for_district(lookup.lad_code, english_councils())
    if council is None:
        return None
    return small_area_at(load_council_geography(council), lookup.lat, lookup.lon)


def council_postcodes(geography: CouncilGeography) -> pd.DataFrame:
    """Return every postcode in the council's districts with its LSOA and MSOA (cached).

    Columns: postcode ("DL15 8NN"), compact ("DL158NN"), easting, northing, lat, lon,
    lad_code, lsoa_code and msoa_name (both NA for the few postcodes that fall outside
    the generalised LSOA boundaries). Sorted by postcode, so samples drawn from it with a
    fixed seed are the same on every machine.
    """
    council = geography.council
    inputs = [*_england_inputs(), council.code, *council.district_codes, "postcodes-v2"]
    return cache.cached_frame(
        f"council-{council.code}-postcodes",
        inputs,
        lambda: _locate_council_postcodes(geography),
        geo=False,
    )


def _locate_council_postcodes(geography: CouncilGeography) -> pd.DataFrame:
    rows = postcodes_in_districts(geography.council.district_codes)
    points = gpd.GeoSeries.from_xy(rows["easting"], rows["northing"], crs=BRITISH_NATIONAL_GRID)
    lsoas = geography.lsoas.to_crs(BRITISH_NATIONAL_GRID)
    point_idx, poly_idx = lsoas.sindex.query(points.values, predicate="within")
    lsoa = pd.Series(pd.NA, index=range(len(rows)), dtype="string")
    lsoa.iloc[point_idx] = lsoas["code"].to_numpy()[poly_idx]
    msoa = lsoa.map(dict(zip(lsoas["code"], lsoas["msoa_name"], strict=True)))
    wgs = points.to_crs(WGS84)
    compact = pd.Series(rows.index.to_numpy(), dtype="string")
    return pd.DataFrame(
        {
            "postcode": compact.str[:-3] + " " + compact.str[-3:],
            "compact": compact,
            "easting": rows["easting"].to_numpy(),
            "northing": rows["northing"].to_numpy(),
            "lat": wgs.y.to_numpy(),
            "lon": wgs.x.to_numpy(),
            "lad_code": rows["lad_code"].to_numpy(),
            "lsoa_code": lsoa.to_numpy(),
            "msoa_name": msoa.astype("string").to_numpy(),
        }
    )
