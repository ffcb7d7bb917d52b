"""Care home supply per small area: filters, beds per 1,000 older people, and gaps by distance."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data.sources import cite
from geo.boundaries import BRITISH_NATIONAL_GRID, CouncilGeography
from market.zones import AreaSelection

# A home on the coast or a boundary may fall just outside the generalised polygons.
NEAREST_AREA_METRES = 250
# How a home's type of care reads on the map, in its legend, filters and tables.
TYPE_LABELS = {
    "nursing": "Nursing",
    "residential": "Residential",
    "both": "Nursing and residential",
    "not stated": "Type not stated",
}
BED_COLUMNS = {"nursing": "beds_nursing", "residential": "beds_residential", "both": "beds_both"}
AREA_COLUMNS = (
    "msoa_name",
    "homes",
    "beds",
    "beds_nursing",
    "beds_residential",
    "beds_both",
    "beds_not_stated",
    "age_65plus",
    "age_85plus",
    "beds_per_1000_65plus",
    "beds_per_1000_85plus",
)


@dataclass(frozen=True)
class HomeFilter:
    """Which homes to show: types, ratings, client groups and a minimum size."""

    care_types: tuple[str, ...]
    ratings: tuple[str, ...]
    older_people_only: bool = False
    dementia_only: bool = False
    min_beds: int = 0


@dataclass(frozen=True)
class PopulationBasis:
    """People aged 65+ and 85+ per MSOA, and how those numbers were made."""

    by_msoa: pd.DataFrame
    label: str
    method: str
    is_estimate: bool


def filter_homes(homes: pd.DataFrame, chosen: HomeFilter) -> pd.DataFrame:
    """Return the homes that pass the filter (homes with unknown beds pass a zero minimum)."""
    keep = homes["care_type"].isin(chosen.care_types) & homes["rating"].isin(chosen.ratings)
    if chosen.older_people_only:
        keep &= homes["older_people"]
    if chosen.dementia_only:
        keep &= homes["dementia"]
    if chosen.min_beds > 0:
        keep &= homes["beds"].fillna(0) >= chosen.min_beds
    return homes[keep.fillna(False).astype(bool)]


def assign_small_areas(homes: pd.DataFrame, geography: CouncilGeography) -> pd.DataFrame:
    """Add each placed home's LSOA code and MSOA name within the council (NA when outside)."""
    out = homes.copy()
    out["lsoa_code"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out["msoa_name"] = pd.Series(pd.NA, index=out.index, dtype="string")
    placed = out[out["easting"].notna() & out["northing"].notna()]
    if placed.empty:
        return out
    points = gpd.GeoSeries.from_xy(placed["easting"], placed["northing"], crs=BRITISH_NATIONAL_GRID)
    lsoas = geography.lsoas.to_crs(BRITISH_NATIONAL_GRID)
    found = gpd.sjoin_nearest(
        gpd.GeoDataFrame(geometry=points.values, index=placed.index, crs=BRITISH_NATIONAL_GRID),
        lsoas[["code", "msoa_name", "geometry"]],
        how="inner",
        max_distance=NEAREST_AREA_METRES,
    )
    found = found[~found.index.duplicated()]
    out.loc[found.index, "lsoa_code"] = found["code"].astype("string")
    out.loc[found.index, "msoa_name"] = found["msoa_name"].astype("string")
    return out


def _bed_totals(homes: pd.DataFrame, by: pd.Series) -> pd.DataFrame:
    # One grouping by key and type, summed across types for the totals: a grouping per
    # type took 6.6 ms of each care homes run, this 2.7 ms (County Durham, timed alone).
    frame = pd.DataFrame(
        {
            "key": by.to_numpy(dtype=object),
            "care_type": homes["care_type"].to_numpy(dtype=object),
            "beds": homes["beds"].to_numpy(dtype="float64", na_value=np.nan),
        }
    ).fillna({"beds": 0})
    frame = frame[frame["key"].notna()]  # a home with no key is in no row
    by_type = frame.groupby(["key", "care_type"], dropna=False)["beds"].agg(["size", "sum"])
    counts = by_type["size"].groupby(level="key").sum()
    beds = by_type["sum"].unstack("care_type", fill_value=0.0)
    totals = pd.DataFrame({"homes": counts, "beds": beds.sum(axis=1)})
    for kind, column in {**BED_COLUMNS, "not stated": "beds_not_stated"}.items():
        totals[column] = beds[kind] if kind in beds.columns else 0.0
    return totals.rename_axis(None)


def _rates(table: pd.DataFrame) -> pd.DataFrame:
    for age in ("65plus", "85plus"):
        people = table[f"age_{age}"].astype("float64")
        rate = 1000 * table["beds"] / people.where(people > 0)
        table[f"beds_per_1000_{age}"] = rate.round(1)
    return table


def area_supply(
    homes: pd.DataFrame, geography: CouncilGeography, population: PopulationBasis | None
) -> pd.DataFrame:
    """Return one row per MSOA: homes, beds by type, people 65+/85+ and beds per 1,000."""
    placed = homes[homes["msoa_name"].notna()]
    table = pd.DataFrame(index=pd.Index(sorted(geography.msoas["code"]), name="msoa_name"))
    table = table.join(_bed_totals(placed, placed["msoa_name"])).fillna(0)
    for column in ("homes", "beds", *BED_COLUMNS.values(), "beds_not_stated"):
        table[column] = table[column].astype("int64")
    people = population.by_msoa if population is not None else pd.DataFrame()
    table["age_65plus"] = people.get("age_65plus", pd.Series(dtype=float)).reindex(table.index)
    table["age_85plus"] = people.get("age_85plus", pd.Series(dtype=float)).reindex(table.index)
    return _rates(table.reset_index()).loc[:, list(AREA_COLUMNS)]


def homes_within(homes: pd.DataFrame, chosen: AreaSelection | None) -> pd.DataFrame:
    """Return the homes placed in a selected zone or neighbourhood (all of them for None)."""
    if chosen is None:
        return homes
    return homes[homes["lsoa_code"].isin(chosen.lsoas).fillna(False).astype(bool)]


def areas_within(
    areas: pd.DataFrame, geography: CouncilGeography, chosen: AreaSelection | None
) -> pd.DataFrame:
    """Return the neighbourhood rows of a selection (all for None).

    A zone drawn through a neighbourhood lists it with the homes it holds inside the zone,
    but without its people: they are counted for the whole neighbourhood, so a rate per
    1,000 older people would mix people outside the zone with beds inside it.
    """
    if chosen is None:
        return areas
    rows = areas[areas["msoa_name"].isin(chosen.msoas)].copy()
    cut = rows["msoa_name"].isin(cut_neighbourhoods(geography, chosen))
    rows.loc[cut, ["age_65plus", "age_85plus"]] = np.nan
    return _rates(rows).reset_index(drop=True)


def cut_neighbourhoods(geography: CouncilGeography, chosen: AreaSelection | None) -> set[str]:
    """Return the neighbourhoods (MSOAs) a selection holds only part of."""
    if chosen is None:
        return set()
    lsoas = geography.lsoas
    return set(lsoas.loc[~lsoas["code"].isin(chosen.lsoas), "msoa_name"]) & chosen.msoas


def council_supply(
    areas: pd.DataFrame, homes: pd.DataFrame, name: str, *, people_unknown: bool = False
) -> pd.DataFrame:
    """Return the council's total row: every home kept counts, including ones not in an MSOA.

    `people_unknown` leaves out the people (and so the rates), as for a zone that cuts
    through a neighbourhood (see `areas_within`).
    """
    placed_or_not = homes.assign(key=name)
    totals = _bed_totals(placed_or_not, placed_or_not["key"])
    # No homes (a rural zone, narrow filters) still gives the total row, of zeros.
    totals = totals.reindex([name], fill_value=0).reset_index(names="msoa_name")
    for column in ("homes", "beds", *BED_COLUMNS.values(), "beds_not_stated"):
        totals[column] = totals[column].astype("int64")
    for age in ("age_65plus", "age_85plus"):
        totals[age] = np.nan if people_unknown else areas[age].sum(min_count=1)
    return _rates(totals).loc[:, list(AREA_COLUMNS)]


def estimate_population(
    figures: pd.DataFrame, council_code: str, postcodes: pd.DataFrame, year: int
) -> PopulationBasis | None:
    """Spread the council's published 65+ and 85+ totals over MSOAs by postcode counts.

    Uses the published figure for the year nearest to `year`; returns None when the
    council's documents give no 65+ total, so nothing is invented.
    """
    totals, periods = {}, []
    for age in ("65plus", "85plus"):
        rows = figures[
            (figures["council_code"] == council_code)
            & (figures["measure"] == f"population_{age}")
            & (figures["kind"] == "published")
        ]
        if rows.empty:
            continue
        distance = (rows["period_start"].dt.year - year).abs()
        best = rows.loc[distance.sort_values(kind="stable").index[0]]
        totals[age] = float(best["value"])
        periods.append(
            f"{age.replace('plus', '+')} {best['value']:,.0f} ({best['period']}, "
            f"{cite(best['source_file'], best['source_section'])})"
        )
    if "65plus" not in totals:
        return None
    counts = postcodes.dropna(subset=["msoa_name"]).groupby("msoa_name").size()
    share = counts / counts.sum()
    by_msoa = pd.DataFrame(
        {f"age_{age}": share * totals[age] for age in ("65plus", "85plus") if age in totals}
    )
    return PopulationBasis(
        by_msoa=by_msoa,
        label="Estimate",
        method="ESTIMATE: the council's published totals, "
        + "; ".join(periods)
        + ", spread over MSOAs in proportion to the number of postcodes in each (ONS "
        "Postcode Directory). Postcodes are a rough stand-in for where older people live; "
        "load an ONS population file on the Your data page for real figures.",
        is_estimate=True,
    )


def gap_areas(
    homes: pd.DataFrame, geography: CouncilGeography, distance_km: float
) -> gpd.GeoDataFrame:
    """Return the LSOAs whose centre is further than distance_km in a straight line from any bed.

    Homes just over the council's border count too when they are in `homes`; distances
    are measured in British National Grid from each LSOA's centroid.
    """
    with_beds = homes[homes["easting"].notna() & (homes["beds"].fillna(0) > 0)]
    lsoas = geography.lsoas[["code", "name", "msoa_name", "geometry"]]
    if with_beds.empty:
        return lsoas.assign(nearest_km=np.nan)
    centres = shapely.points(geography.lsoa_centres[["easting", "northing"]].to_numpy())
    points = gpd.GeoSeries.from_xy(with_beds["easting"], with_beds["northing"])
    _, distances = points.sindex.nearest(centres, return_all=False, return_distance=True)
    nearest_km = pd.Series(distances / 1000, index=lsoas.index).round(1)
    out = lsoas.assign(nearest_km=nearest_km)
    return out[out["nearest_km"] > distance_km].reset_index(drop=True)
