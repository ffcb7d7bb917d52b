"""The deprivation command line: import or fetch File 1 or File 7, save every council's small
areas in one transaction, and keep what is stored when a file is refused."""

from __future__ import annotations

import pytest

from bench.generate import imd_areas, imd_file7
from data import deprivation, deprivation_cli, store

DURHAM, HARTLEPOOL = "E06000047", "E06000001"


@pytest.fixture(autouse=True)
def _fresh_store(empty_store):
    """Every test here uses an empty import store of its own."""


@pytest.fixture(scope="module")
def file7() -> bytes:
    return imd_file7([DURHAM, HARTLEPOOL])


def test_import_saves_every_council_and_a_refused_file_leaves_them(tmp_path, capsys, file7):
    path = tmp_path / "File_7.csv"
    path.write_bytes(file7)
    assert deprivation_cli.main(["import", str(path), "--by", "the data team"]) == 0
    out = capsys.readouterr().out
    areas = imd_areas([DURHAM, HARTLEPOOL])
    assert (
        f"File_7.csv: {deprivation.TITLE} with older people's income deprivation, "
        f"{len(areas):,} small areas in 2 councils." in out
    )
    for code in (DURHAM, HARTLEPOOL):
        count = int((areas["district_code"] == code).sum())  # both are unitary councils
        assert f"Saved {count:,} small areas for {code}." in out
        record, table = deprivation.council_deciles(code)
        assert len(table) == count and record.imported_by == "the data team"

    broken = tmp_path / "broken.csv"
    broken.write_bytes(file7.replace(b"E01", b"X01", 1))
    assert deprivation_cli.main(["import", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "broken.csv was not loaded" in err and "row 2" in err
    assert "The deprivation deciles already stored stay in use." in err
    assert len(store.list_imports(deprivation.KIND, DURHAM)) == 1


def test_fetch_downloads_and_imports_from_a_local_server(tmp_path, serve_folder, capsys, file7):
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "File_7.csv").write_bytes(file7)
    url = f"{serve_folder(folder)}/File_7.csv"
    assert deprivation_cli.main(["fetch", url]) == 0
    assert f"small areas for {DURHAM}." in capsys.readouterr().out
    record, _ = deprivation.council_deciles(DURHAM)
    assert record.file_name == "File_7.csv" and record.imported_by == "command line"
    assert deprivation_cli.main(["fetch", f"{url.rsplit('/', 1)[0]}/missing.csv"]) == 1
    assert "404" in capsys.readouterr().err
