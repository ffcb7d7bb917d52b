"""The unit costs command line: import a file, or fetch one from a (local) web server."""

from __future__ import annotations

import pytest

from bench.generate import asc_fr_csv, asc_fr_zip
from data import store, unit_costs, unit_costs_cli

DURHAM = "E06000047"


@pytest.fixture
def published(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "asc-fr-2023-24.zip").write_bytes(asc_fr_zip(2024))
    (folder / "asc-fr-2018-19.csv").write_bytes(asc_fr_csv(2019))
    (folder / "broken.csv").write_bytes(b"GEOGRAPHY_CODE,FY_ENDING\r\nE06000047,2024\r\n")
    return folder


@pytest.fixture
def local_server(published, serve_folder) -> str:
    return serve_folder(published)


def test_import_saves_every_council_in_one_go(empty_store, published, capsys):
    assert unit_costs_cli.main(["import", str(published / "asc-fr-2023-24.zip")]) == 0
    out = capsys.readouterr().out
    assert "asc-fr-2023-24.zip: " in out and "for 153 councils (2023-24)" in out
    assert "Warning: " in out and "(not submitted)" in out
    assert "Saved 153 councils' unit costs in one transaction." in out
    assert len(store.current_of_kind(unit_costs.KIND)) == 153
    _, frame = store.current_import(unit_costs.KIND, DURHAM)
    assert f"Saved {len(frame)} unit costs for {DURHAM}." in out


def test_a_second_year_is_added_to_the_first(empty_store, published, capsys):
    assert unit_costs_cli.main(["import", str(published / "asc-fr-2023-24.zip"), "--quiet"]) == 0
    assert unit_costs_cli.main(["import", str(published / "asc-fr-2018-19.csv"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Cumbria (E10000006) was left out" in out
    assert f"unit costs for {DURHAM}." not in out  # --quiet: no line per council
    _, frame = store.current_import(unit_costs.KIND, DURHAM)
    assert set(frame["period"]) == {"2018-19", "2023-24"}
    assert len(store.list_imports(unit_costs.KIND, DURHAM)) == 2


def test_a_refused_file_keeps_the_last_good_import(empty_store, published, capsys):
    assert unit_costs_cli.main(["import", str(published / "asc-fr-2023-24.zip")]) == 0
    assert unit_costs_cli.main(["import", str(published / "broken.csv")]) == 2
    err = capsys.readouterr().err
    assert "broken.csv was not imported" in err and "column 'ITEMVALUE': missing column" in err
    assert "The unit costs already imported stay in use." in err
    record, _ = store.current_import(unit_costs.KIND, DURHAM)
    assert record.file_name == "asc-fr-2023-24.zip"
    assert unit_costs_cli.main(["import", str(published / "missing.zip")]) == 2


def test_fetch_downloads_and_imports_from_a_local_server(empty_store, local_server, tmp_path):
    kept_copy = tmp_path / "copy.zip"
    url = f"{local_server}/asc-fr-2023-24.zip"
    assert unit_costs_cli.main(["fetch", url, "--output", str(kept_copy), "--quiet"]) == 0
    assert kept_copy.read_bytes()[:2] == b"PK"
    record, frame = store.current_import(unit_costs.KIND, DURHAM)
    assert record.file_name == "asc-fr-2023-24.zip" and record.imported_by == "command line"
    assert set(frame["period"]) == {"2023-24"}


def test_fetch_refuses_what_it_cannot_download_or_read(empty_store, local_server, capsys):
    assert (
        unit_costs_cli.main(["fetch", f"{local_server}/asc-fr-2023-24.zip", "--max-mb", "0.001"])
        == 1
    )
    assert "over the 0.001 MB limit" in capsys.readouterr().err
    assert unit_costs_cli.main(["fetch", f"{local_server}/no-such-file.zip"]) == 1
    assert "404" in capsys.readouterr().err
    assert unit_costs_cli.main(["fetch", f"{local_server}/broken.csv"]) == 2
    assert "broken.csv was not imported" in capsys.readouterr().err
    assert unit_costs_cli.main(["fetch", "file:///etc/passwd"]) == 1
    assert "expected an http or https address" in capsys.readouterr().err
    assert store.current_of_kind(unit_costs.KIND) == []
