"""English councils with adult social care duties, and the districts each one covers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from geo.sources import authority_lookup_path

# Councils in the source documents, listed first in the picker.
FEATURED_CODES = ("E06000047", "E06000054", "E06000004", "E10000024")

# Codes issued on 1 April 2023 (ONS Code History Database), after the April 2021
# lookup the package ships; the Postcode Directory already uses them. Four are new
# unitary councils; Barnsley and Sheffield were recoded for a boundary change.
CODES_FROM_2023 = {
    "E06000063": "Cumberland",
    "E06000064": "Westmorland and Furness",
    "E06000065": "North Yorkshire",
    "E06000066": "Somerset",
    "E08000038": "Barnsley",
    "E08000039": "Sheffield",
}

# The Isles of Scilly and the City of London: too small to compare with any other council,
# so left out of every group of similar councils, as in NHS England's peer groups.
TOO_SMALL_TO_COMPARE = ("E06000053", "E09000001")

# Districts abolished on 1 April 2023 (ONS Code History Database) and the council whose
# area took each one in. The projections on 2022 district codes still list these; the
# edition on 2023 geographies lists the new councils instead. Cumbria's six districts went
# to two new unitary councils; North Yorkshire's and Somerset's counties became unitary;
# Barnsley and Sheffield kept their areas' names but were recoded for a boundary change.
# tests/data/test_projections.py checks every code and name against the lookup the app
# reads (geo.sources.authority_lookup_path) and CODES_FROM_2023.
SUPERSEDED_2023 = {
    "E07000026": ("Allerdale", "E06000063"),
    "E07000028": ("Carlisle", "E06000063"),
    "E07000029": ("Copeland", "E06000063"),
    "E07000027": ("Barrow-in-Furness", "E06000064"),
    "E07000030": ("Eden", "E06000064"),
    "E07000031": ("South Lakeland", "E06000064"),
    "E07000163": ("Craven", "E06000065"),
    "E07000164": ("Hambleton", "E06000065"),
    "E07000165": ("Harrogate", "E06000065"),
    "E07000166": ("Richmondshire", "E06000065"),
    "E07000167": ("Ryedale", "E06000065"),
    "E07000168": ("Scarborough", "E06000065"),
    "E07000169": ("Selby", "E06000065"),
    "E07000187": ("Mendip", "E06000066"),
    "E07000188": ("Sedgemoor", "E06000066"),
    "E07000189": ("South Somerset", "E06000066"),
    "E07000246": ("Somerset West and Taunton", "E06000066"),
    "E08000016": ("Barnsley", "E08000038"),
    "E08000019": ("Sheffield", "E08000039"),
}

_KINDS = {
    "E06": "unitary authority",
    "E08": "metropolitan borough",
    "E09": "London borough",
    "E10": "county council",
}


@dataclass(frozen=True)
class Council:
    """A council responsible for adult social care, as a union of one or more districts."""

    code: str
    name: str
    district_codes: tuple[str, ...]
    district_names: tuple[str, ...]

    @property
    def kind(self) -> str:
        """Return the kind of council in words, from its ONS code prefix."""
        return _KINDS.get(self.code[:3], "council")

    @property
    def label(self) -> str:
        """Return the picker label: name and ONS code, so either can be typed."""
        return f"{self.name} ({self.code})"


@lru_cache(maxsize=1)
def _district_rows() -> tuple[tuple[str, str, str, str], ...]:
    records = json.loads(authority_lookup_path().read_text(encoding="utf-8"))
    rows = [
        (r["LTLA21CD"], r["LTLA21NM"], r["UTLA21CD"], r["UTLA21NM"])
        for r in records
        if r["LTLA21CD"].startswith("E")
    ]
    rows += [(code, name, code, name) for code, name in CODES_FROM_2023.items()]
    return tuple(rows)


@lru_cache(maxsize=1)
def list_councils(current_districts: frozenset[str] | None = None) -> tuple[Council, ...]:
    """Return every English council, featured ones first, then by name.

    With `current_districts` (the district codes in use today), districts abolished since
    the lookup was published are dropped, and councils left with none are left out.
    """
    grouped: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for district_code, district_name, council_code, council_name in _district_rows():
        if current_districts is not None and district_code not in current_districts:
            continue
        grouped.setdefault(council_code, (council_name, []))[1].append(
            (district_code, district_name)
        )
    councils = [
        Council(
            code=code,
            name=name,
            district_codes=tuple(c for c, _ in sorted(districts)),
            district_names=tuple(n for _, n in sorted(districts)),
        )
        for code, (name, districts) in grouped.items()
    ]
    featured = [c for code in FEATURED_CODES for c in councils if c.code == code]
    rest = sorted((c for c in councils if c.code not in FEATURED_CODES), key=lambda c: c.name)
    return tuple(featured + rest)


def current_council_names() -> dict[str, str]:
    """Return code -> name of today's councils (153 since April 2023): every council but
    those all of whose districts were abolished in 2023 (SUPERSEDED_2023)."""
    gone = set(SUPERSEDED_2023)
    return {c.code: c.name for c in list_councils() if not set(c.district_codes) <= gone}


def find_council(query: str, councils: tuple[Council, ...]) -> Council | None:
    """Return the council whose ONS code or name matches `query` (case-insensitive)."""
    wanted = query.strip().casefold()
    for council in councils:
        if wanted in (council.code.casefold(), council.name.casefold()):
            return council
    return None


def council_for_district(district_code: str, councils: tuple[Council, ...]) -> Council | None:
    """Return the council that covers a district (lower-tier) code, if any."""
    for council in councils:
        if district_code in council.district_codes:
            return council
    return None
