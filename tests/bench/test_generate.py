"""Generators of published layouts (CQC directory, ONS projections), read by the importers."""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np
import pandas as pd
import pytest

from bench import generate
from data.cqc import HSCA_COLUMNS, import_cqc
from data.projections import AGE_GROUPS, projection_districts, read_projections
from market.england_homes import england_homes


@pytest.fixture(scope="module")
def homes() -> pd.DataFrame:
    return england_homes()


@pytest.fixture(scope="module")
def directory(homes) -> pd.DataFrame:
    return generate.directory_frame(homes.head(300), locations=1_000)


def test_directory_has_the_published_columns_and_a_row_per_location(directory):
    for header in HSCA_COLUMNS.values():
        assert header in directory.columns
    assert len(directory) == 1_000
    assert (directory["Care home?"] == "Y").sum() == 300
    assert directory["Location ID"].is_unique


@pytest.mark.parametrize("writer", [generate.directory_csv, generate.directory_ods])
def test_the_importer_reads_the_generated_directory(directory, writer):
    raw = writer(directory)
    suffix = ".csv" if writer is generate.directory_csv else ".ods"
    result = import_cqc(raw, f"HSCA_Active_Locations{suffix}")
    dormant = int(((directory["Care home?"] == "Y") & (directory["Dormant (Y/N)"] == "Y")).sum())
    assert result.rows_read == 1_000
    assert result.rows_kept == 300 - dormant
    assert result.dropped["not a care home"] == 700
    counts = result.counts
    assert counts["not placed"] == 0
    assert counts["placed by postcode"] > 0 and counts["placed by coordinates"] > 0
    assert result.homes["beds"].notna().all()


DURHAM = {"E06000047": "County Durham"}


def _table(raw: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(raw), dtype={"AGE_GROUP": str})


def _older(table: pd.DataFrame) -> pd.DataFrame:
    ages = table[table["AGE_GROUP"] != "All ages"]
    age = ages["AGE_GROUP"].replace({"90 and over": "90"}).astype(int)
    return ages[age >= 65].groupby("AREA_CODE")[[str(y) for y in range(2022, 2048)]].sum()


def test_projections_are_in_the_published_layout():
    districts = projection_districts("2023", ["E10000024", "E06000047", "E06000010"])
    raw = generate.snpp_csv(districts, "males")
    lines = raw.decode().split("\r\n")
    years = ",".join(f'"{y}"' for y in range(2022, 2048))
    assert lines[0] == f'"AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP",{years}'
    assert not lines[1].startswith('"') and lines[-1] == ""
    notts = next(line for line in lines[1:] if line.startswith("E07"))
    assert re.fullmatch(r"E07\d{6},[^,]+,Population,males,[^,]+(,\d+\.\d{3}){26}", notts)
    assert '"Kingston upon Hull, City of"' in raw.decode()  # a name with a comma is quoted
    table = _table(raw)
    assert len(table) == len(districts) * 92
    assert (
        table.groupby("AREA_CODE")["AGE_GROUP"]
        .apply(list)
        .map(sorted)
        .map(lambda ages: ages == sorted(AGE_GROUPS))
        .all()
    )
    codes = table["AREA_CODE"].tolist()
    assert codes != sorted(codes)  # rows are not sorted, as published


def test_projections_are_deterministic_and_a_district_does_not_depend_on_the_others():
    alone = _older(_table(generate.snpp_csv(DURHAM, "persons")))
    with_others = _older(
        _table(
            generate.snpp_csv({**projection_districts("2023", ["E10000024"]), **DURHAM}, "persons")
        )
    )
    pd.testing.assert_series_equal(alone.loc["E06000047"], with_others.loc["E06000047"])
    assert generate.snpp_zip(DURHAM) == generate.snpp_zip(DURHAM)
    assert generate.snpp_csv(DURHAM, "persons", seed=1) != generate.snpp_csv(DURHAM, "persons")


def test_county_durham_has_the_older_people_its_plan_gives_and_every_district_ages():
    districts = {**projection_districts("2023", ["E10000024"]), **DURHAM}
    older = _older(_table(generate.snpp_csv(districts, "persons")))
    assert older.at["E06000047", "2024"] == pytest.approx(121_000, abs=5)
    assert older.at["E06000047", "2039"] == pytest.approx(149_700, abs=5)
    assert (older.diff(axis=1).iloc[:, 1:] > 0).all().all()


def test_persons_are_males_and_females_added_up():
    districts = projection_districts("2023", ["E10000024"])
    tables = {sex: _table(generate.snpp_csv(districts, sex)) for sex in generate.SNPP_SEXES}
    keys = ["AREA_CODE", "AGE_GROUP"]
    persons = tables["persons"].set_index(keys).sort_index()
    summed = (
        tables["males"].set_index(keys).iloc[:, 3:] + tables["females"].set_index(keys).iloc[:, 3:]
    ).sort_index()
    assert np.allclose(persons.iloc[:, 3:].to_numpy(), summed.to_numpy(), atol=0.002)
    older = persons.loc[(slice(None), "90 and over"), "2030"]
    females = tables["females"].set_index(keys).loc[older.index, "2030"]
    assert (females / older > 0.6).all()  # most of the oldest are women


def test_the_projections_zip_holds_the_three_published_csvs():
    with zipfile.ZipFile(io.BytesIO(generate.snpp_zip(DURHAM))) as archive:
        assert archive.namelist() == [
            "2022 SNPP Population males.csv",
            "2022 SNPP Population females.csv",
            "2022 SNPP Population persons.csv",
        ]


def test_the_projections_command_writes_a_zip_the_importer_reads(tmp_path, capsys):
    out = tmp_path / "snpp.zip"
    generate.main(["projections", str(out), "E06000047", "E06000063", "--edition", "2022"])
    assert "4 districts" in capsys.readouterr().out
    table = read_projections(out.read_bytes(), out.name)
    assert table.groupby("council_code")["districts"].first().to_dict() == {
        "E06000047": 1,
        "E06000063": 3,
    }
    with pytest.raises(SystemExit):
        generate.main(["projections", str(out), "E99999999"])


def test_the_asc_fr_file_holds_every_council_in_both_layouts_with_awkward_cells():
    from data.unit_costs import current_council_names, import_unit_costs

    plain = generate.asc_fr_csv(2024)
    keyed = generate.asc_fr_csv(2019)
    assert plain.splitlines()[0].decode().split(",") == list(generate.ASC_FR_HEADER)
    assert b"AgeBand_Key" in keyed.splitlines()[0]
    assert generate.asc_fr_csv(2024) == plain  # deterministic for a seed
    assert generate.asc_fr_csv(2024, seed=7) != plain
    table = pd.read_csv(io.BytesIO(plain), dtype=str, keep_default_na=False)
    assert set(table["GEOGRAPHY_CODE"]) - {"E92000001"} == set(current_council_names())
    assert {":", "*"} <= set(table["ITEMVALUE"])
    older = set(pd.read_csv(io.BytesIO(keyed), dtype=str)["GEOGRAPHY_CODE"])
    assert {"E10000006", "E10000023", "E10000027", "E08000016", "E08000019"} <= older
    assert not {"E06000063", "E06000065", "E08000038"} & older
    with zipfile.ZipFile(io.BytesIO(generate.asc_fr_zip(2024))) as archive:
        assert archive.namelist() == ["ASC-FR 2023-24 CSV.csv"]
    result = import_unit_costs(generate.asc_fr_zip(2024), "asc-fr.zip")
    assert result.figures["council_code"].nunique() == 153


def test_write_asc_fr_writes_a_zip_for_each_year(tmp_path):
    paths = generate.write_asc_fr(tmp_path, (2023, 2024))
    assert [p.name for p in paths] == ["asc-fr-2022-23.zip", "asc-fr-2023-24.zip"]
    assert all(p.read_bytes()[:2] == b"PK" for p in paths)


def test_the_workforce_workbook_is_in_the_published_layout_for_every_council(tmp_path):
    from data.workforce_estimates import AREA, COLUMNS, SHEET, import_workforce

    frame = generate.workforce_frame()
    assert list(frame.columns) == list(generate.SFC_COLUMNS)
    assert set(COLUMNS) <= set(frame.columns)
    areas = generate.workforce_areas()
    assert len(areas) == frame[AREA].nunique() == 152
    assert {"Durham", "Redcar & Cleveland", "Cornwall and Isles of Scilly"} <= set(areas)
    assert not {"County Durham", "Isles of Scilly", "Cornwall"} & set(areas)
    assert (frame["Vacancy rate"] == "*").any() and (frame["Turnover rate"] == "*").any()
    # Deterministic, and an area's rates do not depend on the other areas in the file.
    hartlepool = frame[frame[AREA] == "Hartlepool"].reset_index(drop=True)
    pd.testing.assert_frame_equal(generate.workforce_frame(["Hartlepool"]), hartlepool)
    assert not generate.workforce_frame(["Hartlepool"], seed=7).equals(hartlepool)
    raw = generate.workforce_workbook(frame)
    assert pd.ExcelFile(io.BytesIO(raw), engine="calamine").sheet_names == ["Notes", SHEET]
    path = generate.write_workforce(tmp_path / "LA-data-download.xlsx")
    assert path.read_bytes()[:2] == b"PK"
    result = import_workforce(path.read_bytes(), path.name, "2023-24")
    assert result.figures["council_code"].nunique() == 153
