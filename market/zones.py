"""Home care zone layouts: illustrative ones grown from MSOAs, and checks of a council's own."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from data.budget import check_time
from data.figures import latest
from data.problems import Problem
from data.sources import cite
from data.zone_files import ZoneFileError
from geo.boundaries import BRITISH_NATIONAL_GRID, WGS84, CouncilGeography
from geo.simplify import simplify_for_map

# Generalised boundaries leave hairline gaps between neighbours: areas within this
# distance of each other count as touching (queen contiguity with a tolerance).
TOUCH_TOLERANCE_M = 5.0
# A council whose documents give no zone count gets about this many MSOAs per zone.
MSOAS_PER_ZONE = 8
# Each zone's outline generalised for drawing (WGS84), beside its full `geometry`.
DISPLAY_COLUMN = "display_geometry"
MIN_ZONES = 2
MAX_ZONES = 15
# Overlap or spill beyond the council smaller than this is drawing noise, not an error.
OVERLAP_TOLERANCE_HA = 1.0
# A file of overlapping zones is refused after this many overlaps have been found.
MAX_OVERLAPS_REPORTED = 20
OUTSIDE_TOLERANCE_SHARE = 0.02


@dataclass(frozen=True)
class ZoneLayout:
    """A zone layout: which LSOA is in which zone, the zones' shapes and where it came from."""

    title: str
    kind: str  # "illustrative" or "imported"
    method: str
    lsoa_zone: pd.DataFrame  # lsoa_code, msoa_name, zone
    # zone, providers, lsoa_count, msoa_count, label_lon, label_lat, geometry (WGS84) and
    # display_geometry (the same generalised for drawing)
    zones: gpd.GeoDataFrame
    warnings: tuple[str, ...] = field(default=())

    @property
    def zone_names(self) -> list[str]:
        """Return the zone names in layout order."""
        return list(self.zones["zone"])


def adjacency(areas: gpd.GeoDataFrame) -> dict[int, set[int]]:
    """Return each area's neighbours (by position): areas touching within the tolerance.

    Parts of the council that touch nothing (islands, a split district) are joined to
    their nearest area, so every layout grown on the graph can reach every area.
    """
    grid = areas.to_crs(BRITISH_NATIONAL_GRID).geometry.reset_index(drop=True)
    left, right = grid.sindex.query(grid.buffer(TOUCH_TOLERANCE_M).values, predicate="intersects")
    graph: dict[int, set[int]] = {i: set() for i in range(len(grid))}
    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        if a != b:
            graph[a].add(b)
            graph[b].add(a)
    components = _components(graph)
    while len(components) > 1:
        first = components[0]
        rest = [i for part in components[1:] for i in part]
        inside = grid.iloc[sorted(first)]
        distances = [(inside.distance(grid.iloc[j]).min(), j) for j in rest]
        _, nearest = min(distances)
        partner = int(inside.distance(grid.iloc[nearest]).idxmin())
        graph[partner].add(nearest)
        graph[nearest].add(partner)
        components = _components(graph)
    return graph


def _components(graph: dict[int, set[int]]) -> list[set[int]]:
    seen: set[int] = set()
    parts = []
    for start in sorted(graph):
        if start in seen:
            continue
        part, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node in part:
                continue
            part.add(node)
            stack.extend(graph[node] - part)
        seen |= part
        parts.append(part)
    return parts


def is_contiguous(members: set[int], graph: dict[int, set[int]]) -> bool:
    """Return whether a set of areas forms one connected piece on the adjacency graph."""
    if not members:
        return False
    sub = {i: graph[i] & members for i in members}
    return len(_components(sub)) == 1


def grow_regions(
    areas: gpd.GeoDataFrame, n_regions: int, weight_column: str = "lsoa_count"
) -> list[int]:
    """Split areas into n contiguous regions of similar weight; return a region per area.

    Seeds are spread out by farthest-point sampling from the area nearest the south-west
    corner; then the lightest region repeatedly takes its neighbour nearest its seed.
    Every region grows only through neighbours, so each one is contiguous.
    """
    n = len(areas)
    if not 1 <= n_regions <= n:
        raise ValueError(f"Cannot make {n_regions} zones from {n} areas")
    graph = adjacency(areas)
    points = areas.to_crs(BRITISH_NATIONAL_GRID).geometry.representative_point()
    xy = np.column_stack([points.x.to_numpy(), points.y.to_numpy()])
    weights = areas[weight_column].fillna(1).to_numpy(dtype=float)
    seeds = [int(np.argmin(xy[:, 0] + xy[:, 1]))]
    nearest = np.linalg.norm(xy - xy[seeds[0]], axis=1)
    while len(seeds) < n_regions:
        nxt = int(np.argmax(nearest))
        seeds.append(nxt)
        nearest = np.minimum(nearest, np.linalg.norm(xy - xy[nxt], axis=1))
    region = [-1] * n
    load = [0.0] * n_regions
    for r, s in enumerate(seeds):
        region[s] = r
        load[r] = weights[s]
    queue = [(load[r], r) for r in range(n_regions)]
    heapq.heapify(queue)
    while queue:
        _, r = heapq.heappop(queue)
        members = [i for i in range(n) if region[i] == r]
        frontier = {j for i in members for j in graph[i] if region[j] == -1}
        if not frontier:
            continue  # boxed in: the other regions take what is left
        take = min(frontier, key=lambda j: (np.linalg.norm(xy[j] - xy[seeds[r]]), j))
        region[take] = r
        load[r] += weights[take]
        heapq.heappush(queue, (load[r], r))
    return region


def _place_names(zones: gpd.GeoDataFrame, places: gpd.GeoDataFrame) -> list[str]:
    names: list[str] = []
    for number, shape in enumerate(zones.geometry, start=1):
        inside = places[places.within(shape)] if len(places) else places
        largest = [n for n in inside["name"] if n not in names][:1] if len(inside) else []
        names.append(f"Zone {number}: {largest[0]}" if largest else f"Zone {number}")
    return names


def _dissolve_zones(geography: CouncilGeography, lsoa_zone: pd.DataFrame) -> gpd.GeoDataFrame:
    lsoas = geography.lsoas[["code", "msoa_name", "geometry"]].merge(
        lsoa_zone[["lsoa_code", "zone"]], left_on="code", right_on="lsoa_code"
    )
    grid = lsoas.to_crs(BRITISH_NATIONAL_GRID)
    zones = grid.dissolve(by="zone", sort=False).reset_index()[["zone", "geometry"]]
    zones["geometry"] = zones.geometry.buffer(0)
    counts = grid.groupby("zone", sort=False).agg(
        lsoa_count=("code", "size"), msoa_count=("msoa_name", "nunique")
    )
    zones = zones.merge(counts, left_on="zone", right_index=True)
    zones = gpd.GeoDataFrame(zones, geometry="geometry", crs=BRITISH_NATIONAL_GRID)
    # Made once with the layout, so redrawing the map does not reproject or simplify.
    labels = zones.geometry.representative_point().to_crs(WGS84)
    zones["label_lon"], zones["label_lat"] = labels.x.to_numpy(), labels.y.to_numpy()
    zones[DISPLAY_COLUMN] = simplify_for_map(zones[["geometry"]]).geometry.to_numpy()
    return zones.to_crs(WGS84)


def illustrative_layout(
    geography: CouncilGeography,
    n_zones: int,
    *,
    title: str,
    providers: tuple[int, int] | None = None,
) -> ZoneLayout:
    """Return an illustrative layout of n contiguous zones grown from the council's MSOAs.

    With `providers` (fewest, most per zone, as published), zones get counts cycling
    through that range; otherwise the count per zone is left unknown.
    """
    msoas = geography.msoas.sort_values("code").reset_index(drop=True)
    region = grow_regions(msoas, n_zones)
    msoa_region = dict(zip(msoas["code"], region, strict=True))
    lsoa_zone = pd.DataFrame(
        {
            "lsoa_code": geography.lsoas["code"],
            "msoa_name": geography.lsoas["msoa_name"],
            "zone": geography.lsoas["msoa_name"].map(msoa_region).map(lambda r: f"#{r}"),
        }
    )
    zones = _dissolve_zones(geography, lsoa_zone)
    order = sorted(range(len(zones)), key=lambda i: int(zones["zone"].iloc[i][1:]))
    zones = zones.iloc[order].reset_index(drop=True)
    names = dict(zip(zones["zone"], _place_names(zones, geography.places), strict=True))
    zones["zone"] = zones["zone"].map(names)
    lsoa_zone["zone"] = lsoa_zone["zone"].map(names)
    zones["providers"] = _provider_counts(len(zones), providers)
    grown = (
        f"{n_zones} contiguous zones grown from the {len(msoas)} MSOAs, balanced by number "
        "of small areas and named after their largest place."
        if n_zones > 1
        else "one zone covering the whole council."
    )
    method = f"Illustrative: {grown} Not the council's real zones."
    return ZoneLayout(title, "illustrative", method, lsoa_zone, zones)


def _provider_counts(n: int, providers: tuple[int, int] | None) -> pd.Series:
    if providers is None:
        return pd.Series([pd.NA] * n, dtype="Int64")
    low, high = providers
    span = high - low + 1
    return pd.Series([low + (i % span) for i in range(n)], dtype="Int64")


def district_layout(geography: CouncilGeography, *, title: str) -> ZoneLayout:
    """Return a layout with one zone per district (for a county council)."""
    lsoa_zone = pd.DataFrame(
        {
            "lsoa_code": geography.lsoas["code"],
            "msoa_name": geography.lsoas["msoa_name"],
            "zone": geography.lsoas["district_name"],
        }
    )
    zones = _dissolve_zones(geography, lsoa_zone).sort_values("zone").reset_index(drop=True)
    zones["providers"] = _provider_counts(len(zones), None)
    method = (
        f"Illustrative: one zone for each of the {len(zones)} districts. "
        "Not the council's real zones."
    )
    return ZoneLayout(title, "illustrative", method, lsoa_zone, zones)


def default_zone_count(geography: CouncilGeography) -> int:
    """Return the documented rule's zone count for a council whose documents give none.

    Never more zones than the council has MSOAs: the City of London and the Isles of Scilly
    are one MSOA each, so their layout is one zone covering the whole council.
    """
    by_rule = int(np.clip(round(len(geography.msoas) / MSOAS_PER_ZONE), MIN_ZONES, MAX_ZONES))
    return min(by_rule, len(geography.msoas))


def layout_from_lookup(
    geography: CouncilGeography, lookup: pd.DataFrame, *, file_name: str, source: str = ""
) -> ZoneLayout:
    """Check a zone lookup (area_code, zone, providers; row = file row) against the council.

    Area codes may be LSOA codes (E01...) or MSOA names as the app shows them. Raises
    ZoneFileError naming each unknown code, area in two zones and area left without one.
    """
    lsoas = geography.lsoas
    msoa_names = set(lsoas["msoa_name"])
    lsoa_codes = set(lsoas["code"])
    problems: list[Problem] = []
    expanded = []
    for row in lookup.itertuples(index=False):
        code = str(row.area_code).strip()
        if code in lsoa_codes:
            members = [code]
        elif code in msoa_names:
            members = list(lsoas.loc[lsoas["msoa_name"] == code, "code"])
        else:
            problems.append(
                Problem(
                    int(row.row),
                    "area_code",
                    f"'{code[:40]}' is not an LSOA code or MSOA name in {geography.council.name}",
                )
            )
            continue
        expanded += [(m, str(row.zone), int(row.row)) for m in members]
    assigned = pd.DataFrame(expanded, columns=["lsoa_code", "zone", "row"])
    for code, group in assigned.groupby("lsoa_code", sort=True):
        if group["zone"].nunique() > 1:
            zones = " and ".join(sorted(group["zone"].unique()))
            problems.append(
                Problem(int(group["row"].max()), "area_code", f"{code} is in two zones: {zones}")
            )
    missing = sorted(lsoa_codes - set(assigned["lsoa_code"]))
    if missing:
        shown = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
        problems.append(
            Problem(None, "area_code", f"{len(missing)} small area(s) left without a zone: {shown}")
        )
    if problems:
        raise ZoneFileError(file_name, problems)
    assigned = assigned.drop_duplicates("lsoa_code")
    lsoa_zone = lsoas[["code", "msoa_name"]].rename(columns={"code": "lsoa_code"})
    lsoa_zone = lsoa_zone.merge(assigned[["lsoa_code", "zone"]], on="lsoa_code")
    zones = _dissolve_zones(geography, lsoa_zone)
    order = list(dict.fromkeys(lookup["zone"].astype(str)))
    zones = zones.set_index("zone").loc[order].reset_index()
    zones = gpd.GeoDataFrame(zones, geometry="geometry", crs=WGS84)
    per_zone = lookup.drop_duplicates("zone").set_index("zone")["providers"]
    zones["providers"] = zones["zone"].map(per_zone).astype("Int64")
    # A stored import is cited readably (`source`); a file being checked is named as given.
    method = f"Source: {source}." if source else f"Imported from {file_name}."
    return ZoneLayout(file_name, "imported", method, lsoa_zone, zones)


def lookup_from_shapes(
    geography: CouncilGeography, shapes: gpd.GeoDataFrame, *, file_name: str
) -> pd.DataFrame:
    """Turn zone polygons (zone, providers, geometry) into a lookup, checking their fit.

    Raises ZoneFileError for overlapping zones and zones reaching outside the council;
    small areas are assigned by where their representative point falls.
    """
    grid = shapes.to_crs(BRITISH_NATIONAL_GRID).reset_index(drop=True)
    outline = geography.boundary.to_crs(BRITISH_NATIONAL_GRID).geometry.union_all()
    problems: list[Problem] = []
    left, right = grid.sindex.query(grid.geometry.values, predicate="intersects")
    pairs = [(a, b) for a, b in zip(left.tolist(), right.tolist(), strict=True) if a < b]
    for a, b in pairs:
        if len(problems) >= MAX_OVERLAPS_REPORTED:
            # Enough to refuse the file and show where; the rest would only cost time.
            break
        check_time(f"checking zones {a + 1} and {b + 1} for overlap")
        overlap = grid.geometry.iloc[a].intersection(grid.geometry.iloc[b]).area / 10_000
        if overlap > OVERLAP_TOLERANCE_HA:
            problems.append(
                Problem(
                    b + 1,
                    "geometry",
                    f"zones '{grid['zone'].iloc[a]}' and '{grid['zone'].iloc[b]}' overlap "
                    f"by {overlap:,.0f} hectares",
                )
            )
    for i, shape in enumerate(grid.geometry):
        check_time(f"checking zone {i + 1} against the council's boundary")
        outside = shape.difference(outline).area / max(shape.area, 1.0)
        if outside > OUTSIDE_TOLERANCE_SHARE:
            problems.append(
                Problem(
                    i + 1,
                    "geometry",
                    f"zone '{grid['zone'].iloc[i]}' lies {outside:.0%} outside "
                    f"{geography.council.name}",
                )
            )
    if problems:
        raise ZoneFileError(file_name, problems)
    points = gpd.GeoDataFrame(
        {"area_code": geography.lsoas["code"]},
        geometry=geography.lsoas.to_crs(BRITISH_NATIONAL_GRID).geometry.representative_point(),
        crs=BRITISH_NATIONAL_GRID,
    )
    joined = points.sjoin(grid[["zone", "providers", "geometry"]], predicate="within", how="left")
    joined = joined.drop_duplicates("area_code")
    joined["row"] = joined["index_right"].fillna(-1).astype(int) + 1
    return joined.dropna(subset=["zone"])[["area_code", "zone", "providers", "row"]]


def area_in_zone(layout: ZoneLayout, zone: str) -> set[str]:
    """Return the LSOA codes of one zone."""
    return set(layout.lsoa_zone.loc[layout.lsoa_zone["zone"] == zone, "lsoa_code"])


def illustrative_layouts(geography: CouncilGeography, figures: pd.DataFrame) -> list[ZoneLayout]:
    """Return the illustrative layouts to offer, from the zone counts the documents give.

    One layout per distinct published `home_care_zones` count (County Durham 10; Wiltshire
    3 and, from April 2023, 15), with providers per zone where the range is published; a
    county's districts; otherwise the documented rule (one zone per MSOAS_PER_ZONE MSOAs).
    """
    rows = figures[
        (figures["council_code"] == geography.council.code)
        & (figures["measure"] == "home_care_zones")
    ].sort_values("period_start")
    low = _published(figures, geography, "framework_providers_per_zone_min")
    high = _published(figures, geography, "framework_providers_per_zone_max")
    providers = (low, high) if low is not None and high is not None else None
    layouts: list[ZoneLayout] = []
    for count, group in rows.groupby("value", sort=False):
        n = int(count)
        if n > len(geography.msoas):
            continue
        first = group.iloc[0]
        title = (
            f"{n} zones as the council's documents give them ({first['period']}); "
            f"source: {cite(first['source_file'], first['source_section'])}"
        )
        layouts.append(illustrative_layout(geography, n, title=title, providers=providers))
    if len(geography.districts) > 1:
        layouts.append(
            district_layout(geography, title=f"{len(geography.districts)} districts as zones")
        )
    if not layouts:
        n = default_zone_count(geography)
        layout = illustrative_layout(
            geography,
            n,
            title=f"{n} zones (no zone count in the documents)" if n > 1 else "One zone",
        )
        rule = (
            f" The documents give no zone count, so one zone per about {MSOAS_PER_ZONE} MSOAs "
            f"({n})."
            if n > 1
            else " The council is a single MSOA, too small to split, so it is one zone."
        )
        layouts.append(
            ZoneLayout(
                layout.title, layout.kind, layout.method + rule, layout.lsoa_zone, layout.zones
            )
        )
    return layouts


def _published(figures: pd.DataFrame, geography: CouncilGeography, measure: str) -> int | None:
    row = latest(figures, measure, geography.council.code)
    return None if row is None else int(row["value"])


def rural_shares(layout: ZoneLayout, rurality: pd.DataFrame) -> pd.Series:
    """Return each zone's share (0 to 1) of small areas that are rural, in layout order."""
    rural = rurality.set_index("lsoa_code")["rural"]
    areas = layout.lsoa_zone.assign(
        rural=layout.lsoa_zone["lsoa_code"].map(rural).fillna(False).astype(bool)
    )
    share = areas.groupby("zone")["rural"].mean()
    return pd.Series([float(share.get(z, 0.0)) for z in layout.zone_names], index=layout.zone_names)


def selection_lsoas(
    layout: ZoneLayout, geography: CouncilGeography, selection: str | None
) -> set[str] | None:
    """Return the LSOA codes of a selected zone or MSOA; None for the whole council."""
    if selection is None:
        return None
    in_zone = layout.lsoa_zone.loc[layout.lsoa_zone["zone"] == selection, "lsoa_code"]
    if len(in_zone):
        return set(in_zone)
    return set(geography.lsoas.loc[geography.lsoas["msoa_name"] == selection, "code"])


def selection_shape(
    zones: gpd.GeoDataFrame, msoas: gpd.GeoDataFrame, selection: str | None
) -> gpd.GeoDataFrame:
    """Return the outline of a selected zone, else of a selected MSOA (empty when neither)."""
    selected = zones[zones["zone"] == selection]
    if selected.empty:
        selected = msoas[msoas["code"] == selection]
    return selected


@dataclass(frozen=True, eq=False)
class AreaSelection:
    """A zone or neighbourhood chosen on the zones map: its small areas and outline (WGS84)."""

    name: str
    lsoas: frozenset[str]
    msoas: frozenset[str]
    shape: gpd.GeoDataFrame

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """Return the outline's bounds (west, south, east, north)."""
        west, south, east, north = self.shape.to_crs(WGS84).total_bounds
        return (float(west), float(south), float(east), float(north))


def area_selection(
    layout: ZoneLayout, geography: CouncilGeography, selection: str | None
) -> AreaSelection | None:
    """Return the selection as areas, or None for the whole council or a name this layout
    and the council's MSOAs do not have."""
    lsoas = selection_lsoas(layout, geography, selection)
    if not lsoas:
        return None
    msoas = geography.lsoas.loc[geography.lsoas["code"].isin(lsoas), "msoa_name"]
    shape = selection_shape(layout.zones, geography.display_level("msoa"), selection)
    return AreaSelection(
        name=str(selection),
        lsoas=frozenset(lsoas),
        msoas=frozenset(msoas),
        shape=shape[["geometry"]],
    )
