"""ONS population files: 65+ and 85+ per area and year, checks, and MSOAs of a council."""

from __future__ import annotations

import pandas as pd
import pytest

from data import population

AGES = [str(age) for age in range(90)] + ["90 and over"]


def _file(rows: list[dict]) -> bytes:
    return pd.DataFrame(rows).to_csv(index=False).encode()


def _single_years(code: str, name: str = "", sex: str = "persons") -> list[dict]:
    # One person of each single year of age, 2 in 2030: 26 aged 65+, 6 aged 85+ each year.
    return [
        {"AREA_CODE": code, "AREA_NAME": name, "SEX": sex, "AGE_GROUP": age, "2023": 1, "2030": 2}
        for age in AGES
    ] + [
        {
            "AREA_CODE": code,
            "AREA_NAME": name,
            "SEX": sex,
            "AGE_GROUP": "All ages",
            "2023": 91,
            "2030": 182,
        }
    ]


def test_single_years_of_age_give_65_plus_and_85_plus_per_year():
    totals = population.read_population(_file(_single_years("E01020616")), "pop.csv")
    rows = totals.set_index("year")
    assert rows.loc[2023, "age_65plus"] == 26 and rows.loc[2023, "age_85plus"] == 6
    assert rows.loc[2030, "age_65plus"] == 52 and rows.loc[2030, "age_85plus"] == 12


def test_five_year_bands_and_the_two_sexes_are_added_up():
    bands = ["0-4", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"]
    rows = [
        {"AREA_CODE": "E01020616", "SEX": sex, "AGE_GROUP": band, "2023": "1,000"}
        for sex in ("males", "females")
        for band in bands
    ]
    totals = population.read_population(_file(rows), "bands.csv")
    assert totals["age_65plus"].tolist() == [12000] and totals["age_85plus"].tolist() == [4000]


def test_lsoas_are_summed_into_the_apps_msoas(durham):
    first, second = durham.lsoas.iloc[0], durham.lsoas.iloc[1]
    rows = _single_years(first["code"]) + _single_years(second["code"])
    rows += _single_years("E01000001")  # City of London: not in County Durham
    totals = population.read_population(_file(rows), "pop.csv")
    kept = population.population_for_council(totals, durham, "pop.csv")
    assert set(kept["area_code"]) == {first["code"], second["code"]}
    by_msoa = population.msoa_population(kept, 2023)
    if first["msoa_name"] == second["msoa_name"]:
        assert by_msoa.loc[first["msoa_name"], "age_65plus"] == 52
    else:
        assert by_msoa.loc[first["msoa_name"], "age_65plus"] == 26
        assert by_msoa.loc[second["msoa_name"], "age_65plus"] == 26


def test_msoa_codes_are_matched_by_their_name(durham):
    name = sorted(durham.msoas["code"])[0]
    rows = _single_years("E02004290", name=name)
    kept = population.population_for_council(
        population.read_population(_file(rows), "msoa.csv"), durham, "msoa.csv"
    )
    assert population.msoa_population(kept, 2030).loc[name, "age_85plus"] == 12


def test_problems_are_named_by_row_and_column():
    rows = _single_years("E01020616")
    rows[3]["AGE_GROUP"] = "three"
    rows[70]["2023"] = "lots"
    rows[5]["AREA_CODE"] = "Durham"
    rows.append(
        {"AREA_CODE": "E01020616", "SEX": "persons", "AGE_GROUP": "60-69", "2023": 1, "2030": 1}
    )
    with pytest.raises(population.PopulationFileError) as caught:
        population.read_population(_file(rows), "bad.csv")
    text = str(caught.value)
    assert text.startswith("bad.csv was not loaded: 4 problem(s) found.")
    assert "row 5, column 'AGE_GROUP': expected an age such as 67, 65-69 or 90 and over" in text
    assert "row 72, column '2023': expected a number of people, found 'lots'" in text
    assert "row 7, column 'AREA_CODE': expected an ONS area code" in text
    assert "row 94, column 'AGE_GROUP': the age group '60-69' spans 65 or 85" in text


def test_missing_columns_and_foreign_areas_are_refused(durham):
    with pytest.raises(population.PopulationFileError, match="row 1, column 'AGE_GROUP'"):
        population.read_population(b"AREA_CODE,2023\nE01020616,5\n", "x.csv")
    with pytest.raises(population.PopulationFileError, match="no year columns found"):
        population.read_population(b"AREA_CODE,AGE_GROUP\nE01020616,70\n", "x.csv")
    totals = population.read_population(_file(_single_years("E01000001")), "london.csv")
    with pytest.raises(population.PopulationFileError, match="no area of County Durham found"):
        population.population_for_council(totals, durham, "london.csv")


def test_a_workbook_gives_the_same_totals_as_the_csv():
    import io

    rows = _single_years("E01020616")
    book = io.BytesIO()
    pd.DataFrame(rows).to_excel(book, index=False)
    from_csv = population.read_population(_file(rows), "pop.csv")
    from_book = population.read_population(book.getvalue(), "pop.xlsx")
    pd.testing.assert_frame_equal(from_book, from_csv)


def test_a_workbook_past_the_row_limit_is_refused(monkeypatch):
    import io

    monkeypatch.setattr(population, "MAX_ROWS", 50)
    book = io.BytesIO()
    pd.DataFrame(_single_years("E01020616")).to_excel(book, index=False)
    with pytest.raises(population.PopulationFileError, match=r"at most 50 rows .* found more"):
        population.read_population(book.getvalue(), "pop.xlsx")
