"""The one CSV reading step: row numbers as a spreadsheet shows them, twin columns refused."""

from __future__ import annotations

import pytest

from data.figures import FigureFileError, parse_figures_csv
from data.packages import PackageFileError, read_packages_csv
from data.problems import read_csv_text


def test_blank_lines_are_counted_in_row_numbers():
    table, problems = read_csv_text("a,b\n1,2\n\n\n3,4\n", max_rows=10)
    assert problems == []
    assert [int(i) + 2 for i in table.index] == [2, 5]
    assert table["a"].tolist() == ["1", "3"]


@pytest.mark.parametrize("header", ["date,Date", "date, date ", "Date,date", "date,date"])
def test_columns_named_alike_are_refused(header):
    table, problems = read_csv_text(f"{header}\n1,2\n", max_rows=10)
    assert table is None
    (problem,) = problems
    assert problem.row == 1 and "two columns are named alike" in problem.message


def test_a_package_row_after_blank_lines_is_named_by_its_spreadsheet_row(durham):
    raw = (
        b"date,hours_per_week,status,reason,postcode\n"
        b"2024-01-05,7,waiting,staffing,DL15 8NN\n"
        b"\n"
        b"2999-01-01,7,waiting,staffing,DL15 8NN\n"
    )
    with pytest.raises(PackageFileError) as refused:
        read_packages_csv(raw, "list.csv", durham)
    (problem,) = refused.value.problems
    assert (problem.row, problem.column) == (4, "date")
    assert "found 01 January 2999" in problem.message


def test_a_figure_too_large_to_be_real_is_refused():
    raw = (
        "council_code,measure,value,unit,period,period_start,period_end,service,"
        "source_file,source_section,kind,note\n"
        f"E06000047,population,{'9' * 400},people,2024,2024-01-01,2024-12-31,all,"
        "f.csv,Table 1,published,\n"
    ).encode()
    with pytest.raises(FigureFileError) as refused:
        parse_figures_csv(raw, "f.csv")
    assert any("below a trillion" in p.message and p.row == 2 for p in refused.value.problems)


def test_blank_lines_above_the_header_are_skipped_and_counted():
    table, problems = read_csv_text("\n\narea_code,zone\nE01000001,North\n", max_rows=10)
    assert problems == []
    assert list(table.columns) == ["area_code", "zone"]
    assert [int(i) + 2 for i in table.index] == [4]


def test_a_first_row_with_one_cell_too_many_is_refused_with_its_row():
    # pandas would otherwise take the first column as row labels and fail inside the importer.
    table, problems = read_csv_text("\nmeasure,value\nbeds,12,extra\nhomes,3\n", max_rows=10)
    assert table is None
    assert [(p.row, p.column) for p in problems] == [(3, None)]
    assert "3 cells but the header names 2 columns" in problems[0].message
