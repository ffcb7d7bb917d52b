"""Every importer either returns a frame or refuses a malformed file with a named problem."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

import pandas as pd
import pytest

from data.cqc import MAX_BEDS, CqcFileError, import_cqc
from data.figures import FigureFileError, parse_figures_csv, require_council
from data.packages import PackageFileError, read_packages_csv
from data.population import PopulationFileError, read_population
from data.problems import InputFileError
from data.rurality_files import RuralityFileError, read_ruc_csv
from data.zone_files import ZoneFileError, read_zone_geojson, read_zone_lookup
from tests.fuzz.corpus import FIGURES_COUNCIL, IMPORTERS, Case, build_corpus

MIN_CASES = 300
SLOW_CASE_S = 5.0
CORPUS = build_corpus()
WRONG_TYPE = [
    pytest.param(case, id=case.id) for case in CORPUS if case.family in ("mismatch", "renamed")
]
ERRORS: dict[str, type[InputFileError]] = {
    "figures": FigureFileError,
    "cqc_hsca_csv": CqcFileError,
    "cqc_directory_csv": CqcFileError,
    "cqc_xlsx": CqcFileError,
    "cqc_ods": CqcFileError,
    "population": PopulationFileError,
    "zone_lookup": ZoneFileError,
    "zone_geojson": ZoneFileError,
    "ruc": RuralityFileError,
    "packages": PackageFileError,
}


def _figures_for_the_page(raw: bytes, file_name: str) -> pd.DataFrame:
    """Read figures as the uploader does: on one council's page, for that council only."""
    figures = parse_figures_csv(raw, file_name)
    require_council(figures, FIGURES_COUNCIL, file_name, "this page's council")
    return figures


def _importer(name: str, request: pytest.FixtureRequest) -> Callable[[bytes, str], object]:
    if name.startswith("cqc_"):
        return import_cqc
    if name == "packages":
        durham = request.getfixturevalue("durham")
        return lambda raw, file_name: read_packages_csv(raw, file_name, durham)
    if name == "figures":
        return _figures_for_the_page
    return {
        "population": read_population,
        "zone_lookup": read_zone_lookup,
        "zone_geojson": read_zone_geojson,
        "ruc": read_ruc_csv,
    }[name]


def test_the_corpus_is_large_and_covers_every_importer():
    per_importer = Counter(case.importer for case in CORPUS)
    assert len(CORPUS) >= MIN_CASES
    assert set(per_importer) == set(IMPORTERS) == set(ERRORS)
    assert min(per_importer.values()) >= 40
    assert len({case.id for case in CORPUS}) == len(CORPUS)


def test_the_corpus_is_deterministic():
    again = {case.id: case.make() for case in build_corpus()[:80]}
    assert all(again[case.id] == case.make() for case in CORPUS[:80])


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.id)
def test_an_importer_returns_a_frame_or_names_the_problem(case: Case, request):
    read = _importer(case.importer, request)
    raw = case.make()
    started = time.perf_counter()
    try:
        result = read(raw, case.file_name)
    except InputFileError as refused:
        assert isinstance(refused, ERRORS[case.importer])
        assert refused.problems and all(str(p).strip() for p in refused.problems)
        assert str(refused).strip()
    else:
        frame = getattr(result, "homes", result)
        assert isinstance(frame, pd.DataFrame)
        if "beds" in frame:
            assert frame["beds"].dropna().between(0, MAX_BEDS).all(), "impossible bed counts kept"
    assert time.perf_counter() - started < SLOW_CASE_S, "too slow for an upload"


REFUSED_FOR = {
    "rows_past_the_limit": "rows below the header, found",
    "three_thousand_squares": "expected at most 200 zones, found 3,000",
    "ten_thousand_sheets": "at most 50 sheets, found 10,000",
    "another_council": "is another council",
}
MUST_REFUSE = [pytest.param(case, id=case.id) for case in CORPUS if case.name in REFUSED_FOR]


@pytest.mark.parametrize("case", MUST_REFUSE)
def test_a_file_past_a_limit_or_for_another_council_is_refused_saying_so(case: Case, request):
    assert {c.name for c in CORPUS} >= set(REFUSED_FOR)
    read = _importer(case.importer, request)
    with pytest.raises(ERRORS[case.importer], match=REFUSED_FOR[case.name]):
        read(case.make(), case.file_name)


@pytest.mark.parametrize("case", WRONG_TYPE)
def test_a_file_whose_contents_do_not_match_its_name_is_refused_for_that(case: Case, request):
    read = _importer(case.importer, request)
    with pytest.raises(ERRORS[case.importer]) as caught:
        read(case.make(), case.file_name)
    assert f"{case.file_name} is named as " in str(caught.value)
    assert "but its contents are" in str(caught.value)
