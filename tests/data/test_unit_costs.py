"""NHS England ASC-FR unit costs and the Homecare Association minimum price, as figure rows."""

from __future__ import annotations

import csv
import io
import zipfile

import pandas as pd
import pandera.pandas as pa
import pytest

from bench.generate import ASC_FR_BREAKDOWNS, ASC_FR_HEADER, asc_fr_csv, asc_fr_zip
from components import unit_costs_upload, uploads
from data import store, unit_costs
from data.figures import FIGURE_COLUMNS, FIGURE_SCHEMA
from data.measures import MEASURES
from data.national import UNIT_COSTS
from data.sources import cite
from geo.councils import list_councils
from tests.test_limits_doc import (
    test_each_limit_is_written_as_the_code_sets_it as limit_is_written,
)

DURHAM, NOTTS = "E06000047", "E10000024"


def _row(code: str, value: str, *, year: int = 2024, **cells: str) -> dict[str, str]:
    row = dict.fromkeys(ASC_FR_HEADER, "")
    row.update(
        GEOGRAPHY_LEVEL="Local Authority",
        FY_ENDING=str(year),
        GEOGRAPHY_CODE=code,
        GEOGRAPHY_NAME=code,
        ValueType="UNIT COST",
        ITEMVALUE=value,
    )
    row.update(cells)
    return row


def _weekly(code: str, value: str, setting: str = "Residential", age: str = "65 and Over", **kw):
    cells = {
        "CareType": "Long Term",
        "SupportSetting": setting,
        "AgeBand": age,
        "PrimarySupportReason": "Total",
        "ActivityProvision": "Total",
        **kw,
    }
    return _row(code, value, **cells)


def _hourly(code: str, value: str, provision: str = "Provision by Others", **kw):
    cells = {
        "SupportSetting": "Community: Home Care",
        "AgeBand": "Total",
        "ActivityProvision": provision,
        **kw,
    }
    return _row(code, value, **cells)


def _csv(rows: list[dict[str, str]], *, key: bool = False, drop: tuple[str, ...] = ()) -> bytes:
    names = [
        f"{c}_Key" if key and c in ASC_FR_BREAKDOWNS else c for c in ASC_FR_HEADER if c not in drop
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(row[c] for c in ASC_FR_HEADER if c not in drop)
    return buffer.getvalue().encode("utf-8")


def _zip(raw: bytes, name: str = "ASC-FR 2023-24.csv") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, raw)
    return buffer.getvalue()


def _problems(raw: bytes, name: str = "ascfr.csv") -> str:
    with pytest.raises(unit_costs.UnitCostFileError) as caught:
        unit_costs.import_unit_costs(raw, name)
    return str(caught.value)


@pytest.fixture(scope="module")
def year_2024() -> unit_costs.UnitCostImport:
    return unit_costs.import_unit_costs(asc_fr_zip(2024), "asc-fr-2023-24.zip")


def test_the_generated_file_gives_figures_for_all_153_councils(year_2024):
    figures = year_2024.figures
    assert figures["council_code"].nunique() == 153 == len(unit_costs.current_council_names())
    assert list(figures.columns) == list(FIGURE_COLUMNS)
    assert set(figures["measure"]) == {row.measure for row in unit_costs.UNIT_COST_ROWS}
    assert year_2024.periods == ["2023-24"]
    assert (figures["source_file"] == UNIT_COSTS.source_key("2023-24")).all()
    assert (figures["kind"] == "published").all()
    assert (figures["period_start"] == pd.Timestamp("2023-04-01")).all()
    assert (figures["period_end"] == pd.Timestamp("2024-03-31")).all()


def test_the_figures_pass_the_figure_schema_as_a_pack_would(year_2024):
    as_text = year_2024.figures.assign(
        value=year_2024.figures["value"].map(lambda v: f"{v:.2f}"),
        period_start=year_2024.figures["period_start"].dt.strftime("%Y-%m-%d"),
        period_end=year_2024.figures["period_end"].dt.strftime("%Y-%m-%d"),
    )
    FIGURE_SCHEMA.validate(as_text, lazy=True)


def test_each_figure_cites_its_publisher_title_year_and_section(year_2024):
    row = year_2024.figures.query("measure == 'unit_cost_weekly_65plus'").iloc[0]
    assert cite(row["source_file"], row["source_section"]) == (
        "NHS England, Adult Social Care Activity and Finance Report, 2023-24, unit costs, "
        "people aged 65 and over"
    )


@pytest.mark.parametrize("key", [False, True])
@pytest.mark.parametrize("zipped", [False, True])
def test_both_layouts_read_alike_plain_or_zipped(key, zipped):
    raw = asc_fr_csv(2019, key_suffix=key)
    name = "asc-fr.zip" if zipped else "asc-fr.csv"
    result = unit_costs.import_unit_costs(_zip(raw) if zipped else raw, name)
    assert result.periods == ["2018-19"]
    # 152 councils then, Cumbria left out.
    assert result.figures["council_code"].nunique() == 151
    assert any("Cumbria (E10000006) was left out" in w for w in result.warnings)


def test_the_key_layout_is_what_older_files_publish():
    header = asc_fr_csv(2019).decode().splitlines()[0]
    assert "AgeBand_Key" in header and "SupportSetting_Key" in header
    assert "AgeBand_Key" not in asc_fr_csv(2024).decode().splitlines()[0]


def test_the_mapping_table_maps_each_row_to_the_measure_service_and_unit():
    raw = _csv(
        [
            _weekly(DURHAM, "812.40"),
            _weekly(DURHAM, "955.10", "Nursing"),
            _weekly(DURHAM, "1650.00", age="18 to 64"),
            _weekly(DURHAM, "1210.00", "Nursing", "18 to 64"),
            _hourly(DURHAM, "21.86"),
            _hourly(DURHAM, "36.00", "Own Provision"),
            # Left alone: a cost for one primary support reason, a numerator, an England row.
            _weekly(DURHAM, "999.99", PrimarySupportReason="Physical Support"),
            _weekly(DURHAM, "123456", ValueType="Numerator"),
            _weekly("E92000001", "800.00", GEOGRAPHY_LEVEL="England"),
        ]
    )
    figures = unit_costs.import_unit_costs(raw, "ascfr.csv").figures
    got = {(r.measure, r.service, r.unit, r.value) for r in figures.itertuples()}
    assert got == {
        ("unit_cost_weekly_65plus", "residential", "gbp_per_week", 812.40),
        ("unit_cost_weekly_65plus", "nursing", "gbp_per_week", 955.10),
        ("unit_cost_weekly_18_64", "residential", "gbp_per_week", 1650.00),
        ("unit_cost_weekly_18_64", "nursing", "gbp_per_week", 1210.00),
        ("unit_cost_hourly_home_care_external", "home_care", "gbp_per_hour", 21.86),
        ("unit_cost_hourly_home_care_in_house", "home_care", "gbp_per_hour", 36.00),
    }


def test_labels_are_matched_ignoring_case_and_spaces():
    raw = _csv([_weekly(DURHAM, "812.40", SupportSetting=" residential ", ValueType="Unit Cost")])
    assert len(unit_costs.import_unit_costs(raw, "ascfr.csv").figures) == 1


def test_no_two_lines_of_the_mapping_table_take_the_same_row():
    seen = set()
    for row in unit_costs.UNIT_COST_ROWS:
        key = (row.measure, row.service)
        assert key not in seen
        seen.add(key)
        assert row.unit in MEASURES[row.measure].units
        assert set(row.where) <= set(unit_costs.MATCHED_COLUMNS)


def test_not_submitted_and_suppressed_cells_are_skipped_and_counted():
    raw = _csv(
        [
            _weekly(DURHAM, "812.40"),
            _weekly(DURHAM, ":", "Nursing"),
            _weekly(NOTTS, "*"),
            _hourly(NOTTS, "0"),
            _hourly(NOTTS, "22.10", "Own Provision"),
        ]
    )
    result = unit_costs.import_unit_costs(raw, "ascfr.csv")
    assert len(result.figures) == 2
    assert result.warnings[0] == (
        "1 unit costs marked ':' (not submitted) and 1 marked '*' (suppressed), for 2 "
        "councils, were skipped."
    )
    assert "1 unit costs of £0" in result.warnings[1]


@pytest.mark.parametrize("bad", ["n/a", "£812.40", "1,250.00", "812.4.0", "-"])
def test_any_other_text_in_a_unit_cost_is_refused_naming_row_and_column(bad):
    message = _problems(_csv([_weekly(DURHAM, "812.40"), _weekly(NOTTS, bad)]))
    assert message.startswith("ascfr.csv was not imported: 1 problem(s) found.")
    assert "row 3, column 'ITEMVALUE': expected a plain number" in message


def test_a_cell_that_is_not_a_unit_cost_is_not_checked():
    raw = _csv([_weekly(DURHAM, "812.40"), _weekly(DURHAM, "n/a", ValueType="Numerator")])
    assert len(unit_costs.import_unit_costs(raw, "ascfr.csv").figures) == 1


def test_an_implausible_cost_is_refused():
    message = _problems(_csv([_weekly(DURHAM, "81240"), _hourly(NOTTS, "2186")]))
    assert "row 2, column 'ITEMVALUE'" in message and "row 3, column 'ITEMVALUE'" in message
    assert "below £25,000 a week or £500 an hour" in message


def test_renamed_councils_are_read_as_todays_councils_and_cumbria_is_left_out():
    raw = _csv(
        [
            _weekly("E10000023", "800.00", year=2023),
            _weekly("E10000027", "810.00", year=2023),
            _weekly("E08000016", "820.00", year=2023),
            _weekly("E08000019", "830.00", year=2023),
            _weekly("E10000006", "840.00", year=2023),
            _weekly("E06000063", "850.00", year=2024),
        ]
    )
    result = unit_costs.import_unit_costs(raw, "ascfr.csv")
    by_code = dict(zip(result.figures["council_code"], result.figures["value"], strict=True))
    assert by_code == {
        "E06000065": 800.0,
        "E06000066": 810.0,
        "E08000038": 820.0,
        "E08000039": 830.0,
        "E06000063": 850.0,
    }
    notes = result.figures.set_index("council_code")["note"]
    assert notes["E06000065"] == "Reported under the former code E10000023 (North Yorkshire)."
    assert notes["E06000063"] == ""
    assert result.warnings == (
        "Cumbria (E10000006) was left out: its area is now two councils (Cumberland and "
        "Westmorland and Furness), and its figures cannot be split between them.",
    )


def test_a_code_of_no_council_today_is_left_out_with_a_warning():
    raw = _csv([_weekly(DURHAM, "812.40", year=2019), _weekly("E10000021", "800.00", year=2019)])
    result = unit_costs.import_unit_costs(raw, "ascfr.csv")
    assert set(result.figures["council_code"]) == {DURHAM}
    assert (
        "1 codes that are not a council in use today were left out (E10000021)"
        in (result.warnings[0])
    )


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"GEOGRAPHY_CODE": "Durham"}, "row 2, column 'GEOGRAPHY_CODE': expected an ONS"),
        ({"FY_ENDING": "2023-24"}, "row 2, column 'FY_ENDING': expected the year the"),
        ({"FY_ENDING": "1999"}, "row 2, column 'FY_ENDING': expected the year the"),
    ],
)
def test_a_bad_code_or_year_is_refused_naming_row_and_column(cells, expected):
    assert expected in _problems(_csv([_weekly(DURHAM, "812.40", **cells)]))


def test_a_key_layout_refusal_names_the_column_as_written():
    raw = _csv([_weekly(DURHAM, "812.40")], key=True, drop=("AgeBand",))
    message = _problems(raw)
    assert "row 1, column 'AgeBand': missing column" in message
    assert "_Key" in message


def test_a_file_with_both_spellings_of_a_column_is_refused():
    raw = _csv([_weekly(DURHAM, "812.40")])
    header, _, rest = raw.partition(b"\r\n")
    doubled = header + b",AgeBand_Key\r\n" + rest.replace(b"\r\n", b",65 and Over\r\n")
    assert "two columns are named alike" in _problems(doubled)


def test_a_file_without_any_expected_row_is_refused_saying_what_was_looked_for():
    raw = _csv([_weekly(DURHAM, "812.40", ValueType="Numerator")])
    message = _problems(raw)
    assert "none of the expected unit cost rows was found" in message
    for row in unit_costs.UNIT_COST_ROWS:
        assert row.described in message
    assert "SupportSetting Residential, AgeBand 65 and Over" in message


def test_two_values_for_one_cost_are_refused_naming_both_rows():
    raw = _csv([_weekly(DURHAM, "812.40"), _hourly(DURHAM, "20"), _weekly(DURHAM, "850.00")])
    message = _problems(raw)
    assert "row 2, column 'ITEMVALUE'" in message and "row 4, column 'ITEMVALUE'" in message
    assert "E06000047 has two different values" in message and "2023-24" in message
    same = _csv([_weekly(DURHAM, "812.40"), _weekly(DURHAM, "812.40")])
    assert len(unit_costs.import_unit_costs(same, "ascfr.csv").figures) == 1


@pytest.mark.parametrize(
    ("raw", "name", "expected"),
    [
        (b"", "ascfr.csv", "the file is empty"),
        (b"%PDF-1.4 not a table", "ascfr.csv", "named as a CSV file but its contents are a PDF"),
        (b"PK\x03\x04broken", "ascfr.zip", "damaged or password-protected"),
        (_zip(b"hello", "readme.txt"), "ascfr.zip", "holds no CSV file"),
        (b"a,b\r\n1,2\r\n", "ascfr.csv", "row 1, column 'GEOGRAPHY_CODE': missing column"),
    ],
)
def test_unusable_files_are_refused_with_the_reason(raw, name, expected):
    assert expected in _problems(raw, name)


def test_a_zip_refusal_names_the_csv_inside_it():
    raw = _zip(_csv([_weekly(DURHAM, "n/a")]), "inner.csv")
    assert "ascfr.zip (its file 'inner.csv') was not imported" in _problems(raw, "ascfr.zip")


def test_a_file_over_the_row_limit_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(unit_costs, "MAX_ROWS", 2)
    raw = _csv([_weekly(DURHAM, "812.40")] * 3)
    assert "expected at most 2 rows below the header, found 3 lines" in _problems(raw)


def test_a_new_year_is_added_to_the_stored_years_and_a_year_again_replaced():
    first = unit_costs.import_unit_costs(_csv([_weekly(DURHAM, "800", year=2023)]), "a.csv")
    second = unit_costs.import_unit_costs(
        _csv([_weekly(DURHAM, "812.40"), _weekly(DURHAM, "790", year=2023)]), "b.csv"
    )
    merged = unit_costs.merge_stored(first.figures, second.figures)
    assert sorted(zip(merged["period"], merged["value"], strict=True)) == [
        ("2022-23", 790.0),
        ("2023-24", 812.4),
    ]
    assert unit_costs.merge_stored(None, first.figures).equals(first.figures)


def _council(code: str):
    return next(c for c in list_councils() if c.code == code)


def test_an_upload_stores_every_council_and_adds_to_its_years(empty_store):
    outcome = unit_costs_upload.import_file(asc_fr_zip(2024), "asc-fr.zip", _council(DURHAM))
    assert outcome.stored, outcome.lines
    assert outcome.lines[0] == "asc-fr.zip: NHS England unit costs for 153 councils (2023-24)."
    assert outcome.lines[1].startswith("County Durham: ")
    assert len(store.current_of_kind(unit_costs.KIND)) == 153
    again = unit_costs_upload.import_file(
        asc_fr_csv(2023, key_suffix=True), "older.csv", _council(DURHAM)
    )
    assert again.stored
    _, frame = store.current_import(unit_costs.KIND, DURHAM)
    assert set(frame["period"]) == {"2022-23", "2023-24"}
    _, cumberland = store.current_import(unit_costs.KIND, "E06000063")
    assert set(cumberland["period"]) == {"2023-24"}


def test_with_sign_in_an_upload_stores_only_the_councils_the_visitor_commissions(
    empty_store, monkeypatch
):
    monkeypatch.setattr(uploads, "may_import", lambda code: code == DURHAM)
    raw = _csv([_weekly(DURHAM, "812.40"), _weekly(NOTTS, "800.00")])
    outcome = unit_costs_upload.import_file(raw, "ascfr.csv", _council(DURHAM))
    assert outcome.stored
    assert store.current_import(unit_costs.KIND, NOTTS) is None
    assert "1 other council was not stored from the file" in outcome.warnings[-1]
    refused = unit_costs_upload.import_file(
        _csv([_weekly(NOTTS, "800.00")]), "notts.csv", _council(DURHAM)
    )
    assert not refused.stored and "column 'GEOGRAPHY_CODE'" in refused.lines[0]


def test_a_refused_upload_stores_nothing_and_says_why(empty_store):
    outcome = unit_costs_upload.import_file(
        _csv([_weekly(DURHAM, "n/a")]), "bad.csv", _council(DURHAM)
    )
    assert not outcome.stored
    assert outcome.lines[0].startswith("bad.csv was not imported: 1 problem(s) found.")
    assert store.current_import(unit_costs.KIND, DURHAM) is None


@pytest.mark.parametrize(
    ("module", "name", "written"),
    [
        (unit_costs, "MAX_ROWS", "| {:,} |"),
        (unit_costs, "MAX_UNZIPPED_MB", "| {} MB,"),
        (unit_costs, "MAX_FILES", "at most {} CSV files"),
        (unit_costs_upload, "MAX_UPLOAD_MB", "| {} MB |"),
    ],
)
def test_the_unit_cost_limits_are_written_in_docs_limits(module, name, written):
    limit_is_written(module, name, written)


# The Homecare Association's minimum price.


def test_the_minimum_price_table_holds_the_published_prices():
    table = unit_costs.homecare_minimum_prices()
    assert dict(zip(table["period"], table["value"].astype(float), strict=True)) == {
        "2021-22": 21.43,
        "2022-23": 23.20,
        "2023-24": 25.95,
        "2024-25": 28.53,
        "2025-26": 32.14,
    }


def test_the_minimum_price_becomes_a_cited_benchmark_for_each_council():
    rows = unit_costs.homecare_minimum_figures([DURHAM, NOTTS, DURHAM])
    assert len(rows) == 10 and set(rows["council_code"]) == {DURHAM, NOTTS}
    assert (rows["measure"] == "benchmark_fee_hourly_homecare_association_min").all()
    assert (rows["service"] == "benchmark").all() and (rows["kind"] == "published").all()
    latest = rows[rows["period"] == "2024-25"].iloc[0]
    assert cite(latest["source_file"], latest["source_section"]) == (
        "Homecare Association, Minimum Price for Homecare, 2024-25"
    )
    assert latest["period_start"] == pd.Timestamp("2024-04-01")
    assert latest["period_end"] == pd.Timestamp("2025-03-31")
    as_text = rows.assign(
        value=rows["value"].map(lambda v: f"{v:.2f}"),
        period_start=rows["period_start"].dt.strftime("%Y-%m-%d"),
        period_end=rows["period_end"].dt.strftime("%Y-%m-%d"),
    )
    FIGURE_SCHEMA.validate(as_text, lazy=True)


def test_a_broken_minimum_price_table_is_refused_naming_row_and_column(tmp_path):
    path = tmp_path / "homecare_minimum_price.csv"
    path.write_text(
        "period,value,area,publisher,title,edition\n"
        "2024-25,£28.53,,Homecare Association,Minimum Price for Homecare,2024-25\n"
    )
    with pytest.raises(unit_costs.InputFileError, match="row 2, column 'value'"):
        unit_costs.homecare_minimum_prices.__wrapped__(path)
    assert isinstance(unit_costs.HOMECARE_MINIMUM_SCHEMA, pa.DataFrameSchema)


def test_the_fees_page_shows_national_fees_for_any_council_beside_the_documents(empty_store):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from components.council_picker import COUNCIL_KEY

    for year in (2023, 2024):
        assert unit_costs_upload.import_file(
            asc_fr_csv(year), f"asc-fr-{year}.csv", _council(DURHAM)
        ).stored
    page = str(Path(__file__).resolve().parents[2] / "pages" / "fees.py")
    for code, document in (("E06000001", None), ("E06000054", "Wiltshire Council, Cabinet")):
        at = AppTest.from_file(page, default_timeout=120)
        at.session_state[COUNCIL_KEY] = code
        at.run()
        assert not at.exception
        captions = "\n".join(c.value for c in at.caption).replace("\\", "")
        assert "Source: NHS England, Adult Social Care Activity and Finance Report, 2022-23, " in (
            captions
        )
        assert "Homecare Association, Minimum Price for Homecare, 2025-26" in captions
        assert len(at.get("vega_lite_chart")) >= 2
        if document:
            assert document in captions


def test_a_file_whose_every_unit_cost_is_blank_or_left_out_is_refused():
    message = _problems(_csv([_weekly(DURHAM, ":"), _weekly("E10000006", "800.00", year=2023)]))
    assert "no unit cost in the file could be used" in message
    assert "1 unit costs marked ':' (not submitted)" in message and "Cumbria" in message


def test_a_short_term_hourly_rate_beside_the_long_term_one_is_left_aside_not_refused():
    raw = _csv(
        [
            _hourly("E06000047", "21.50"),
            _hourly("E06000047", "35.00", CareType="Short Term"),
            _hourly("E06000047", "30.00", PrimarySupportReason="Learning Disability Support"),
        ]
    )
    result = unit_costs.import_unit_costs(raw, "ascfr.csv")
    hourly = result.figures[result.figures["measure"] == "unit_cost_hourly_home_care_external"]
    assert hourly["value"].tolist() == [21.5]
