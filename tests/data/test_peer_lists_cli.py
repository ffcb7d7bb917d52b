"""The similar councils command line: import or fetch a list, save every council's in one
transaction, and keep the lists already stored when a file is refused."""

from __future__ import annotations

import pytest

from data import peer_lists, peer_lists_cli, store

FILE = "nearest-neighbours.csv"
LISTS = (
    "Council code,Peer 1,Peer 2,Peer 3\n"
    "E06000047,E06000005,Hartlepool,Northumberland\n"
    "E06000001,Middlesbrough,E10000023,\n"
)


@pytest.fixture(autouse=True)
def _fresh_store(empty_store):
    """Every test here uses an empty import store of its own."""


@pytest.fixture
def local_server(tmp_path, serve_folder) -> str:
    """Serve a list (and a refused one) over http on the loopback address only."""
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / FILE).write_text(LISTS, encoding="utf-8")
    (folder / "own-peer.csv").write_text("Council,Peer\nHartlepool,Hartlepool\n")
    return serve_folder(folder)


def test_import_saves_every_council_and_a_refused_file_leaves_them(tmp_path, capsys):
    path = tmp_path / FILE
    path.write_text(LISTS, encoding="utf-8")
    assert peer_lists_cli.main(["import", str(path), "--by", "the data team"]) == 0
    out = capsys.readouterr().out
    assert f"{FILE}: Lists of similar councils for 2 councils, from 2 rows." in out
    assert "Warning: 'E10000023' was North Yorkshire's code until April 2023" in out
    assert "Saved 3 similar councils for E06000047." in out
    assert "Saved 2 similar councils for E06000001." in out
    record, peers = peer_lists.council_peer_list("E06000001")
    assert peers == ("E06000002", "E06000065")
    assert (record.file_name, record.imported_by) == (FILE, "the data team")

    refused = tmp_path / "refused.csv"
    refused.write_text("Council code,Peer code\nE06000047,E06000047\n")
    assert peer_lists_cli.main(["import", str(refused)]) == 2
    err = capsys.readouterr().err
    assert "refused.csv was not loaded" in err
    assert "row 2, column 'Peer code': County Durham is listed as its own peer" in err
    assert "The lists of similar councils already stored stay in use." in err
    assert peer_lists.council_peer_list("E06000047")[1] == ("E06000005", "E06000001", "E06000057")
    assert len(store.list_imports(peer_lists.KIND, "E06000047")) == 1
    assert peer_lists_cli.main(["import", str(tmp_path / "missing.csv")]) == 2


def test_fetch_downloads_and_imports_from_a_local_server(local_server, tmp_path, capsys):
    kept_copy = tmp_path / "copy.csv"
    url = f"{local_server}/{FILE}"
    assert peer_lists_cli.main(["fetch", url, "--output", str(kept_copy)]) == 0
    assert "Saved 3 similar councils for E06000047." in capsys.readouterr().out
    assert kept_copy.read_text(encoding="utf-8") == LISTS
    record, peers = peer_lists.council_peer_list("E06000047")
    assert record.file_name == FILE and record.imported_by == "command line"
    assert peers == ("E06000005", "E06000001", "E06000057")


def test_fetch_refuses_what_it_cannot_use_and_stores_nothing(local_server, capsys):
    assert peer_lists_cli.main(["fetch", f"{local_server}/{FILE}", "--max-mb", "0.00001"]) == 1
    assert "over the 1e-05 MB limit" in capsys.readouterr().err
    assert peer_lists_cli.main(["fetch", f"{local_server}/missing.csv"]) == 1
    assert "404" in capsys.readouterr().err
    assert peer_lists_cli.main(["fetch", f"{local_server}/own-peer.csv"]) == 2
    err = capsys.readouterr().err
    assert "own-peer.csv was not loaded" in err and "Hartlepool is listed as its own peer" in err
    assert peer_lists_cli.main(["fetch", "file:///etc/passwd"]) == 1
    assert "expected an http or https address" in capsys.readouterr().err
    assert store.current_ids_of_kind(peer_lists.KIND) == ()
