"""The workforce estimates command line: import or fetch Skills for Care's workbook, save
every council in one transaction, keep the last good import when a file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.generate import workforce_frame, workforce_workbook
from components.council_picker import COUNCIL_KEY
from data import store, workforce_cli
from data import workforce_estimates as wf
from data.figures import load_packs

ROOT = Path(__file__).resolve().parents[2]
FILE = "LA-data-download.xlsx"


@pytest.fixture(autouse=True)
def _fresh_store(empty_store):
    """Every test here uses an empty import store of its own."""


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return workforce_workbook(workforce_frame())


@pytest.fixture
def local_server(tmp_path, workbook, serve_folder) -> str:
    """Serve the workbook (and a broken one) over http on the loopback address only."""
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / FILE).write_bytes(workbook)
    (folder / "broken.xlsx").write_bytes(b"not a workbook at all")
    return serve_folder(folder)


def _stored(code: str):
    found = store.current_import(wf.KIND, code)
    return None if found is None else found[1]


def test_import_saves_every_council_and_a_refused_file_leaves_them(tmp_path, workbook, capsys):
    path = tmp_path / FILE
    path.write_bytes(workbook)
    assert workforce_cli.main(["import", str(path), "--year", "2023-24"]) == 0
    out = capsys.readouterr().out
    assert "vacancy and turnover rates for 153 councils, 2023-24" in out
    assert "Saved 8 figures for E06000001." in out
    assert len(store.current_ids_of_kind(wf.KIND)) == 153
    assert set(_stored("E06000053")["note"]) == {
        wf.SHARED_AREA_NOTES["Cornwall and Isles of Scilly"]
    }

    assert workforce_cli.main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{FILE} was not loaded" in err and "give the year, such as 2023-24" in err
    assert "The figures already stored stay in use." in err
    assert len(store.current_ids_of_kind(wf.KIND)) == 153
    assert workforce_cli.main(["import", str(tmp_path / "missing.xlsx")]) == 2


def test_a_new_year_keeps_the_years_already_stored(tmp_path, capsys):
    path = tmp_path / FILE
    path.write_bytes(workforce_workbook(workforce_frame(["Hartlepool", "Wiltshire"])))
    assert workforce_cli.main(["import", str(path), "--year", "2022-23"]) == 0
    assert workforce_cli.main(["import", str(path), "--year", "2023-24"]) == 0
    assert workforce_cli.main(["import", str(path), "--year", "2023-24"]) == 0
    capsys.readouterr()
    hartlepool = _stored("E06000001")
    assert sorted(set(hartlepool["period"])) == ["2022-23", "2023-24"]
    assert len(hartlepool) == 16
    assert len(store.list_imports(wf.KIND, "E06000001")) == 3


def test_fetch_downloads_and_imports_from_a_local_server(local_server, tmp_path, capsys):
    kept_copy = tmp_path / "copy.xlsx"
    url = f"{local_server}/{FILE}"
    assert workforce_cli.main(["fetch", url, "--year", "2023/24", "--output", str(kept_copy)]) == 0
    assert "Saved 8 figures for E06000047." in capsys.readouterr().out
    assert kept_copy.read_bytes()[:2] == b"PK"
    record, figures = store.current_import(wf.KIND, "E06000047")
    assert record.file_name == FILE and record.imported_by == "command line"
    assert set(figures["measure"]) == {"vacancy_rate_pct", "turnover_rate_pct"}


def test_fetch_refuses_what_it_cannot_use_and_stores_nothing(local_server, capsys):
    assert workforce_cli.main(["fetch", f"{local_server}/{FILE}", "--max-mb", "0.001"]) == 1
    assert "over the 0.001 MB limit" in capsys.readouterr().err
    assert workforce_cli.main(["fetch", f"{local_server}/missing.xlsx", "--year", "2023-24"]) == 1
    assert "404" in capsys.readouterr().err
    assert workforce_cli.main(["fetch", f"{local_server}/broken.xlsx", "--year", "2023-24"]) == 2
    err = capsys.readouterr().err
    assert "broken.xlsx was not loaded" in err and "its contents are" in err
    assert workforce_cli.main(["fetch", "file:///etc/passwd"]) == 1
    assert "expected an http or https address" in capsys.readouterr().err
    assert store.current_ids_of_kind(wf.KIND) == ()


def _workforce_page(council_code: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "workforce.py"), default_timeout=60)
    at.session_state[COUNCIL_KEY] = council_code
    at.run()
    assert not at.exception
    return at


def test_the_workforce_page_shows_skills_for_care_beside_the_councils_documents(
    tmp_path, workbook, capsys
):
    path = tmp_path / FILE
    path.write_bytes(workbook)
    assert workforce_cli.main(["import", str(path), "--year", "2023-24"]) == 0
    capsys.readouterr()
    skills = "Skills for Care, Workforce estimates by local authority area, 2023-24"
    at = _workforce_page("E10000024")
    captions = "\n".join(c.value for c in at.caption).replace("\\", "")
    assert skills in captions
    assert (
        "Nottinghamshire County Council, Adult Social Care and Public Health Select Committee: "
        "social care market, 11 September 2023, paragraph 13" in captions
    )
    assert "Vacancy and turnover rates, and where leavers went" in [s.value for s in at.subheader]
    # A council with no pack now has the rates chart, from Skills for Care alone, and the
    # chart setting it beside its similar councils.
    hartlepool = _workforce_page("E06000001")
    assert len(hartlepool.get("vega_lite_chart")) == 2
    assert "Compared with similar councils" in [s.value for s in hartlepool.subheader]
    assert skills in "\n".join(c.value for c in hartlepool.caption).replace("\\", "")
    # The packs are unchanged: their workforce figures still load beside the national ones.
    assert len(load_packs().query("measure == 'vacancy_rate_pct'")) == 1
