"""Every English council's data-dependent pages open without an exception or traceback.

One AppTest session per council opens the map, then the zones, demand, committee, care
homes and fees pages in turn, as a visitor clicking through the sidebar would. Councils
are split into a few batches so the slow part (each council's geography, built once and
cached) is spread over several test ids rather than one long one.
"""

from __future__ import annotations

import pytest

from geo.boundaries import english_councils
from tests.apptest import open_every_table, open_page

PAGES = (
    "pages/zones.py",
    "pages/demand.py",
    "pages/outlook.py",
    "pages/committee.py",
    "pages/supply.py",
    "pages/fees.py",
)
COUNCIL_CODES = tuple(council.code for council in english_councils())


def test_the_picker_offers_every_council_with_adult_social_care_duties():
    # 153 councils: 21 counties, 62 unitaries, 36 metropolitan districts, 32 London
    # boroughs, the City of London and the Isles of Scilly.
    assert len(COUNCIL_CODES) == 153
    assert {"E09000001", "E06000053"} <= set(COUNCIL_CODES)


@pytest.mark.slow
@pytest.mark.parametrize("code", COUNCIL_CODES)
def test_every_page_opens_for_the_council(code, empty_store):
    at = open_page(None, council=code)
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, f"{code} {page}: {at.exception}"
        open_every_table(at)
        errors = [e.value for e in at.error]
        assert not any("Something went wrong" in e for e in errors), f"{code} {page}: {errors}"
        assert at.title, f"{code} {page} drew no title"
