"""Zones page panels: layer tables, unmet packages over time, uplift what-if (Streamlit)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import altair as alt
import pandas as pd
import streamlit as st

from charts.unmet import BRUSH, unmet_over_time
from components.geodata import council_geography
from components.safe_text import escape_markdown
from components.selection import set_selection
from components.tables import render_table_when_opened
from geo.boundaries import CouncilGeography
from market.disclosure import (
    SUPPRESSION_THRESHOLD,
    controlled_cells,
    public_hotspots,
)
from market.hotspots import COLD, HOT, HotspotResult, gi_star
from market.unmet import Trend
from market.uplift import VISIT_MINUTES, UpliftRule, cost_change, rule_cost, visits_by_package
from market.zones import ZoneLayout
from report.tables import trend_table

CHART_KEY = "cmm_unmet_chart"


@st.cache_data(show_spinner=False, max_entries=64)
def council_hotspots(code: str, counts: tuple[tuple[str, int], ...]) -> HotspotResult:
    """Return Gi* hot and cold spots for counts per MSOA, kept for the same counts.

    999 permutations take a noticeable part of a second; a rerun that does not change
    the counts (a click, a new uplift rate) reuses the answer.
    """
    msoas = council_geography(code).msoas
    return gi_star(msoas, pd.Series(dict(counts), dtype="int64"))


@st.cache_resource(show_spinner=False, max_entries=64)
def unmet_chart(table: pd.DataFrame, step: str) -> alt.TopLevelMixin:
    """Return the unmet-packages chart for a trend's table, built once for the same table.

    Building it takes Altair about 35 ms (more on a busy server), on every zones run: a
    click or a brushed range reruns the page with the same trend. The chart is only read
    after this (drawn by `st.altair_chart`), so sessions may share it.
    """
    return unmet_over_time(Trend(table, step, note=""))


def render_unmet_chart(trend: Trend, council: str, *, illustrative: bool = False) -> None:
    """Draw the council's unmet-packages chart with its brush and a table alternative."""
    # A council's name is ours, but escaped like any other text that reaches Markdown.
    st.subheader(f"Unmet packages over time: the whole of {escape_markdown(council)}")
    if illustrative:
        # Marked where the figures are, not only at the top of the page.
        st.badge("Illustrative packages", icon=":material/science:", color="orange")
    if trend.table.empty or (trend.table["count_shown"] == "0").all():
        st.info(f"No unmet packages in the whole of {escape_markdown(council)}.")
        return
    st.altair_chart(
        unmet_chart(trend.table, trend.step),
        on_select="rerun",
        selection_mode=[BRUSH],
        key=CHART_KEY,
        width="stretch",
    )
    st.caption(
        f"Waiting or handed-back packages. {trend.note} Drag across the chart to show hot and "
        "cold spots for those months only; double-click to clear. The whole council only: a "
        "zone's months add up to its total and could show a small count."
    )
    render_table_when_opened(
        "Unmet packages over time as a table",
        lambda: trend_table(trend),
        file_name="unmet-packages-trend.csv",
        key="cmm_zones_trend_csv",
    )


def starting_areas(layout: ZoneLayout, base_rule: UpliftRule) -> UpliftRule:
    """Return the areas the uplift rule pays in before the reader changes them: the
    documents' zones (those in this layout), rural small areas only."""
    zones = frozenset(zone for zone in layout.zone_names if zone in base_rule.zones)
    return UpliftRule(base_rule.per_visit, zones, True)


def render_uplift_whatif(
    layout: ZoneLayout,
    rurality: pd.DataFrame,
    packages: pd.DataFrame,
    base_rule: UpliftRule,
    source: str,
    zones_counted: frozenset[str] | None = None,
) -> UpliftRule:
    """Let the reader change the uplift rule and see its weekly and annual cost change.

    Returns the areas the rule pays in (its zones and rural tick, at the starting rate):
    the map shades them. Changing them reruns the whole page; the rate and the visits
    only change the cost, so they rerun the cost panel alone, never the map.
    """
    st.subheader("Rural uplift: what would a rule cost?")
    # The source may cite a user's own file: shown as typed, never as Markdown.
    st.caption(escape_markdown(source))
    cols = st.columns([2, 1])
    start = starting_areas(layout, base_rule)
    zones = cols[0].multiselect(
        "Qualifying zones (none chosen = every zone)",
        layout.zone_names,
        default=[z for z in layout.zone_names if z in start.zones],
        key=f"cmm_uplift_zones_{layout.title}",
    )
    rural_only = cols[1].checkbox(
        "Rural small areas only", value=start.rural_only, key="cmm_uplift_rural"
    )
    areas = UpliftRule(base_rule.per_visit, frozenset(zones), rural_only)
    render_uplift_cost(layout, rurality, packages, base_rule, areas, zones_counted)
    return areas


@st.fragment
def render_uplift_cost(
    layout: ZoneLayout,
    rurality: pd.DataFrame,
    packages: pd.DataFrame,
    base_rule: UpliftRule,
    areas: UpliftRule,
    zones_counted: frozenset[str] | None = None,
) -> None:
    """Cost the rule paying in `areas` at the rate and visits the reader enters.

    A fragment: a new rate or visit count reruns this panel alone (a few tens of ms),
    not the page with its map (several hundred).
    """
    cols = st.columns([1, 2])
    per_visit = cols[0].number_input(
        "Uplift per visit (£)",
        min_value=0.0,
        max_value=50.0,
        value=float(base_rule.per_visit),
        step=0.5,
        key="cmm_uplift_per_visit",
    )
    entered = cols[1].number_input(
        "Visits per week in qualifying areas (0 = count them from the package list)",
        min_value=0,
        max_value=1_000_000,
        value=0,
        key="cmm_uplift_visits",
    )
    rule = replace(areas, per_visit=Decimal(str(per_visit)))
    area_zone = dict(zip(layout.lsoa_zone["lsoa_code"], layout.lsoa_zone["zone"], strict=True))
    area_rural = dict(zip(rurality["lsoa_code"], rurality["rural"].astype(bool), strict=True))
    left_out: tuple[str, ...] = ()
    if entered:
        visits = {"entered": int(entered)}
        area_zone = {"entered": None}
        area_rural = {"entered": True}
        rule_here, base_here = UpliftRule(rule.per_visit), UpliftRule(base_rule.per_visit)
    else:
        # Through the gate: whole (zone, rural or urban) cells of 5 packages or more, so
        # no choice of zones and areas shows the visits of fewer than 5 packages.
        cells = controlled_cells(
            packages,
            area_zone,
            area_rural,
            visits_by_package(packages),
            zones_counted=zones_counted,
        )
        visits, area_zone, area_rural = cells.visits, cells.zone_of, cells.rural_of
        left_out = cells.zones_left_out
        rule_here, base_here = rule, base_rule
    before = rule_cost(base_here, visits, area_zone, area_rural)
    after = rule_cost(rule_here, visits, area_zone, area_rural)
    weekly_change, annual_change = cost_change(before, after)
    metrics = st.columns(3)
    if left_out and not visits:
        # Every zone withheld: the cost is not zero, it cannot be shown.
        for column, label in zip(
            metrics,
            ("Qualifying visits a week", "Weekly cost", "Annual cost (52 weeks)"),
            strict=True,
        ):
            column.metric(label, "not shown")
        st.info(
            f"Every zone has a rural or urban part with fewer than {SUPPRESSION_THRESHOLD} "
            "waiting or handed-back packages, or a count the zones table does not show, so "
            "costing a rule from the package list would show someone's care. Enter the "
            "visits a week above to cost a rule.",
            icon=":material/lock:",
        )
    else:
        metrics[0].metric("Qualifying visits a week", f"{after.qualifying_visits:,}")
        metrics[1].metric("Weekly cost", f"£{after.weekly:,.2f}", f"£{weekly_change:,.2f}")
        metrics[2].metric(
            "Annual cost (52 weeks)", f"£{after.annual:,.2f}", f"£{annual_change:,.2f}"
        )
    st.caption(
        f"Change against the starting rule (£{base_rule.per_visit:,.2f} a visit). From the "
        f"package list, each waiting or handed-back package's hours a week are counted as "
        f"{VISIT_MINUTES}-minute visits."
        + (
            f" Left out so that no figure rests on fewer than {SUPPRESSION_THRESHOLD} "
            f"packages: {len(left_out)} zone{'s' if len(left_out) != 1 else ''} whose rural "
            f"or urban part holds fewer than {SUPPRESSION_THRESHOLD}, or whose count the "
            "zones table does not show."
            if left_out
            else ""
        )
    )


def render_layer_tables(
    zones_table: pd.DataFrame,
    uplift_table: pd.DataFrame,
    hotspots: HotspotResult,
    geography: CouncilGeography,
    lsoas: set[str] | None,
    selected_zones: tuple[str, ...] = (),
) -> None:
    """Give every map layer a table, for keyboard and screen-reader users."""
    code = geography.council.code

    def zones() -> pd.DataFrame:
        chosen = zones_table.index.isin(selected_zones)
        return zones_table[chosen if chosen.any() else slice(None)].reset_index()

    def uplift_areas() -> pd.DataFrame:
        return uplift_table if lsoas is None else uplift_table[uplift_table["LSOA"].isin(lsoas)]

    def spots() -> pd.DataFrame:
        areas = public_hotspots(hotspots.areas)
        if lsoas is not None:
            msoas = set(geography.lsoas.loc[geography.lsoas["code"].isin(lsoas), "msoa_name"])
            areas = areas[areas["code"].isin(msoas)]
        return areas.rename(columns={"code": "Neighbourhood (MSOA)", "spot": "Result"})

    render_table_when_opened(
        "Zones as a table", zones, file_name=f"zones-{code}.csv", key="cmm_zones_download"
    )
    render_table_when_opened(
        "Rural uplift areas as a table",
        uplift_areas,
        file_name=f"rural-uplift-areas-{code}.csv",
        key="cmm_uplift_download",
    )
    spots_box = render_table_when_opened(
        "Hot and cold spots as a table",
        spots,
        file_name=f"hot-and-cold-spots-{code}.csv",
        key="cmm_hotspots_download",
    )
    with spots_box:
        st.caption(
            "Each neighbourhood's result only: the statistic behind it is a weighted sum of "
            "the counts, and neighbourhoods add up to zones, so publishing either would let "
            "small counts be worked back out."
        )
        st.caption(f"Method: {hotspots.details}")


SPOT_PICKER_KEY = "cmm_spot_picker"


def _choose_spot(council_code: str) -> None:
    set_selection(council_code, st.session_state.get(SPOT_PICKER_KEY))


def render_spot_picker(council_code: str, spots: pd.DataFrame, selection: str | None) -> None:
    """Offer the hot and cold spots as a list (a click on the map selects the zone under it),
    kept in step with the selection the map and other pages make."""
    public = public_hotspots(spots)
    significant = public[public["spot"].isin((HOT, COLD))]
    if significant.empty:
        return
    results = dict(zip(significant["code"], significant["spot"], strict=True))
    names = {code: f"{code} ({spot.lower()})" for code, spot in results.items()}
    names[None] = "No hot or cold spot"
    shown = selection if selection in results else None
    if st.session_state.get(SPOT_PICKER_KEY) != shown:
        st.session_state[SPOT_PICKER_KEY] = shown
    st.selectbox(
        "Select a hot or cold spot",
        [None, *results],
        format_func=names.get,
        key=SPOT_PICKER_KEY,
        on_change=_choose_spot,
        args=(council_code,),
        help="Selects the neighbourhood, as a click on a zone selects the zone.",
    )
