"""Published lists of similar councils: long and wide layouts, codes and names, councils
changed in 2023, every refusal at its row and column, and each council's list stored with
its history."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from data import peer_lists, store
from data.peer_lists import MAX_PEERS, PeerListFileError, import_peer_list, peer_frames
from data.problems import Problem

DURHAM = "E06000047"
HARTLEPOOL = "E06000001"
MIDDLESBROUGH = "E06000002"
DARLINGTON = "E06000005"
NORTHUMBERLAND = "E06000057"
BRISTOL = "E06000023"
SCILLY = "E06000053"
CITY_OF_LONDON = "E09000001"
LONG = ["Council code", "Peer code"]
WIDE = ["Council code", "Peer 1", "Peer 2", "Peer 3"]


def _csv(rows: list[list[str]], *, bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _xlsx(rows: list[list[str | None]], *, above: int = 0) -> bytes:
    book = Workbook()
    sheet = book.active
    for _ in range(above):
        sheet.append([None])
    for row in rows:
        sheet.append(row)
    book.create_sheet("Notes").append(["Not read: only the first sheet is"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _problems(raw: bytes, name: str = "peers.csv") -> list[Problem]:
    with pytest.raises(PeerListFileError) as refused:
        import_peer_list(raw, name)
    assert str(refused.value).startswith(f"{name} was not loaded")
    return refused.value.problems


def _only(raw: bytes, name: str = "peers.csv") -> Problem:
    problems = _problems(raw, name)
    assert len(problems) == 1, problems
    return problems[0]


def test_the_long_layout_keeps_each_councils_peers_in_file_order():
    raw = _csv(
        [
            ["council  CODE", " Peer code "],
            [DURHAM, DARLINGTON],
            [HARTLEPOOL, MIDDLESBROUGH],
            [DURHAM, HARTLEPOOL],
            [f" {DURHAM} ", NORTHUMBERLAND.lower()],
        ],
        bom=True,
    )
    result = import_peer_list(raw, "cipfa.csv")
    assert result.lists == {
        DURHAM: (DARLINGTON, HARTLEPOOL, NORTHUMBERLAND),
        HARTLEPOOL: (MIDDLESBROUGH,),
    }
    assert list(result.lists) == [DURHAM, HARTLEPOOL]
    assert result.rows_read == 4
    assert result.council_column == "council  CODE"
    assert result.warnings == []
    assert result.summary_lines() == ["Lists of similar councils for 2 councils, from 4 rows."]


def test_the_wide_layout_reads_names_in_any_case_and_blank_cells_after_the_last_peer():
    raw = _csv(
        [
            ["  COUNCIL ", "Peer 1", "Peer 2", "Peer 3", "Notes"],
            ["county durham", "Darlington", "HARTLEPOOL", "Northumberland", "ours"],
            ["Hartlepool", "Middlesbrough", "", "", "x"],
            ["Bristol", "St Helens", "Herefordshire, County of", "", ""],
            ["", "", "", "", "a note under the table"],
        ]
    )
    result = import_peer_list(raw, "peers.csv")
    assert result.lists == {
        DURHAM: (DARLINGTON, HARTLEPOOL, NORTHUMBERLAND),
        HARTLEPOOL: (MIDDLESBROUGH,),
        BRISTOL: ("E08000013", "E06000019"),
    }
    assert result.council_column == "COUNCIL"


def test_numbered_peer_columns_are_read_in_number_order_not_column_order():
    raw = _csv([["Peer 2", "Council code", "Peer 1"], [HARTLEPOOL, DURHAM, DARLINGTON]])
    assert import_peer_list(raw, "peers.csv").lists == {DURHAM: (DARLINGTON, HARTLEPOOL)}


def test_the_first_sheet_of_a_workbook_is_read_with_its_spreadsheet_rows():
    rows: list[list[str | None]] = [
        ["Council", "Peer 1", "Peer 2"],
        ["County Durham", DARLINGTON, None],
        ["Hartlepool", "Middlesbrough", "Darlington"],
    ]
    result = import_peer_list(_xlsx(rows, above=2), "cipfa.xlsx")
    assert result.lists == {
        DURHAM: (DARLINGTON,),
        HARTLEPOOL: (MIDDLESBROUGH, DARLINGTON),
    }
    rows.append(["Darlington", "Hartlepool", "Gotham"])
    problem = _only(_xlsx(rows, above=2), "cipfa.xlsx")
    # Two blank rows above the header (row 3): the fourth data row is spreadsheet row 6.
    assert (problem.row, problem.column) == (6, "Peer 2")
    assert problem.message.startswith("'Gotham' is not an English council")


def test_councils_changed_in_2023_are_read_as_todays_councils_with_a_warning():
    raw = _csv(
        [
            LONG,
            [DURHAM, "E10000023"],
            [DURHAM, "E08000016"],
            [DURHAM, "Allerdale"],
            [HARTLEPOOL, "E10000023"],
            [HARTLEPOOL, "Mendip"],
            ["E08000019", "E08000016"],
        ]
    )
    result = import_peer_list(raw, "peers.csv")
    assert result.lists == {
        DURHAM: ("E06000065", "E08000038", "E06000063"),
        HARTLEPOOL: ("E06000065", "E06000066"),
        "E08000039": ("E08000038",),
    }
    assert result.warnings == [
        "'E10000023' was North Yorkshire's code until April 2023; it was read as North "
        "Yorkshire's code today, E06000065 (rows 2, 5).",
        "'E08000016' was Barnsley's code until April 2023; it was read as Barnsley's code "
        "today, E08000038 (rows 3, 7).",
        "'Allerdale' (E07000026) was abolished in April 2023; it was read as Cumberland "
        "(E06000063), the council that took its area (row 4).",
        "'Mendip' (E07000187) was abolished in April 2023; it was read as Somerset "
        "(E06000066), the council that took its area (row 6).",
        "'E08000019' was Sheffield's code until April 2023; it was read as Sheffield's code "
        "today, E08000039 (row 7).",
    ]


@pytest.mark.parametrize("cell", ["Cumbria", "E10000006", "cumbria"])
def test_cumbria_is_refused_naming_the_two_councils_that_replaced_it(cell):
    problem = _only(_csv([WIDE, [DURHAM, DARLINGTON, cell, ""]]))
    assert (problem.row, problem.column) == (2, "Peer 2")
    assert "its area was split between Cumberland (E06000063) and Westmorland and Furness " in (
        problem.message
    )
    assert problem.message.endswith("in April 2023; expected one of them")
    assert "Cumbria" in problem.message and "E10000006" in problem.message


def test_every_unknown_code_or_name_is_listed_at_its_row_and_column():
    raw = _csv(
        [
            LONG,
            [DURHAM, "E06000999"],
            [DURHAM, DARLINGTON],
            ["Gotham City", HARTLEPOOL],
            [DURHAM, "Ashfield"],
        ]
    )
    problems = _problems(raw)
    assert [(p.row, p.column) for p in problems] == [
        (2, "Peer code"),
        (4, "Council code"),
        (5, "Peer code"),
    ]
    assert problems[0].message == (
        "'E06000999' is not an English council with adult social care duties; expected an "
        "ONS code such as E06000047 or a name such as County Durham"
    )
    assert problems[1].message.startswith("'Gotham City' is not an English council")
    assert problems[2].message == (
        "'Ashfield' (E07000170) is a district council; adult social care there is "
        "Nottinghamshire's (E10000024), so expected that council"
    )


@pytest.mark.parametrize(
    ("rows", "row", "column", "message"),
    [
        (
            [LONG, [DURHAM, DARLINGTON], [DURHAM, "County Durham"]],
            3,
            "Peer code",
            "County Durham is listed as its own peer; expected other councils",
        ),
        (
            [LONG, [DURHAM, DARLINGTON], [HARTLEPOOL, DARLINGTON], [DURHAM, "darlington"]],
            4,
            "Peer code",
            "Darlington is a peer of County Durham already (row 2); expected each peer once",
        ),
        (
            [WIDE, [DURHAM, DARLINGTON, HARTLEPOOL, "Darlington"]],
            2,
            "Peer 3",
            "Darlington is a peer of County Durham already (row 2, column 'Peer 1'); expected "
            "each peer once",
        ),
        (
            [
                WIDE,
                [DURHAM, DARLINGTON, "", ""],
                [HARTLEPOOL, DARLINGTON, "", ""],
                [DURHAM, HARTLEPOOL, "", ""],
            ],
            4,
            "Council code",
            "County Durham has a row already (row 2); expected one row for each council",
        ),
        (
            [WIDE, [DURHAM, DARLINGTON, "", HARTLEPOOL]],
            2,
            "Peer 2",
            "empty, but a later column of this row has a peer; expected the peers in order, "
            "with blank cells only after the last",
        ),
        (
            [LONG, [DURHAM, DARLINGTON], ["", HARTLEPOOL]],
            3,
            "Council code",
            "empty; expected the council, an ONS code such as E06000047 or a name such as "
            "County Durham",
        ),
        (
            [WIDE, [DURHAM, "", "", ""]],
            2,
            "Peer 1",
            "empty; expected a peer, an ONS code such as E06000047 or a name such as County Durham",
        ),
        (
            [["Council code", "Peer 1", "Peer 3"], [DURHAM, DARLINGTON, HARTLEPOOL]],
            1,
            "Peer 2",
            "missing column; expected numbered peer columns from 'Peer 1' to 'Peer 3' with "
            "none left out",
        ),
        (
            [["Council code", "Peer code", "Peer 1"], [DURHAM, DARLINGTON, HARTLEPOOL]],
            1,
            "Peer code",
            "the file also has numbered peer columns ('Peer 1'); expected one layout: one peer "
            "a row, or one council a row",
        ),
        (
            [["Council code", "Peer 1", "peer1"], [DURHAM, DARLINGTON, HARTLEPOOL]],
            1,
            "peer1",
            "the same number as 'Peer 1'; expected one column for each peer number",
        ),
    ],
    ids=[
        "own peer",
        "same peer twice, long",
        "same peer twice, wide",
        "council on two rows",
        "gap before a later peer",
        "empty council",
        "no peers",
        "peer number left out",
        "both layouts",
        "peer number twice",
    ],
)
def test_a_bad_list_is_refused_naming_row_and_column(rows, row, column, message):
    problem = _only(_csv(rows))
    assert (problem.row, problem.column, problem.message) == (row, column, message)


def _thirty_one_peers() -> list[str]:
    from geo.councils import current_council_names

    return [c for c in current_council_names() if c not in (DURHAM, SCILLY, CITY_OF_LONDON)][
        : MAX_PEERS + 1
    ]


def test_thirty_peers_are_kept_and_a_thirty_first_is_refused_in_either_layout():
    peers = _thirty_one_peers()
    long_rows = [LONG, *([DURHAM, peer] for peer in peers)]
    assert len(import_peer_list(_csv(long_rows[:-1]), "p.csv").lists[DURHAM]) == MAX_PEERS
    problem = _only(_csv(long_rows))
    assert (problem.row, problem.column) == (MAX_PEERS + 2, "Peer code")
    assert problem.message == "County Durham has more than 30 peers; expected at most 30"

    header = ["Council code", *(f"Peer {n}" for n in range(1, MAX_PEERS + 2))]
    problem = _only(_csv([header, [DURHAM, *peers]]))
    assert (problem.row, problem.column) == (2, "Peer 31")
    blank_last = import_peer_list(_csv([header, [DURHAM, *peers[:-1], ""]]), "p.csv")
    assert blank_last.lists[DURHAM] == tuple(peers[:-1])


def test_the_smallest_councils_may_have_lists_but_are_left_out_as_peers():
    raw = _csv(
        [
            LONG,
            [SCILLY, "Cornwall"],
            [SCILLY, "Devon"],
            [DURHAM, "Isles of Scilly"],
            [DURHAM, DARLINGTON],
            [HARTLEPOOL, CITY_OF_LONDON],
            [HARTLEPOOL, SCILLY],
            [HARTLEPOOL, DARLINGTON],
        ]
    )
    result = import_peer_list(raw, "peers.csv")
    assert result.lists == {
        SCILLY: ("E06000052", "E10000008"),
        DURHAM: (DARLINGTON,),
        HARTLEPOOL: (DARLINGTON,),
    }
    assert result.warnings == [
        "Isles of Scilly was left out of the similar councils of County Durham and "
        "Hartlepool: it is too small to compare with other councils, as in NHS England's "
        "peer groups.",
        "City of London was left out of the similar councils of Hartlepool: it is too small "
        "to compare with other councils, as in NHS England's peer groups.",
    ]
    problem = _only(_csv([LONG, [DURHAM, SCILLY], [DURHAM, CITY_OF_LONDON]]))
    assert (problem.row, problem.column) == (2, "Council code")
    assert problem.message.startswith("County Durham has no peers once the Isles of Scilly")


@pytest.mark.parametrize(
    ("raw", "name", "expected"),
    [
        (b"", "peers.csv", "the file is empty"),
        (b"Council code,Peer code\n", "peers.csv", "no rows below the header row"),
        (_xlsx([]), "peers.xlsx", "the workbook's first sheet is empty"),
        (b"%PDF-1.7 not a list", "peers.csv", "its contents are a PDF document"),
        (
            "Council,Peer\nBrighton,Hove caf\u00e9\n".encode("cp1252"),
            "peers.csv",
            "the file is not UTF-8 text",
        ),
    ],
    ids=["empty", "header only", "empty workbook", "a PDF", "not UTF-8"],
)
def test_a_file_with_nothing_to_read_is_refused_saying_why(raw, name, expected):
    assert expected in _only(raw, name).message


def test_a_header_row_without_the_columns_says_which_headers_were_looked_for():
    problems = _problems(_csv([["Authority", "Neighbour", "Distance"], [DURHAM, DARLINGTON, "1"]]))
    assert [(p.row, p.column) for p in problems] == [(1, None), (1, None)]
    assert problems[0].message == (
        "no council column: looked for 'Council code' or 'Council' (capitals and spaces do "
        "not matter); the header row has 'Authority', 'Neighbour', 'Distance'"
    )
    assert "looked for 'Peer code' or 'Peer' (one peer a row), or 'Peer 1', 'Peer 2'" in (
        problems[1].message
    )


def test_each_councils_list_is_stored_apart_with_its_history(database):
    first = import_peer_list(
        _csv([WIDE, [DURHAM, DARLINGTON, HARTLEPOOL, ""], [HARTLEPOOL, MIDDLESBROUGH, "", ""]]),
        "first.csv",
    )
    frames = peer_frames(first.lists)
    assert list(frames[DURHAM].columns) == ["council_code", "peer_code", "rank"]
    assert frames[DURHAM].to_dict("list") == {
        "council_code": [DURHAM, DURHAM],
        "peer_code": [DARLINGTON, HARTLEPOOL],
        "rank": [1, 2],
    }
    store.save_imports(peer_lists.KIND, frames, file_name="first.csv", rows_read=2)
    assert peer_lists.council_peer_list(NORTHUMBERLAND) is None
    record, peers = peer_lists.council_peer_list(DURHAM)
    assert (record.file_name, record.kind, peers) == (
        "first.csv",
        "peer_list",
        (DARLINGTON, HARTLEPOOL),
    )

    second = import_peer_list(_csv([LONG, [DURHAM, NORTHUMBERLAND], [DURHAM, DARLINGTON]]), "b.csv")
    store.save_imports(peer_lists.KIND, peer_frames(second.lists), file_name="b.csv", rows_read=2)
    record, peers = peer_lists.council_peer_list(DURHAM)
    assert (record.file_name, peers) == ("b.csv", (NORTHUMBERLAND, DARLINGTON))
    assert [r.file_name for r in store.list_imports(peer_lists.KIND, DURHAM)] == [
        "b.csv",
        "first.csv",
    ]
    # Hartlepool was not in the second file: its list is the first file's still.
    assert peer_lists.council_peer_list(HARTLEPOOL)[1] == (MIDDLESBROUGH,)
    store.restore_import(store.list_imports(peer_lists.KIND, DURHAM)[1].id)
    assert peer_lists.council_peer_list(DURHAM)[1] == (DARLINGTON, HARTLEPOOL)


def test_a_rank_column_orders_each_councils_peers_most_similar_first():
    raw = _csv(
        [
            [*LONG, "Rank"],
            [DURHAM, DARLINGTON, "2"],
            [HARTLEPOOL, DURHAM, "1"],
            [DURHAM, NORTHUMBERLAND, "3"],
            [DURHAM, MIDDLESBROUGH, "1"],
        ]
    )
    result = peer_lists.import_peer_list(raw, "cipfa.csv")
    assert result.lists[DURHAM] == (MIDDLESBROUGH, DARLINGTON, NORTHUMBERLAND)
    assert result.lists[HARTLEPOOL] == (DURHAM,)
    problem = _only(_csv([[*LONG, "Rank"], [DURHAM, DARLINGTON, "1"], [DURHAM, BRISTOL, "two"]]))
    assert (problem.row, problem.column) == (3, "Rank")
    assert "whole number" in problem.message


def test_a_refusal_about_a_renamed_council_quotes_the_cell_it_read():
    problem = _only(_csv([LONG, [DURHAM, "Allerdale"], [DURHAM, "Copeland"]]))
    assert (problem.row, problem.column) == (3, "Peer code")
    assert problem.message.startswith("'Copeland' is read as Cumberland: Cumberland is a peer")
