"""Pieces of the supply page: where the homes came from, legends, published figures, area table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.auth import may_import
from components.cqc_upload import render_counts
from components.safe_text import escape_markdown
from components.supply_data import HomesSource
from components.tables import render_table
from data import cqc
from data.measures import SERVICE_LABELS, measure_label
from data.sources import cite, imported
from data.store import ImportRecord
from maps.supply_layers import LegendEntry, legend_html
from market.supply import PopulationBasis
from market.zones import ZoneLayout
from report.tables import homes_table, supply_table

SUPPLY_MEASURES = ("care_homes", "beds", "block_beds", "extra_care_sites")


def render_homes_source(source: HomesSource) -> None:
    """Say where the homes came from: an illustrative badge and rule, or the import's counts."""
    if source.is_illustrative:
        st.badge("Illustrative", icon=":material/science:", color="orange")
        st.warning(
            "These care homes are illustrative: made-up homes at real postcodes, so the page "
            f"can be tried before a CQC file is imported. Rule: {source.method}. Import the "
            "CQC care directory on the Your data page to see real homes."
        )
        return
    record = source.record
    cited = imported(record)
    st.caption(f"Care homes: {cited.citation()}.")
    if may_import(record.council_code):  # the file's name is for those who load files
        with st.expander("Details of this import"):
            st.text(cited.details)
    render_counts(
        {"rows read": record.rows_read, **cqc.placement_counts(source.homes)},
        cqc.not_placed_reasons(source.homes),
    )


def render_legends(sections: list[tuple[str, list[LegendEntry]]]) -> None:
    """Draw each legend as a small HTML table."""
    for title, entries in sections:
        st.html(legend_html(title, entries))


def render_supply_figures(figures: pd.DataFrame, code: str) -> None:
    """List the supply counts the council's documents publish, with their sources."""
    rows = figures[(figures["council_code"] == code) & figures["measure"].isin(SUPPLY_MEASURES)]
    if rows.empty:
        st.caption("The loaded documents give no published counts of supply for this council.")
        return
    table = pd.DataFrame(
        {
            "Figure": rows["measure"].map(measure_label)
            + " ("
            + rows["service"].map(lambda code: SERVICE_LABELS.get(code, code)).str.lower()
            + ")",
            "Value": rows["value"].map(lambda v: f"{v:,.0f}"),
            "Period": rows["period"],
            "Note": rows["note"],
            "Source": [
                cite(f, section)
                for f, section in zip(rows["source_file"], rows["source_section"], strict=True)
            ],
        }
    )
    st.dataframe(table, hide_index=True)


def render_area_table(
    areas: pd.DataFrame,
    total: pd.DataFrame,
    kind: str,
    basis: PopulationBasis | None,
    code: str,
    deciles: pd.Series | None = None,
) -> None:
    """Show supply per MSOA (sortable) with the council total, and offer it as CSV; with
    `deciles` (report.tables.area_deciles), each row's median deprivation decile too."""
    if basis is None:
        st.info(
            "No population estimate is available for this council: its documents give no "
            "65+ total. Load an ONS population file on the Your data page for beds per 1,000."
        )
    else:
        (st.warning if basis.is_estimate else st.caption)(escape_markdown(basis.method))
    shown = supply_table(areas, total, kind, basis, deciles)
    render_table(shown, file_name=f"supply-{code}-{kind}.csv", key="cmm_supply_download")


def render_deprivation_source(record: ImportRecord, *, zones: bool = False) -> None:
    """Say where the deprivation deciles came from and how an area's is found: a zone's
    (`zones`) or a neighbourhood's, from its small areas."""
    how = (
        "A zone's decile is the median of its small areas' deciles."
        if zones
        else "The map shades each small area by its own decile; a neighbourhood's (MSOA's) "
        "or the total's is the median of its small areas' deciles."
    )
    st.caption(
        f"Deprivation: {imported(record).citation()}. Decile 1 is England's most deprived 10% "
        f"of small areas (LSOAs), 10 the least deprived. {how}"
    )


def render_homes_list(homes: pd.DataFrame, kind: str, layout: ZoneLayout, code: str) -> None:
    """List the homes on the map one by one (the filters applied), with a CSV download."""
    table = homes_table(homes, kind, layout)
    render_table(
        table,
        file_name=f"care-homes-{code}-{kind}.csv",
        key="cmm_homes_list_download",
        label="Download the list as CSV",
    )
