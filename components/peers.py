"""Similar councils: the peer group (nearest, or picked by hand) and the council beside it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.peers import peer_chart
from components import permalink
from components.safe_text import escape_markdown
from components.tables import render_table
from data import deprivation, peer_lists, projections, store
from data.figures import council_name
from data.measures import MEASURES, UNITS, measure_service_label
from data.national import SOURCE_PREFIX
from geo.boundaries import english_councils
from geo.england import lsoa_density
from market.kinds import kind_of
from market.outlook import TODAY_YEAR
from market.peers import (
    TOO_SMALL_TO_COMPARE,
    PeerGroup,
    chosen_peers,
    compare,
    council_features,
    imported_peers,
    nearest_peers,
)

PEERS_KEY = "cmm_peers"
# What to import for a page's national comparison, said when nothing is in yet.
MISSING = {
    "fees": "NHS England's unit costs (ASC-FR)",
    "workforce": "Skills for Care's workforce estimates",
    None: (
        "national figures (NHS England's unit costs, Skills for Care's workforce estimates or "
        "the English Indices of Deprivation)"
    ),
}
# Topics no national data set the app reads gives for every council, and what to say.
NOT_PUBLISHED = {
    "occupancy": (
        "No national data set that this app reads gives every council's care home occupancy "
        "yet (the monthly figures DHSC publishes are not read), so occupancy is not compared "
        "with similar councils here."
    ),
}
AXIS_TITLES = {
    "percent": "Per cent",
    "gbp_per_week": "Pounds per week",
    "gbp_per_hour": "Pounds per hour",
}


@st.cache_data(show_spinner=False, max_entries=2)
def _features(
    database: str, projection_ids: tuple[int, ...], deprivation_ids: tuple[int, ...]
) -> pd.DataFrame:
    # Kept per database and set of imports, reading exactly the imports the ids name (as
    # components/figure_upload.py does).
    del database
    district_council = {d: c.code for c in english_councils() for d in c.district_codes}
    older = deprived = None
    if projection_ids:
        rows = [frame for _, frame in store.imports_with_ids(projection_ids)]
        table = pd.concat(rows, ignore_index=True)
        now = table[table["year"] == TODAY_YEAR]
        older = now.groupby("council_code")["age_65plus"].sum()
    if deprivation_ids:
        summary = deprivation.council_figures(
            frame for _, frame in store.imports_with_ids(deprivation_ids)
        )
        shares = summary[summary["measure"] == deprivation.MOST_DEPRIVED_SHARE]
        deprived = shares.set_index("council_code")["value"]
    return council_features(lsoa_density(), district_council, older, deprived)


def _peers_param(code: str, names: dict[str, str]) -> permalink.Param:
    # The link names the council the peers are for ("E10000016:E10000030,E10000032"), so a
    # list picked for one council never follows the reader to the next.
    one = permalink.choices([c for c in names if c != code])

    def parse(raw: str) -> list[str]:
        council, _, listed = raw.partition(":")
        return one(listed) if council == code else []

    return permalink.Param(
        f"{PEERS_KEY}_{code}",
        "peers",
        "a list of similar councils",
        [],
        parse,
        lambda picked: f"{code}:{permalink.write_list(picked)}",
    )


def peer_group(code: str) -> PeerGroup | None:
    """Return the council's peers: those picked by hand on the page (kept in the link), else
    its imported list of similar councils, else its nearest councils on the measures every
    council has; None for the two councils too small to compare."""
    if code in TOO_SMALL_TO_COMPARE:
        return None  # compared with no one, whatever list is imported or picked
    names = {c.code: c.name for c in english_councils()}
    param = _peers_param(code, names)
    permalink.restore([param], scope=param.key)
    picked = st.session_state.get(param.key, [])
    features = _features(
        store.database_url(),
        store.current_ids_of_kind(projections.KIND),
        store.current_ids_of_kind(deprivation.KIND),
    )
    imported_list = _imported(code)
    group = chosen_peers(code, picked) if picked else imported_list or nearest_peers(features, code)
    with st.expander("Similar councils: which, and how they were chosen"):
        if group is not None:
            st.caption(escape_markdown(group.method))
        fallback = "the imported list" if imported_list is not None else "the nearest"
        st.multiselect(
            f"Compare with these councils instead (leave empty for {fallback})",
            [c for c in names if c != code and c not in TOO_SMALL_TO_COMPARE],
            format_func=names.get,
            key=param.key,
        )
        if group is not None:
            st.text("Peers: " + ", ".join(names.get(c, c) for c in group.peers))
    permalink.publish([param])
    return group


def _imported(code: str) -> PeerGroup | None:
    """Return the council's imported list of similar councils, if one is stored."""
    stored = peer_lists.council_peer_list(code)
    if stored is None:
        return None
    record, peers = stored
    return imported_peers(code, peers, f"{record.imported_at:%-d %B %Y}")


def render_peer_comparison(
    code: str, figures: pd.DataFrame, topic: str | None, *, section: bool = False
) -> None:
    """Show the council beside its peers' median and range and England's, for each measure
    of the page's topic (every topic for None) that national data sets give every council.

    `section` makes it one of the page's sections (a header), as in the committee view.
    """
    (st.header if section else st.subheader)("Compared with similar councils")
    national = figures[
        figures["source_file"].astype(str).str.startswith(SOURCE_PREFIX)
        & figures["measure"].map(lambda m: m in MEASURES and topic in (None, MEASURES[m].topic))
    ]
    if national.empty and topic in NOT_PUBLISHED:
        st.info(NOT_PUBLISHED[topic])
        return
    if national.empty:
        st.info(
            f"No {MISSING.get(topic, MISSING[None])} are imported yet, so there is nothing "
            "to compare councils on. Import them on the Your data page."
        )
        return
    group = peer_group(code)
    if group is None:
        st.info(
            f"{council_name(code)} is too small to compare with other councils (as in NHS "
            "England's peer groups)."
        )
        return
    table = compare(national, group, national["measure"].unique())
    table = table.assign(
        label=[
            measure_service_label(m, s)
            for m, s in zip(table["measure"], table["service"], strict=True)
        ]
    )
    for unit, rows in table.groupby(table["measure"].map(lambda m: MEASURES[m].units[0])):
        st.altair_chart(
            peer_chart(rows, council_name(code), AXIS_TITLES.get(unit, UNITS[unit].capitalize())),
            width="stretch",
            alt=f"{council_name(code)} beside similar councils and England",
        )
    shown = pd.DataFrame(
        {
            "Measure": table["label"],
            "Period": table["period"],
            council_name(code): table["council"].round(2),
            "Similar councils' median": table["peer_median"].round(2),
            "Lowest of them": table["peer_low"].round(2),
            "Highest of them": table["peer_high"].round(2),
            "Similar councils with a figure": table["peers_with_figure"],
            "England median (of councils)": table["england_median"].round(2),
            "Councils with a figure": table["councils_with_figure"],
            "Kind": [
                f"{kind_of(kind).label} (each council's); medians derived" for kind in table["kind"]
            ],
            "Source": table["source"],
        }
    )
    render_table(
        shown, file_name=f"similar-councils-{topic or 'all'}-{code}.csv", key=f"{PEERS_KEY}_csv"
    )
    st.caption(
        "The Kind column says whether each council's figure is published or derived by this "
        "app from published figures; the medians and ranges are derived from them. "
        "Similar councils' figures are those of the same period; England's median is of every "
        "council with a figure for it, leaving out the Isles of Scilly and the City of London. "
        "Source: " + "; ".join(escape_markdown(s) for s in dict.fromkeys(table["source"]))
    )
