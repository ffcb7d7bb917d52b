"""Upload an ONS population estimate or projection file for a council."""

from __future__ import annotations

import hashlib

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.auth import importer_name, may_import, render_import_refusal
from components.geodata import council_geography
from components.safe_text import escape_markdown, show_refusal
from data import population, store
from geo.councils import Council

UPLOAD_KEY = "cmm_population_upload"
RESULT_KEY = "cmm_population_result"
MAX_UPLOAD_MB = 200


def _load(raw: bytes, name: str, council: Council) -> tuple[bool, str]:
    try:
        totals = population.read_population(raw, name)
        kept = population.population_for_council(totals, council_geography(council.code), name)
    except population.PopulationFileError as error:
        return False, str(error)
    try:
        store.save_import(
            population.KIND,
            council.code,
            kept,
            file_name=name,
            rows_read=len(totals),
            imported_by=importer_name(),
        )
    except (SQLAlchemyError, OSError) as exc:
        return False, f"{name} was read but could not be saved: {exc.__class__.__name__}"
    areas = kept["area_code"].nunique()
    years = sorted(kept["year"].unique())
    return True, (
        f"{name}: {areas:,} areas of {council.name}, years {years[0]} to {years[-1]}; "
        f"{kept['msoa_name'].nunique():,} neighbourhoods (MSOAs) covered."
    )


def render_population_upload(council: Council) -> None:
    """Draw the population uploader and load a new file once."""
    if not may_import(council.code):
        render_import_refusal("population figures")
        return
    st.markdown(
        "An ONS population estimate or projection with columns `AREA_CODE`, `AGE_GROUP` and "
        "one column per year (for example 2023), by 2011 LSOA (E01...) or MSOA (E02..., "
        "with the MSOA name in `AREA_NAME`). CSV or .xlsx."
    )
    upload = st.file_uploader(
        "Population file", type=["csv", "xlsx"], key=UPLOAD_KEY, max_upload_size=MAX_UPLOAD_MB
    )
    if upload is not None:
        raw = upload.getvalue()
        digest = (council.code, hashlib.sha256(raw).hexdigest())
        previous = st.session_state.get(RESULT_KEY)
        if previous is None or previous[0] != digest:
            st.session_state[RESULT_KEY] = (digest, *_load(raw, upload.name, council))
    outcome = st.session_state.get(RESULT_KEY)
    if outcome is not None and outcome[0][0] == council.code:
        _, ok, message = outcome
        if ok:
            st.success(escape_markdown(message))
        else:
            show_refusal(message + "\nThe population already in use (if any) stays in use.")
