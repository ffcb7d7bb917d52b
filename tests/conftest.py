"""Shared test fixtures: the four councils of the source documents and their geography."""

from __future__ import annotations

import os

import pytest
from streamlit.runtime.pages_manager import PagesManager

from components.errors import RAISE_ENV
from geo.boundaries import CouncilGeography, english_councils, load_council_geography
from geo.councils import FEATURED_CODES, Council

# A page error fails its test with the traceback; tests/components/test_errors.py checks
# what a user sees instead, with this turned off.
os.environ[RAISE_ENV] = "1"

_new_pages_manager = PagesManager.__init__


def _as_a_running_server(self, *args, **kwargs) -> None:
    """Let AppTest run pages as a server does after its first session.

    A server uses Streamlit's legacy pages/ discovery only until app.py's st.navigation
    first runs (tests/e2e/test_deep_links.py covers that first session in a browser);
    AppTest switches it back on before every run, which no server does.
    """
    _new_pages_manager(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False


PagesManager.__init__ = _as_a_running_server


@pytest.fixture(scope="session")
def councils() -> dict[str, Council]:
    """Every English council by ONS code (builds the England cache on a fresh machine)."""
    return {council.code: council for council in english_councils()}


@pytest.fixture(scope="session", params=FEATURED_CODES)
def featured_geography(request, councils) -> CouncilGeography:
    """The geography of each council in the source documents in turn."""
    return load_council_geography(councils[request.param])


@pytest.fixture(scope="session")
def durham(councils) -> CouncilGeography:
    """County Durham's geography."""
    return load_council_geography(councils["E06000047"])


@pytest.fixture(scope="session")
def nottinghamshire(councils) -> CouncilGeography:
    """Nottinghamshire's geography (a county of seven districts)."""
    return load_council_geography(councils["E10000024"])


@pytest.fixture
def empty_store(tmp_path, monkeypatch):
    """Point the import store at a new SQLite file, whatever the environment says."""
    monkeypatch.delenv("CMM_DATABASE_URL", raising=False)
    monkeypatch.setenv("CMM_DATA_DIR", str(tmp_path))
