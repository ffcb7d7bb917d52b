"""Cached supply data for the pages: the council's homes (imported or illustrative), population."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.geodata import council_geography
from data import cqc, population, store
from data.figures import FigureFileError, load_extra_care_sites
from data.sources import imported
from data.store import ImportRecord
from geo.boundaries import council_postcodes as locate_council_postcodes
from geo.postcodes import locate_postcodes
from market import illustrative
from market.supply import PopulationBasis, assign_small_areas, estimate_population

ESTIMATE_YEAR = 2025


@dataclass(frozen=True)
class HomesSource:
    """The homes a page shows and where they came from."""

    homes: pd.DataFrame
    record: ImportRecord | None
    method: str

    @property
    def is_illustrative(self) -> bool:
        """Whether the homes are illustrative (no CQC import yet)."""
        return self.record is None

    @property
    def kind(self) -> str:
        """How the homes' tables and files name where they came from: "illustrative" or "CQC"."""
        return "illustrative" if self.is_illustrative else "CQC"


@st.cache_data(show_spinner=False, max_entries=16)
def council_postcodes(code: str) -> pd.DataFrame:
    """Return a council's postcodes with their small areas (cached on disk after first use)."""
    return locate_council_postcodes(council_geography(code))


@st.cache_data(show_spinner=False, max_entries=16)
def _illustrative(code: str, figures: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    geography = council_geography(code)
    rule = illustrative.illustrative_rule(geography.council, len(geography.lsoas), figures)
    homes = illustrative.illustrative_homes(geography, rule, council_postcodes(code))
    return assign_small_areas(homes, geography), rule.method


@st.cache_data(show_spinner=False, max_entries=16)
def _imported(code: str, import_id: int, homes: pd.DataFrame) -> pd.DataFrame:
    del import_id  # part of the cache key: a new import is placed again
    return assign_small_areas(homes, council_geography(code))


def council_homes(code: str, figures: pd.DataFrame) -> HomesSource:
    """Return the council's current CQC import, or illustrative homes until there is one."""
    stored = store.current_import(cqc.KIND, code)
    if stored is not None:
        record, homes = stored
        return HomesSource(_imported(code, record.id, homes), record, "CQC import")
    homes, method = _illustrative(code, figures)
    return HomesSource(homes, None, method)


def population_basis(code: str, figures: pd.DataFrame) -> tuple[PopulationBasis | None, list[int]]:
    """Return the imported population (or a labelled estimate) and the years on offer."""
    stored = store.current_import(population.KIND, code)
    if stored is None:
        basis = estimate_population(figures, code, council_postcodes(code), ESTIMATE_YEAR)
        return basis, []
    record, table = stored
    years = sorted(int(y) for y in table["year"].unique())
    year = st.session_state.get("cmm_population_year", years[-1])
    year = year if year in years else min(years, key=lambda y: abs(y - ESTIMATE_YEAR))
    basis = PopulationBasis(
        by_msoa=population.msoa_population(table, year),
        label=f"ONS, {year}",
        method=f"People aged 65+ and 85+ in {year}, summed from small areas to middle-layer "
        f"areas (MSOAs). Source: {imported(record).citation()}.",
        is_estimate=False,
    )
    return basis, years


@st.cache_data(show_spinner=False, max_entries=16)
def extra_care_sites(code: str) -> tuple[pd.DataFrame, str | None]:
    """Return the council's Extra Care sites placed by postcode, or an error message."""
    try:
        sites = load_extra_care_sites()
    except FigureFileError as error:
        return pd.DataFrame(), str(error)
    sites = sites[sites["council_code"] == code].reset_index(drop=True)
    placed = locate_postcodes(sites["postcode"])
    return sites.assign(lat=placed["lat"], lon=placed["lon"]), None
