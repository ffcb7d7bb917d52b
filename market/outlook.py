"""Demand outlook: older people by year and small area, the beds and hours they need, scenarios.

The council's figures (its documents' or an imported ONS projection) are spread over its
small areas in proportion to where older people live today, so every area's numbers add
back up to the council's. Beds and hours needed are today's rates applied to those people;
a scenario adds or closes homes and changes zones' hours, and travels in a link.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from data.cqc_places import PLACED_BY_POSTCODE
from data.figures import latest
from data.sources import cite
from data.zone_files import MAX_ZONE_NAME
from geo.postcodes import normalise_postcode
from market.kinds import KINDS

BANDS = ("65plus", "75plus", "85plus")
BAND_LABELS = {
    "65plus": "People aged 65 and over",
    "75plus": "People aged 75 and over",
    "85plus": "People aged 85 and over",
}
# Projections past this are too uncertain to plan beds on; later years are dropped.
LAST_YEAR = 2045
HEADLINE_YEAR = 2035
DEFAULT_THRESHOLD_PCT = 95.0
DEFAULT_BED_BAND = "75plus"
# "Today" for the outlook: fixed, so a page, its PDF and its tests agree on the base year.
TODAY_YEAR = 2026

# Figure kinds come from the one table of kinds; "entered" is a commissioner's own rate.
PUBLISHED = KINDS["published"].key
DERIVED = KINDS["derived"].key
ENTERED = KINDS["entered"].key

# The council's documents give these measures of older people (data/measures.py).
_POPULATION_MEASURES = {"population_65plus": "65plus", "population_85plus": "85plus"}
HOURS_MEASURE = "hours_commissioned_weekly"
OCCUPANCY_MEASURE = "occupancy_pct"
OCCUPANCY_SERVICES = ("care_home_older_people", "care_home")
HOURS_SERVICE = "home_care"
PEOPLE_COLUMNS = ("year", "band", "people", "kind", "source")
WEIGHT_COLUMNS = ("lsoa_code", "msoa_name", "w_65plus", "w_75plus", "w_85plus")
SPREAD_COLUMNS = ("lsoa_code", "msoa_name", "year", "band", "people")
AREA_KEYS = ("msoa_name", "zone")
DEMAND_COLUMNS = (
    "area",
    "year",
    "people",
    "beds_today",
    "beds_needed",
    "bed_gap",
    "occupancy_pct",
    "hours_today",
    "hours_needed",
    "hours_gap",
)

# A scenario arrives in a link anyone can edit: every part of it is bounded.
MAX_ITEMS = 20
MAX_BEDS = 500
MAX_HOURS_CHANGE = 100_000.0
MAX_LOCATION_ID = 60
MAX_SCENARIO_TEXT = 4_000
NEW_HOME_TYPES = {"nursing": "n", "residential": "r"}
NEW_HOME_NAME = "New home (scenario)"
NEW_HOME_KIND = "scenario"


def band_words(band: str) -> str:
    """Return a band as words inside a sentence: "people aged 75 and over"."""
    return BAND_LABELS[band][0].lower() + BAND_LABELS[band][1:]


@dataclass(frozen=True)
class CouncilOutlook:
    """A council's older people by year and age band, where they came from and how."""

    council_code: str
    people: pd.DataFrame  # year, band, people, kind, source
    method: str
    loaded: bool  # True: an imported ONS projection; False: the documents' figures

    def years(self) -> list[int]:
        """Return the sorted years with any figure."""
        return sorted(int(y) for y in self.people["year"].unique())

    def bands(self) -> list[str]:
        """Return the bands with any figure, in BANDS order."""
        present = set(self.people["band"])
        return [band for band in BANDS if band in present]

    def value(self, band: str, year: int) -> float | None:
        """Return the council's people in a band and year, or None without a figure."""
        rows = self.people[(self.people["band"] == band) & (self.people["year"] == year)]
        return None if rows.empty else float(rows["people"].iloc[0])

    def base_year(self) -> int:
        """Return the year standing for today: the 65+ year nearest TODAY_YEAR (later on a tie).

        Today's rates are today's beds and hours over this year's people, so a year far from
        today (County Durham's documents give 2024 and 2039) would make the rates wrong for
        every year. Without any 65+ figure, the year of any figure nearest TODAY_YEAR.
        """
        older = self.people.loc[self.people["band"] == "65plus", "year"]
        years = sorted(int(y) for y in older) or self.years()
        if not years:
            raise ValueError("the outlook has no figures")
        return min(years, key=lambda year: (abs(year - TODAY_YEAR), -year))


def _people_frame(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.loc[:, list(PEOPLE_COLUMNS)].copy()
    out = out[(out["year"] <= LAST_YEAR) & out["people"].notna()]
    out["year"] = out["year"].astype("int64")
    out["people"] = out["people"].astype("float64")
    for column in ("band", "kind", "source"):
        out[column] = out[column].astype(str)
    order = out["band"].map({band: i for i, band in enumerate(BANDS)})
    return (
        out.assign(_order=order)
        .sort_values(["year", "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def published_outlook(figures: pd.DataFrame, council_code: str) -> CouncilOutlook | None:
    """Return the council's documents' figures for people 65+ and 85+, or None without any."""
    rows = figures[
        (figures["council_code"] == council_code)
        & figures["measure"].isin(list(_POPULATION_MEASURES))
        & (figures["kind"] == PUBLISHED)
    ]
    if rows.empty:
        return None
    table = pd.DataFrame(
        {
            "year": rows["period_start"].dt.year.astype("int64"),
            "band": rows["measure"].map(_POPULATION_MEASURES),
            "people": rows["value"].astype("float64"),
            "kind": PUBLISHED,
            "source": [
                cite(file, section)
                for file, section in zip(rows["source_file"], rows["source_section"], strict=True)
            ],
        }
    )
    # Two documents giving the same year: keep the later-listed one (an added figure
    # corrects a pack's, see data.figures.with_corrections).
    table = table.drop_duplicates(["year", "band"], keep="last")
    people = _people_frame(table)
    if people.empty:
        return None
    years = ", ".join(str(y) for y in sorted(people["year"].unique()))
    missing = [band_words(b) for b in BANDS if b not in set(people["band"])]
    method = (
        f"The council's own published figures for older people, for the years its documents "
        f"name ({years}); years between them have no figure and none is filled in."
    )
    if missing:
        method += f" The documents give no figure for {' or '.join(missing)}."
    return CouncilOutlook(council_code, people, method, loaded=False)


def imported_outlook(table: pd.DataFrame, citation: str) -> CouncilOutlook:
    """Return an imported ONS projection's figures for one council, every year to LAST_YEAR."""
    if table.empty:
        raise ValueError("the projection has no rows for this council")
    codes = table["council_code"].unique()
    if len(codes) != 1:
        raise ValueError("expected one council's projection rows")
    long = table.melt(
        id_vars=["year", "districts"],
        value_vars=[f"age_{band}" for band in BANDS],
        var_name="band",
        value_name="people",
    )
    long["band"] = long["band"].str.removeprefix("age_")
    long["kind"] = long["districts"].map(lambda n: PUBLISHED if int(n) == 1 else DERIVED)
    long["source"] = citation
    people = _people_frame(long)
    districts = int(table["districts"].max())
    years = people["year"]
    method = (
        f"The Office for National Statistics' population projection for the council, "
        f"{int(years.min())} to {int(years.max())} ({citation})."
    )
    if districts > 1:
        method += (
            f" The projection is published for each district, so the council's figures are "
            f"the {districts} districts' figures added up; they are marked derived."
        )
    return CouncilOutlook(str(codes[0]), people, method, loaded=True)


@dataclass(frozen=True)
class AreaWeights:
    """Each small area's share of the council's older people, by band, and how it was made."""

    table: pd.DataFrame  # lsoa_code, msoa_name, w_65plus, w_75plus, w_85plus
    method: str
    is_estimate: bool


def _shares(values: pd.Series) -> pd.Series | None:
    total = float(values.sum())
    return values / total if total > 0 else None


def _postcode_counts(lsoas: pd.DataFrame, postcodes: pd.DataFrame) -> pd.Series:
    counts = postcodes["lsoa_code"].dropna().astype(str).value_counts()
    return counts.reindex(lsoas["code"].astype(str).to_numpy(), fill_value=0).astype("float64")


def _within(counts: pd.Series, msoa: pd.Series) -> pd.Series:
    """Return each LSOA's share of its MSOA by postcodes (equal shares where it has none)."""
    frame = pd.DataFrame({"n": counts.to_numpy(), "msoa": msoa.to_numpy()}, index=counts.index)
    totals = frame.groupby("msoa")["n"].transform("sum")
    sizes = frame.groupby("msoa")["n"].transform("size")
    return (frame["n"] / totals).where(totals > 0, 1 / sizes)


def _nearest_year(population: pd.DataFrame, year: int) -> int:
    years = sorted(int(y) for y in population["year"].unique())
    return min(years, key=lambda y: (abs(y - year), y))


def _population_weights(
    lsoas: pd.DataFrame, counts: pd.Series, population: pd.DataFrame, year: int
) -> tuple[dict[str, pd.Series], int] | None:
    """Return 65+ and 85+ shares per LSOA from an imported population, or None if unusable."""
    codes = lsoas["code"].astype(str)
    msoa = pd.Series(lsoas["msoa_name"].astype(str).to_numpy(), index=codes.to_numpy())
    rows = population[population["msoa_name"].astype(str).isin(set(msoa))]
    if rows.empty:
        return None
    chosen = _nearest_year(rows, year)
    rows = rows[rows["year"] == chosen]
    area = rows["area_code"].astype(str)
    lsoa_rows = rows[area.isin(set(codes))]
    # A file giving an MSOA both whole and by LSOA counts its LSOAs only, so no one is
    # counted twice; an MSOA given whole is shared among its LSOAs by postcodes.
    by_lsoa = set(lsoa_rows["msoa_name"].astype(str))
    msoa_rows = rows[~area.isin(set(codes)) & ~rows["msoa_name"].astype(str).isin(by_lsoa)]
    within = _within(counts, msoa)
    shares: dict[str, pd.Series] = {}
    for band in ("65plus", "85plus"):
        column = f"age_{band}"
        from_lsoas = lsoa_rows.groupby(lsoa_rows["area_code"].astype(str))[column].sum()
        from_msoas = msoa_rows.groupby(msoa_rows["msoa_name"].astype(str))[column].sum()
        people = from_lsoas.reindex(msoa.index).fillna(0) + (
            msoa.map(from_msoas).fillna(0) * within
        )
        share = _shares(people.astype("float64"))
        if share is not None:
            shares[band] = share
    if "65plus" not in shares:
        return None
    # A file with no one 85+ in these areas: 85+ people are spread like 65+ ones.
    shares.setdefault("85plus", shares["65plus"])
    return shares, chosen


def area_weights(
    lsoas: pd.DataFrame, postcodes: pd.DataFrame, population: pd.DataFrame | None, year: int
) -> AreaWeights:
    """Return each LSOA's share of the council's people in each band (each share sums to 1)."""
    codes = lsoas["code"].astype(str).to_numpy()
    if len(codes) == 0:
        raise ValueError("the council has no small areas")
    counts = _postcode_counts(lsoas, postcodes)
    found = (
        _population_weights(lsoas, counts, population, year)
        if population is not None and not population.empty
        else None
    )
    table = pd.DataFrame({"lsoa_code": codes, "msoa_name": lsoas["msoa_name"].astype(str)})
    if found is not None:
        shares, chosen = found
        table["w_65plus"] = shares["65plus"].to_numpy()
        table["w_85plus"] = shares["85plus"].to_numpy()
        table["w_75plus"] = (table["w_65plus"] + table["w_85plus"]) / 2
        method = (
            f"Each year's council figures are shared among small areas (LSOAs) in proportion "
            f"to the people aged 65 and over and 85 and over living in each in {chosen}, from "
            "the imported ONS population file; where the file gives a neighbourhood (MSOA) as "
            "a whole, its people are shared among its small areas by their numbers of "
            "postcodes. The file has no figure for 75 and over, so those people are shared by "
            "the average of the 65 and over and 85 and over shares. The shares stay as they "
            "are today in every year, and the areas always add up to the council's figure."
        )
        return AreaWeights(table.loc[:, list(WEIGHT_COLUMNS)], method, is_estimate=False)
    share = _shares(counts)
    if share is None:
        equal = 1 / len(codes)
        for band in BANDS:
            table[f"w_{band}"] = equal
        method = (
            "An estimate: no postcodes are known for this council's small areas (LSOAs), so each "
            "year's council figures are shared equally among them; the areas add up to the "
            "council's figure. Load an ONS population file on the Your data page for real "
            "figures."
        )
    else:
        for band in BANDS:
            table[f"w_{band}"] = share.to_numpy()
        method = (
            "An estimate: each year's council figures are shared among small areas (LSOAs) in "
            "proportion to the number of postcodes in each (ONS Postcode Directory), the same "
            "for every age band, and the areas add up to the council's figure. Postcodes are a "
            "rough stand-in for where older people live today; load an ONS population file on "
            "the Your data page for real figures."
        )
    return AreaWeights(table.loc[:, list(WEIGHT_COLUMNS)], method, is_estimate=True)


def spread(outlook: CouncilOutlook, weights: AreaWeights) -> pd.DataFrame:
    """Return the council's people in each LSOA, year and band (adding back to the council's)."""
    parts = []
    for band in outlook.bands():
        share = weights.table[f"w_{band}"].astype("float64")
        # Normalised again so float rounding in the shares cannot move the council total.
        share = share / share.sum()
        rows = outlook.people[outlook.people["band"] == band]
        for year, people in zip(rows["year"], rows["people"], strict=True):
            parts.append(
                pd.DataFrame(
                    {
                        "lsoa_code": weights.table["lsoa_code"].to_numpy(),
                        "msoa_name": weights.table["msoa_name"].to_numpy(),
                        "year": int(year),
                        "band": band,
                        "people": share.to_numpy() * float(people),
                    }
                )
            )
    if not parts:
        return pd.DataFrame(
            {
                "lsoa_code": pd.Series(dtype=str),
                "msoa_name": pd.Series(dtype=str),
                "year": pd.Series(dtype="int64"),
                "band": pd.Series(dtype=str),
                "people": pd.Series(dtype="float64"),
            }
        )
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype("int64")
    return out.loc[:, list(SPREAD_COLUMNS)]


def _area_of(frame: pd.DataFrame, key: str, lsoa_zone: pd.DataFrame | None) -> pd.Series:
    if key not in AREA_KEYS:
        raise ValueError(f"areas are {' or '.join(AREA_KEYS)}, not {key!r}")
    if key == "msoa_name":
        return frame["msoa_name"]
    if lsoa_zone is None:
        raise ValueError("zones need the layout's LSOA to zone table")
    zones = dict(zip(lsoa_zone["lsoa_code"].astype(str), lsoa_zone["zone"], strict=False))
    return frame["lsoa_code"].map(lambda code: zones.get(str(code)) if pd.notna(code) else None)


def people_by(
    spread_frame: pd.DataFrame, key: str, lsoa_zone: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return people per neighbourhood (MSOA) or zone, year and band: area, year, band, people."""
    area = _area_of(spread_frame, key, lsoa_zone)
    # LSOAs outside every zone are left out of the zone sums, not put in a zone of their own.
    rows = spread_frame.assign(area=area)[area.notna()]
    out = rows.groupby(["area", "year", "band"], as_index=False, sort=True)["people"].sum()
    out["year"] = out["year"].astype("int64")
    return out.loc[:, ["area", "year", "band", "people"]]


def beds_by(homes: pd.DataFrame, key: str, lsoa_zone: pd.DataFrame | None = None) -> pd.Series:
    """Return beds per neighbourhood (MSOA) or zone: homes outside the areas are left out."""
    area = _area_of(homes, key, lsoa_zone)
    beds = homes["beds"].astype("Float64").fillna(0).astype("float64")
    frame = pd.DataFrame({"area": area, "beds": beds})[area.notna()]
    totals = frame.groupby("area", sort=True)["beds"].sum()
    totals.index.name = "area"
    return totals.rename("beds")


@dataclass(frozen=True)
class Rate:
    """A rate the outlook applies to people, how it was made, and its kind."""

    value: float
    method: str
    kind: str  # "derived" (from today's figures) or "entered" (the commissioner's own)


def _number(value: float) -> str:
    return f"{value:,.0f}"


def todays_bed_rate(beds_today: float, people_today: float, band: str) -> Rate | None:
    """Return today's beds per 1,000 people in the band, or None without people or beds."""
    # No beds today gives no rate: "none needed" would be a figure nobody could act on.
    if not (people_today > 0 and math.isfinite(people_today) and math.isfinite(beds_today)):
        return None
    if beds_today <= 0:
        return None
    value = float(1000 * beds_today / people_today)
    return Rate(
        value,
        f"{value:,.1f} beds per 1,000 {band_words(band)}: today's {_number(beds_today)} beds "
        f"for {_number(people_today)} {band_words(band)}.",
        DERIVED,
    )


def entered_bed_rate(value: float, band: str) -> Rate:
    """Return a commissioner's own beds per 1,000 people in the band."""
    if not (value >= 0 and math.isfinite(value)):
        raise ValueError("a rate of beds is a number of 0 or more")
    return Rate(
        float(value),
        f"{value:,.1f} beds per 1,000 {band_words(band)}, as the commissioner entered it.",
        ENTERED,
    )


def todays_occupancy(figures: pd.DataFrame, council_code: str) -> tuple[float, str] | None:
    """Return the council's latest care home occupancy (per cent) and where it is from, or None.

    Figures for older people's homes are preferred to those for all care homes.
    """
    for service in OCCUPANCY_SERVICES:
        row = latest(figures, OCCUPANCY_MEASURE, council_code, service)
        if row is not None and 0 < float(row["value"]) <= 100:
            words = (
                f"{float(row['value']):g}% of beds occupied ({row['period']}, "
                f"{cite(row['source_file'], row['source_section'])})"
            )
            return float(row["value"]), words
    return None


def occupied_bed_rate(rate: Rate, occupancy: tuple[float, str] | None, band: str) -> Rate:
    """Return beds needed per 1,000 people: today's beds per 1,000 times today's occupancy.

    Beds needed are the beds people fill, so in today's year they are today's occupied beds,
    and "beds needed as a share of today's beds" starts at today's occupancy. Without an
    occupancy figure every bed today counts as filled, and the method says so.
    """
    if occupancy is None:
        return Rate(
            rate.value,
            f"{rate.method.rstrip('.')}. No occupancy figure is published for the council, so "
            "every bed today counts as filled.",
            rate.kind,
        )
    percent, words = occupancy
    value = rate.value * percent / 100
    return Rate(
        value,
        f"{value:,.1f} beds needed per 1,000 {band_words(band)}: "
        f"{rate.method[0].lower()}{rate.method[1:].rstrip('.')}, times today's occupancy, "
        f"{words}.",
        rate.kind,
    )


def todays_hours_rate(
    figures: pd.DataFrame, council_code: str, outlook: CouncilOutlook
) -> Rate | None:
    """Return today's home care hours a week per person aged 65+, or None without the figures."""
    published = figures[figures["kind"] == PUBLISHED]
    row = latest(published, HOURS_MEASURE, council_code, HOURS_SERVICE)
    older = outlook.people[outlook.people["band"] == "65plus"]
    if row is None or older.empty:
        return None
    hours_year = int(row["period_start"].year)
    nearest = older.iloc[int((older["year"] - hours_year).abs().to_numpy().argmin())]
    people = float(nearest["people"])
    if people <= 0:
        return None
    value = float(row["value"]) / people
    return Rate(
        value,
        f"{value:,.2f} hours of home care a week per person aged 65 and over: "
        f"{_number(float(row['value']))} hours a week commissioned ({row['period']}, "
        f"{cite(row['source_file'], row['source_section'])}) for {_number(people)} people "
        f"aged 65 and over ({int(nearest['year'])}).",
        DERIVED,
    )


def demand_table(
    people: pd.DataFrame,
    beds_today: pd.Series,
    bed_rate: Rate,
    bed_band: str,
    hours_rate: Rate | None,
    base_year: int,
    hours_change: Mapping[str, float] | None = None,
    todays_hours: Rate | None = None,
) -> pd.DataFrame:
    """Return beds and hours needed per area and year at the rates given, beside today's.

    Hours needed use `hours_rate`; today's hours are today's commissioned hours shared by the
    area's people aged 65+ in `base_year` (`todays_hours`, which defaults to `hours_rate`:
    pass today's rate when `hours_rate` is one the commissioner entered), plus any change.
    """
    wide = people.pivot_table(
        index=["area", "year"], columns="band", values="people", aggfunc="sum"
    )
    wide = wide.reindex(columns=list(BANDS))
    out = pd.DataFrame(index=wide.index).reset_index()
    out["year"] = out["year"].astype("int64")
    out["people"] = wide[bed_band].to_numpy(dtype="float64")
    out["beds_today"] = out["area"].map(beds_today).fillna(0).astype("float64")
    out["beds_needed"] = out["people"] * bed_rate.value / 1000
    out["bed_gap"] = out["beds_needed"] - out["beds_today"]
    has_beds = out["beds_today"] > 0
    out["occupancy_pct"] = (out["beds_needed"] / out["beds_today"] * 100).where(has_beds)
    older = wide["65plus"].to_numpy(dtype="float64")
    todays_hours = hours_rate if todays_hours is None else todays_hours
    for column in ("hours_today", "hours_needed", "hours_gap"):
        out[column] = float("nan")
    if hours_rate is not None:
        out["hours_needed"] = older * hours_rate.value
    if todays_hours is not None:
        base_people = pd.Series(older, index=out.index)[out["year"] == base_year]
        base = pd.Series(base_people.to_numpy(), index=out.loc[base_people.index, "area"])
        change = out["area"].map(lambda area: float((hours_change or {}).get(area, 0.0)))
        today = out["area"].map(base * todays_hours.value).astype("float64")
        out["hours_today"] = today + change
    out["hours_gap"] = out["hours_needed"] - out["hours_today"]
    return out.loc[:, list(DEMAND_COLUMNS)].reset_index(drop=True)


def first_year_over(demand: pd.DataFrame, threshold_pct: float) -> pd.Series:
    """Return each area's first year needing more than threshold_pct of today's beds (NA never)."""
    # An area with no beds at all is over any threshold as soon as anyone needs a bed.
    no_beds = (demand["beds_today"] <= 0) & (demand["beds_needed"] > 0)
    over = demand[(demand["occupancy_pct"] > threshold_pct) | no_beds]
    first = over.groupby("area")["year"].min()
    areas = pd.Index(demand["area"].unique(), name="area")
    return first.reindex(areas).astype("Int64").rename("year")


@dataclass(frozen=True)
class NewHome:
    """A home a scenario adds: where, how many beds and what care."""

    postcode: str
    beds: int
    care_type: str  # "nursing" or "residential"


@dataclass(frozen=True)
class Scenario:
    """Homes added and closed, and changes to zones' home care hours a week."""

    added: tuple[NewHome, ...] = ()
    removed: tuple[str, ...] = ()  # homes' location_id
    hours: tuple[tuple[str, float], ...] = ()  # (zone, change in hours a week)

    def is_empty(self) -> bool:
        """Return whether the scenario changes nothing."""
        return not (self.added or self.removed or self.hours)


# The text uses only characters a URL never escapes: items are split by "~", fields by
# "_", and a name's other characters are written "." and two hex digits per UTF-8 byte.
_ITEM_SEPARATOR = "~"
_FIELD_SEPARATOR = "_"
_PLAIN = re.compile(r"[A-Za-z0-9-]")
_ESCAPED = re.compile(r"^(?:[A-Za-z0-9-]|\.[0-9A-F]{2})+$")
_TOKEN = re.compile(r"\.([0-9A-F]{2})|([A-Za-z0-9-])")
_COMPACT_POSTCODE = re.compile(r"^[A-Za-z0-9]{5,7}$")
_BEDS = re.compile(r"^[1-9][0-9]{0,2}$")
_HOURS = re.compile(r"^-?[0-9]{1,6}(?:\.[0-9]{1,2})?$")
_TYPES_BY_CODE = {code: name for name, code in NEW_HOME_TYPES.items()}


def _escape(text: str) -> str:
    return "".join(
        char if _PLAIN.fullmatch(char) else "".join(f".{b:02X}" for b in char.encode())
        for char in text
    )


def _unescape(field: str, limit: int) -> str:
    if not _ESCAPED.match(field):
        raise ValueError("a name in the scenario has characters a link does not carry")
    data = bytearray()
    for hexed, plain in _TOKEN.findall(field):
        data += bytes.fromhex(hexed) if hexed else plain.encode()
    text = data.decode("utf-8")  # UnicodeDecodeError is a ValueError
    # One spelling for each name, so the same scenario always gives the same link.
    if _escape(text) != field or not text.strip() or not text.isprintable():
        raise ValueError("a name in the scenario is not written as the app writes it")
    if len(text) > limit:
        raise ValueError(f"a name in the scenario is longer than {limit} characters")
    return text


def _hours_text(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def scenario_text(scenario: Scenario) -> str:
    """Return the scenario as short URL-safe text ("" for an empty one); hours to 0.01."""
    items = []
    for home in scenario.added:
        postcode = re.sub(r"\s+", "", home.postcode).upper()
        code = NEW_HOME_TYPES.get(home.care_type)
        if code is None:
            raise ValueError(f"a new home is {' or '.join(NEW_HOME_TYPES)}")
        items.append(_FIELD_SEPARATOR.join(("a", postcode, str(int(home.beds)), code)))
    items += [_FIELD_SEPARATOR.join(("r", _escape(str(i)))) for i in scenario.removed]
    items += [
        _FIELD_SEPARATOR.join(("h", _escape(str(zone)), _hours_text(float(change))))
        for zone, change in scenario.hours
    ]
    return _ITEM_SEPARATOR.join(items)


def _parse_added(fields: list[str]) -> NewHome:
    if len(fields) != 3:
        raise ValueError("a new home is written a_POSTCODE_BEDS_TYPE")
    postcode, beds, code = fields
    normal = normalise_postcode(postcode) if _COMPACT_POSTCODE.match(postcode) else None
    if normal is None:
        raise ValueError("a new home's postcode is not a UK postcode")
    if not _BEDS.match(beds) or int(beds) > MAX_BEDS:
        raise ValueError(f"a new home has 1 to {MAX_BEDS} beds")
    if code not in _TYPES_BY_CODE:
        raise ValueError("a new home is nursing (n) or residential (r)")
    return NewHome(normal, int(beds), _TYPES_BY_CODE[code])


def _parse_hours(fields: list[str]) -> tuple[str, float]:
    if len(fields) != 2:
        raise ValueError("a change of hours is written h_ZONE_HOURS")
    zone, change = fields
    if not _HOURS.match(change) or abs(float(change)) > MAX_HOURS_CHANGE:
        raise ValueError(
            f"a change of hours is a number from -{MAX_HOURS_CHANGE:,.0f} to "
            f"{MAX_HOURS_CHANGE:,.0f}"
        )
    return _unescape(zone, MAX_ZONE_NAME), float(change)


def parse_scenario(text: str) -> Scenario:
    """Return the scenario a link's text describes; ValueError for anything not valid."""
    if not isinstance(text, str) or len(text) > MAX_SCENARIO_TEXT:
        raise ValueError("the scenario text is too long")
    if text == "":
        return Scenario()
    items = text.split(_ITEM_SEPARATOR)
    if len(items) > MAX_ITEMS:
        raise ValueError(f"a scenario has at most {MAX_ITEMS} changes")
    added: list[NewHome] = []
    removed: list[str] = []
    hours: list[tuple[str, float]] = []
    for item in items:
        what, *fields = item.split(_FIELD_SEPARATOR)
        if what == "a":
            added.append(_parse_added(fields))
        elif what == "r" and len(fields) == 1:
            removed.append(_unescape(fields[0], MAX_LOCATION_ID))
        elif what == "h":
            hours.append(_parse_hours(fields))
        else:
            raise ValueError("a scenario's changes start a_, r_ or h_")
    if len(set(removed)) != len(removed):
        raise ValueError("a home is closed twice in the scenario")
    if len({zone for zone, _ in hours}) != len(hours):
        raise ValueError("a zone's hours are changed twice in the scenario")
    return Scenario(tuple(added), tuple(removed), tuple(hours))


def _new_home_row(
    number: int, home: NewHome, place: pd.Series, columns: pd.Index, local_authority: object
) -> dict:
    beds = int(home.beds)
    values = {
        "location_id": f"new-{number}",
        "name": NEW_HOME_NAME,
        "provider_id": pd.NA,
        "provider": pd.NA,
        "care_type": home.care_type,
        "beds": beds,
        "rating": "Not rated",
        "rating_date": pd.NaT,
        "older_people": True,
        "dementia": False,
        "postcode": place["postcode"],
        "local_authority": local_authority,
        "lat": place["lat"],
        "lon": place["lon"],
        "easting": place["easting"],
        "northing": place["northing"],
        "lad_code": place["lad_code"],
        "placed_by": PLACED_BY_POSTCODE,
        "place_note": "",
        "kind": NEW_HOME_KIND,
        "source_row": 0,  # as for illustrative homes: no row of any file
        "lsoa_code": place["lsoa_code"],
        "msoa_name": place["msoa_name"],
        "beds_nursing": beds if home.care_type == "nursing" else 0,
        "beds_residential": beds if home.care_type == "residential" else 0,
    }
    return {column: values.get(column, pd.NA) for column in columns}


def apply_scenario(
    homes: pd.DataFrame, scenario: Scenario, postcodes: pd.DataFrame
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Return the homes with the scenario's closures and new homes, and what could not be done."""
    problems: list[str] = []
    ids = homes["location_id"].astype(str)
    known, closing = set(ids), set(scenario.removed)
    problems += [
        f"The home {location} the scenario closes is not one of this council's homes."
        for location in scenario.removed
        if location not in known
    ]
    kept = homes[~ids.isin(closing)]
    places = postcodes.drop_duplicates("compact")
    by_compact = places.set_index(places["compact"].astype(str))
    authority = homes["local_authority"].iloc[0] if len(homes) else pd.NA
    rows = []
    for number, home in enumerate(scenario.added, start=1):
        normal = normalise_postcode(home.postcode)
        compact = normal.replace(" ", "") if normal else None
        if compact is None or compact not in by_compact.index:
            problems.append(
                f"The new home at {normal or home.postcode} was left out: that postcode is "
                "not in this council's area."
            )
            continue
        place = by_compact.loc[compact]
        rows.append(_new_home_row(number, home, place, homes.columns, authority))
    if not rows:
        return kept.reset_index(drop=True), tuple(problems)
    added = pd.DataFrame(rows, columns=homes.columns)
    for column in homes.columns:
        try:
            added[column] = added[column].astype(homes[column].dtype)
        except (TypeError, ValueError):
            continue  # a value the column's type cannot hold is kept as it is
    return pd.concat([kept, added], ignore_index=True), tuple(problems)
