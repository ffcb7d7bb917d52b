"""A zone's home care demand card: unmet packages, uplift, providers, homes, trend, tenders."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.boundaries import BRITISH_NATIONAL_GRID, CouncilGeography
from geo.zones import ZoneLayout
from market.disclosure import (
    SUPPRESSION_THRESHOLD,
    WITHHELD,
    count_label,
    protect_parts,
    unmet,
)

# Homes this close to a zone's edge are "nearby": about a 10-minute drive in a rural county.
NEARBY_KM = 5.0
# The card counts the last year of the package list (the months a provider plans around).
RECENT_MONTHS = 12
# The zones page's starting rule: a zone qualifies for the rural uplift when at least this
# share of its small areas is rural (which zones qualify is not published).
RURAL_MAJORITY = 0.5
# The part of a council's packages that lies in no zone of the layout.
OUTSIDE_ZONES = "outside every zone"
# A figure's note that is one of these words qualifies the value, as the document does.
APPROXIMATE = ("nearly", "about", "approximately", "around", "almost")
NOT_PUBLISHED = "not published"
KIND_LABELS = {
    "published": "Published",
    "derived": "Derived",
    "illustrative": "Illustrative",
    NOT_PUBLISHED: "Not published",
}
DOCUMENTS = {
    "000_a8b2268722a433c4.txt": "County Durham MSP, March 2023",
    "001_9667772310db4ab3.txt": "County Durham Integrated MPS 2023/25",
    "002_87426b8e4237f6f5.txt": "Wiltshire MSP, Cabinet 28 March 2023",
    "003_c1145ab5ab2cc8c5.txt": "Stockton-on-Tees Care at Home review progress, March 2024",
    "004_1b4f2350ba373524.txt": "Nottinghamshire select committee report, 11 September 2023",
}


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
class Trend:
    """Unmet packages per month or quarter, small counts suppressed, and what it covers."""

    table: pd.DataFrame  # period, label, count (NA where suppressed), count_shown
    step: str  # "month" or "quarter"
    where: str
    note: str


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


def cite(source_file: str, section: str) -> str:
    """Return a document citation a reader can follow: title, file name and section."""
    title = DOCUMENTS.get(source_file)
    where = f"{source_file}, {section}"
    return f"{title} ({where})" if title else where


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


def recent_window(packages: pd.DataFrame, months: int = RECENT_MONTHS) -> pd.PeriodIndex:
    """Return the last `months` months of the list (fewer if it is shorter); empty without one."""
    if packages.empty:
        return pd.PeriodIndex([], freq="M")
    dates = pd.to_datetime(packages["date"])
    last = dates.max().to_period("M")
    first = max(dates.min().to_period("M"), last - (months - 1))
    return pd.period_range(first, last, freq="M")


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
    window = recent_window(packages.table)
    recent = _in_window(packages.table, window)
    here = recent[recent["lsoa_code"].isin(lsoas)]
    published = figures[figures["council_code"] == council.code]
    cards = [
        *_package_figures(here, packages, window, zone_parts(recent, layout), zone),
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
        period=_period_words(window),
        months=len(window),
        figures=tuple(cards),
        trend=unmet_trend(here, recent, window, where, council.name),
        tenders=mine,
        tenders_note=_tenders_note(mine),
    )


def _in_window(packages: pd.DataFrame, window: pd.PeriodIndex) -> pd.DataFrame:
    if packages.empty or window.empty:
        return packages.iloc[0:0]
    months = pd.to_datetime(packages["date"]).dt.to_period("M")
    return packages[months.isin(window)]


def _period_words(window: pd.PeriodIndex) -> str:
    if window.empty:
        return "no packages in the list"
    first, last = window[0], window[-1]
    if first == last:
        return f"{first:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"


def zone_parts(packages: pd.DataFrame, layout: ZoneLayout) -> pd.DataFrame:
    """Return the packages with the zone each lies in ("outside every zone" where none).

    The parts that add up to the council's total, as `protect_parts` needs them.
    """
    zone_of = layout.lsoa_zone.set_index("lsoa_code")["zone"]
    zones = packages["lsoa_code"].map(zone_of).astype("object").fillna(OUTSIDE_ZONES)
    return packages.assign(zone=zones)


def part_counts(parts: pd.DataFrame, layout: ZoneLayout) -> dict[str, int]:
    """Return packages per zone, every zone of the layout listed (0 where none)."""
    counts = parts["zone"].value_counts()
    names = [*layout.zone_names, *([OUTSIDE_ZONES] if OUTSIDE_ZONES in counts.index else [])]
    return {name: int(counts.get(name, 0)) for name in names}


def _package_figures(
    here: pd.DataFrame,
    packages: Sourced,
    window: pd.PeriodIndex,
    parts: pd.DataFrame,
    zone: str | None,
) -> list[CardFigure]:
    """Waiting, handed back and unmet hours for a zone or the council, through the gate.

    Each count is one part of the council's total across zones, so it is protected with
    the other zones' counts (`protect_parts`): small ones are "fewer than 5", and enough
    others withheld that none can be worked out from the council's figure.
    """
    period = _period_words(window)
    listed = set(packages.table["status"]) if not packages.table.empty else set()
    zones = sorted(set(parts["zone"]))
    out = []
    for key, status, label, meaning in (
        ("waiting", "waiting", "POCs waiting for a provider", " and still waiting"),
        ("handed_back", "handed back", "POCs handed back by providers", ""),
    ):
        if status in listed:
            counts = parts[parts["status"] == status]["zone"].value_counts()
            protected = protect_parts({z: int(counts.get(z, 0)) for z in zones})
            value = protected.total if zone is None else protected.shown.get(zone, "0")
            note = f"Dated {period}{meaning}."
        else:
            value = "none in the list"
            note = f"The list in use records no package as {status}."
        out.append(CardFigure(key, label, value, packages.kind, packages.method, note))
    open_parts = unmet(parts)
    counts = open_parts["zone"].value_counts()
    protected = protect_parts({z: int(counts.get(z, 0)) for z in zones})
    withheld = (zone is None and protected.total == WITHHELD) or (
        zone is not None and zone in protected.withheld
    )
    n = len(unmet(here))
    if 0 < n < SUPPRESSION_THRESHOLD:
        value = f"not shown (fewer than {SUPPRESSION_THRESHOLD} packages)"
    elif withheld:
        value = WITHHELD
    else:
        value = _hours(float(unmet(here)["hours_per_week"].sum()))
    note = f"Care hours a week in the waiting and handed-back packages above, {period}."
    kind = "illustrative" if packages.kind == "illustrative" else "derived"
    out.append(
        CardFigure("unmet_hours", "Hours a week not yet placed", value, kind, packages.method, note)
    )
    return out


def _hours(hours: float) -> str:
    text = f"{hours:,.0f}" if float(hours).is_integer() else f"{hours:,.1f}"
    return f"{text} hours a week"


def _latest(published: pd.DataFrame, measure: str) -> pd.Series | None:
    rows = published[published["measure"] == measure]
    if rows.empty:
        return None
    return rows.sort_values("period_start", kind="stable").iloc[-1]


def _as_at(row: pd.Series) -> str:
    return f"{pd.Timestamp(row['period_start']):%B %Y}"


def _hours_commissioned(published: pd.DataFrame, council: str, zone: str | None) -> CardFigure:
    row = _latest(published, "hours_commissioned_weekly")
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
    value = _hours(float(row["value"]))
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
    row = _latest(published, "rural_uplift_per_visit")
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
    total = _latest(published, "framework_providers")
    low = _latest(published, "framework_providers_per_zone_min")
    high = _latest(published, "framework_providers_per_zone_max")
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


def _counts(packages: pd.DataFrame, window: pd.PeriodIndex, step: str) -> pd.DataFrame:
    months = pd.to_datetime(packages["date"]).dt.to_period("M")
    per_month = months.value_counts().reindex(window, fill_value=0)
    if step == "quarter":
        quarters = window.asfreq("Q")
        grouped = pd.Series(per_month.to_numpy(), index=quarters).groupby(level=0, sort=True)
        first = pd.Series(window, index=quarters).groupby(level=0).first()
        last = pd.Series(window, index=quarters).groupby(level=0).last()
        counts = grouped.sum()
        labels = [
            f"{start:%b %Y}" if start == end else f"{start:%b} to {end:%b %Y}"
            for start, end in zip(first, last, strict=True)
        ]
        periods = [f.to_timestamp() for f in first]
    else:
        counts = per_month
        labels = [f"{m:%b %Y}" for m in window]
        periods = [m.to_timestamp() for m in window]
    table = pd.DataFrame({"period": periods, "label": labels, "count": counts.to_numpy()})
    small = (table["count"] > 0) & (table["count"] < SUPPRESSION_THRESHOLD)
    table["count_shown"] = [count_label(int(c)) for c in table["count"]]
    table["count"] = table["count"].astype("Int64").mask(small)
    return table


def _readable(table: pd.DataFrame) -> bool:
    return not table["count"].isna().any()


def unmet_trend(
    here: pd.DataFrame,
    council_packages: pd.DataFrame,
    window: pd.PeriodIndex,
    where: str,
    council: str,
) -> Trend:
    """Return waiting and handed-back packages over the window, by month where counts allow.

    Months with fewer than 5 hide a number, so the trend moves to quarters when a month
    would; if the zone's quarters are still too small it shows the whole council instead.
    """
    empty = pd.DataFrame(columns=["period", "label", "count", "count_shown"])
    if window.empty:
        return Trend(empty, "month", where, "No unmet packages are in the list.")
    unmet_here = unmet(here)
    for step in ("month", "quarter"):
        table = _counts(unmet_here, window, step)
        if _readable(table):
            return Trend(table, step, where, _step_note(step))
    everywhere = unmet(council_packages)
    if where != f"the whole of {council}" and len(unmet_here):
        for step in ("month", "quarter"):
            table = _counts(everywhere, window, step)
            if _readable(table):
                note = (
                    f"{where} has fewer than {SUPPRESSION_THRESHOLD} unmet packages in some "
                    f"quarters, so its trend cannot be shown; this is the whole of {council}. "
                    + _step_note(step)
                )
                return Trend(table, step, f"the whole of {council}", note)
    table = _counts(unmet_here, window, "quarter")
    return Trend(
        table,
        "quarter",
        where,
        f"Quarters with fewer than {SUPPRESSION_THRESHOLD} packages are shown as "
        f"“fewer than {SUPPRESSION_THRESHOLD}”.",
    )


def _step_note(step: str) -> str:
    if step == "month":
        return "Counted by month."
    return (
        f"Counted by quarter: some months have fewer than {SUPPRESSION_THRESHOLD} packages, "
        "which are not shown on their own."
    )


def _tenders_note(tenders: pd.DataFrame) -> str:
    if tenders.empty:
        return "No tender pipeline is published in the documents loaded."
    first = tenders.iloc[0]
    return (
        f"The tenders the council listed ({cite(first['source_file'], first['source_section'])}, "
        f"last updated {first['list_updated']}). The council says it may decide not to tender "
        "or move a start date; check with it before planning around these."
    )
