"""The figure schema accepts the packs, refuses broken files cell by cell, and exports safely."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from data.export import neutralise_cell, neutralise_frame, to_safe_csv
from data.figures import (
    FIGURE_COLUMNS,
    PACK_COUNCILS,
    PACKS_DIR,
    FigureFileError,
    figures_for,
    load_pack,
    load_packs,
    pack_folders,
    parse_figures_csv,
    read_packs,
)
from data.measures import KINDS, MEASURES, SERVICES, UNITS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "data-packs.md"

GOOD_ROW = {
    "council_code": "E06000054",
    "measure": "fee_weekly",
    "value": "856.23",
    "unit": "gbp_per_week",
    "period": "current",
    "period_start": "2023-03-28",
    "period_end": "2023-03-28",
    "service": "residential",
    "source_file": "my_fees.pdf",
    "source_section": "Fee Rates",
    "kind": "published",
    "note": "",
}


def _csv(*rows: dict[str, str]) -> bytes:
    return pd.DataFrame(list(rows), columns=list(FIGURE_COLUMNS)).to_csv(index=False).encode()


def _refusal(raw: bytes, filename: str = "upload.csv") -> FigureFileError:
    with pytest.raises(FigureFileError) as caught:
        parse_figures_csv(raw, filename)
    return caught.value


def test_packs_load_with_the_schema_columns_and_types() -> None:
    figures = load_packs(PACKS_DIR)
    assert tuple(figures.columns) == FIGURE_COLUMNS
    assert pd.api.types.is_float_dtype(figures["value"])
    assert pd.api.types.is_datetime64_any_dtype(figures["period_start"])
    assert set(figures["council_code"]) == set(PACK_COUNCILS)


@pytest.mark.parametrize("folder", pack_folders(PACKS_DIR), ids=lambda p: p.name)
def test_each_pack_passes_the_schema(folder: Path) -> None:
    figures = load_pack(folder)
    assert not figures.empty
    assert (figures["council_code"] == folder.name).all()


def test_a_good_upload_is_parsed_and_typed() -> None:
    figures = parse_figures_csv(_csv(GOOD_ROW), "upload.csv")
    assert figures.loc[0, "value"] == pytest.approx(856.23)
    assert figures.loc[0, "period_start"] == pd.Timestamp("2023-03-28")


def test_a_bad_value_is_refused_naming_file_row_and_column() -> None:
    error = _refusal(_csv(GOOD_ROW, GOOD_ROW | {"value": "£856.23"}), "fees.csv")
    assert error.file == "fees.csv"
    assert [(p.row, p.column) for p in error.problems] == [(3, "value")]
    message = str(error)
    assert "fees.csv" in message
    assert "row 3" in message
    assert "column 'value'" in message
    assert "plain number" in message
    assert "£856.23" in message


@pytest.mark.parametrize(
    ("change", "column", "expected"),
    [
        ({"council_code": "Durham"}, "council_code", "ONS council code"),
        ({"measure": "Weekly Fee"}, "measure", "snake_case"),
        ({"measure": "fee_per_fortnight"}, "measure", "docs/data-packs.md"),
        ({"unit": "pounds"}, "unit", "one of the units"),
        ({"unit": "gbp_per_hour"}, "unit", "unit listed for this measure"),
        ({"period": ""}, "period", "empty"),
        ({"period_start": "28/03/2023"}, "period_start", "YYYY-MM-DD"),
        ({"period_end": "2023-02-30"}, "period_end", "real calendar date"),
        ({"period_end": "2023-01-01"}, "period_end", "on or after period_start"),
        ({"service": "care homes"}, "service", "one of the services"),
        ({"service": "benchmark"}, "service", "benchmark_"),
        ({"kind": "estimate"}, "kind", "one of published"),
        ({"kind": "derived"}, "note", "method"),
        ({"source_file": ""}, "source_file", "file name"),
    ],
)
def test_each_broken_cell_is_reported(change: dict[str, str], column: str, expected: str) -> None:
    error = _refusal(_csv(GOOD_ROW | change))
    assert [(p.row, p.column) for p in error.problems] == [(2, column)]
    assert expected in error.problems[0].message


def test_a_benchmark_measure_needs_the_benchmark_service() -> None:
    row = GOOD_ROW | {"measure": "benchmark_fee_hourly_england_avg", "unit": "gbp_per_hour"}
    error = _refusal(_csv(row))
    assert [(p.row, p.column) for p in error.problems] == [(2, "service")]


def test_every_problem_in_a_file_is_listed() -> None:
    error = _refusal(_csv(GOOD_ROW | {"value": "x"}, GOOD_ROW | {"kind": "guess"}))
    assert [(p.row, p.column) for p in error.problems] == [(2, "value"), (3, "kind")]


def test_missing_and_unexpected_columns_are_named() -> None:
    table = pd.DataFrame([GOOD_ROW]).drop(columns=["note"]).assign(comment="x")
    error = _refusal(table.to_csv(index=False).encode())
    assert {(p.row, p.column) for p in error.problems} == {(1, "note"), (1, "comment")}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "empty"),
        ("café".encode("latin-1"), "UTF-8"),
        (",".join(FIGURE_COLUMNS).encode(), "no figures"),
    ],
)
def test_unreadable_files_are_refused(raw: bytes, expected: str) -> None:
    assert expected in str(_refusal(raw))


def test_a_pack_whose_rows_name_another_council_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "E06000004"
    folder.mkdir()
    (folder / "figures.csv").write_bytes(_csv(GOOD_ROW))
    with pytest.raises(FigureFileError) as caught:
        load_pack(folder)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "council_code")]
    assert "figures.csv" in caught.value.file


def test_a_broken_pack_is_refused_and_the_others_still_load(tmp_path: Path) -> None:
    for code, row in [("E06000054", GOOD_ROW), ("E06000001", GOOD_ROW | {"value": "n/a"})]:
        (tmp_path / code).mkdir()
        (tmp_path / code / "figures.csv").write_bytes(_csv(row | {"council_code": code}))
    figures, refused = read_packs(tmp_path)
    assert list(figures["council_code"]) == ["E06000054"]
    assert len(refused) == 1
    assert "E06000001" in refused[0].file


def test_figures_for_filters_one_or_several_councils() -> None:
    figures = load_packs(PACKS_DIR)
    wiltshire = figures_for(figures, "E06000054")
    assert set(wiltshire["council_code"]) == {"E06000054"}
    both = figures_for(figures, ["E06000054", "E10000024"])
    assert set(both["council_code"]) == {"E06000054", "E10000024"}
    assert figures_for(figures, "E06000001").empty


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 1234", "'+44 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("County Durham", "County Durham"),
        ("", ""),
        (-38.0, -38.0),
    ],
)
def test_neutralise_cell(cell: object, expected: object) -> None:
    assert neutralise_cell(cell) == expected


def test_safe_csv_neutralises_text_and_keeps_numbers() -> None:
    frame = pd.DataFrame({"note": ["=1+1", "ok"], "value": [-18.0, 2.5], "=head": ["a", "b"]})
    assert list(neutralise_frame(frame).columns) == ["note", "value", "'=head"]
    back = pd.read_csv(io.BytesIO(to_safe_csv(frame)), keep_default_na=False)
    assert list(back["note"]) == ["'=1+1", "ok"]
    assert list(back["value"]) == [-18.0, 2.5]


def test_docs_list_the_whole_vocabulary() -> None:
    text = DOCS.read_text(encoding="utf-8")
    names = [*MEASURES, *UNITS, *SERVICES, *KINDS, *FIGURE_COLUMNS]
    assert [name for name in names if f"`{name}`" not in text] == []


def test_a_refusal_quoting_a_markdown_link_is_escaped_for_display():
    from components.safe_text import plain_lines

    shown = plain_lines("bad.csv was not loaded: 1 problem(s) found.\n- row 2: ![](http://x.io/a)")
    assert "![](" not in shown and "\\!\\[\\]\\(" in shown
    assert shown.count("  \n") == 1


@pytest.mark.parametrize(
    ("column", "most"), [("source_section", 300), ("source_file", 300), ("note", 1000)]
)
def test_text_cells_longer_than_a_paragraph_are_refused_where_they_are(column, most):
    assert parse_figures_csv(_csv({**GOOD_ROW, column: "x" * most}), "ok.csv").shape[0] == 1
    error = _refusal(_csv(GOOD_ROW, {**GOOD_ROW, column: "x" * (most + 1)}))
    assert f"row 3, column '{column}': expected at most {most:,} characters" in str(error)


def test_the_latest_figure_is_the_latest_period_and_an_added_figure_corrects_a_pack():
    from data.figures import latest, with_corrections

    def row(value: str, start: str, end: str, kind: str = "published") -> dict[str, str]:
        note = "worked out" if kind == "derived" else ""
        return {
            **GOOD_ROW,
            "value": value,
            "period_start": start,
            "period_end": end,
            "kind": kind,
            "note": note,
        }

    pack = parse_figures_csv(
        _csv(row("1", "2023-01-01", "2023-12-31"), row("2", "2022-01-01", "2022-12-31")), "p.csv"
    )
    assert latest(pack, "fee_weekly")["value"] == 1.0
    derived = parse_figures_csv(_csv(row("9", "2023-01-01", "2023-12-31", "derived")), "d.csv")
    assert latest(pd.concat([derived, pack]), "fee_weekly")["value"] == 1.0
    # Two figures for one period in one document: the one the document gives first.
    both = parse_figures_csv(
        _csv(row("4", "2023-01-01", "2023-12-31"), row("5", "2023-01-01", "2023-12-31")), "b.csv"
    )
    assert latest(both, "fee_weekly")["value"] == 4.0
    # A commissioner's figure for the same period corrects the pack's.
    added = parse_figures_csv(_csv(row("3", "2023-01-01", "2023-12-31")), "added.csv")
    corrected = with_corrections(pack, added)
    assert latest(corrected, "fee_weekly")["value"] == 3.0
    assert sorted(corrected["value"]) == [2.0, 3.0]
    assert (
        len(
            with_corrections(
                both, parse_figures_csv(_csv(row("2", "2021-01-01", "2021-12-31")), "o.csv")
            )
        )
        == 3
    )
    assert latest(pack, "fee_weekly", council_code="E06000047") is None
