"""Fixtures shared by the chart tests: the figure packs, read once per module."""

from __future__ import annotations

import pandas as pd
import pytest

from data.figures import load_packs


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_packs()
