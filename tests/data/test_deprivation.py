"""English Indices of Deprivation: File 1 and File 7 read, 2025 and bad files refused, stored."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from bench.generate import imd_areas, imd_file1, imd_file7
from components import deprivation_upload
from data import deprivation, store
from data.deprivation import DeprivationFileError
from geo.councils import list_councils
from tests.test_limits_doc import (
    test_each_limit_is_written_as_the_code_sets_it as limit_is_written,
)

DURHAM, NOTTS, WILTSHIRE = "E06000047", "E10000024", "E06000054"
LSOA = "LSOA code (2011)"
DECILE = "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"
IDAOPI = (
    "Income Deprivation Affecting Older People (IDAOPI) Decile "
    "(where 1 is most deprived 10% of LSOAs)"
)


def _council(code: str):
    return next(c for c in list_councils() if c.code == code)


def _file7_frame(*councils: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(imd_file7(councils)), dtype=str, keep_default_na=False)


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def _workbook(frame: pd.DataFrame, sheet: str = "IMD2019") -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    page = book.create_sheet(sheet)
    page.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        page.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refusal(raw: bytes, name: str = "File_7.csv") -> DeprivationFileError:
    with pytest.raises(DeprivationFileError) as caught:
        deprivation.import_deprivation(raw, name)
    return caught.value


@pytest.fixture(scope="module")
def durham_file7() -> bytes:
    return imd_file7([DURHAM])


def test_file_1_gives_each_small_area_its_rank_and_decile_and_no_older_people_figures():
    result = deprivation.import_deprivation(imd_file1([DURHAM]), "File_1.xlsx")
    table = result.table
    assert list(table.columns) == list(deprivation.DEPRIVATION_COLUMNS)
    expected = imd_areas([DURHAM]).set_index("lsoa_code")
    assert len(table) == len(expected) == 324 and result.rows_read == 324
    assert table["council_code"].eq(DURHAM).all()
    assert table.set_index("lsoa_code")["imd_decile"].equals(
        expected.loc[table["lsoa_code"], "imd_decile"].rename_axis("lsoa_code")
    )
    assert table["imd_decile"].between(1, 10).all() and table["imd_rank"].dtype == "int64"
    assert not result.has_older_people
    assert table["idaopi_decile"].isna().all() and table["idaopi_score"].isna().all()
    assert result.warnings == ()


def test_file_7_adds_older_peoples_income_deprivation_and_agrees_with_file_1(durham_file7):
    # File 7's last header ends in a space, as published; it is read all the same.
    assert _file7_frame(DURHAM).columns[-1].endswith(") ") and len(_file7_frame(DURHAM).columns)
    seven = deprivation.import_deprivation(durham_file7, "File_7.csv")
    one = deprivation.import_deprivation(imd_file1([DURHAM]), "File_1.xlsx")
    assert seven.has_older_people
    assert seven.table["imd_decile"].equals(one.table["imd_decile"])
    expected = imd_areas([DURHAM]).set_index("lsoa_code")
    by_area = seven.table.set_index("lsoa_code")
    assert (by_area["idaopi_decile"] == expected.loc[by_area.index, "idaopi_decile"]).all()
    assert (
        by_area["idaopi_score"] - expected.loc[by_area.index, "idaopi_score"]
    ).abs().max() < 1e-9


def test_file_7_has_the_published_57_columns_and_the_2025_layout_56():
    assert len(_file7_frame(DURHAM).columns) == 57
    newer = pd.read_csv(io.BytesIO(imd_file7([DURHAM], edition="2025")))
    assert len(newer.columns) == 56 and newer.columns[0] == "LSOA code (2021)"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        (imd_file1([DURHAM], edition="2025"), "File_1_IoD2025.xlsx"),
        (imd_file7([DURHAM], edition="2025"), "File_7_IoD2025.csv"),
    ],
)
def test_the_2025_edition_is_refused_saying_it_is_on_2021_small_areas(raw, name):
    error = _refusal(raw, name)
    (problem,) = error.problems
    assert (problem.row, problem.column) == (1, "LSOA code (2021)")
    assert str(error).startswith(f"{name} was not loaded: 1 problem(s) found.")
    assert "2025 edition" in problem.message and "2021 small areas" in problem.message
    assert "cannot be matched" in problem.message and "2011 LSOAs" in problem.message


def test_a_county_is_made_of_its_districts_small_areas_and_each_council_split_apart():
    table = deprivation.import_deprivation(imd_file1([DURHAM, NOTTS]), "File_1.xlsx").table
    split = deprivation.split_by_council(table)
    assert set(split) == {DURHAM, NOTTS}
    assert len(split[NOTTS]) == len(imd_areas([NOTTS])) > 400
    assert split[NOTTS]["council_code"].eq(NOTTS).all()
    assert list(split[DURHAM].columns) == list(deprivation.DEPRIVATION_COLUMNS)


def test_a_council_only_partly_in_the_file_is_kept_with_a_warning(durham_file7):
    frame = _file7_frame(DURHAM).iloc[:100]
    result = deprivation.import_deprivation(_csv(frame), "part.csv")
    assert len(result.table) == 100
    assert result.warnings == (
        "County Durham: 100 of its 324 small areas are in the file; the rest are shown "
        "without a decile.",
    )


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (LSOA, "W01000001", "the code of one of England's 2011 small areas"),
        (LSOA, "E01035000", "the code of one of England's 2011 small areas"),
        (DECILE, "11", "a whole number from 1 (most deprived) to 10"),
        (DECILE, "0", "a whole number from 1 (most deprived) to 10"),
        (DECILE, "2.5", "a whole number from 1 (most deprived) to 10"),
        (DECILE, "", "a whole number from 1 (most deprived) to 10"),
        (IDAOPI, "12", "a whole number from 1 (most deprived) to 10"),
        (
            "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
            "40000",
            "a whole number from 1 (most deprived) to 32,844",
        ),
    ],
)
def test_a_bad_cell_is_refused_naming_file_row_and_column(column, value, expected):
    frame = _file7_frame(DURHAM)
    frame.loc[6, column] = value
    error = _refusal(_csv(frame), "File_7.csv")
    (problem,) = error.problems
    assert (problem.row, problem.column) == (8, column)
    assert problem.message.startswith(f"expected {expected}")
    assert str(error).startswith("File_7.csv was not loaded")


def test_a_bad_decile_in_file_1_is_refused_at_its_spreadsheet_row():
    frame = pd.read_excel(
        io.BytesIO(imd_file1([DURHAM])), sheet_name="IMD2019", dtype=str, engine="calamine"
    )
    frame.loc[0, "Index of Multiple Deprivation (IMD) Decile"] = "11"
    (problem,) = _refusal(_workbook(frame), "File_1.xlsx").problems
    assert (problem.row, problem.column) == (2, "Index of Multiple Deprivation (IMD) Decile")


def test_a_small_area_listed_twice_is_refused_at_the_repeat():
    frame = _file7_frame(DURHAM)
    frame = pd.concat([frame, frame.iloc[[3]]], ignore_index=True)
    (problem,) = _refusal(_csv(frame)).problems
    assert (problem.row, problem.column) == (len(frame) + 1, LSOA)
    assert "one row for each small area" in problem.message


@pytest.mark.parametrize(
    ("drop", "missing"),
    [
        (LSOA, "LSOA code (2011)"),
        (DECILE, "Index of Multiple Deprivation (IMD) Decile"),
    ],
)
def test_a_wrong_layout_is_refused_naming_the_missing_column(drop, missing):
    frame = _file7_frame(DURHAM).drop(columns=[drop])
    (problem,) = _refusal(_csv(frame)).problems
    assert (problem.row, problem.column) == (1, missing)
    assert "File 1" in problem.message and "File 7" in problem.message


def test_a_workbook_without_the_index_sheet_is_refused_listing_its_sheets():
    frame = pd.read_excel(
        io.BytesIO(imd_file1([DURHAM])), sheet_name="IMD2019", dtype=str, engine="calamine"
    )
    (problem,) = _refusal(_workbook(frame, "Sheet1"), "File_1.xlsx").problems
    assert "no sheet named 'IMD2019' (its sheets are 'Sheet1')" in problem.message


def test_a_file_that_is_not_csv_or_xlsx_is_refused_saying_what_it_is():
    (problem,) = _refusal(b"%PDF-1.4 not a table", "imd.pdf").problems
    assert "a PDF document" in problem.message


def test_an_empty_file_is_refused():
    (problem,) = _refusal(b"", "File_7.csv").problems
    assert problem.message == "the file is empty"


def test_the_median_decile_of_a_group_of_small_areas():
    deciles = pd.DataFrame({"lsoa_code": ["a", "b", "c", "d"], "imd_decile": [1, 2, 4, 9]})
    groups = pd.Series(["x", "x", "y", "y"], index=["a", "b", "c", "e"])
    medians = deprivation.median_deciles(deciles, groups)
    assert medians["x"] == 1.5 and medians["y"] == 4  # "e" has no decile: left out
    assert [deprivation.decile_text(v) for v in (1.5, 4.0, float("nan"))] == [
        "1.5",
        "4",
        "no decile",
    ]


def test_an_upload_stores_every_council_in_the_file_with_history(empty_store):
    raw = imd_file1([DURHAM, NOTTS])
    outcome = deprivation_upload.import_file(raw, "File_1.xlsx", _council(DURHAM))
    assert outcome.stored, outcome.lines
    assert outcome.lines[0] == (
        "File_1.xlsx: English Indices of Deprivation 2019, deprivation deciles for "
        f"{324 + len(imd_areas([NOTTS])):,} small areas in 2 councils."
    )
    assert outcome.lines[1].startswith("County Durham: 324 small areas, ")
    for code in (DURHAM, NOTTS):
        record, frame = deprivation.council_deciles(code)
        assert record.kind == "deprivation" and record.file_name == "File_1.xlsx"
        assert frame["council_code"].eq(code).all()
    again = deprivation_upload.import_file(imd_file7([DURHAM]), "File_7.csv", _council(DURHAM))
    assert again.stored and "older people's income deprivation" in again.lines[0]
    assert [r.file_name for r in store.list_imports(deprivation.KIND, DURHAM)] == [
        "File_7.csv",
        "File_1.xlsx",
    ]
    assert deprivation.council_deciles(DURHAM)[1]["idaopi_decile"].notna().all()


def test_with_sign_in_only_the_councils_the_visitor_commissions_are_stored(
    empty_store, monkeypatch
):
    monkeypatch.setattr(deprivation_upload.uploads, "may_import", lambda code: code == DURHAM)
    outcome = deprivation_upload.import_file(
        imd_file1([DURHAM, NOTTS]), "File_1.xlsx", _council(DURHAM)
    )
    assert outcome.stored
    assert deprivation.council_deciles(NOTTS) is None
    assert "1 other council was not stored from the file" in outcome.warnings[-1]
    refused = deprivation_upload.import_file(imd_file1([WILTSHIRE]), "w.xlsx", _council(DURHAM))
    assert not refused.stored and "column 'LSOA code (2011)'" in refused.lines[0]


def test_a_refused_upload_stores_nothing_and_says_why(empty_store):
    outcome = deprivation_upload.import_file(
        imd_file7([DURHAM], edition="2025"), "File_7.csv", _council(DURHAM)
    )
    assert not outcome.stored and "2021 small areas" in outcome.lines[0]
    assert deprivation.council_deciles(DURHAM) is None


@pytest.mark.parametrize(
    ("module", "name", "written"),
    [
        (deprivation, "MAX_ROWS", "| {:,} |"),
        (deprivation_upload, "MAX_UPLOAD_MB", "| {} MB |"),
    ],
)
def test_the_deprivation_limits_are_written_in_docs_limits(module, name, written):
    limit_is_written(module, name, written)


def test_the_supply_and_zone_tables_give_the_median_decile_of_their_small_areas():
    from geo.boundaries import english_councils, load_council_geography
    from market.supply import area_supply, council_supply
    from report.tables import area_deciles, supply_table

    geography = load_council_geography(next(c for c in english_councils() if c.code == DURHAM))
    table = deprivation.import_deprivation(imd_file1([DURHAM]), "File_1.xlsx").table
    empty = pd.DataFrame(columns=["lat", "lon", "beds", "care_type", "msoa_name", "lsoa_code"])
    areas = area_supply(empty, geography, None)
    total = council_supply(areas, empty, "County Durham")
    deciles = area_deciles(table, geography, "County Durham")
    shown = supply_table(areas, total, "CQC", None, deciles)
    column = deprivation.MEDIAN_DECILE_LABEL
    assert shown[column].iloc[0] == table["imd_decile"].median()
    msoa = geography.lsoas.set_index("code")["msoa_name"]
    first = shown["Neighbourhood (MSOA)"].iloc[1]
    mine = table[table["lsoa_code"].map(msoa) == first]["imd_decile"]
    assert shown[column].iloc[1] == mine.median()
    assert column not in supply_table(areas, total, "CQC", None).columns


def test_the_deprivation_layer_shades_small_areas_with_decile_1_darkest():
    from geo.boundaries import english_councils, load_council_geography
    from maps import supply_layers

    geography = load_council_geography(next(c for c in english_councils() if c.code == DURHAM))
    table = deprivation.import_deprivation(imd_file1([DURHAM]), "File_1.xlsx").table
    lsoas = geography.display_level("lsoa")
    group, legend = supply_layers.deprivation_layer(lsoas, table.iloc[:-5])
    (layer,) = group._children.values()
    assert len(layer.data["features"]) == len(lsoas) == 324
    # Each small area is filled with its own decile's colour; the five left out, "no decile".
    want = lsoas["code"].map(table.iloc[:-5].set_index("lsoa_code")["imd_decile"])
    fills = [feature["properties"]["fill"] for feature in layer.data["features"]]
    for decile, fill in zip(want, fills, strict=True):
        colour = supply_layers.NO_DATA_COLOUR if pd.isna(decile) else None
        assert fill == (colour or supply_layers.DECILE_COLOURS[int(decile) - 1])
    assert fills.count(supply_layers.NO_DATA_COLOUR) == 5
    assert legend[0].label == "1 (most deprived 10%)"
    assert legend[9].label == "10 (least deprived 10%)" and legend[-1].label == "no decile"

    def lightness(colour: str) -> float:
        red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    colours = supply_layers.DECILE_COLOURS
    assert len(colours) == 10 and min(colours, key=lightness) == colours[0]


def test_each_whole_council_is_summed_up_as_its_share_of_englands_most_deprived_tenth(
    durham_file7,
):
    from data.figures import FIGURE_SCHEMA
    from data.sources import cite

    durham = deprivation.import_deprivation(durham_file7, "File_7.csv").table
    notts = deprivation.import_deprivation(imd_file1([NOTTS]), "File_1.xlsx").table
    figures = deprivation.council_figures([durham, notts, notts.iloc[:-1]])
    expected = imd_areas([DURHAM])
    share = figures.set_index(["council_code", "measure"])["value"]
    assert share[DURHAM, deprivation.MOST_DEPRIVED_SHARE] == pytest.approx(
        round(100 * (expected["imd_decile"] == 1).mean(), 1)
    )
    assert share[DURHAM, deprivation.OLDER_INCOME_DEPRIVED] == pytest.approx(
        round(100 * durham["idaopi_score"].astype(float).mean(), 1)
    )
    # File 1 has no older people's figures; a council with a small area missing has none.
    assert list(figures.loc[figures["council_code"] == NOTTS, "measure"]) == [
        deprivation.MOST_DEPRIVED_SHARE
    ]
    assert len(figures) == 3 and figures["kind"].eq("derived").all()
    assert cite(figures["source_file"].iloc[0]) == (
        "Ministry of Housing, Communities and Local Government, English Indices of Deprivation 2019"
    )
    as_text = figures.assign(
        value=figures["value"].astype(str),
        period_start=figures["period_start"].dt.strftime("%Y-%m-%d"),
        period_end=figures["period_end"].dt.strftime("%Y-%m-%d"),
    )
    FIGURE_SCHEMA.validate(as_text)
