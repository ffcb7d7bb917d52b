"""Fixtures shared by the chart tests: the figure packs, read once per module."""

from __future__ import annotations

import pandas as pd
import pytest

from data.figures import combine_figures, load_packs


@pytest.fixture(scope="session")
def national_unit_costs() -> pd.DataFrame:
    """NHS England unit costs for the pack councils, from generated 2022-23 and 2023-24 files."""
    from bench.generate import asc_fr_csv
    from data.figures import PACK_COUNCILS
    from data.unit_costs import import_unit_costs, merge_stored

    years = [import_unit_costs(asc_fr_csv(year), "asc-fr.csv").figures for year in (2023, 2024)]
    both = merge_stored(*years)
    return both[both["council_code"].isin(list(PACK_COUNCILS))].reset_index(drop=True)


@pytest.fixture(scope="module")
def figures(national_unit_costs: pd.DataFrame) -> pd.DataFrame:
    # Every panel has figures to draw: the packs', and the national unit costs beside them.
    return combine_figures([load_packs(), national_unit_costs])
