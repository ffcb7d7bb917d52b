"""The CQC importer: every published format, awkward rows, refusals, the command line and fetch."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data import cli, cqc, cqc_cli, store
from tests.fixtures.cqc import make_fixtures as fx

HSCA_FORMATS = {
    "hsca_active_locations.ods": fx.hsca_ods,
    "hsca_active_locations.xlsx": fx.hsca_xlsx,
    "hsca_active_locations.csv": fx.hsca_csv,
}


@pytest.fixture(autouse=True)
def fresh_database(tmp_path, monkeypatch):
    monkeypatch.delenv("CMM_DATABASE_URL", raising=False)
    monkeypatch.setenv("CMM_DATA_DIR", str(tmp_path / "db"))


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return {name: build() for name, build in fx.FILES.items()}


def _home(result: cqc.CqcImport, location_id: str) -> pd.Series:
    rows = result.homes[result.homes["location_id"] == location_id]
    assert len(rows) == 1, f"{location_id} should be kept once"
    return rows.iloc[0]


@pytest.mark.parametrize("name", HSCA_FORMATS)
def test_each_published_format_imports_with_the_same_counts(files, name):
    result = cqc.import_cqc(files[name], name)
    assert result.counts == fx.EXPECTED_ALL
    assert result.dropped == fx.EXPECTED_DROPPED
    assert result.not_placed == {
        "no coordinates; postcode not in the ONS Postcode Directory": 1,
        "no coordinates; postcode is not written like a UK postcode": 1,
    }
    assert result.file_format == f"HSCA Active Locations .{name.rsplit('.', 1)[1]}"
    kept = set(result.homes["location_id"])
    assert {"1-1008", "1-1009", "1-1010", "1-1011"}.isdisjoint(kept)  # dormant, not homes, Wales


@pytest.mark.parametrize("name", HSCA_FORMATS)
def test_homes_are_classified_and_their_details_kept(files, name):
    result = cqc.import_cqc(files[name], name)
    assert _home(result, "1-1001")["care_type"] == "nursing"
    assert _home(result, "1-1002")["care_type"] == "residential"
    assert _home(result, "1-1003")["care_type"] == "both"
    assert _home(result, "1-1015")["care_type"] == "not stated"
    first = _home(result, "1-1001")
    assert first["beds"] == 60 and first["rating"] == "Good"
    assert first["rating_date"] == pd.Timestamp("2023-05-12")
    assert first["provider"] == "Fixture Care Ltd"
    assert bool(first["older_people"]) and bool(first["dementia"])
    assert first["placed_by"] == "coordinates"
    assert _home(result, "1-1005")["rating_date"] == pd.Timestamp("2023-08-30")
    blank = _home(result, "1-1004")
    assert pd.isna(blank["beds"]) and blank["rating"] == "Not rated"
    assert blank["placed_by"] == "postcode" and blank["postcode"] == "DL13 1LP"
    assert _home(result, "1-1005")["postcode"] == "DL4 1BE"
    assert _home(result, "1-1013")["placed_by"] == "postcode"  # coordinates 0, 0 are not used
    assert result.homes["beds"].sum() == 450


def test_cells_that_cannot_be_read_are_reported_by_row_and_column(files):
    result = cqc.import_cqc(files["hsca_active_locations.csv"], "x.csv")
    messages = [str(p) for p in result.warnings]
    assert messages == [
        "row 14, column 'Care homes beds': expected a whole number of beds, found 'forty'; "
        "left blank",
        "row 14, column 'Publication Date': expected a date such as 14/03/2024, found "
        "'not known'; left blank",
    ]
    assert pd.isna(_home(result, "1-1013")["beds"])


def test_a_council_keeps_only_its_homes_placed_by_postcode_or_named_authority(files, councils):
    durham = councils["E06000047"]
    result = cqc.import_cqc(files["hsca_active_locations.ods"], "x.ods", durham)
    assert result.counts == fx.EXPECTED_DURHAM
    assert result.dropped["outside County Durham"] == 3
    assert set(result.homes["lad_code"].dropna()) == {"E06000047"}
    # No postcode, but coordinates and the authority's name place it in County Durham.
    assert _home(result, "1-1014")["placed_by"] == "coordinates"
    newark = cqc.import_cqc(files["hsca_active_locations.csv"], "x.csv", councils["E10000024"])
    assert list(newark.homes["location_id"]) == ["1-1017"]


def test_columns_are_read_by_name_wherever_they_are(files):
    frame = fx.hsca_frame()
    shuffled = frame[list(reversed(frame.columns))]
    result = cqc.import_cqc(shuffled.to_csv(index=False).encode(), "shuffled.csv")
    assert result.counts == fx.EXPECTED_ALL
    assert _home(result, "1-1003")["care_type"] == "both"


def test_the_older_directory_csv_is_placed_by_postcode(files):
    result = cqc.import_cqc(files["cqc_directory.csv"], "cqc_directory.csv")
    assert result.counts == fx.EXPECTED_DIRECTORY
    assert result.file_format == "CQC directory CSV"
    assert result.dropped == {
        "not a care home": 1,
        "outside England (for example Welsh addresses)": 1,
    }
    types = dict(zip(result.homes["location_id"], result.homes["care_type"], strict=True))
    assert types["1-2001"] == "both" and types["1-2002"] == "residential"
    assert types["1-2003"] == "nursing"
    first = _home(result, "1-2001")
    assert bool(first["older_people"]) and bool(first["dementia"])
    assert first["rating_date"] == pd.Timestamp("2023-05-12")
    assert _home(result, "1-2007")["place_note"] == "no coordinates and no postcode"


def test_summary_lines_say_every_count(files):
    lines = cqc.import_cqc(files["hsca_active_locations.csv"], "d.csv").summary_lines()
    assert lines[0] == "d.csv (HSCA Active Locations .csv): 17 rows read, 13 care homes kept."
    assert lines[1] == "Placed by coordinates: 8; by postcode: 3; not placed: 2."
    assert "Not kept (dormant): 1" in lines


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "the file is empty"),
        (b"\xd0\xcf\x11\xe0rest", "an old Excel .xls file"),
        (b"PK\x03\x04broken", "a damaged zip file"),
        (b"a,b,c\n1,2,3\n", "no header row found in the first 30 rows"),
    ],
)
def test_unusable_files_are_refused_with_the_reason(raw, expected):
    with pytest.raises(cqc.CqcFileError) as caught:
        cqc.import_cqc(raw, "bad.csv")
    assert str(caught.value).startswith("bad.csv was not imported: 1 problem(s) found.")
    assert expected in str(caught.value)


def test_a_missing_column_is_named_with_its_header_row():
    frame = fx.hsca_frame().drop(columns=["Care homes beds", "Care home?"])
    with pytest.raises(cqc.CqcFileError) as caught:
        cqc.import_cqc(frame.to_csv(index=False).encode(), "old.csv")
    text = str(caught.value)
    assert "row 1, column 'Care home?': missing column" in text
    assert "row 1, column 'Care homes beds': missing column" in text


def test_a_file_with_no_homes_in_the_council_is_refused(files, councils):
    with pytest.raises(cqc.CqcFileError) as caught:
        cqc.import_cqc(files["hsca_active_locations.csv"], "x.csv", councils["E06000001"])
    assert "no registered, non-dormant care homes found in Hartlepool" in str(caught.value)


def test_command_line_import_keeps_the_last_good_import_when_a_file_is_refused(
    tmp_path, files, capsys
):
    good = tmp_path / "hsca.ods"
    good.write_bytes(files["hsca_active_locations.ods"])
    assert cqc_cli.main(["import", str(good), "--council", "E06000047"]) == 0
    out = capsys.readouterr().out
    assert "17 rows read, 10 care homes kept" in out
    assert "Saved 10 care homes for E06000047." in out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"nothing,useful\n1,2\n")
    assert cqc_cli.main(["import", str(bad), "--council", "E06000047"]) == 2
    err = capsys.readouterr().err
    assert "bad.csv was not imported" in err and "The last good import stays in use." in err
    record, homes = store.current_import(cqc.KIND, "E06000047")
    assert record.file_name == "hsca.ods" and len(homes) == 10 and record.rows_read == 17


def test_command_line_import_without_a_council_saves_each_council(tmp_path, files, capsys):
    path = tmp_path / "national.csv"
    path.write_bytes(files["hsca_active_locations.csv"])
    assert cqc_cli.main(["import", str(path)]) == 0
    kept = {
        code: len(store.current_import(cqc.KIND, code)[1])
        for code in ("E06000047", "E06000054", "E06000004", "E10000024")
    }
    assert kept == {"E06000047": 10, "E06000054": 1, "E06000004": 1, "E10000024": 1}
    assert cqc_cli.main(["import", str(tmp_path / "missing.csv")]) == 2


@pytest.fixture
def local_server(tmp_path, files, serve_folder) -> str:
    """Serve the fixtures over http on the loopback address only."""
    folder = tmp_path / "www"
    folder.mkdir()
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
    return serve_folder(folder)


def test_fetch_downloads_and_imports_from_a_local_server(local_server, tmp_path, capsys):
    url = f"{local_server}/hsca_active_locations.xlsx"
    kept_copy = tmp_path / "copy.xlsx"
    code = cqc_cli.main(["fetch", url, "--council", "E06000047", "--output", str(kept_copy)])
    assert code == 0
    assert "Saved 10 care homes for E06000047." in capsys.readouterr().out
    assert kept_copy.read_bytes()[:2] == b"PK"
    record, _ = store.current_import(cqc.KIND, "E06000047")
    assert record.file_name == "hsca_active_locations.xlsx"


def test_fetch_stops_at_the_size_limit_and_refuses_other_schemes(local_server, capsys):
    url = f"{local_server}/hsca_active_locations.ods"
    assert cqc_cli.main(["fetch", url, "--max-mb", "0.001"]) == 1
    assert "over the 0.001 MB limit" in capsys.readouterr().err
    assert cqc_cli.main(["fetch", f"{local_server}/no-such-file.ods"]) == 1
    assert "404" in capsys.readouterr().err
    with pytest.raises(ValueError, match="expected an http or https address"):
        cli.fetch("file:///etc/passwd", timeout=1, max_mb=1)
    assert store.current_import(cqc.KIND, "E06000047") is None


def test_committed_fixture_files_match_the_generator(files):
    folder = Path(fx.__file__).parent
    for name in ("hsca_active_locations.csv", "cqc_directory.csv"):
        assert (folder / name).read_bytes() == files[name]


def test_a_home_listed_twice_is_counted_once_and_the_repeat_named(files):
    once = cqc.import_cqc(files["hsca_active_locations.csv"], "once.csv")
    table = pd.read_csv(pd.io.common.BytesIO(files["hsca_active_locations.csv"]), dtype=str)
    home = once.homes.iloc[0]
    first = table.index[table["Location ID"] == home["location_id"]][0]
    twice = pd.concat([table, table.iloc[[first]]], ignore_index=True)
    result = cqc.import_cqc(twice.to_csv(index=False).encode(), "twice.csv")
    assert len(result.homes) == len(once.homes)
    assert result.homes["beds"].sum() == once.homes["beds"].sum()
    assert result.dropped["listed twice"] == 1
    repeat = [w for w in result.warnings if "counted once" in w.message]
    assert [(w.row, w.column) for w in repeat] == [(len(table) + 2, "Location ID")]
    assert f"as row {first + 2}" in repeat[0].message


def test_a_workbook_of_thousands_of_sheets_is_refused_before_they_are_searched():
    from tests.fixtures.hostile.workbooks import many_sheets_ods

    with pytest.raises(cqc.CqcFileError) as refused:
        cqc.import_cqc(many_sheets_ods(10_000), "many.ods")
    assert f"at most {cqc.MAX_SHEETS} sheets, found 10,000" in str(refused.value)


def test_coordinates_far_from_the_homes_postcode_give_way_to_the_postcode(files):
    table = pd.read_csv(pd.io.common.BytesIO(files["hsca_active_locations.csv"]), dtype=str)
    placed = table["Location Latitude"].notna() & table["Location Postal Code"].notna()
    row = table.index[placed][0]
    honest = cqc.import_cqc(files["hsca_active_locations.csv"], "honest.csv")
    home_id = table.at[row, "Location ID"]
    before = honest.homes.set_index("location_id").loc[home_id]
    # The latitude mistyped by a degree: about 111 km north, in another council.
    moved = table.copy()
    moved.at[row, "Location Latitude"] = str(float(table.at[row, "Location Latitude"]) + 1)
    result = cqc.import_cqc(moved.to_csv(index=False).encode(), "moved.csv")
    after = result.homes.set_index("location_id").loc[home_id]
    assert after["placed_by"] == cqc.PLACED_BY_POSTCODE
    assert abs(after["lat"] - float(table.at[row, "Location Latitude"])) < 0.05
    assert len(result.homes) == len(honest.homes)
    warning = next(w for w in result.warnings if "from the home's postcode" in str(w))
    assert warning.row == row + 2 and warning.column == "Location Latitude"
    assert "111 km" in str(warning)
    assert before["placed_by"] == cqc.PLACED_BY_COORDINATES
