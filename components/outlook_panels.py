"""The outlook page's parts: population by year, the map, beds and hours needed, what if."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.outlook import fill_chart, population_chart
from components.outlook_data import (
    BED_BANDS,
    KEY,
    Choices,
    OutlookModel,
    no_rate_reason,
    set_scenario,
)
from components.safe_text import escape_markdown, show_refusal
from components.tables import render_table, render_table_when_opened
from geo.postcodes import normalise_postcode
from market import outlook
from market.kinds import kind_of
from market.outlook import BAND_LABELS, CouncilOutlook, NewHome, Scenario
from market.supply import TYPE_LABELS
from report.outlook import area_people_table, demand_view, population_table

SHADE_CHOICES = {
    "people": "Older people by neighbourhood",
    "threshold": "When each zone's beds would fill",
}
NEW_HOME_TYPES = ("residential", "nursing")


def render_kind_badges(kinds: list[str]) -> None:
    """Draw one badge per kind of figure shown, in the kinds' own colours and words."""
    for key in dict.fromkeys(kinds):
        kind = kind_of(key)
        st.badge(kind.label, color=kind.badge, help=kind.meaning)


def render_no_outlook(council_name: str) -> None:
    """Say plainly that no projection is loaded and how to load one."""
    st.info(
        f"No population projection is loaded for {council_name}, and its documents in this "
        "app publish no projected figures. Load the Office for National Statistics (ONS) "
        "2022-based subnational population projections on the Your data page: the file as "
        "ONS publishes it, zipped or not.",
        icon=":material/info:",
    )


def render_population(people: CouncilOutlook, council_name: str) -> None:
    """Draw the council's older people by year, with the method, sources and a table."""
    render_kind_badges(list(people.people["kind"]))
    if not people.loaded:
        st.caption(
            "These are the figures the council's own documents publish. Load the ONS "
            "projections on the Your data page for every year to 2045."
        )
    st.altair_chart(
        population_chart(people.people),
        width="stretch",
        alt=f"Older people by year: {council_name}",
    )
    st.caption(f"Method: {escape_markdown(people.method)}")
    sources = list(dict.fromkeys(people.people["source"]))
    st.caption("Source: " + "; ".join(escape_markdown(s) for s in sources))
    render_table_when_opened(
        "Table view",
        lambda: population_table(people.people),
        file_name=f"older-people-{people.council_code}.csv",
        key=f"{KEY}_population_download",
    )


def render_year_choice(years: list[int], default: int, bands: list[str]) -> int:
    """Draw the year slider and the age group (of those the outlook has); return the year."""
    key = f"{KEY}_year"
    if st.session_state.get(key) not in years:
        st.session_state[key] = default
    if st.session_state.get(f"{KEY}_band") not in bands:
        st.session_state[f"{KEY}_band"] = bands[-1]
    left, right = st.columns([3, 2])
    with left:
        year = st.select_slider("Year shown", options=years, key=key)
    with right:
        st.radio(
            "Age group shaded",
            bands,
            format_func=BAND_LABELS.get,
            key=f"{KEY}_band",
            horizontal=True,
        )
    return int(year)


def render_area_tables(model: OutlookModel, year: int) -> None:
    """Draw people by zone and by neighbourhood for the year, each with a download."""
    code = model.outlook.council_code
    by_zone, by_msoa = st.tabs(["By zone", "By neighbourhood"])
    with by_zone:
        render_table(
            area_people_table(model.people_zone, year, "Zone"),
            file_name=f"older-people-by-zone-{code}-{year}.csv",
            key=f"{KEY}_zone_people_download",
        )
    with by_msoa:
        render_table(
            area_people_table(model.people_msoa, year, "Neighbourhood (MSOA)"),
            file_name=f"older-people-by-neighbourhood-{code}-{year}.csv",
            key=f"{KEY}_msoa_people_download",
        )


def render_rate_choices(model_bands: list[str]) -> None:
    """Draw the age group, rates and threshold the demand is worked out with."""
    bands = [band for band in BED_BANDS if band in model_bands] or model_bands[-1:]
    if st.session_state.get(f"{KEY}_bed_band") not in bands:
        st.session_state[f"{KEY}_bed_band"] = bands[0]
    first, second, third, fourth = st.columns(4)
    first.radio(
        "Beds are for",
        bands,
        format_func=lambda band: BAND_LABELS[band].replace("People", "people"),
        key=f"{KEY}_bed_band",
    )
    second.number_input(
        "Beds per 1,000 people (0: today's rate)",
        min_value=0.0,
        max_value=1000.0,
        step=1.0,
        key=f"{KEY}_rate",
    )
    third.number_input(
        "Home care hours a week per person aged 65+ (0: today's rate)",
        min_value=0.0,
        max_value=50.0,
        step=0.05,
        format="%.2f",
        key=f"{KEY}_hours_rate",
    )
    fourth.number_input(
        "Threshold: beds needed as a share of today's (%)",
        min_value=50.0,
        max_value=200.0,
        step=1.0,
        key=f"{KEY}_threshold",
        help="For example 95: a zone passes it when the beds needed reach 95% of the beds "
        "it has today, about the occupancy at which a home is full in practice.",
    )


def render_rates(model: OutlookModel) -> None:
    """Say which rates the demand uses and how each was made."""
    lines = []
    if model.bed_rate is not None:
        lines.append(f"Beds: {model.bed_rate.method}")
    if model.hours_rate is not None:
        lines.append(f"Home care: {model.hours_rate.method}")
    else:
        lines.append(
            "Home care: no hours figure for this council in its documents; enter hours a week "
            "per person aged 65+ above to see hours needed."
        )
    if model.hours_rate is not None and model.todays_hours is None:
        lines.append(
            "Home care hours today are not known (no hours figure is published), so only the "
            "hours needed are shown."
        )
    elif model.hours_rate is not None and model.hours_rate is not model.todays_hours:
        lines.append(f"Home care hours today: {model.todays_hours.method}")
    if model.homes_illustrative:
        lines.append(
            "Beds today are those of the illustrative care homes: import the CQC care "
            "directory on the Your data page for real ones."
        )
    st.caption("  \n".join(escape_markdown(line) for line in lines))
    rates = [rate.kind for rate in (model.bed_rate, model.hours_rate) if rate is not None]
    render_kind_badges(rates + (["illustrative"] if model.homes_illustrative else []))


def render_demand(model: OutlookModel, year: int, council_name: str) -> None:
    """Draw when each zone's beds would fill (chart) and the needs for the year (tables)."""
    if model.bed_rate is None:
        st.info(no_rate_reason(model, council_name))
        return
    st.caption(
        "Each cell: the beds a zone would need that year as a share of the beds it has "
        f"today, against the threshold of {model.threshold_pct:g}%."
    )
    st.altair_chart(
        fill_chart(model.demand_zone, model.threshold_pct, "Zone"),
        width="stretch",
        alt="When each zone's beds needed pass the threshold share of today's beds",
    )
    code = model.outlook.council_code
    by_zone, by_msoa = st.tabs(["By zone", "By neighbourhood"])
    with by_zone:
        render_table(
            demand_view(
                model.demand_zone,
                model.passes_zone,
                year,
                "Zone",
                model.bed_band,
                model.threshold_pct,
            ),
            file_name=f"beds-and-hours-needed-by-zone-{code}-{year}.csv",
            key=f"{KEY}_zone_demand_download",
        )
    with by_msoa:
        render_table(
            demand_view(
                model.demand_msoa,
                None,
                year,
                "Neighbourhood (MSOA)",
                model.bed_band,
                model.threshold_pct,
            ),
            file_name=f"beds-needed-by-neighbourhood-{code}-{year}.csv",
            key=f"{KEY}_msoa_demand_download",
        )


def render_scenario(model: OutlookModel, choices: Choices) -> None:
    """Draw the what-if editor: add or remove a home, change a zone's hours; list the changes."""
    scenario = choices.scenario
    for problem in model.scenario_problems:
        show_refusal(problem)
    add, remove, hours = st.tabs(["Add a home", "Remove a home", "Change a zone's hours"])
    with add, st.form(f"{KEY}_add_home", clear_on_submit=True, border=False):
        postcode = st.text_input("Postcode of the new home", max_chars=8)
        beds = st.number_input("Beds", min_value=1, max_value=500, value=40, step=1)
        care = st.radio("Type", NEW_HOME_TYPES, format_func=TYPE_LABELS.get, horizontal=True)
        if st.form_submit_button("Add this home"):
            standard = normalise_postcode(postcode)
            if standard is None:
                show_refusal("That home was not added: type a full UK postcode, such as DL15 8NN.")
            else:
                _change(scenario, added=(*scenario.added, NewHome(standard, int(beds), care)))
    with remove:
        homes = model.homes[~model.homes["location_id"].str.startswith("new-")]
        homes = homes[homes["beds"].fillna(0) > 0].sort_values("name")
        names = dict(zip(homes["location_id"], homes["name"], strict=True))
        choice = st.selectbox(
            "Home to remove",
            list(names),
            format_func=lambda home: f"{names[home]} ({home})",
            index=None,
            placeholder="Choose a home",
            key=f"{KEY}_remove_choice",
        )
        if st.button("Remove this home", disabled=choice is None):
            _change(scenario, removed=(*scenario.removed, choice))
    with hours:
        zones = model.layout.zone_names
        zone = st.selectbox("Zone", zones, key=f"{KEY}_hours_zone")
        change = st.number_input(
            "Change in home care hours a week (negative for fewer)",
            min_value=-100_000.0,
            max_value=100_000.0,
            value=0.0,
            step=100.0,
            key=f"{KEY}_hours_change",
        )
        if st.button("Apply this change", disabled=change == 0):
            kept = tuple((z, c) for z, c in scenario.hours if z != zone)
            _change(scenario, hours=(*kept, (zone, float(change))))
    _render_changes(scenario, model)


def _change(scenario: Scenario, **changes) -> None:
    try:
        changed = Scenario(**{**scenario.__dict__, **changes})
        outlook.parse_scenario(outlook.scenario_text(changed))  # the link's own limits
    except ValueError:
        # The link's own limits: only the number of changes can be reached from the form.
        show_refusal(
            f"That change was not made: a scenario holds at most {outlook.MAX_ITEMS} changes, "
            "each home or zone once."
        )
        return
    set_scenario(changed)
    st.rerun()


def _render_changes(scenario: Scenario, model: OutlookModel) -> None:
    if scenario.is_empty():
        st.caption("No changes yet: the figures above are for today's homes and hours.")
        return
    names = dict(zip(model.homes_today["location_id"], model.homes_today["name"], strict=False))
    lines = [
        f"Added: {home.beds} {TYPE_LABELS[home.care_type].lower()} beds at {home.postcode}"
        for home in scenario.added
    ]
    lines += [f"Removed: {names.get(home, home)}" for home in scenario.removed]
    lines += [f"{zone}: {change:+,.0f} home care hours a week" for zone, change in scenario.hours]
    st.markdown("**Changes in this scenario** (kept in the page's link)")
    st.text("\n".join(lines))
    if st.button("Clear the scenario", key=f"{KEY}_clear"):
        set_scenario(Scenario())
        st.rerun()


def years_from(people: pd.DataFrame, start: int) -> list[int]:
    """Return the years the demand is shown for: those from today on."""
    return sorted(int(y) for y in people["year"].unique() if y >= start)
