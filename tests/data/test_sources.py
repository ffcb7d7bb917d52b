"""One source catalogue: documents, shipped data sets and uploads, each cited readably."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from data.figures import read_packs
from data.sources import _IMPORTED, DOCUMENTS, cite, data_set, details, imported
from data.store import ImportRecord
from geo.sources import GEOGRAPHY_SOURCES

FILE_NAME = re.compile(r"\w+\.(txt|csv|ods|xlsx|geojson|json)\b")


def _record(kind: str, council: str = "E06000047") -> ImportRecord:
    return ImportRecord(
        id=7,
        kind=kind,
        council_code=council,
        imported_at=datetime(2026, 11, 3, 14, 5),
        file_name="brokerage_export_v2.csv",
        rows_read=1234,
        rows_kept=1200,
        imported_by="someone@durham.gov.uk",
        is_current=True,
    )


def test_every_document_a_pack_cites_is_in_the_catalogue_and_read_without_its_file_name():
    figures, refused = read_packs()
    assert not refused
    for file, section in figures[["source_file", "source_section"]].drop_duplicates().values:
        assert file in DOCUMENTS, f"{file} is cited by a pack but not catalogued"
        citation = cite(file, section)
        assert file not in citation and not FILE_NAME.search(citation)
        assert citation.startswith(DOCUMENTS[file].publisher) and citation.endswith(section)
        assert file in details(file)  # the file itself is for the details view


def test_a_shipped_data_set_is_cited_by_publisher_title_and_date_with_its_package_in_details():
    for source in GEOGRAPHY_SOURCES:
        record = data_set(source)
        citation = record.citation()
        assert source.name in citation and source.vintage in citation
        assert source.package not in citation and not re.search(r"\d+\.\d+\.\d+", citation)
        assert source.package in record.details and "version" in record.details
    assert data_set(GEOGRAPHY_SOURCES[0]).publisher == "Office for National Statistics"


@pytest.mark.parametrize("kind", sorted(_IMPORTED))
def test_an_upload_is_cited_by_who_publishes_it_and_when_with_the_file_in_details(kind):
    record = imported(_record(kind))
    citation = record.citation()
    assert "brokerage_export_v2" not in citation and "someone@" not in citation
    assert citation.endswith("uploaded 3 November 2026")
    assert "brokerage_export_v2.csv" in record.details
    assert "someone@" not in record.details  # who uploaded it stays in the store
    assert "1,234 rows read" in record.details


def test_a_council_upload_names_the_council_and_a_national_one_its_publisher():
    assert imported(_record("zone_lookup")).citation().startswith("County Durham, home care zones")
    assert (
        imported(_record("care_homes"))
        .citation()
        .startswith("Care Quality Commission, care directory")
    )


def test_every_kind_the_store_keeps_has_a_catalogue_record():
    from components.figure_upload import KIND as FIGURES
    from components.zone_data import KIND_RURALITY, KIND_ZONES
    from data.cqc import KIND as HOMES
    from data.national import NATIONAL_FIGURE_KINDS
    from data.packages import KIND as PACKAGES
    from data.population import KIND as POPULATION
    from data.projections import KIND as PROJECTIONS

    kinds = {FIGURES, KIND_RURALITY, KIND_ZONES, HOMES, PACKAGES, POPULATION, PROJECTIONS}
    from data.deprivation import KIND as DEPRIVATION
    from data.peer_lists import KIND as PEER_LIST

    kinds |= {DEPRIVATION, PEER_LIST}
    assert kinds | set(NATIONAL_FIGURE_KINDS) == set(_IMPORTED)


def test_a_national_figure_cites_its_data_set_in_words_not_its_key():
    from data.national import UNIT_COSTS
    from data.sources import cite

    key = UNIT_COSTS.source_key("2023-24")
    assert cite(key, "unit costs") == (
        "NHS England, Adult Social Care Activity and Finance Report, 2023-24, unit costs"
    )
    assert "national:" not in cite(key)
