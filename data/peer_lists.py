"""Published lists of similar councils (peer lists): read, check and file by council.

A council may hold a list of the councils it compares itself with: CIPFA's nearest
neighbours (under licence), or any list of comparator councils. Where one is imported for a
council, the app compares the council with the peers its list names instead of its own
nearest councils (market/peers.py). docs/peers.md says the same for users.

The file is a CSV (UTF-8, with or without a byte-order mark) or an Excel workbook (.xlsx,
its first sheet), a header row, then rows in one of two layouts:

- long, one peer a row: "Council code" and "Peer code" ("Council" and "Peer" are read the
  same way), a council's peers in its order of similarity;
- wide, one council a row: "Council code" (or "Council"), then "Peer 1", "Peer 2", ...
  "Peer N"; a row's cells may be blank after its last peer.

Headers are compared ignoring capitals and spaces; other columns are left aside. A cell holds
an ONS code (E06, E08, E09 or E10 and six digits) or a council's name as ONS writes it
(capitals, punctuation and "&" for "and" do not matter; "Durham" and "Bristol" are read too).
The code or name of a council or district abolished in April 2023 is read as the council
that took its area, with a warning; Cumbria, whose area two councils took, is refused. A
council may have at most MAX_PEERS peers. The Isles of Scilly and the City of London may have
lists, but are left out as peers (too small to compare, as in NHS England's peer groups),
with a warning.

The file is refused whole, naming the row and column, for: no council or peer column, a code
or name of no council, a council listed as its own peer, the same peer twice for a council,
more than MAX_PEERS peers, a council on two rows of the wide layout, or no rows at all. Each
council's list is stored apart under KIND, with its history: PEER_LIST_COLUMNS.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from data import store
from data.budget import check_time
from data.cqc import check_unzipped_size
from data.problems import (
    SHOWN_VALUE,
    InputFileError,
    Problem,
    duplicate_columns,
    read_csv_text,
    too_many_rows,
)
from data.sniff import ZIP_KINDS, check_content
from data.workforce_estimates import NAME_TABLE, normalise_name
from geo.councils import (
    SUPERSEDED_2023,
    TOO_SMALL_TO_COMPARE,
    current_council_names,
    list_councils,
)

KIND = "peer_list"
TITLE = "List of similar councils"
UPLOAD_SUFFIXES = ("csv", "xlsx")
PEER_LIST_COLUMNS = ("council_code", "peer_code", "rank")
MAX_PEERS = 30
# Rows below the header: 153 councils with 30 peers each, one a row, is 4,590.
MAX_ROWS = 10_000
# A workbook's header may have blank rows above it, up to this many.
HEADER_SEARCH_ROWS = 20
COUNCIL_HEADERS = ("council code", "council")
PEER_HEADERS = ("peer code", "peer")
RANK_HEADER = "rank"  # one peer a row: the order of similarity, 1 the most similar
_NUMBERED = re.compile(r"peer ?(\d{1,3})")
_CODE = re.compile(r"E\d{8}", re.IGNORECASE)
_CELL_EXPECTED = "an ONS code such as E06000047 or a name such as County Durham"


class PeerListFileError(InputFileError):
    """A list of similar councils that cannot be used; nothing from it is loaded."""


@dataclass(frozen=True)
class PeerListImport:
    """One checked file: each council's peers in file order, and what was read."""

    lists: dict[str, tuple[str, ...]]  # council code -> peer codes, in the file's order
    rows_read: int
    council_column: str  # the file's own header for the councils
    warnings: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        """Say what the file gave, in words (without its name: on screen, that is a detail)."""
        count = len(self.lists)
        return [
            f"Lists of similar councils for {count:,} {'council' if count == 1 else 'councils'}, "
            f"from {self.rows_read:,} {'row' if self.rows_read == 1 else 'rows'}."
        ]


@dataclass(frozen=True)
class _Councils:
    """Today's councils, and the codes and names that are not, or no longer, one of them."""

    names: dict[str, str]  # today's council code -> name
    by_name: dict[str, str]  # normalised name -> today's council code
    # Council or district abolished in April 2023 -> its name and the councils that took it.
    former: dict[str, tuple[str, tuple[str, ...]]]
    former_by_name: dict[str, str]  # normalised name (not a council's today) -> former code
    districts: dict[str, tuple[str, str]]  # district of a two-tier area -> name, its council
    district_by_name: dict[str, str]


@dataclass(frozen=True)
class _Cell:
    """What one cell names: today's council (and a former code it was read from), or why not."""

    code: str | None
    problem: str = ""
    former: str = ""


@dataclass(frozen=True)
class _Layout:
    """Where a file's councils and peers are."""

    council: str
    peers: tuple[str, ...]  # long: the peer column; wide: "Peer 1", "Peer 2", ... in order
    wide: bool


@dataclass(frozen=True)
class _Peer:
    code: str
    row: int
    column: str


def import_peer_list(raw: bytes, file_name: str) -> PeerListImport:
    """Read and check a list of similar councils (CSV or xlsx, long or wide layout).

    Raises PeerListFileError naming the file, row and column (see the module docstring).
    """
    table = _read_table(raw, file_name)
    check_time("finding the council and peer columns")
    layout = _find_layout(list(table.columns), file_name)
    table = _by_rank(table, layout, file_name)
    check_time("reading each council's peers")
    lists, first_rows, problems, converted = _collect(table, layout)
    kept, dropped = _drop_too_small(lists)
    problems += [
        Problem(first_rows[council], layout.council, _no_peers_left(council))
        for council, peers in kept.items()
        if lists[council] and not peers
    ]
    if not problems and not kept:
        problems.append(Problem(None, None, "no council's peers below the header row"))
    if problems:
        order = {column: i for i, column in enumerate((layout.council, *layout.peers))}
        problems.sort(key=lambda p: (p.row or 0, order.get(p.column or "", len(order))))
        raise PeerListFileError(file_name, problems)
    warnings = [_former_warning(*key, rows) for key, rows in converted.items()]
    warnings += [_dropped_warning(small, councils) for small, councils in dropped.items()]
    return PeerListImport(
        {council: tuple(peer.code for peer in peers) for council, peers in kept.items()},
        len(table),
        layout.council,
        warnings,
    )


def peer_frames(lists: dict[str, tuple[str, ...]]) -> dict[str, pd.DataFrame]:
    """Return council code -> its list as stored (PEER_LIST_COLUMNS, rank 1 first)."""
    return {
        council: pd.DataFrame(
            {
                "council_code": council,
                "peer_code": list(peers),
                "rank": range(1, len(peers) + 1),
            },
            columns=list(PEER_LIST_COLUMNS),
        ).astype({"council_code": str, "peer_code": str, "rank": "int64"})
        for council, peers in lists.items()
    }


def council_peer_list(council_code: str) -> tuple[store.ImportRecord, tuple[str, ...]] | None:
    """Return the council's current imported list and its peer codes by rank, or None."""
    found = store.current_import(KIND, council_code)
    if found is None:
        return None
    record, frame = found
    return record, tuple(frame.sort_values("rank")["peer_code"].astype(str))


@lru_cache(maxsize=1)
def _councils() -> _Councils:
    names = current_council_names()
    # Other spellings first, so that a council's own name always wins.
    by_name = {normalise_name(n): codes[0] for n, codes in NAME_TABLE.items() if len(codes) == 1}
    by_name.update({normalise_name(name): code for code, name in names.items()})
    former: dict[str, tuple[str, tuple[str, ...]]] = {}
    districts: dict[str, tuple[str, str]] = {}
    for council in list_councils():
        if council.code not in names:
            successors = sorted({SUPERSEDED_2023[d][1] for d in council.district_codes})
            former[council.code] = (council.name, tuple(successors))
            continue
        for code, name in zip(council.district_codes, council.district_names, strict=True):
            if code not in names:
                districts[code] = (name, council.code)
    for district, (name, successor) in SUPERSEDED_2023.items():
        former.setdefault(district, (name, (successor,)))
    former_by_name = {
        normalise_name(name): code
        for code, (name, _) in former.items()
        if normalise_name(name) not in by_name
    }
    district_by_name = {
        normalise_name(name): code
        for code, (name, _) in districts.items()
        if normalise_name(name) not in by_name
    }
    return _Councils(names, by_name, former, former_by_name, districts, district_by_name)


def _read_cell(text: str) -> _Cell:
    """Return the council a cell names: an ONS code or a name, today's or a former one."""
    councils = _councils()
    if _CODE.fullmatch(text):
        code: str | None = text.upper()
        if code in councils.names:
            return _Cell(code)
    else:
        key = normalise_name(text)
        if key in councils.by_name:
            return _Cell(councils.by_name[key])
        code = councils.former_by_name.get(key) or councils.district_by_name.get(key)
    if code in councils.former:
        name, successors = councils.former[code]
        if len(successors) == 1:
            return _Cell(successors[0], former=code)
        replaced = " and ".join(f"{councils.names[c]} ({c})" for c in successors)
        return _Cell(
            None,
            f"{_named(text, name, code)}: its area was split between {replaced} in April "
            "2023; expected one of them",
        )
    if code in councils.districts:
        name, council = councils.districts[code]
        return _Cell(
            None,
            f"{_named(text, name, code)} is a district council; adult social care there is "
            f"{councils.names[council]}'s ({council}), so expected that council",
        )
    return _Cell(
        None,
        f"{_quoted(text)} is not an English council with adult social care duties; "
        f"expected {_CELL_EXPECTED}",
    )


def _named(text: str, name: str, code: str) -> str:
    """Return a cell's text as quoted in a message, with the name or code it did not give."""
    if text.upper() == code:
        return f"'{code}' ({name})"
    if text == name:
        return f"'{name}' ({code})"
    return f"{_quoted(text)} ({name}, {code})"


def _quoted(text: str) -> str:
    return f"'{text if len(text) <= SHOWN_VALUE else text[: SHOWN_VALUE - 1] + '…'}'"


def _refuse(file_name: str, row: int | None, column: str | None, message: str):
    return PeerListFileError(file_name, [Problem(row, column, message)])


def _read_table(raw: bytes, file_name: str) -> pd.DataFrame:
    """Return the rows under the header as stripped text, indexed by spreadsheet row."""
    kind = check_content(raw, file_name, UPLOAD_SUFFIXES, PeerListFileError)
    if not raw.strip():
        raise _refuse(file_name, None, None, "the file is empty")
    table = _read_workbook(raw, file_name) if kind in ZIP_KINDS else _read_csv(raw, file_name)
    table = table.fillna("").astype(str).apply(lambda column: column.str.strip())
    table = table[(table != "").any(axis=1)]
    if table.empty:
        raise _refuse(file_name, None, None, "no rows below the header row")
    return table


def _read_csv(raw: bytes, file_name: str) -> pd.DataFrame:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(
            file_name,
            None,
            None,
            "the file is not UTF-8 text; save it from Excel as 'CSV UTF-8 (Comma delimited)'",
        ) from exc
    table, problems = read_csv_text(text, max_rows=MAX_ROWS, lower=False)
    if table is None:
        raise PeerListFileError(file_name, problems)
    table.index = table.index + 2  # spreadsheet rows: the header is row 1
    return table


def _read_workbook(raw: bytes, file_name: str) -> pd.DataFrame:
    read = MAX_ROWS + HEADER_SEARCH_ROWS + 1  # past the limit wherever the header is
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            too_large = check_unzipped_size(archive)
        if too_large:
            raise _refuse(file_name, None, None, too_large)
        sheet = pd.read_excel(
            io.BytesIO(raw),
            engine="calamine",
            sheet_name=0,
            header=None,
            dtype=str,
            keep_default_na=False,
            nrows=read,
        ).fillna("")
    except PeerListFileError:
        raise
    except Exception as exc:  # readers raise many types for broken workbooks
        raise _refuse(
            file_name,
            None,
            None,
            "the workbook is damaged or password-protected and could not be read; save it "
            "again from Excel",
        ) from exc
    filled = sheet.apply(lambda column: column.str.strip() != "").any(axis=1)
    if not filled.any():
        raise _refuse(file_name, None, None, "the workbook's first sheet is empty")
    top = int(filled.to_numpy().argmax())
    if top >= HEADER_SEARCH_ROWS:
        raise _refuse(
            file_name,
            None,
            None,
            f"no header row in the first {HEADER_SEARCH_ROWS} rows of the first sheet",
        )
    below = len(sheet) - top - 1
    if problems := too_many_rows(below, MAX_ROWS, counted="more" if len(sheet) == read else "rows"):
        raise PeerListFileError(file_name, problems)
    header = [str(cell).strip() for cell in sheet.iloc[top]]
    if problems := duplicate_columns([h for h in header if h]):
        raise PeerListFileError(file_name, problems)
    table = sheet.iloc[top + 1 :].copy()
    table.columns = header
    table = table.loc[:, [h for h in header if h]]
    table.index = table.index + 1  # spreadsheet rows: the first is row 1
    return table


def _header_key(name: str) -> str:
    return " ".join(str(name).replace("_", " ").split()).casefold()


def _by_rank(table: pd.DataFrame, layout: _Layout, file_name: str) -> pd.DataFrame:
    """Return the rows of a one-peer-a-row file in the order of its Rank column, if it has one
    (most similar first); rows keep their numbers, so a problem still names its row."""
    rank = next((c for c in table.columns if _header_key(c) == RANK_HEADER), None)
    if rank is None or layout.wide:
        return table
    numbers = pd.to_numeric(table[rank].str.strip(), errors="coerce")
    bad = numbers.isna() | (numbers < 1) | (numbers % 1 != 0)
    if bad.any():
        raise PeerListFileError(
            file_name,
            [
                Problem(int(row), rank, "expected a whole number from 1 (the most similar)")
                for row in table.index[bad][:20]
            ],
        )
    return table.iloc[numbers.argsort(kind="stable")]


def _find_layout(columns: list[str], file_name: str) -> _Layout:
    """Return where the councils and peers are; refuse a header row with neither layout."""
    by_key = {_header_key(column): column for column in columns}
    council = next((by_key[key] for key in COUNCIL_HEADERS if key in by_key), None)
    peer = next((by_key[key] for key in PEER_HEADERS if key in by_key), None)
    numbered: dict[int, str] = {}
    problems = []
    for column in columns:
        match = _NUMBERED.fullmatch(_header_key(column))
        if match is None:
            continue
        number = int(match.group(1))
        if number in numbered:
            problems.append(
                Problem(
                    1,
                    column,
                    f"the same number as '{numbered[number]}'; expected one column for each "
                    "peer number",
                )
            )
        numbered.setdefault(number, column)
    found = ", ".join(f"'{column[:SHOWN_VALUE]}'" for column in columns[:10])
    if council is None:
        problems.append(
            Problem(
                1,
                None,
                "no council column: looked for 'Council code' or 'Council' (capitals and "
                f"spaces do not matter); the header row has {found}",
            )
        )
    if peer is None and not numbered:
        problems.append(
            Problem(
                1,
                None,
                "no peer columns: looked for 'Peer code' or 'Peer' (one peer a row), or "
                "'Peer 1', 'Peer 2' and so on (one council a row); the header row has "
                f"{found}",
            )
        )
    if peer is not None and numbered:
        problems.append(
            Problem(
                1,
                peer,
                f"the file also has numbered peer columns ('{numbered[min(numbered)]}'); "
                "expected one layout: one peer a row, or one council a row",
            )
        )
    missing = [n for n in range(1, max(numbered, default=0) + 1) if n not in numbered]
    if missing:
        problems.append(
            Problem(
                1,
                f"Peer {missing[0]}",
                f"missing column; expected numbered peer columns from 'Peer 1' to "
                f"'{numbered[max(numbered)]}' with none left out",
            )
        )
    if problems or council is None:
        raise PeerListFileError(file_name, problems)
    if peer is not None:
        return _Layout(council, (peer,), wide=False)
    return _Layout(council, tuple(numbered[n] for n in sorted(numbered)), wide=True)


def _collect(
    table: pd.DataFrame, layout: _Layout
) -> tuple[dict[str, list[_Peer]], dict[str, int], list[Problem], dict[tuple[str, str], list[int]]]:
    """Return each council's peers in file order, its first row, the problems found, and
    the rows where each former council's code or name was read as today's."""
    names = _councils().names
    lists: dict[str, list[_Peer]] = {}
    first_rows: dict[str, int] = {}
    problems: list[Problem] = []
    converted: dict[tuple[str, str], list[int]] = {}

    def read(row: int, column: str, text: str) -> str | None:
        cell = _read_cell(text)
        if cell.code is None:
            problems.append(Problem(row, column, cell.problem))
        elif cell.former:
            converted.setdefault((text, cell.former), []).append(row)
        return cell.code

    columns = [layout.council, *layout.peers]
    for row, council_text, *peer_texts in table.loc[:, columns].itertuples(name=None):
        last = max((i for i, text in enumerate(peer_texts) if text), default=-1)
        if not council_text and last < 0:
            continue  # a row with words in other columns only, such as a note
        council = read(row, layout.council, council_text) if council_text else None
        if not council_text:
            problems.append(
                Problem(row, layout.council, f"empty; expected the council, {_CELL_EXPECTED}")
            )
        if last < 0:
            problems.append(
                Problem(row, layout.peers[0], f"empty; expected a peer, {_CELL_EXPECTED}")
            )
            continue
        problems += [
            Problem(
                row,
                column,
                "empty, but a later column of this row has a peer; expected the peers in "
                "order, with blank cells only after the last",
            )
            for column, text in zip(layout.peers[:last], peer_texts[:last], strict=True)
            if not text
        ]
        if council is not None and layout.wide and council in first_rows:
            problems.append(
                Problem(
                    row,
                    layout.council,
                    f"{names[council]} has a row already (row {first_rows[council]}); "
                    "expected one row for each council",
                )
            )
            continue
        if council is not None:
            first_rows.setdefault(council, row)
        for column, text in zip(layout.peers, peer_texts, strict=True):
            peer = read(row, column, text) if text else None
            if peer is None or council is None:
                continue
            listed = lists.setdefault(council, [])
            if problem := _peer_problem(council, peer, listed, layout):
                problems.append(Problem(row, column, _read_as(text, peer) + problem))
                continue
            listed.append(_Peer(peer, row, column))
            if len(listed) == MAX_PEERS + 1:
                problems.append(
                    Problem(
                        row,
                        column,
                        f"{names[council]} has more than {MAX_PEERS} peers; expected at most "
                        f"{MAX_PEERS}",
                    )
                )
    return lists, first_rows, problems, converted


def _read_as(text: str, code: str) -> str:
    """Say how a cell was read when it is neither the council's code nor its name (a former
    district's, say), so a refusal about the council it became points at the cell."""
    name = _councils().names[code]
    if normalise_name(text) in {normalise_name(code), normalise_name(name)}:
        return ""
    return f"{_quoted(text)} is read as {name}: "


def _peer_problem(council: str, peer: str, listed: list[_Peer], layout: _Layout) -> str:
    """Return why a peer cannot be on the council's list, or "" when it can."""
    names = _councils().names
    if peer == council:
        return f"{names[council]} is listed as its own peer; expected other councils"
    earlier = next((p for p in listed if p.code == peer), None)
    if earlier is None:
        return ""
    where = f"row {earlier.row}" + (f", column '{earlier.column}'" if layout.wide else "")
    return f"{names[peer]} is a peer of {names[council]} already ({where}); expected each peer once"


def _drop_too_small(
    lists: dict[str, list[_Peer]],
) -> tuple[dict[str, list[_Peer]], dict[str, list[str]]]:
    """Return the lists without the councils too small to compare, and whose lists named
    each of those (small council -> councils)."""
    dropped: dict[str, list[str]] = {}
    kept = {}
    for council, peers in lists.items():
        for peer in peers:
            if peer.code in TOO_SMALL_TO_COMPARE:
                dropped.setdefault(peer.code, []).append(council)
        kept[council] = [p for p in peers if p.code not in TOO_SMALL_TO_COMPARE]
    return kept, dropped


def _no_peers_left(council: str) -> str:
    return (
        f"{_councils().names[council]} has no peers once the Isles of Scilly and the City of "
        "London are left out (too small to compare); expected at least one other council"
    )


def _former_warning(text: str, former: str, rows: list[int]) -> str:
    councils = _councils()
    name, (today,) = councils.former[former]
    where = f"row {rows[0]}" if len(rows) == 1 else f"rows {', '.join(map(str, rows[:10]))}"
    where += f" and {len(rows) - 10:,} more" if len(rows) > 10 else ""
    if name == councils.names[today]:
        return (
            f"{_quoted(text)} was {name}'s code until April 2023; it was read as {name}'s "
            f"code today, {today} ({where})."
        )
    return (
        f"{_named(text, name, former)} was abolished in April 2023; it was read as "
        f"{councils.names[today]} ({today}), the council that took its area ({where})."
    )


def _dropped_warning(small: str, councils: list[str]) -> str:
    names = _councils().names
    listed = (
        " and ".join(names[c] for c in councils)
        if len(councils) <= 3
        else f"{len(councils):,} councils"
    )
    return (
        f"{names[small]} was left out of the similar councils of {listed}: it is too small to "
        "compare with other councils, as in NHS England's peer groups."
    )
