"""Every page test runs against an empty import store of its own."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_store(empty_store):
    """Use tests/conftest.py's `empty_store` for every test here."""
