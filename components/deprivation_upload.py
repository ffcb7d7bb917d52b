"""Upload the English Indices of Deprivation 2019: each council in the file is stored."""

from __future__ import annotations

import streamlit as st

from components import uploads
from components.auth import may_import, render_import_refusal
from components.uploads import Accepted, Outcome, report
from data import deprivation
from data.problems import Problem
from geo.councils import Council

UPLOAD_KEY = "cmm_deprivation_upload"
TAKEN_KEY = "cmm_deprivation_uploads"
MAX_UPLOAD_MB = 50  # MHCLG's File 7 for England is about 20 MB; File 1 a few MB


def _read_deprivation(raw: bytes, name: str, council: Council) -> Accepted:
    result = deprivation.import_deprivation(raw, name)
    tables = deprivation.split_by_council(result.table)
    why = (
        f"the file has no small area of {council.name}, and no other council in it may be "
        "loaded from this sign-in"
    )
    mine = uploads.permitted(
        tables,
        deprivation.DeprivationFileError(name, [Problem(None, "LSOA code (2011)", why)]),
    )
    what = (
        "deprivation deciles with older people's income deprivation (IDAOPI)"
        if result.has_older_people
        else "deprivation deciles"
    )
    lines = [
        f"{name}: {deprivation.TITLE}, {what} for {len(result.table):,} small areas in "
        f"{len(mine):,} {'council' if len(mine) == 1 else 'councils'}."
    ]
    if council.code in mine:
        own = mine[council.code]
        most = int((own["imd_decile"] == 1).sum())
        lines.append(
            f"{council.name}: {len(own):,} small areas, {most:,} of them among England's most "
            "deprived 10%."
        )
    warnings = uploads.council_warnings(
        council,
        mine,
        tables,
        result.warnings,
        absent=f"The file has no small area of {council.name}.",
        refused=f"{council.name}'s deciles were not stored: this sign-in may not load them.",
    )
    return Accepted(mine, result.rows_read, tuple(lines), warnings)


def import_file(raw: bytes, name: str, council: Council) -> Outcome:
    """Import a deprivation file as the uploader does (outside a page, too)."""
    return uploads.import_file(
        raw,
        name,
        kind=deprivation.KIND,
        read=lambda raw, name: _read_deprivation(raw, name, council),
    )


def render_deprivation_upload(council: Council) -> None:
    """Draw the deprivation uploader and load a new file once."""
    if not may_import(council.code):
        render_import_refusal("deprivation deciles")
        return
    st.markdown(
        "The English Indices of Deprivation 2019 from the Ministry of Housing, Communities "
        "and Local Government, as published: File 1 (the Excel workbook, sheet `IMD2019`) or "
        "File 7 (the CSV of scores, ranks and deciles, which adds older people's income "
        "deprivation). One row per 2011 small area (`LSOA code (2011)`). Every council in "
        "the file is stored, each with its own history here. The 2025 edition is on the "
        "2021 small areas and cannot be matched to this app's 2011 areas until the app "
        "moves to them."
    )
    outcome = uploads.render_uploader(
        "English Indices of Deprivation 2019 (File 1 or File 7)",
        types=list(deprivation.UPLOAD_SUFFIXES),
        key=UPLOAD_KEY,
        max_mb=MAX_UPLOAD_MB,
        kind=deprivation.KIND,
        state_key=f"{TAKEN_KEY}-{council.code}",
        read=lambda raw, name: _read_deprivation(raw, name, council),
    )
    report(outcome, keep="The deprivation deciles already in use (if any) stay in use.")
    with st.expander("For administrators: load the indices from the command line"):
        st.write("Run one of these on the server, from the app's folder (every council is saved):")
        st.code(
            "python -m data.deprivation_cli import FILE\npython -m data.deprivation_cli fetch URL",
            language=None,
        )
