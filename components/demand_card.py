"""The provider's demand card: figures, trend, map, tenders and sources for the zone chosen."""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st

from charts.unmet import unmet_trend_bars
from components.council_picker import render_council_change_note
from components.demand_picker import render_chooser
from components.figure_upload import all_figures
from components.map_view import render_map
from components.outlook_data import restore_choices, zone_outlook_figure
from components.safe_text import escape_markdown, show_refusal, user_html
from components.sources import render_sources
from components.supply_data import council_homes
from components.tables import render_table_when_opened
from components.zone_data import ZoneData, load_zone_data
from data.tenders import TenderFileError, empty_tenders, load_tenders
from geo.boundaries import CouncilGeography
from geo.postcodes import PostcodeLookup
from geo.sources import GEOGRAPHY_SOURCES
from maps.mapping import build_council_map, fit_zoom, postcode_layer
from maps.zone_layers import selected_layer, zone_layer
from market.demand import (
    CardFigure,
    DemandCard,
    Sourced,
    cite,
    zone_demand,
)
from market.glossary import FirstUse, describe_terms
from market.kinds import kind_of
from market.unmet import RECENT_MONTHS
from report.tables import card_table, trend_table

# Figures grouped as a provider reads them: need first, then price, then who else is there.
SECTIONS = (
    ("Unmet need", ("unmet", "unmet_hours", "waiting", "handed_back")),
    ("Rural uplift", ("uplift_rate", "uplift_applies", "rural_share")),
    (
        "Providers and capacity",
        ("framework_providers", "hours_commissioned", "homes_in_zone", "homes_nearby"),
    ),
)
# Cards flow in as many columns as fit (one on a phone); long file names wrap instead of
# pushing the page sideways.
CARD_CSS = """
<style>
.cmm-grid { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill,
  minmax(15rem, 1fr)); margin-bottom: .5rem; }
.cmm-fig { border: 1px solid rgba(128,128,128,.4); border-radius: .5rem; padding: .6rem .8rem;
  overflow-wrap: anywhere; }
.cmm-fig-label { font-weight: 600; font-size: .95rem; }
.cmm-fig-value { font-size: 1.6rem; font-weight: 700; line-height: 1.25; margin: .15rem 0; }
.cmm-fig-note { font-size: .9rem; }
.cmm-fig-source { font-size: .8rem; opacity: .8; margin-top: .3rem; }
.cmm-kind { display: inline-block; border-radius: .3rem; padding: 0 .35rem; margin-right: .3rem;
  font-weight: 600; }
.cmm-tenders li { margin-bottom: .5rem; overflow-wrap: anywhere; }
</style>
"""
# On a phone the zone names and the layer list would cover the map: the selected zone's
# outline and the page's own words say where it is.
# The phone map's size in CSS pixels, that a zone is zoomed to fit.
PHONE_MAP_PX = (340, 480)
PHONE_MAP_CSS = """
<style>@media (max-width: 480px) { .cmm-zone-label,
.leaflet-control-layers { display: none; } }</style>
"""
# A phone is about 340 px of map wide; the zoom fits the zone into that.


def render_demand(geography: CouncilGeography) -> None:
    """Draw the whole demand page below its title: the postcode box, the card, then notes.

    On a phone the postcode box is the first thing under the title and the card follows;
    what the page is and which parts are illustrative come after the card (the containers
    fix the order on screen, whatever order they are filled in).
    """
    council = geography.council
    words = FirstUse()
    restore_choices()  # the outlook figure follows a scenario in the link
    render_council_change_note()
    chooser, card_slot, notes = st.container(), st.container(), st.container()
    with notes:
        st.markdown(
            words.expand(
                "For home care providers: type a postcode or pick a home care zone to see the "
                "demand there, what the council pays on top in rural areas, who else works "
                "there and the tenders coming up. Counts under 5 are shown as “fewer than 5” "
                "so no person can be recognised."
            )
        )
        data = load_zone_data(geography)
        layout = data.layout
        if layout.kind == "illustrative":
            st.badge("Illustrative zones", icon=":material/science:", color="orange")
            st.caption(escape_markdown(layout.method))
        if data.packages_illustrative:
            st.badge("Illustrative packages", icon=":material/science:", color="orange")
    with chooser:
        zone, lookup = render_chooser(geography, layout)

    figures = all_figures()
    homes = council_homes(council.code, figures)
    homes_method = homes.method.rstrip(". ") + "."
    if homes.is_illustrative:
        homes_method += " Illustrative until a CQC care directory is imported."
    card = zone_demand(
        geography,
        layout,
        zone,
        rurality=Sourced(data.rurality, data.rurality_method, "derived"),
        packages=Sourced(
            data.packages,
            data.packages_method,
            "illustrative" if data.packages_illustrative else "derived",
        ),
        homes=Sourced(
            homes.homes,
            homes_method,
            "illustrative" if homes.is_illustrative else "derived",
        ),
        figures=figures,
        tenders=_tenders(),
    )
    with card_slot:
        render_card(card, words)
        render_outlook_figure(zone_outlook_figure(council.code, figures, zone), words)
        _render_zone_map(geography, data, zone, lookup)
        render_tenders(card, words)
        _render_footer(card)


@st.cache_data(show_spinner=False, max_entries=1)
def _read_tenders() -> tuple[pd.DataFrame, str | None]:
    try:
        return load_tenders(), None
    except TenderFileError as error:
        return empty_tenders(), str(error)


def _tenders() -> pd.DataFrame:
    tenders, problem = _read_tenders()
    if problem:
        show_refusal(problem)
    return tenders


def _text(value: str) -> str:
    return user_html(value)


def _figure_html(figure: CardFigure, words: FirstUse, source_above: bool = False) -> str:
    colour = kind_of(figure.kind).colour
    kind = kind_of(figure.kind).label
    note = (
        f"<div class='cmm-fig-note'>{_text(words.expand(figure.note))}</div>" if figure.note else ""
    )
    return (
        "<div class='cmm-fig'>"
        f"<div class='cmm-fig-label'>{_text(words.expand(figure.label))}</div>"
        f"<div class='cmm-fig-value'>{_text(figure.value)}</div>{note}"
        f"<div class='cmm-fig-source'><span class='cmm-kind' style='background:{colour}33;"
        f"border:1px solid {colour}'>{_text(kind)}</span>"
        f"Source: {'as above' if source_above else _text(words.expand(figure.source))}"
        "</div></div>"
    )


def render_card(card: DemandCard, words: FirstUse) -> None:
    """Draw the card's figures in sections, one card per figure, and the trend chart."""
    st.html(CARD_CSS)
    st.subheader(f"Demand in {escape_markdown(card.where)}")
    span = "the latest year" if card.months >= RECENT_MONTHS else "all"
    st.caption(f"Packages dated {card.period}: {span} of the package list in use.")
    for title, keys in SECTIONS:
        shown = [f for f in card.figures if f.key in keys]
        if not shown:
            continue
        st.markdown(f"**{title}**")
        sources = [None] + [f.source for f in shown[:-1]]
        cells = "".join(
            _figure_html(f, words, source_above=f.source == before)
            for f, before in zip(shown, sources, strict=True)
        )
        # st.html, not Markdown: a blank line in a source cannot end the block and start
        # Markdown, and no text inside becomes a link.
        st.html(f"<div class='cmm-grid'>{cells}</div>")
    render_trend(card, words)


def render_outlook_figure(figure: CardFigure | None, words: FirstUse) -> None:
    """Draw the card's outlook figure (older people by the headline year), when there is one."""
    if figure is None:
        return
    st.markdown("**Outlook**")
    st.html(f"<div class='cmm-grid'>{_figure_html(figure, words)}</div>")


def render_trend(card: DemandCard, words: FirstUse) -> None:
    """Draw the unmet-package trend with its note and a table alternative."""
    trend = card.trend
    # Month by month for the whole council only (market/unmet.py says why).
    st.markdown(f"**Unmet packages over time: the whole of {escape_markdown(card.council)}**")
    note = "Waiting or handed-back POCs. " + trend.note
    if card.zone is not None:
        note += (
            " Shown for the whole council, not the zone: a zone's months add up to its total "
            "and could show a small count."
        )
    st.caption(escape_markdown(words.expand(note)))
    if trend.table.empty:
        return
    st.altair_chart(unmet_trend_bars(trend.table, trend.step), width="stretch")
    # The trend counts the same package list as the cards above: the same source and kind.
    counted = next((f for f in card.figures if f.key == "unmet"), None)
    if counted is not None:
        st.caption(f"{counted.kind.capitalize()}. Source: {escape_markdown(counted.source)}")
    render_table_when_opened(
        "Trend as a table",
        lambda: trend_table(trend),
        file_name="unmet-packages-trend.csv",
        key="cmm_demand_trend_csv",
    )


def _render_zone_map(
    geography: CouncilGeography, data: ZoneData, zone: str | None, lookup: PostcodeLookup | None
) -> None:
    """Draw the zones with the chosen one outlined; one finger scrolls the page on a phone."""
    layout = data.layout
    st.markdown(f"**Where {escape_markdown(zone or geography.council.name)} is**")
    names = pd.DataFrame(
        {"Small areas": layout.zones["lsoa_count"].astype(int).astype(str).to_numpy()},
        index=pd.Index(layout.zones["zone"]),
    )
    shape = layout.zones[layout.zones["zone"] == zone]
    layers = [
        zone_layer(layout.zones, names, illustrative=layout.kind == "illustrative"),
        selected_layer(shape),
    ]
    if lookup is not None and lookup.found:
        layers.append(postcode_layer(lookup))
    center = zoom = None
    if not shape.empty:
        west, south, east, north = shape.total_bounds
        center = ((south + north) / 2, (west + east) / 2)
        zoom = fit_zoom((west, south, east, north), PHONE_MAP_PX)
    fmap = build_council_map(geography, layer_control=False)
    fmap.get_root().header.add_child(folium.Element(PHONE_MAP_CSS))
    render_map(
        fmap,
        key=f"demand-map-{geography.council.code}",
        title=f"Map of your zone in {geography.council.name}",
        extra_layers=layers,
        center=center,
        zoom=zoom,
    )
    st.caption(
        "The chosen zone has a thick black outline. On a phone, one finger scrolls the page "
        "and two fingers move or zoom the map."
    )


def render_tenders(card: DemandCard, words: FirstUse) -> None:
    """List the council's tender pipeline, or say that the documents give none."""
    st.markdown("**Tenders coming up**")
    if card.tenders.empty:
        st.caption(card.tenders_note)
        return
    st.caption(words.expand(card.tenders_note))
    items = []
    for tender in card.tenders.itertuples():
        area = str(tender.service_area).removeprefix("Commissioning - ")
        note = f" ({_text(tender.note)})" if tender.note else ""
        items.append(
            f"<li><b>{_text(tender.contract)}</b><br>{_text(area)}. Tender: "
            f"{_text(tender.procurement_activity)}. Contract starts: "
            f"{_text(tender.contract_start)}{note}.</li>"
        )
    st.html(f"<ul class='cmm-tenders'>{''.join(items)}</ul>")


def _render_footer(card: DemandCard) -> None:
    render_table_when_opened(
        "The card as a table",
        lambda: card_table(card),
        file_name="zone-demand.csv",
        key="cmm_demand_download",
        label="Download the card (CSV)",
    )
    cited = sorted(
        {f.source for f in card.figures if f.kind == "published"}
        | {cite(t.source_file, t.source_section) for t in card.tenders.itertuples()}
    )
    if cited:
        lines = "\n".join(f"- {escape_markdown(line)}" for line in cited)
        st.markdown(f"**Documents quoted on this card**\n\n{lines}")
    with st.expander("Words used on this page"):
        st.markdown("\n".join(f"- {line}" for line in describe_terms()))
    render_sources(GEOGRAPHY_SOURCES, heading="Geography")
