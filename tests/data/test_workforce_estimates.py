"""Skills for Care workforce estimates: the published workbook read into figure rows for
every council, names matched through the table, and awkward files refused with the place."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from bench.generate import workforce_areas, workforce_frame, workforce_workbook
from data import workforce_estimates as wf
from data.figures import FIGURE_COLUMNS, FIGURE_SCHEMA
from data.sources import cite

FILE = "LA-data-download.xlsx"
CORNWALL, SCILLY = "E06000052", "E06000053"


@pytest.fixture(scope="module")
def everyone() -> pd.DataFrame:
    return workforce_frame()


@pytest.fixture(scope="module")
def imported(everyone) -> wf.WorkforceImport:
    return wf.import_workforce(workforce_workbook(everyone), FILE, "2023-24")


def _few(*areas: str) -> pd.DataFrame:
    return workforce_frame(areas or ("Hartlepool", "Durham", "Wiltshire"))


def _refusal(frame: pd.DataFrame, year: str | None = "2023-24", **layout) -> str:
    with pytest.raises(wf.WorkforceFileError) as caught:
        wf.import_workforce(workforce_workbook(frame, **layout), FILE, year)
    return str(caught.value)


def _value(figures: pd.DataFrame, code: str, measure: str, service: str = "all") -> float:
    rows = figures[
        (figures["council_code"] == code)
        & (figures["measure"] == measure)
        & (figures["service"] == service)
    ]
    (value,) = rows["value"]
    return value


def _totals(frame: pd.DataFrame, area: str, service: str = "All services") -> pd.Series:
    rows = frame[
        (frame["CSSR (LA area)"] == area)
        & (frame["Sector"] == "All sectors")
        & (frame["Service"] == service)
        & (frame["Job role"] == "All job roles")
    ]
    return rows.iloc[0]


def test_every_council_gets_vacancy_and_turnover_for_all_services(imported, councils):
    figures = imported.figures
    assert set(figures["council_code"]) == set(councils)  # all 153, from 152 areas
    whole = figures[figures["service"] == "all"]
    for measure in ("vacancy_rate_pct", "turnover_rate_pct"):
        assert set(whole.loc[whole["measure"] == measure, "council_code"]) == set(councils)
    assert set(figures["service"]) == {"all", "residential", "nursing", "home_care"}
    assert imported.editions == ("2023-24",)
    assert imported.rows_read == len(workforce_areas()) * 3 * 6 * 6


def test_rows_pass_the_figure_schema_and_cite_skills_for_care(imported):
    figures = imported.figures
    assert list(figures.columns) == list(FIGURE_COLUMNS)
    as_text = figures.astype(str).assign(
        value=figures["value"].map(lambda v: f"{v:.1f}"),
        period_start=figures["period_start"].dt.strftime("%Y-%m-%d"),
        period_end=figures["period_end"].dt.strftime("%Y-%m-%d"),
    )
    FIGURE_SCHEMA.validate(as_text)
    assert set(figures["kind"]) == {"published"}
    assert set(figures["unit"]) == {"percent"}
    assert set(figures["source_file"]) == {"national:national_workforce:2023-24"}
    durham = figures[(figures["council_code"] == "E06000047") & (figures["service"] == "all")]
    assert cite(durham["source_file"].iloc[0], durham["source_section"].iloc[0]) == (
        "Skills for Care, Workforce estimates by local authority area, 2023-24, "
        "sheet 'LA level data', Durham: All sectors, All services, All job roles"
    )
    assert str(figures["period_start"].min().date()) == "2023-04-01"
    assert str(figures["period_end"].max().date()) == "2024-03-31"


def test_fractions_are_stored_as_per_cents(imported, everyone):
    hartlepool = _totals(everyone, "Hartlepool")
    expected = round(hartlepool["Vacancy rate"] * 100, 1)
    assert _value(imported.figures, "E06000001", "vacancy_rate_pct") == pytest.approx(expected)
    nursing = _totals(everyone, "Hartlepool", "Care home services with nursing")
    assert _value(imported.figures, "E06000001", "turnover_rate_pct", "nursing") == pytest.approx(
        round(nursing["Turnover rate"] * 100, 1)
    )


def test_a_workbook_of_per_cents_gives_the_same_figures():
    frame = _few()
    fractions = wf.import_workforce(workforce_workbook(frame), FILE, "2023-24").figures
    per_cents = wf.import_workforce(
        workforce_workbook(frame, as_percent=True), FILE, "2023-24"
    ).figures
    pd.testing.assert_frame_equal(fractions, per_cents)
    assert wf.reads_as_fractions(pd.Series(["0.083", "0.3", "*", ""]))
    assert not wf.reads_as_fractions(pd.Series(["8.3", "30.1", "*"]))
    assert not wf.reads_as_fractions(pd.Series(["*", ""]))


def test_cornwall_and_the_isles_of_scilly_share_one_labelled_figure(imported):
    figures = imported.figures
    cornwall = figures[figures["council_code"] == CORNWALL].drop(columns="council_code")
    scilly = figures[figures["council_code"] == SCILLY].drop(columns="council_code")
    pd.testing.assert_frame_equal(cornwall.reset_index(drop=True), scilly.reset_index(drop=True))
    assert set(scilly["note"]) == {wf.SHARED_AREA_NOTES["Cornwall and Isles of Scilly"]}
    assert "covers both" in scilly["note"].iloc[0]
    assert any("Isles of Scilly" in warning for warning in imported.warnings)


def test_suppressed_care_home_rates_are_left_out_not_refused(imported):
    london = imported.figures[imported.figures["council_code"] == "E09000001"]
    assert set(london["service"]) == {"all", "home_care"}
    assert any("suppressed" in w and "(*)" in w for w in imported.warnings)


def test_the_year_can_come_from_a_title_above_the_header():
    frame = _few()
    result = wf.import_workforce(
        workforce_workbook(frame, title=("Workforce estimates 2022/23", "")), FILE
    )
    assert result.editions == ("2022-23",)
    assert set(result.figures["source_file"]) == {"national:national_workforce:2022-23"}
    # Rows are numbered as the spreadsheet numbers them, below the title.
    frame.loc[3, "Vacancy rate"] = "lots"
    text = _refusal(frame, None, title=("Workforce estimates 2022/23", ""))
    assert "row 7, column 'Vacancy rate'" in text and "'lots'" in text


def test_a_year_column_is_read_and_must_agree_with_the_year_given():
    frame = _few().assign(Year="2023/24")
    assert wf.import_workforce(workforce_workbook(frame), FILE).editions == ("2023-24",)
    assert "but 2022-23 was given" in _refusal(frame, "2022-23")


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (None, "does not say which year its estimates are for; give the year, such as 2023-24"),
        ("2023-25", "'2023-25' is not a year such as 2023-24"),
        ("last year", "'last year' is not a year such as 2023-24"),
    ],
)
def test_a_workbook_without_a_year_needs_a_good_one(year, expected):
    text = _refusal(_few(), year)
    assert text.startswith(f"{FILE} was not loaded") and expected in text


def test_names_that_match_no_council_are_refused_in_one_list():
    frame = _few("Hartlepool", "Durham")
    frame.loc[frame["CSSR (LA area)"] == "Durham", "CSSR (LA area)"] = "Durhamm"
    frame.loc[0, "CSSR (LA area)"] = "Nowhere-on-Sea"
    text = _refusal(frame)
    assert "2 area names match no council: 'Nowhere-on-Sea', 'Durhamm'" in text
    assert "row 2, column 'CSSR (LA area)': 'Nowhere-on-Sea' matches no council" in text
    first_durhamm = 2 + 108
    assert f"row {first_durhamm}, column 'CSSR (LA area)': 'Durhamm'" in text


def test_skills_for_care_spellings_and_renamed_councils_are_matched():
    assert wf.council_codes_for("Durham") == ("E06000047",)
    assert wf.council_codes_for("Redcar & Cleveland") == ("E06000003",)
    assert wf.council_codes_for("redcar and cleveland") == ("E06000003",)
    assert wf.council_codes_for("Bristol") == ("E06000023",)
    assert wf.council_codes_for("St Helens") == ("E08000013",)
    assert wf.council_codes_for("Southend on Sea") == ("E06000033",)
    assert wf.council_codes_for("Bournemouth Christchurch and Poole") == ("E06000058",)
    assert wf.council_codes_for("Cornwall and Isles of Scilly") == (CORNWALL, SCILLY)
    # Councils that became unitary in 2023 keep their names and take their new codes.
    assert wf.council_codes_for("North Yorkshire") == ("E06000065",)
    assert wf.council_codes_for("Somerset") == ("E06000066",)
    assert wf.council_codes_for("Sheffield") == ("E08000039",)
    assert wf.council_codes_for("Cumbria") == ()
    assert wf.council_codes_for("England") == ()
    assert wf.council_codes_for("Cumbriaa") is None


def test_every_name_table_entry_and_normalised_name_is_one_council(councils):
    assert wf.current_councils() == {code: c.name for code, c in councils.items()}
    normalised = [wf.normalise_name(name) for name in wf.current_councils().values()]
    assert len(set(normalised)) == len(normalised) == 153
    for name, codes in wf.NAME_TABLE.items():
        assert codes and set(codes) <= set(councils), name
    assert set(wf.SHARED_AREA_NOTES) == {n for n, c in wf.NAME_TABLE.items() if len(c) > 1}
    for spelling in workforce_areas():
        assert wf.council_codes_for(spelling), spelling


def test_an_older_edition_leaves_cumbria_out_and_files_the_new_unitaries():
    frame = _few("Cumbria", "North Yorkshire", "Somerset", "Northamptonshire")
    result = wf.import_workforce(workforce_workbook(frame), FILE, "2022-23")
    assert set(result.figures["council_code"]) == {"E06000065", "E06000066"}
    assert set(result.figures["note"]) == {""}
    assert (
        "Cumbria (replaced by Cumberland and Westmorland and Furness in April 2023) is left "
        "out: its figures cannot be split between the two." in result.warnings
    )
    assert any(w.startswith("Northamptonshire (replaced by North") for w in result.warnings)


def test_a_council_named_twice_is_refused():
    text = _refusal(_few("Hull", "Kingston upon Hull"))
    assert (
        "'Kingston upon Hull' gives figures for Kingston upon Hull, City of, which 'Hull' " in text
    )
    assert "expected one area for each council" in text


def test_england_and_region_totals_are_left_out():
    frame = pd.concat([_few("Hartlepool"), _few("England"), _few("North East")])
    result = wf.import_workforce(workforce_workbook(frame), FILE, "2023-24")
    assert set(result.figures["council_code"]) == {"E06000001"}
    assert any("152 councils have no rates in the file" in w for w in result.warnings)


def test_a_suppressed_total_is_left_out_with_a_warning():
    frame = _few("Hartlepool")
    totals = (frame["Sector"] == "All sectors") & (frame["Job role"] == "All job roles")
    frame.loc[totals & (frame["Service"] == "All services"), "Vacancy rate"] = "*"
    result = wf.import_workforce(workforce_workbook(frame), FILE, "2023-24")
    whole = result.figures[result.figures["service"] == "all"]
    assert list(whole["measure"]) == ["turnover_rate_pct"]
    assert any(w.startswith("1 rate was suppressed by Skills for Care") for w in result.warnings)


@pytest.mark.parametrize(
    ("cell", "column", "expected"),
    [
        ("n/a", "Vacancy rate", "expected a rate such as 0.083 or 8.3%, or *"),
        ("-0.05", "Turnover rate", "expected a rate such as 0.083 or 8.3%, or *"),
        ("140%", "Vacancy rate", "expected a rate from 0% to 100%, found '140%' (140%)"),
        ("", "CSSR (LA area)", "expected the area's name (this cell is empty)"),
    ],
)
def test_a_bad_cell_is_refused_naming_row_and_column(cell, column, expected):
    frame = _few("Hartlepool")
    frame.loc[0, column] = cell
    text = _refusal(frame)
    assert f"row 2, column '{column}': {expected}" in text


def test_a_repeated_row_is_refused():
    frame = _few("Hartlepool")
    frame = pd.concat([frame, frame.iloc[[5]]], ignore_index=True)
    text = _refusal(frame)
    assert f"row {len(frame) + 1}, column 'Job role': expected one row for each area" in text


def test_a_missing_column_is_named_with_its_header_row():
    frame = _few("Hartlepool").drop(columns=["Vacancy rate"])
    text = _refusal(frame, title=("Title",))
    assert "row 2, column 'Vacancy rate': missing column; expected it in the header row" in text


def test_a_workbook_without_the_sheet_lists_its_sheets():
    text = _refusal(_few("Hartlepool"), sheet="Data")
    assert "no sheet named 'LA level data' (its sheets are 'Notes', 'Data')" in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "the file is empty"),
        (b"CSSR (LA area),Sector\nDurham,All sectors\n", "its contents are CSV text"),
        (b"PK\x03\x04broken", "damaged"),
    ],
)
def test_files_that_are_not_the_workbook_are_refused(raw, expected):
    with pytest.raises(wf.WorkforceFileError, match=expected):
        wf.import_workforce(raw, FILE, "2023-24")


def test_a_zip_bomb_is_refused_before_it_is_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", b" " * (20 * 2**20))
    with pytest.raises(wf.WorkforceFileError, match="unzips"):
        wf.import_workforce(buffer.getvalue(), FILE, "2023-24")


def test_services_map_to_the_apps_and_the_rest_are_left_out():
    assert wf.figure_service("All services") == "all"
    assert wf.figure_service("Care home services with nursing") == "nursing"
    assert wf.figure_service("Care home services without nursing") == "residential"
    assert wf.figure_service("Domiciliary care services") == "home_care"
    assert wf.figure_service("Community care services") is None
    assert wf.figure_service("Day care services") is None


def test_a_new_year_is_added_to_the_stored_ones_and_a_year_again_replaces_its_rows():
    frame = _few("Hartlepool")
    older = wf.split_by_council(
        wf.import_workforce(workforce_workbook(frame), FILE, "2022-23").figures
    )
    newer = wf.split_by_council(
        wf.import_workforce(workforce_workbook(frame), FILE, "2023-24").figures
    )
    both = wf.keep_other_editions(newer, older)["E06000001"]
    assert sorted(set(both["period"])) == ["2022-23", "2023-24"]
    assert len(both) == 2 * len(newer["E06000001"])
    again = wf.keep_other_editions(newer, {"E06000001": both})["E06000001"]
    assert len(again) == len(both)
    assert wf.keep_other_editions(newer, {})["E06000001"].equals(newer["E06000001"])
