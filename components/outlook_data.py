"""The demand outlook for a page: the projection in use, its spread, the scenario and the gaps.

Every page that shows an outlook figure (the outlook page, the committee view and pack, the
provider's demand card) builds it here, from the same choices kept in the link, so a figure
reads the same wherever it appears.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from components import permalink
from components.geodata import council_geography
from components.supply_data import council_homes, council_postcodes
from components.zone_data import layout_in_use
from data import population, projections, store
from data.sources import imported
from market import outlook
from market.demand import CardFigure
from market.outlook import (
    AreaWeights,
    CouncilOutlook,
    Rate,
    Scenario,
)
from market.zones import ZoneLayout
from report.outlook import OutlookSummary, summarise

KEY = "cmm_outlook"
SHADE_KEY = f"{KEY}_shade"
BED_BANDS = ("75plus", "85plus")


def _scenario_param(raw: str) -> str:
    # Normalised, so a link with spaces or lower-case postcodes reads back the same.
    return outlook.scenario_text(outlook.parse_scenario(raw))


PARAMS = (
    permalink.Param(f"{KEY}_year", "year", "a year", 0, permalink.number(2000, 2100, int)),
    permalink.Param(
        f"{KEY}_band", "age", "an age group", "75plus", permalink.choice(list(outlook.BANDS))
    ),
    permalink.Param(
        f"{KEY}_bed_band",
        "beds_for",
        "the age group beds are counted for",
        outlook.DEFAULT_BED_BAND,
        permalink.choice(list(BED_BANDS)),
    ),
    permalink.Param(f"{KEY}_rate", "bed_rate", "a bed rate", 0.0, permalink.number(0.0, 1000.0)),
    permalink.Param(
        f"{KEY}_hours_rate", "hours_rate", "an hours rate", 0.0, permalink.number(0.0, 50.0)
    ),
    permalink.Param(
        f"{KEY}_threshold",
        "threshold",
        "a threshold",
        outlook.DEFAULT_THRESHOLD_PCT,
        permalink.number(50.0, 200.0),
    ),
    permalink.Param(
        SHADE_KEY, "shade", "a map shading", "people", permalink.choice(["people", "threshold"])
    ),
    permalink.Param(f"{KEY}_scenario", "scenario", "a what-if scenario", "", _scenario_param),
)


@dataclass(frozen=True)
class Choices:
    """What the reader chose: the year shown, the age groups, the rates, threshold, scenario."""

    year: int
    band: str
    bed_band: str
    bed_rate: float  # 0: today's rate
    hours_rate: float  # 0: today's rate
    threshold_pct: float
    scenario: Scenario


@dataclass(frozen=True)
class OutlookModel:
    """Everything an outlook figure, chart, map or table is read from, for one council."""

    outlook: CouncilOutlook
    weights: AreaWeights
    layout: ZoneLayout
    homes: pd.DataFrame  # with the scenario applied
    homes_today: pd.DataFrame  # as they are
    homes_illustrative: bool
    homes_method: str
    scenario_problems: tuple[str, ...]
    base_year: int
    bed_band: str
    bed_rate: Rate | None
    hours_rate: Rate | None
    todays_hours: Rate | None  # today's commissioned hours per person aged 65+, when published
    people_zone: pd.DataFrame
    people_msoa: pd.DataFrame
    demand_zone: pd.DataFrame
    demand_msoa: pd.DataFrame
    passes_zone: pd.Series
    threshold_pct: float


def restore_choices() -> None:
    """Take the outlook's choices from the link on the first run (before any widget)."""
    permalink.restore(PARAMS, scope=KEY)
    for param in PARAMS:
        st.session_state.setdefault(param.key, param.default)


def publish_choices() -> None:
    """Keep the outlook's choices in the link."""
    permalink.publish(PARAMS)


def current_choices() -> Choices:
    """Return the choices in use (the link's, the widgets', or the defaults)."""
    state = st.session_state
    try:
        scenario = outlook.parse_scenario(state.get(f"{KEY}_scenario", ""))
    except ValueError:
        scenario = Scenario()
    return Choices(
        year=int(state.get(f"{KEY}_year", 0)),
        band=state.get(f"{KEY}_band", "75plus"),
        bed_band=state.get(f"{KEY}_bed_band", outlook.DEFAULT_BED_BAND),
        bed_rate=float(state.get(f"{KEY}_rate", 0.0)),
        hours_rate=float(state.get(f"{KEY}_hours_rate", 0.0)),
        threshold_pct=float(state.get(f"{KEY}_threshold", outlook.DEFAULT_THRESHOLD_PCT)),
        scenario=scenario,
    )


def set_scenario(scenario: Scenario) -> None:
    """Make `scenario` the one in use (and so in the link)."""
    st.session_state[f"{KEY}_scenario"] = outlook.scenario_text(scenario)


@st.cache_data(show_spinner=False, max_entries=32)
def _imported_outlook(code: str, import_id: int, table: pd.DataFrame, citation: str):
    del code, import_id  # the cache key: a new import is read again
    return outlook.imported_outlook(table, citation)


def council_outlook(code: str, figures: pd.DataFrame) -> CouncilOutlook | None:
    """Return the imported projection, else the documents' published figures, else None."""
    stored = store.current_import(projections.KIND, code)
    if stored is not None:
        record, table = stored
        return _imported_outlook(code, record.id, table, imported(record).citation())
    return outlook.published_outlook(figures, code)


@st.cache_data(show_spinner=False, max_entries=16)
def _weights(code: str, import_id: int | None, table: pd.DataFrame | None) -> AreaWeights:
    del import_id
    geography = council_geography(code)
    return outlook.area_weights(
        geography.lsoas[["code", "msoa_name"]], council_postcodes(code), table, outlook.TODAY_YEAR
    )


def outlook_weights(code: str) -> AreaWeights:
    """Return how the council's figures are spread to small areas (imported or estimated)."""
    stored = store.current_import(population.KIND, code)
    if stored is None:
        return _weights(code, None, None)
    return _weights(code, stored[0].id, stored[1])


@st.cache_data(show_spinner=False, max_entries=16)
def _spread(code: str, people: CouncilOutlook, weights: AreaWeights) -> pd.DataFrame:
    del code
    return outlook.spread(people, weights)


def bed_band_for(people: CouncilOutlook, wanted: str) -> str:
    """Return the age group beds are counted for: the one chosen, else the oldest given."""
    bands = people.bands()
    if wanted in bands:
        return wanted
    return next((band for band in reversed(BED_BANDS) if band in bands), bands[-1])


def outlook_model(
    code: str, figures: pd.DataFrame, choices: Choices, people: CouncilOutlook
) -> OutlookModel:
    """Return the council's outlook with the reader's choices and scenario applied."""
    source = council_homes(code, figures)
    layout = layout_in_use(council_geography(code))
    homes, problems = outlook.apply_scenario(
        source.homes, choices.scenario, council_postcodes(code)
    )
    weights = outlook_weights(code)
    spread = _spread(code, people, weights)
    start = people.base_year()
    bed_band = bed_band_for(people, choices.bed_band)
    # Demand is looked for from today on: a published figure for an earlier year is history.
    spread = spread[spread["year"] >= start]
    people_zone = _in_zone_order(outlook.people_by(spread, "zone", layout.lsoa_zone), layout)
    people_msoa = outlook.people_by(spread, "msoa_name")
    beds_zone = outlook.beds_by(homes, "zone", layout.lsoa_zone)
    beds_msoa = outlook.beds_by(homes, "msoa_name")
    # Today's rate comes from today's homes: a scenario changes the beds there are, not the
    # beds people need.
    beds_now = float(outlook.beds_by(source.homes, "msoa_name").sum())
    today_people = people.value(bed_band, start)
    if choices.bed_rate > 0:
        bed_rate = outlook.entered_bed_rate(choices.bed_rate, bed_band)
    elif today_people and (beds := outlook.todays_bed_rate(beds_now, today_people, bed_band)):
        occupancy = outlook.todays_occupancy(figures, code)
        bed_rate = outlook.occupied_bed_rate(beds, occupancy, bed_band)
    else:
        bed_rate = None
    todays_hours = outlook.todays_hours_rate(figures, code, people)
    hours_rate = todays_hours
    if choices.hours_rate > 0:
        hours_rate = Rate(
            choices.hours_rate,
            f"{choices.hours_rate:,.2f} hours of home care a week per person aged 65 and over, "
            "the rate entered on this page.",
            outlook.ENTERED,
        )
    zones = set(layout.zone_names)
    hours_change = {zone: change for zone, change in choices.scenario.hours if zone in zones}
    problems = (
        *problems,
        *(
            f"The scenario changes the hours of “{zone}”, which is not a zone of this layout; "
            "that change is left out."
            for zone, _ in choices.scenario.hours
            if zone not in zones
        ),
    )
    empty = pd.DataFrame(
        columns=["area", "year", "people", "beds_today", "beds_needed", "occupancy_pct"]
    )
    demand_zone = demand_msoa = empty
    passes = pd.Series(dtype="Int64")
    if bed_rate is not None:
        demand_zone = _in_zone_order(
            outlook.demand_table(
                people_zone,
                beds_zone,
                bed_rate,
                bed_band,
                hours_rate,
                start,
                hours_change,
                todays_hours=todays_hours,
            ),
            layout,
        )
        # Hours are planned by zone (a scenario changes a zone's hours): none by neighbourhood.
        demand_msoa = outlook.demand_table(people_msoa, beds_msoa, bed_rate, bed_band, None, start)
        passes = outlook.first_year_over(demand_zone, choices.threshold_pct)
    return OutlookModel(
        outlook=people,
        weights=weights,
        layout=layout,
        homes=homes,
        homes_today=source.homes,
        homes_illustrative=source.is_illustrative,
        homes_method=source.method,
        scenario_problems=tuple(problems),
        base_year=start,
        bed_band=bed_band,
        bed_rate=bed_rate,
        hours_rate=hours_rate,
        todays_hours=todays_hours,
        people_zone=people_zone,
        people_msoa=people_msoa,
        demand_zone=demand_zone,
        demand_msoa=demand_msoa,
        passes_zone=passes,
        threshold_pct=choices.threshold_pct,
    )


def _in_zone_order(frame: pd.DataFrame, layout: ZoneLayout) -> pd.DataFrame:
    # Zones read in the layout's order ("Zone 2" before "Zone 10"), as on the zones page.
    order = {zone: number for number, zone in enumerate(layout.zone_names)}
    return frame.sort_values(
        ["area", "year"], key=lambda c: c.map(order) if c.name == "area" else c
    )


def headline_year(people: CouncilOutlook, band: str | None = None) -> int:
    """Return the year outlook headlines look to: HEADLINE_YEAR, else the nearest year after
    it the outlook has (for `band`, when given), else its last."""
    rows = people.people if band is None else people.people[people.people["band"] == band]
    years = sorted(int(year) for year in rows["year"].unique()) or people.years()
    later = [year for year in years if year >= outlook.HEADLINE_YEAR]
    return later[0] if later else years[-1]


def no_rate_reason(model: OutlookModel, council_name: str) -> str:
    """Say why beds needed cannot be worked out: no beds today, or no people figure today."""
    if model.outlook.value(model.bed_band, model.base_year) is None:
        return (
            f"The figures loaded for {council_name} give no count of "
            f"{outlook.band_words(model.bed_band)} for {model.base_year}, so there is no rate "
            "of beds per 1,000 people today. Enter a rate on the demand outlook page."
        )
    return (
        f"No care home beds are on record for {council_name}, so there is no rate of beds "
        "per 1,000 people today. Enter a rate on the demand outlook page."
    )


def outlook_summary(
    code: str, council_name: str, figures: pd.DataFrame
) -> tuple[OutlookSummary | None, str]:
    """Return the committee's outlook figure with the reader's choices and scenario, or None
    and the sentence saying why there is none."""
    people = council_outlook(code, figures)
    if people is None:
        return None, (
            f"No population projection is loaded for {council_name}, and its documents give "
            "no projected figures: the demand outlook page says how to load one."
        )
    model = outlook_model(code, figures, current_choices(), people)
    if model.bed_rate is None:
        return None, no_rate_reason(model, council_name)
    year = headline_year(people, model.bed_band)
    kind = "illustrative" if model.homes_illustrative else "derived"
    rate = model.bed_rate.method
    method = (
        f"{outlook.BAND_LABELS[model.bed_band]} in {year}, "
        f"{people.value(model.bed_band, year):,.0f}, times {rate[0].lower()}{rate[1:]}"
    )
    if not current_choices().scenario.is_empty():
        method += " Beds beside it include the what-if scenario in this page's link."
    sources = "; ".join(dict.fromkeys(people.people["source"]))
    summary = summarise(
        council_name,
        model.demand_msoa,
        model.demand_zone,
        model.passes_zone,
        people.people,
        year=year,
        base_year=model.base_year,
        band=model.bed_band,
        kind=kind,
        method=method,
        source=sources,
        threshold_pct=model.threshold_pct,
        rate_entered=model.bed_rate.kind == outlook.ENTERED,
    )
    changed = not current_choices().scenario.is_empty()
    return replace(summary, with_scenario=changed), ""


def zone_outlook_figure(code: str, figures: pd.DataFrame, zone: str | None) -> CardFigure | None:
    """Return the provider's outlook figure: older people in the zone (or council) by the
    headline year against today; None when no projection or published figure is loaded."""
    people = council_outlook(code, figures)
    if people is None:
        return None
    model = outlook_model(code, figures, current_choices(), people)
    band, start = model.bed_band, model.base_year
    year = headline_year(people, band)
    if zone is None:
        later, today = people.value(band, year), people.value(band, start)
    else:
        rows = model.people_zone[
            (model.people_zone["area"] == zone) & (model.people_zone["band"] == band)
        ].set_index("year")["people"]
        later, today = rows.get(year), rows.get(start)
    if later is None or today is None or pd.isna(later) or pd.isna(today):
        return None
    note = f"{(later - today) / today:+.0%} on {start}" if today else ""
    if zone is not None:
        shared = "postcodes, an estimate" if model.weights.is_estimate else "older people today"
        note += (
            f"; the council's figure shared out to zones in proportion to {shared} (the "
            "demand outlook page gives the method)"
        )
    rows = people.people[(people.people["band"] == band) & (people.people["year"] == year)]
    kind = str(rows["kind"].iloc[0]) if zone is None and not rows.empty else "derived"
    return CardFigure(
        key="outlook_people",
        label=f"{outlook.BAND_LABELS[band]} by {year}",
        value=f"{later:,.0f} ({start}: {today:,.0f})",
        kind=kind,
        source="; ".join(dict.fromkeys(people.people["source"])),
        note=note,
    )
