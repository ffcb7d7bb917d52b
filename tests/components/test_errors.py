"""An unexpected error inside a page: one plain sentence for the user, the detail in the log."""

from __future__ import annotations

import logging

import pytest

from components.errors import MESSAGE, RAISE_ENV
from tests.apptest import open_page


class _BoomError(RuntimeError):
    pass


def _explode(*args, **kwargs):
    raise _BoomError("a fault deep inside /srv/app/components/chart_panel.py")


@pytest.fixture
def errors_as_users_see_them(monkeypatch, empty_store):
    monkeypatch.setenv(RAISE_ENV, "0")
    monkeypatch.setattr("components.chart_panel.render_panels", _explode)


def test_an_error_inside_a_page_shows_a_sentence_not_a_traceback(errors_as_users_see_them, caplog):
    with caplog.at_level(logging.ERROR, logger="care_market_map"):
        at = open_page("pages/fees.py", council="E06000054")
    assert not at.exception
    assert [e.value for e in at.error] == [MESSAGE]
    shown = " ".join(str(element.value) for element in at.main if hasattr(element, "value"))
    assert "Traceback" not in shown and "/srv/app" not in shown and "_BoomError" not in shown
    # The page drew what came before the fault; the server log holds the whole story.
    assert at.title[0].value == "Wiltshire: fees"
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is _BoomError]
    assert logged and "Fees and uplifts" in logged[0].getMessage()


def test_the_sidebar_survives_an_error_in_the_page(errors_as_users_see_them):
    at = open_page("pages/fees.py", council="E06000054")
    assert at.sidebar.selectbox[0].value == "E06000054"
