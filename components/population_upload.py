"""Upload an ONS population estimate or projection file for a council."""

from __future__ import annotations

import streamlit as st

from components.auth import may_import, render_import_refusal
from components.geodata import council_geography
from components.uploads import Accepted, report, take_upload
from data import population
from geo.councils import Council

UPLOAD_KEY = "cmm_population_upload"
TAKEN_KEY = "cmm_population_uploads"
MAX_UPLOAD_MB = 200


def _read_population(raw: bytes, name: str, council: Council) -> Accepted:
    totals = population.read_population(raw, name)
    kept = population.population_for_council(totals, council_geography(council.code), name)
    areas = kept["area_code"].nunique()
    years = sorted(kept["year"].unique())
    loaded = (
        f"{name}: {areas:,} areas of {council.name}, years {years[0]} to {years[-1]}; "
        f"{kept['msoa_name'].nunique():,} neighbourhoods (MSOAs) covered."
    )
    return Accepted({council.code: kept}, len(totals), (loaded,))


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
    report(
        take_upload(
            upload,
            kind=population.KIND,
            state_key=f"{TAKEN_KEY}-{council.code}",
            read=lambda raw, name: _read_population(raw, name, council),
        ),
        keep="The population already in use (if any) stays in use.",
    )
