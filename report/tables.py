"""The tables a reader sees and downloads: beside the zones map, on the demand card and
under the supply map.

Words in every header; built from the market model's public readings only (a zone's unmet
count is `PublicUnmet.count`, as the demand card shows it), so a page only renders them.
"""

from __future__ import annotations

import pandas as pd

from data.deprivation import MEDIAN_DECILE_LABEL, decile_text, median_deciles
from geo.boundaries import CouncilGeography
from market.demand import DemandCard
from market.kinds import kind_of
from market.supply import TYPE_LABELS, PopulationBasis
from market.unmet import PublicUnmet, Trend
from market.zones import ZoneLayout, rural_shares

SUPPLY_LABELS = {
    "msoa_name": "Neighbourhood (MSOA)",
    "homes": "Homes",
    "beds": "Beds",
    "beds_nursing": "Nursing beds",
    "beds_residential": "Residential beds",
    "beds_both": "Nursing and residential beds",
    "beds_not_stated": "Beds, type not stated",
    "age_65plus": "People 65+",
    "age_85plus": "People 85+",
    "beds_per_1000_65plus": "Beds per 1,000 aged 65+",
    "beds_per_1000_85plus": "Beds per 1,000 aged 85+",
}
HOMES_ARE = {"illustrative": "Illustrative", "CQC": "CQC registered"}


def zone_figures(
    layout: ZoneLayout,
    counted: PublicUnmet,
    rurality: pd.DataFrame,
    deprivation: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return one row per zone, as shown: providers, small areas, rural share, unmet packages,
    and, with `deprivation` (lsoa_code, imd_decile), the median decile of its small areas."""
    share = rural_shares(layout, rurality)
    table = pd.DataFrame(
        {
            "Providers": [
                "not published" if pd.isna(p) else str(int(p)) for p in layout.zones["providers"]
            ],
            "Small areas": layout.zones["lsoa_count"].astype(int).astype(str).to_numpy(),
            "Rural small areas": [f"{share.get(z, 0):.0%}" for z in layout.zones["zone"]],
            # The one public reading: the demand card shows these same counts.
            "Unmet packages": [counted.count(z) for z in layout.zones["zone"]],
        },
        index=pd.Index(layout.zones["zone"], name="Zone"),
    )
    if deprivation is not None:
        zone_of = layout.lsoa_zone.set_index("lsoa_code")["zone"]
        medians = median_deciles(deprivation, zone_of)
        table[MEDIAN_DECILE_LABEL] = [decile_text(medians.get(z)) for z in table.index]
    return table


def uplift_table(geography: CouncilGeography, layout: ZoneLayout, uplift: set[str]) -> pd.DataFrame:
    """Return the small areas a rule pays the uplift in, as the table beside the map."""
    zone_of = dict(zip(layout.lsoa_zone["lsoa_code"], layout.lsoa_zone["zone"], strict=True))
    rows = geography.lsoas[geography.lsoas["code"].isin(uplift)]
    return (
        rows[["code", "name"]]
        .rename(columns={"code": "LSOA", "name": "Small area"})
        .assign(Zone=lambda t: t["LSOA"].map(zone_of))
        .reset_index(drop=True)
    )


def card_table(card: DemandCard) -> pd.DataFrame:
    """Return the card's figures as a table: what, where, value, kind and source."""
    return pd.DataFrame(
        {
            "Figure": [f.label for f in card.figures],
            "Where": card.where,
            "Value": [f.value for f in card.figures],
            "Kind": [kind_of(f.kind).label for f in card.figures],
            "Source": [f.source for f in card.figures],
            "Note": [f.note for f in card.figures],
        }
    )


def area_deciles(
    deprivation: pd.DataFrame,
    geography: CouncilGeography,
    total_name: str,
    lsoas: frozenset[str] | None = None,
) -> pd.Series:
    """Return the median IMD decile of each neighbourhood's small areas, by MSOA name, and of
    all the small areas shown (`lsoas`, default the council's) under `total_name`."""
    msoa_of = geography.lsoas.set_index("code")["msoa_name"]
    by_msoa = median_deciles(deprivation, msoa_of)
    shown = msoa_of if lsoas is None else msoa_of[msoa_of.index.isin(lsoas)]
    overall = median_deciles(deprivation, pd.Series(total_name, index=shown.index))
    return pd.concat([by_msoa, overall])


def supply_table(
    areas: pd.DataFrame,
    total: pd.DataFrame,
    kind: str,
    basis: PopulationBasis | None,
    deciles: pd.Series | None = None,
) -> pd.DataFrame:
    """Return supply per neighbourhood under the council's total, as shown and downloaded:
    headers in words, people rounded, and whether homes and population are real or not.
    With `deciles` (area_deciles), the median deprivation decile of each row's small areas."""
    table = pd.concat([total, areas], ignore_index=True)
    if deciles is not None:
        table[MEDIAN_DECILE_LABEL] = table["msoa_name"].map(deciles).astype("Float64")
    table[["age_65plus", "age_85plus"]] = table[["age_65plus", "age_85plus"]].round()
    table.insert(0, "Homes are", HOMES_ARE.get(kind, kind))
    table.insert(1, "Population", "not available" if basis is None else basis.label)
    return table.rename(columns=SUPPLY_LABELS)


def homes_table(homes: pd.DataFrame, kind: str, layout: ZoneLayout) -> pd.DataFrame:
    """Return the care homes one by one, as shown and downloaded: name, provider, beds, type
    of care, rating, neighbourhood and zone (of `layout`), and whether they are real."""
    zone_of = layout.lsoa_zone.set_index("lsoa_code")["zone"]
    zone_header = "Zone" if layout.kind == "imported" else "Zone (illustrative layout)"
    rated = pd.to_datetime(homes["rating_date"], errors="coerce")
    table = pd.DataFrame(
        {
            "Care home": homes["name"],
            "Provider": homes["provider"],
            "Beds": homes["beds"].astype("Int64"),
            "Type of care": homes["care_type"].map(lambda t: TYPE_LABELS.get(t, t)),
            "CQC rating": homes["rating"],
            "Rating published": [f"{d:%-d %B %Y}" if pd.notna(d) else "" for d in rated],
            "Neighbourhood (MSOA)": homes["msoa_name"].fillna("outside the council's areas"),
            zone_header: homes["lsoa_code"].map(zone_of).fillna(""),
            "Postcode": homes["postcode"],
            "Homes are": HOMES_ARE.get(kind, kind),
        }
    )
    return table.sort_values(["Care home", "Postcode"], kind="stable").reset_index(drop=True)


def trend_table(trend: Trend) -> pd.DataFrame:
    """Return unmet packages by month or quarter as shown under the chart: each period and
    its count as published (a number, "fewer than 5" or withheld)."""
    return trend.table[["label", "count_shown"]].rename(
        columns={"label": trend.step.capitalize(), "count_shown": "Unmet packages"}
    )
