"""A zone's home care demand card: unmet packages, uplift, providers, homes, trend, tenders."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from data.figures import latest
from data.sources import cite
from geo.boundaries import BRITISH_NATIONAL_GRID, CouncilGeography
from market.kinds import NOT_PUBLISHED
from market.unmet import PublicUnmet, Trend, hours_words, public_unmet
from market.uplift import RURAL_MAJORITY
from market.zones import ZoneLayout

# Homes this close to a zone's edge are "nearby": about a 10-minute drive in a rural county.
NEARBY_KM = 5.0
# A figure's note that is one of these words qualifies the value, as the document does.
APPROXIMATE = ("nearly", "about", "approximately", "around", "almost")


@dataclass(frozen=True)
class Sourced:
    """A table the card counts from, the words saying where it came from, and its kind."""

    table: pd.DataFrame
    method: str
    kind: str  # "published", "derived" or "illustrative"


@dataclass(frozen=True)
class CardFigure:
    """One figure on the card as shown (counts already suppressed), with its kind and source."""

    key: str
    label: str
    value: str
    kind: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class DemandCard:
    """Everything a provider's demand card shows for one zone or the whole council."""

    council: str
    zone: str | None
    where: str
    period: str
    months: int
    figures: tuple[CardFigure, ...]
    trend: Trend
    tenders: pd.DataFrame
    tenders_note: str

    def figure(self, key: str) -> CardFigure:
        """Return the figure with this key; KeyError when the card has none."""
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)


def zone_of_area(layout: ZoneLayout, lsoa_code: str | None) -> str | None:
    """Return the zone a small area is in, or None when the layout does not place it."""
    if lsoa_code is None:
        return None
    rows = layout.lsoa_zone.loc[layout.lsoa_zone["lsoa_code"] == lsoa_code, "zone"]
    return None if rows.empty else str(rows.iloc[0])


def zone_areas(layout: ZoneLayout, geography: CouncilGeography, zone: str | None) -> set[str]:
    """Return the LSOA codes of a zone, or of the whole council for None."""
    if zone is None:
        return set(geography.lsoas["code"])
    if zone not in layout.zone_names:
        raise ValueError(f"{zone!r} is not a zone of {layout.title}")
    return set(layout.lsoa_zone.loc[layout.lsoa_zone["zone"] == zone, "lsoa_code"])


def zone_demand(
    geography: CouncilGeography,
    layout: ZoneLayout,
    zone: str | None,
    *,
    rurality: Sourced,
    packages: Sourced,
    homes: Sourced,
    figures: pd.DataFrame,
    tenders: pd.DataFrame,
    nearby_km: float = NEARBY_KM,
) -> DemandCard:
    """Return the demand card of one zone (None: the whole council) from the loaded data."""
    council = geography.council
    lsoas = zone_areas(layout, geography, zone)
    where = zone if zone is not None else f"the whole of {council.name}"
    counted = public_unmet(packages.table, layout)
    published = figures[figures["council_code"] == council.code]
    cards = [
        *_package_figures(counted, packages, zone, council.name),
        _hours_commissioned(published, council.name, zone),
        *_uplift_figures(published, rurality, lsoas, zone, council.name),
        _framework_providers(published, layout, zone),
        *_home_figures(homes, lsoas, _zone_shape(layout, geography, zone), zone, nearby_km),
    ]
    mine = tenders[tenders["council_code"] == council.code].reset_index(drop=True)
    return DemandCard(
        council=council.name,
        zone=zone,
        where=where,
        period=counted.period,
        months=len(counted.window),
        figures=tuple(cards),
        trend=counted.trend,
        tenders=mine,
        tenders_note=_tenders_note(mine),
    )


def _package_figures(
    counted: PublicUnmet, packages: Sourced, zone: str | None, council: str
) -> list[CardFigure]:
    """Unmet packages, the council's waiting and handed back, and unmet hours, as published.

    Every value comes from the one public reading (`public_unmet`), so the card says what
    the zones page says. The split by status is the whole council's: a zone's, beside its
    total, would give a small count by subtraction.
    """
    period = counted.period
    kind = "illustrative" if packages.kind == "illustrative" else "derived"
    whole = f"the whole of {council}"
    out = [
        CardFigure(
            "unmet",
            "POCs waiting or handed back",
            counted.count(zone),
            packages.kind,
            packages.method,
            f"Dated {period}, in {zone if zone is not None else whole}.",
        )
    ]
    for key, status, label, meaning in (
        ("waiting", "waiting", "POCs waiting for a provider", " and still waiting"),
        ("handed_back", "handed back", "POCs handed back by providers", ""),
    ):
        if status in counted.listed_statuses:
            value = counted.statuses.shown[status]
            note = f"Dated {period}{meaning}."
            if zone is not None:
                label += f" (whole of {council})"
                note += (
                    " Split by status for the whole council only: a zone's split beside its "
                    "total could show a small count."
                )
        else:
            value = "none in the list"
            note = f"The list in use records no package as {status}."
        out.append(CardFigure(key, label, value, packages.kind, packages.method, note))
    note = f"Care hours a week in the unmet packages above, {period}."
    out.append(
        CardFigure(
            "unmet_hours",
            "Hours a week not yet placed",
            counted.hours_of(zone),
            kind,
            packages.method,
            note,
        )
    )
    return out


def _as_at(row: pd.Series) -> str:
    return f"{pd.Timestamp(row['period_start']):%B %Y}"


def _hours_commissioned(published: pd.DataFrame, council: str, zone: str | None) -> CardFigure:
    row = latest(published, "hours_commissioned_weekly")
    label = "Home care hours commissioned"
    if row is None:
        return CardFigure(
            "hours_commissioned",
            label,
            "Not published",
            NOT_PUBLISHED,
            "the documents loaded",
            f"No document loaded gives the hours of home care {council} commissions.",
        )
    per_zone = " The documents give no figure for each zone." if zone is not None else ""
    qualifier = str(row["note"]).strip()
    value = hours_words(float(row["value"]))
    if qualifier.lower() in APPROXIMATE:
        value = f"{qualifier.lower()} {value}"
    return CardFigure(
        "hours_commissioned",
        f"{label} (whole council)",
        value,
        str(row["kind"]),
        cite(row["source_file"], row["source_section"]),
        f"Across all of {council}, {row['period']}.{per_zone}",
    )


def _uplift_figures(
    published: pd.DataFrame,
    rurality: Sourced,
    lsoas: set[str],
    zone: str | None,
    council: str,
) -> list[CardFigure]:
    rural = rurality.table.set_index("lsoa_code")["rural"].reindex(sorted(lsoas))
    share = float(rural.fillna(False).astype(bool).mean()) if len(rural) else 0.0
    rural_figure = CardFigure(
        "rural_share",
        "Rural small areas (LSOAs)",
        f"{share:.0%}",
        rurality.kind,
        rurality.method,
        f"Share of the {len(rural):,} small areas in {zone or council} counted as rural.",
    )
    row = latest(published, "rural_uplift_per_visit")
    if row is None:
        rate = CardFigure(
            "uplift_rate",
            "Rural uplift",
            "None published",
            NOT_PUBLISHED,
            "the documents loaded",
            f"No document loaded gives a rural uplift for {council}.",
        )
        return [rate, rural_figure]
    rate = CardFigure(
        "uplift_rate",
        "Rural uplift rate",
        f"£{float(row['value']):,.2f} a visit",
        str(row["kind"]),
        cite(row["source_file"], row["source_section"]),
        f"Paid on top of the hourly rate for qualifying rural packages, as at {_as_at(row)}.",
    )
    if zone is None:
        return [rate, rural_figure]
    applies = share >= RURAL_MAJORITY
    applies_figure = CardFigure(
        "uplift_applies",
        "Does the uplift apply in this zone?",
        "Likely" if applies else "Unlikely",
        "illustrative",
        "an illustrative rule, as the zones page starts with",
        f"The council does not publish which zones qualify. {share:.0%} of this zone's small "
        f"areas are rural; the starting rule counts a zone where at least "
        f"{RURAL_MAJORITY:.0%} are.",
    )
    return [rate, applies_figure, rural_figure]


def _framework_providers(
    published: pd.DataFrame, layout: ZoneLayout, zone: str | None
) -> CardFigure:
    key, label = "framework_providers", "Framework providers"
    total = latest(published, "framework_providers")
    low = latest(published, "framework_providers_per_zone_min")
    high = latest(published, "framework_providers_per_zone_max")
    across = ""
    if total is not None:
        across = f"{int(total['value']):,} providers across the council"
        # The zone count stated alongside the total: Wiltshire's 108 were in 3 zones, not 15.
        zones = published[
            (published["measure"] == "home_care_zones")
            & (published["period_start"] == total["period_start"])
        ]
        if len(zones):
            across += f" in {int(zones['value'].iloc[0])} zones"
        across += f", as at {_as_at(total)}"
    if zone is None:
        if total is None:
            return CardFigure(
                key,
                label,
                "Not published",
                NOT_PUBLISHED,
                "the documents loaded",
                "No document loaded gives the number of framework providers.",
            )
        return CardFigure(
            key,
            label,
            f"{int(total['value']):,}",
            str(total["kind"]),
            cite(total["source_file"], total["source_section"]),
            f"{across[0].upper()}{across[1:]}.",
        )
    if layout.kind == "imported":
        count = layout.zones.loc[layout.zones["zone"] == zone, "providers"]
        if len(count) and pd.notna(count.iloc[0]):
            return CardFigure(
                key,
                f"{label} in this zone",
                f"{int(count.iloc[0]):,}",
                "published",
                layout.method,
                "As the council's zone file gives it.",
            )
    if low is not None and high is not None:
        return CardFigure(
            key,
            f"{label} in this zone",
            f"{int(low['value'])} to {int(high['value'])}",
            str(low["kind"]),
            cite(low["source_file"], low["source_section"]),
            f"The council publishes between {int(low['value'])} and {int(high['value'])} in "
            f"each zone, not the number in each one" + (f"; {across}." if across else "."),
        )
    return CardFigure(
        key,
        f"{label} in this zone",
        "Not published",
        NOT_PUBLISHED,
        cite(total["source_file"], total["source_section"])
        if total is not None
        else "the documents loaded",
        "No document loaded gives the number in each zone"
        + (f"; {across}." if total is not None else "."),
    )


def _zone_shape(
    layout: ZoneLayout, geography: CouncilGeography, zone: str | None
) -> gpd.GeoSeries | None:
    if zone is None:
        return None
    shape = layout.zones.loc[layout.zones["zone"] == zone, "geometry"]
    return gpd.GeoSeries(shape, crs=layout.zones.crs).to_crs(BRITISH_NATIONAL_GRID)


def _homes_value(homes: pd.DataFrame) -> tuple[str, str]:
    n = len(homes)
    beds = homes["beds"].dropna()
    value = f"{n:,} {'home' if n == 1 else 'homes'}, {int(beds.sum()):,} beds"
    unknown = n - len(beds)
    note = f" {unknown} of them do not state their beds." if unknown else ""
    return value, note


def _home_figures(
    homes: Sourced,
    lsoas: set[str],
    shape: gpd.GeoSeries | None,
    zone: str | None,
    nearby_km: float,
) -> list[CardFigure]:
    table = homes.table
    inside = table[table["lsoa_code"].isin(lsoas).fillna(False).astype(bool)]
    kind = "illustrative" if homes.kind == "illustrative" else "derived"
    value, note = _homes_value(inside)
    where = "this zone" if zone is not None else "the council"
    out = [
        CardFigure(
            "homes_in_zone",
            f"Care homes in {where}",
            value,
            kind,
            homes.method,
            f"Registered care homes placed in {where}'s small areas.{note}",
        )
    ]
    if shape is None:
        return out
    outside = table.drop(index=inside.index)
    placed = outside[outside["easting"].notna() & outside["northing"].notna()]
    points = gpd.GeoSeries.from_xy(placed["easting"], placed["northing"], crs=BRITISH_NATIONAL_GRID)
    distance = points.distance(shape.union_all()) if len(placed) else pd.Series(dtype=float)
    near = placed[(distance <= nearby_km * 1000).to_numpy()] if len(placed) else placed
    value, note = _homes_value(near)
    out.append(
        CardFigure(
            "homes_nearby",
            f"Care homes within {nearby_km:g} km outside it",
            value,
            kind,
            homes.method,
            f"Homes in the council within {nearby_km:g} km of the zone's edge, measured in a "
            f"straight line.{note}",
        )
    )
    return out


def _tenders_note(tenders: pd.DataFrame) -> str:
    if tenders.empty:
        return "No tender pipeline is published in the documents loaded."
    first = tenders.iloc[0]
    return (
        f"The tenders the council listed ({cite(first['source_file'], first['source_section'])}, "
        f"last updated {first['list_updated']}). The council says it may decide not to tender "
        "or move a start date; check with it before planning around these."
    )
