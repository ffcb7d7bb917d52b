"""Upload ONS population projections: every council wholly in the file is stored."""

from __future__ import annotations

import streamlit as st

from components import uploads
from components.auth import may_import, render_import_refusal
from components.uploads import Accepted, Outcome, report
from data import projections
from data.problems import Problem
from geo.councils import Council

UPLOAD_KEY = "cmm_projection_upload"
TAKEN_KEY = "cmm_projection_uploads"
MAX_UPLOAD_MB = 50  # ONS's zip for England is about 10 MB; its persons CSV about 8 MB


def _read_projections(raw: bytes, name: str, council: Council) -> Accepted:
    result = projections.import_projections(raw, name)
    tables = projections.split_by_council(result.table)
    why = (
        f"not every district of {council.name} is in the file, and no other council in it "
        "may be loaded from this sign-in"
    )
    mine = uploads.permitted(
        tables, projections.ProjectionFileError(name, [Problem(None, "AREA_CODE", why)])
    )
    years = sorted(result.table["year"].unique())
    lines = [
        f"{name}: population projections for {len(mine):,} "
        f"{'council' if len(mine) == 1 else 'councils'}, {years[0]} to {years[-1]}."
    ]
    if council.code in mine:
        own = mine[council.code].set_index("year")
        first, last = own.index.min(), own.index.max()
        added = int(own["districts"].iloc[0])
        how = "one area" if added == 1 else f"added up from its {added} districts"
        lines.append(
            f"{council.name} ({how}): people aged 65 and over, {own.at[first, 'age_65plus']:,.0f} "
            f"in {first} and {own.at[last, 'age_65plus']:,.0f} in {last}."
        )
    warnings = uploads.council_warnings(
        council,
        mine,
        tables,
        result.warnings,
        absent=f"{council.name} is not wholly in the file: its projections were not changed.",
    )
    return Accepted(mine, result.rows_read, tuple(lines), warnings)


def import_file(raw: bytes, name: str, council: Council) -> Outcome:
    """Import a projections file as the uploader does (outside a page, too)."""
    return uploads.import_file(
        raw,
        name,
        kind=projections.KIND,
        read=lambda raw, name: _read_projections(raw, name, council),
    )


def render_projection_upload(council: Council) -> None:
    """Draw the population projections uploader and load a new file once."""
    if not may_import(council.code):
        render_import_refusal("population projections")
        return
    st.markdown(
        "The ONS 2022-based population projections for local authorities in England, as "
        "ONS publishes them: the zip of three CSV files (males, females and persons), or "
        "the persons CSV on its own. Either edition works: on 2023 council areas (preferred) "
        "or on 2022 district codes. Each row is a district (`AREA_CODE`) and an age "
        "(`AGE_GROUP`), with one column per year. Districts are added up to councils, and "
        "every council wholly in the file is stored, each with its own history here."
    )
    outcome = uploads.render_uploader(
        "Population projections (zip or CSV)",
        types=["zip", "csv"],
        key=UPLOAD_KEY,
        max_mb=MAX_UPLOAD_MB,
        kind=projections.KIND,
        state_key=f"{TAKEN_KEY}-{council.code}",
        read=lambda raw, name: _read_projections(raw, name, council),
    )
    report(outcome, keep="The projections already in use (if any) stay in use.")
