"""ONS population projections (SNPP): districts added up to councils, checks, and storing."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from itertools import count
from pathlib import Path

import pandas as pd
import pytest

from bench.generate import SNPP_FILES, snpp_csv, snpp_zip
from components import projection_upload, uploads
from data import budget, projections, store
from data.budget import UploadTooSlowError
from data.projections import ProjectionFileError
from geo.councils import CODES_FROM_2023, SUPERSEDED_2023, list_councils
from geo.sources import authority_lookup_path
from tests.test_limits_doc import (
    test_each_limit_is_written_as_the_code_sets_it as limit_is_written,
)

DURHAM, NOTTS = "E06000047", "E10000024"
CUMBERLAND, WESTMORLAND = "E06000063", "E06000064"
CUMBRIA_2022 = ("E07000026", "E07000027", "E07000028", "E07000029", "E07000030", "E07000031")


def _districts(*councils: str, edition: str = "2023") -> dict[str, str]:
    return projections.projection_districts(edition, councils)


def _older_by_district(raw: bytes, low: int = 65) -> pd.DataFrame:
    """Add up a generated CSV by hand: people aged `low` and over per district and year."""
    rows = pd.read_csv(io.BytesIO(raw), dtype={"AGE_GROUP": str})
    rows = rows[rows["AGE_GROUP"] != "All ages"]
    age = rows["AGE_GROUP"].replace({"90 and over": "90"}).astype(int)
    years = [c for c in rows.columns if c.isdigit()]
    return rows[age >= low].groupby("AREA_CODE")[years].sum()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _lines(raw: bytes) -> list[str]:
    return raw.decode().split("\r\n")


def _edit(raw: bytes, find: str, column: int, value: str) -> tuple[bytes, int]:
    """Set one cell of the first data row containing `find`; return the file and that row."""
    lines = _lines(raw)
    at = next(i for i, line in enumerate(lines) if i > 0 and find in line)
    cells = lines[at].split(",")
    cells[column] = value
    lines[at] = ",".join(cells)
    return "\r\n".join(lines).encode(), at + 1


def _refusal(raw: bytes, name: str = "snpp.csv") -> ProjectionFileError:
    with pytest.raises(ProjectionFileError) as caught:
        projections.read_projections(raw, name)
    return caught.value


@pytest.fixture(scope="module")
def durham_persons() -> bytes:
    return snpp_csv(_districts(DURHAM), "persons")


def test_the_table_has_the_agreed_columns_and_types(durham_persons):
    table = projections.read_projections(durham_persons, "snpp.csv")
    assert tuple(table.columns) == projections.PROJECTION_COLUMNS
    assert table["year"].dtype == "int64" and table["districts"].dtype == "int64"
    for band in ("age_65plus", "age_75plus", "age_85plus"):
        assert table[band].dtype == "float64"
    assert table["year"].tolist() == list(range(2022, 2048))
    assert set(table["council_code"]) == {DURHAM}
    assert set(table["council_name"]) == {"County Durham"}


def test_a_county_adds_up_its_districts_and_a_unitary_is_one_district():
    districts = _districts(DURHAM, NOTTS)
    raw = snpp_csv(districts, "persons")
    table = projections.read_projections(raw, "snpp.csv").set_index(["council_code", "year"])
    notts = [code for code in districts if code != DURHAM]
    assert len(notts) == 7
    for low, band in ((65, "age_65plus"), (75, "age_75plus"), (85, "age_85plus")):
        by_hand = _older_by_district(raw, low)
        for year in (2022, 2035, 2047):
            assert table.at[(NOTTS, year), band] == pytest.approx(
                by_hand.loc[notts, str(year)].sum()
            )
            assert table.at[(DURHAM, year), band] == pytest.approx(by_hand.at[DURHAM, str(year)])
    assert table.xs(NOTTS)["districts"].eq(7).all()
    assert table.xs(DURHAM)["districts"].eq(1).all()
    assert (table["age_65plus"] >= table["age_75plus"]).all()
    assert (table["age_75plus"] >= table["age_85plus"]).all()


def test_persons_and_males_with_females_give_the_same_table():
    districts = _districts(DURHAM, NOTTS)
    persons = projections.read_projections(snpp_csv(districts, "persons"), "p.csv")
    sexes = _zip({SNPP_FILES[s]: snpp_csv(districts, s) for s in ("males", "females")})
    both = projections.read_projections(sexes, "sexes.zip")
    pd.testing.assert_frame_equal(persons, both, check_exact=False, rtol=1e-9)


def test_the_published_zip_and_its_persons_csv_give_the_same_table():
    districts = _districts(DURHAM, NOTTS)
    from_zip = projections.import_projections(snpp_zip(districts), "snpp.zip")
    from_csv = projections.import_projections(snpp_csv(districts, "persons"), "p.csv")
    pd.testing.assert_frame_equal(from_zip.table, from_csv.table)
    assert from_zip.rows_read == from_csv.rows_read == 8 * 92  # the persons file alone


def test_a_zip_with_a_persons_file_is_read_from_that_file_alone():
    districts = _districts(DURHAM)
    members = {
        "data/SNPP persons 2022.csv": snpp_csv(districts, "persons"),
        SNPP_FILES["males"]: b"not the layout at all",
    }
    result = projections.import_projections(_zip(members), "snpp.zip")
    assert set(result.table["council_code"]) == {DURHAM} and result.rows_read == 92


def test_the_2022_code_edition_maps_cumbria_to_its_two_new_councils():
    old = _districts(CUMBERLAND, WESTMORLAND, edition="2022")
    assert set(old) == set(CUMBRIA_2022)
    raw = snpp_csv(old, "persons")
    table = projections.read_projections(raw, "old.csv").set_index(["council_code", "year"])
    by_hand = _older_by_district(raw)
    parts = {
        CUMBERLAND: ["E07000026", "E07000028", "E07000029"],
        WESTMORLAND: ["E07000027", "E07000030", "E07000031"],
    }
    for council, districts in parts.items():
        assert table.xs(council)["districts"].eq(3).all()
        assert table.at[(council, 2030), "age_65plus"] == pytest.approx(
            by_hand.loc[districts, "2030"].sum()
        )
    assert set(table.xs(CUMBERLAND)["council_name"]) == {"Cumberland"}


def test_the_2022_codes_of_barnsley_north_yorkshire_and_somerset_map_to_todays_councils():
    old = _districts("E08000038", "E06000065", "E06000066", edition="2022")
    assert "E08000016" in old and len(old) == 1 + 7 + 4
    table = projections.read_projections(snpp_csv(old, "persons"), "old.csv")
    districts = table.groupby("council_code")["districts"].first().to_dict()
    assert districts == {"E06000065": 7, "E06000066": 4, "E08000038": 1}


def test_the_table_of_districts_abolished_in_2023_matches_the_apps_lookup():
    records = json.loads(authority_lookup_path().read_text(encoding="utf-8"))
    lookup = {r["LTLA21CD"]: r["LTLA21NM"] for r in records}
    for district, (name, council) in SUPERSEDED_2023.items():
        assert lookup[district] == name
        assert council in CODES_FROM_2023
    assert {c for _, c in SUPERSEDED_2023.values()} == set(CODES_FROM_2023)


def test_every_council_in_use_today_is_made_of_one_edition_or_the_other():
    from geo.boundaries import english_councils

    today = {c.code for c in english_councils()}
    assert len(today) == 153
    for edition in projections.EDITIONS:
        districts = projections.projection_districts(edition)
        assert len(districts) == (296 if edition == "2023" else 309)
    known = {c.code for c in list_councils()}
    gone = known - today
    assert gone == {"E10000006", "E10000023", "E10000027", "E08000016", "E08000019"}


def test_a_council_only_partly_in_the_file_is_left_out_with_a_warning():
    districts = _districts(DURHAM, NOTTS)
    districts.pop("E07000170")  # Ashfield: one of Nottinghamshire's seven
    result = projections.import_projections(snpp_csv(districts, "persons"), "part.csv")
    assert set(result.table["council_code"]) == {DURHAM}
    assert result.warnings == (
        "Nottinghamshire is only partly in the file (6 of its 7 districts; Ashfield "
        "missing): left out.",
    )


def test_a_file_with_no_council_wholly_in_it_is_refused():
    districts = _districts(NOTTS)
    districts.pop("E07000170")
    error = _refusal(snpp_csv(districts, "persons"), "part.csv")
    assert error.file == "part.csv"
    [problem] = error.problems
    assert problem.row is not None and problem.column == "AREA_CODE"
    assert "Nottinghamshire is only partly in the file" in problem.message
    assert "nothing can be loaded" in problem.message


def test_all_ages_rows_are_not_counted(durham_persons):
    lines = _lines(durham_persons)
    at = next(i for i, line in enumerate(lines) if ",All ages," in line)
    cells = lines[at].split(",")
    cells[5:] = ["9999999.000"] * (len(cells) - 5)
    lines[at] = ",".join(cells)
    changed = projections.read_projections("\r\n".join(lines).encode(), "snpp.csv")
    pd.testing.assert_frame_equal(changed, projections.read_projections(durham_persons, "x.csv"))


def test_a_file_in_one_sex_alone_is_refused_with_a_sentence_saying_what_to_load():
    error = _refusal(snpp_csv(_districts(DURHAM), "males"), "males.csv")
    [problem] = error.problems
    assert (problem.row, problem.column) == (2, "SEX")
    assert "load the persons file, or the males and females files together" in problem.message
    in_zip = _zip({SNPP_FILES["females"]: snpp_csv(_districts(DURHAM), "females")})
    error = _refusal(in_zip, "females.zip")
    assert error.file == f"females.zip (its file '{SNPP_FILES['females']}')"
    assert "holds females only" in error.problems[0].message


@pytest.mark.parametrize(
    ("column", "value", "named", "expected"),
    [
        (0, "E10000024", "AREA_CODE", "the code of an English district"),
        (0, "W06000001", "AREA_CODE", "the code of an English district"),
        (2, "Births", "COMPONENT", "Population"),
        (3, "all", "SEX", "males, females or persons"),
        (4, "90+", "AGE_GROUP", "an age from 0 to 89"),
        (6, "-1.000", "2023", "a number of people, zero or more"),
        (7, "inf", "2024", "a number of people"),
        (8, "NaN", "2025", "a number of people"),
        (9, "", "2026", "a number of people"),
    ],
)
def test_a_bad_cell_is_refused_naming_file_row_and_column(
    durham_persons, column, value, named, expected
):
    raw, row = _edit(durham_persons, ",persons,", column, value)
    error = _refusal(raw)
    assert error.file == "snpp.csv"
    assert [(p.row, p.column) for p in error.problems] == [(row, named)]
    assert expected in error.problems[0].message
    assert f"row {row}, column '{named}'" in str(error)


def test_a_repeated_row_is_refused_at_the_repeat(durham_persons):
    lines = _lines(durham_persons)
    raw = "\r\n".join([*lines[:-1], lines[5], ""]).encode()
    error = _refusal(raw)
    [problem] = error.problems
    assert (problem.row, problem.column) == (len(lines), "AGE_GROUP")
    assert "repeats an earlier row" in problem.message


def test_a_row_repeated_in_another_file_of_the_zip_is_refused():
    persons = snpp_csv(_districts(DURHAM), "persons")
    error = _refusal(_zip({"a.csv": persons, "b.csv": persons}), "two.zip")
    assert error.file == "two.zip (its file 'b.csv')"
    assert error.problems[0].column == "AGE_GROUP"
    assert "of two.zip (its file 'a.csv')" in error.problems[0].message


def test_a_district_missing_an_age_of_65_or_over_is_refused(durham_persons):
    lines = [line for line in _lines(durham_persons) if ",persons,77," not in line]
    error = _refusal("\r\n".join(lines).encode())
    [problem] = error.problems
    assert problem.column == "AGE_GROUP" and problem.row == 2
    assert "E06000047 (County Durham), persons: no row for age 77" in problem.message


def test_a_missing_younger_age_is_not_needed(durham_persons):
    lines = [line for line in _lines(durham_persons) if ",persons,30," not in line]
    table = projections.read_projections("\r\n".join(lines).encode(), "snpp.csv")
    assert set(table["council_code"]) == {DURHAM}


def test_the_two_editions_mixed_are_refused():
    districts = {**_districts(CUMBERLAND, edition="2022"), CUMBERLAND: "Cumberland"}
    error = _refusal(snpp_csv(districts, "persons"))
    [problem] = error.problems
    assert problem.column == "AREA_CODE" and problem.row is not None
    assert "counted twice" in problem.message


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('"AREA_CODE","AREA_NAME","SEX","AGE_GROUP","2022"', [(1, "COMPONENT")]),
        ('"AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP","later"', [(1, None)]),
        ('"AREA","AREA_NAME","COMPONENT","SEX","AGE","2022"', [(1, "AREA_CODE"), (1, "AGE_GROUP")]),
    ],
)
def test_a_wrong_layout_is_refused_at_its_header(header, expected):
    cells = ["E06000047", "County Durham", "Population", "persons", "65", "1.000"]
    row = ",".join(cells[: header.count(",") + 1])
    error = _refusal(f"{header}\r\n{row}\r\n".encode())
    assert [(p.row, p.column) for p in error.problems] == expected
    if expected == [(1, None)]:
        assert "no year columns" in str(error)


def test_a_row_wider_than_the_header_is_refused_not_shifted():
    raw = b'"AREA_CODE","SEX","AGE_GROUP","2022"\r\nE06000047,x,persons,65,1.000\r\n'
    error = _refusal(raw)
    [problem] = error.problems
    assert problem.row == 2 and "5 cells but the header row names 4 columns" in problem.message


def test_lower_case_headers_are_read(durham_persons):
    lines = _lines(durham_persons)
    lines[0] = lines[0].lower()
    table = projections.read_projections("\r\n".join(lines).encode(), "snpp.csv")
    assert len(table) == 26


def test_too_many_rows_are_refused_before_parsing(monkeypatch, durham_persons):
    monkeypatch.setattr(projections, "MAX_ROWS", 50)
    error = _refusal(durham_persons)
    assert "expected at most 50 rows" in str(error)


def test_zips_that_are_not_the_published_one_are_refused(monkeypatch):
    persons = snpp_csv(_districts(DURHAM), "persons")
    error = _refusal(_zip({"readme.txt": b"hello"}), "x.zip")
    assert "holds no CSV file" in str(error)
    many = {f"{i}.csv": persons for i in range(projections.MAX_FILES + 1)}
    assert "at most 12" in str(_refusal(_zip(many), "many.zip"))
    monkeypatch.setattr(projections, "ZIPPED", dataclasses.replace(projections.ZIPPED, max_mb=0))
    assert "more than 0 MB" in str(_refusal(_zip({"p.csv": persons}), "big.zip"))
    assert "damaged" in str(_refusal(b"PK\x03\x04" + b"\x00" * 40, "cut.zip"))


def test_a_file_that_is_not_csv_or_zip_is_refused_saying_what_it_is():
    error = _refusal(b"%PDF-1.7 not a table", "snpp.csv")
    assert "PDF" in str(error) and error.file == "snpp.csv"
    assert "the file is empty" in str(_refusal(b"  \r\n", "snpp.csv"))


def test_a_slow_file_is_refused_for_time(monkeypatch, durham_persons):
    ticks = count()
    monkeypatch.setattr(budget, "_clock", lambda: next(ticks) * 20.0)
    with budget.upload_budget("snpp.csv"), pytest.raises(UploadTooSlowError):
        projections.read_projections(durham_persons, "snpp.csv")


def test_the_whole_of_england_is_read_as_153_councils():
    result = projections.import_projections(
        snpp_zip(projections.projection_districts()), "2022 SNPP.zip"
    )
    assert result.rows_read == 296 * 92  # the persons file alone
    assert projections.MAX_ROWS >= 3 * 296 * 92  # all three files would fit too
    assert result.table["council_code"].nunique() == 153 and not result.warnings
    assert len(projections.split_by_council(result.table)) == 153


def test_split_by_council_gives_each_council_its_rows():
    table = projections.read_projections(snpp_csv(_districts(DURHAM, NOTTS), "persons"), "p.csv")
    split = projections.split_by_council(table)
    assert set(split) == {DURHAM, NOTTS}
    assert list(split[NOTTS].columns) == list(projections.PROJECTION_COLUMNS)
    assert split[NOTTS]["council_code"].eq(NOTTS).all() and len(split[NOTTS]) == 26


def _council(code: str):
    return next(c for c in list_councils() if c.code == code)


def test_an_upload_stores_every_council_wholly_in_the_file(empty_store):
    raw = snpp_zip(_districts(DURHAM, NOTTS, CUMBERLAND))
    outcome = projection_upload.import_file(raw, "snpp.zip", _council(DURHAM))
    assert outcome.stored, outcome.lines
    assert outcome.lines[0] == "snpp.zip: population projections for 3 councils, 2022 to 2047."
    assert outcome.lines[1].startswith("County Durham (one area): people aged 65 and over,")
    for code in (DURHAM, NOTTS, CUMBERLAND):
        record, frame = store.current_import(projections.KIND, code)
        assert record.file_name == "snpp.zip" and record.rows_read == 9 * 92
        assert frame["council_code"].eq(code).all() and len(frame) == 26
    again = projection_upload.import_file(raw, "second.zip", _council(NOTTS))
    assert again.stored
    assert [r.file_name for r in store.list_imports(projections.KIND, NOTTS)] == [
        "second.zip",
        "snpp.zip",
    ]


def test_an_upload_without_the_pages_council_stores_the_rest_with_a_warning(empty_store):
    raw = snpp_csv(_districts(NOTTS), "persons")
    outcome = projection_upload.import_file(raw, "notts.csv", _council(DURHAM))
    assert outcome.stored
    assert outcome.warnings[0] == (
        "County Durham is not wholly in the file: its projections were not changed."
    )
    assert store.current_import(projections.KIND, DURHAM) is None
    assert store.current_import(projections.KIND, NOTTS) is not None


def test_with_sign_in_an_upload_stores_only_the_councils_the_visitor_commissions(
    empty_store, monkeypatch
):
    monkeypatch.setattr(uploads, "may_import", lambda code: code == DURHAM)
    raw = snpp_csv(_districts(DURHAM, NOTTS), "persons")
    outcome = projection_upload.import_file(raw, "snpp.csv", _council(DURHAM))
    assert outcome.stored
    assert store.current_import(projections.KIND, NOTTS) is None
    assert "1 other council was not stored from the file" in outcome.warnings[-1]
    refused = projection_upload.import_file(
        snpp_csv(_districts(NOTTS), "persons"), "notts.csv", _council(DURHAM)
    )
    assert not refused.stored and "column 'AREA_CODE'" in refused.lines[0]


def test_a_refused_upload_stores_nothing_and_says_why(empty_store):
    outcome = projection_upload.import_file(
        snpp_csv(_districts(DURHAM), "males"), "males.csv", _council(DURHAM)
    )
    assert not outcome.stored
    assert outcome.lines[0].startswith("males.csv was not loaded: 1 problem(s) found.")
    assert store.current_import(projections.KIND, DURHAM) is None


@pytest.mark.parametrize(
    ("module", "name", "written"),
    [
        (projections, "MAX_ROWS", "| {:,} |"),
        (projections, "MAX_UNZIPPED_MB", "| {} MB,"),
        (projections, "MAX_FILES", "at most {} CSV files"),
        (projections, "MAX_PEOPLE", "below {:,},"),
        (projection_upload, "MAX_UPLOAD_MB", "| {} MB |"),
    ],
)
def test_the_projection_limits_are_written_in_docs_limits(module, name, written):
    limit_is_written(module, name, written)


def test_the_your_data_page_offers_the_upload_and_lists_stored_projections(empty_store):
    from streamlit.testing.v1 import AppTest

    from components.council_picker import COUNCIL_KEY

    page = str(Path(__file__).resolve().parents[2] / "pages" / "your_data.py")
    at = AppTest.from_file(page, default_timeout=120)
    at.session_state[COUNCIL_KEY] = DURHAM
    at.run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert "No population projections imported for County Durham yet." in captions
    assert "Population projections" in [h.value for h in at.subheader]
    assert projection_upload.import_file(
        snpp_csv(_districts(DURHAM), "persons"), "snpp.csv", _council(DURHAM)
    ).stored
    at.run()
    assert not at.exception
    assert "No population projections imported for County Durham yet." not in [
        c.value for c in at.caption
    ]
    assert any("snpp.csv" in frame.value["File"].tolist() for frame in at.dataframe)
