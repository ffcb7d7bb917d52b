"""A seeded, deterministic corpus of malformed input files for every importer."""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
CQC_FIXTURES = ROOT / "tests" / "fixtures" / "cqc"
SEED = 7
BOMB_MB = 50
ZIP_TIME = (2024, 1, 1, 0, 0, 0)  # fixed so the zips are the same bytes on every run

HOSTILE_VALUES = {
    "word": "twelve",
    "negative": "-5",
    "nan": "NaN",
    "inf": "inf",
    "neg_inf": "-inf",
    "overflow": "1e400",
    "huge_number": "1e300",
    "long_digits": "9" * 30,
    "us_date": "02/30/2024",
    "feb30": "2024-02-30",
    "zero_date": "0000-00-00",
    "blank": "   ",
    "null": "null",
    "far_future": "2999-01-01",
    "long_ago": "0001-01-01",
    "digits_past_a_float": "9" * 400,
}
MARKUP_VALUES = {
    "script": "<script>alert(1)</script>",
    "img": '<img src=x onerror="alert(1)">',
    "md_link": "[click](javascript:alert(1))",
    "md_bold": "**bold** _it_ `code`",
    "md_image_after_blank_line": "Section 3\n\n![x](http://evil.example/b.png)",
    "bare_address": "www.evil.example and http://evil.example",
}
INJECTION_VALUES = {
    "cmd": "=cmd|' /C calc'!A0",
    "plus": "+1+1",
    "minus": "-2+3",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "hyperlink": '=HYPERLINK("http://evil.example","x")',
}


@dataclass(frozen=True)
class Case:
    """One malformed file for one importer: its family, a short name and the bytes."""

    importer: str
    family: str
    name: str
    file_name: str
    make: Callable[[], bytes]

    @property
    def id(self) -> str:
        return f"{self.importer}-{self.family}-{self.name}"


def _square(west: float, south: float, size: float = 0.1) -> list[list[float]]:
    east, north = west + size, south + size
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def _feature(zone: object, geometry: object, providers: object = 2) -> dict:
    return {
        "type": "Feature",
        "properties": {"zone": zone, "providers": providers},
        "geometry": geometry,
    }


def _polygon(coords: list) -> dict:
    return {"type": "Polygon", "coordinates": [coords]}


def _collection(features: list) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _population_csv() -> bytes:
    lines = ["AREA_CODE,AREA_NAME,SEX,AGE_GROUP,2023,2030"]
    lines += [f"E01020616,Durham 001A,persons,{age},1,2" for age in range(60, 90)]
    lines.append("E01020616,Durham 001A,persons,90 and over,1,2")
    return ("\n".join(lines) + "\n").encode()


FIGURES_COUNCIL = "E06000047"  # the valid figures file is this council's, read on its page


def _figures_csv() -> bytes:
    text = (ROOT / "data" / "packs" / FIGURES_COUNCIL / "figures.csv").read_text(encoding="utf-8")
    return ("\n".join(text.splitlines()[:6]) + "\n").encode()


@cache
def valid_files() -> dict[str, tuple[str, bytes]]:
    """Each importer's valid seed file: (file name, bytes)."""
    return {
        "figures": ("figures.csv", _figures_csv()),
        "cqc_hsca_csv": ("hsca.csv", (CQC_FIXTURES / "hsca_active_locations.csv").read_bytes()),
        "cqc_directory_csv": ("directory.csv", (CQC_FIXTURES / "cqc_directory.csv").read_bytes()),
        "cqc_xlsx": ("hsca.xlsx", (CQC_FIXTURES / "hsca_active_locations.xlsx").read_bytes()),
        "cqc_ods": ("hsca.ods", (CQC_FIXTURES / "hsca_active_locations.ods").read_bytes()),
        "population": ("population.csv", _population_csv()),
        "zone_lookup": (
            "zones.csv",
            b"area_code,zone,providers\nE01020000,North,3\nE01020001,South,\n",
        ),
        "zone_geojson": (
            "zones.geojson",
            _collection([_feature("A", _polygon(_square(-1.7, 54.7)))]),
        ),
        "ruc": (
            "ruc.csv",
            b"LSOA11CD,LSOA11NM,RUC11CD,RUC11\nE01020000,x,E1,Rural village\n"
            b"E01020001,y,C1,Urban city and town\n",
        ),
        "packages": (
            "packages.csv",
            b"date,postcode,area_code,hours_per_week,status,reason\n"
            b"2024-01-05,DL15 8NN,,7,waiting,staffing\n"
            b"2024-03-01,,County Durham 001,3.5,placed,other\n",
        ),
    }


TEXT_IMPORTERS = (
    "figures",
    "cqc_hsca_csv",
    "cqc_directory_csv",
    "population",
    "zone_lookup",
    "ruc",
    "packages",
)
SPREADSHEET_IMPORTERS = ("cqc_xlsx", "cqc_ods")
IMPORTERS = (*TEXT_IMPORTERS, *SPREADSHEET_IMPORTERS, "zone_geojson")


def _rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _write(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _header_index(rows: list[list[str]]) -> int:
    return next(i for i, row in enumerate(rows) if len(row) > 2)


def _with_last_row(raw: bytes, value: str) -> bytes:
    rows = _rows(raw)
    rows[-1] = [value] * len(rows[-1])
    return _write(rows)


def _with_header(raw: bytes, change: Callable[[list[str]], list[str]]) -> bytes:
    rows = _rows(raw)
    index = _header_index(rows)
    rows[index] = change(list(rows[index]))
    return _write(rows)


def _reorder_columns(raw: bytes) -> bytes:
    rows = _rows(raw)
    return _write([list(reversed(row)) for row in rows])


def _junk(size: int, seed: int, prefix: bytes = b"") -> bytes:
    rng = random.Random(seed)
    return prefix + bytes(rng.getrandbits(8) for _ in range(size))


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _replace_members(raw: bytes, replace: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members.update(replace)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(name, ZIP_TIME)
            archive.writestr(info, data, compress_type=method, compresslevel=9)
    return out.getvalue()


def _xlsx() -> bytes:
    return valid_files()["cqc_xlsx"][1]


def _ods() -> bytes:
    return valid_files()["cqc_ods"][1]


@cache
def xlsx_bomb() -> bytes:
    """An xlsx whose first sheet is BOMB_MB MB of rows, compressed to a few hundred KB."""
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    rows = row * (BOMB_MB * 1024 * 1024 // len(row))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()
    return _replace_members(_xlsx(), {"xl/worksheets/sheet1.xml": sheet})


def _png() -> bytes:
    """A one-pixel PNG: signature, then header, pixel and end chunks with their checksums."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _foreign() -> dict[str, Callable[[], bytes]]:
    """Files of other types, by the extension they would rightly have: a deterministic set."""
    return {
        "csv": _population_csv,
        "xlsx": _xlsx,
        "ods": _ods,
        "geojson": lambda: valid_files()["zone_geojson"][1],
        "docx": lambda: _zip(
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
        ),
        "xls": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "pdf": lambda: b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
        "png": _png,
        "jpeg": lambda: (
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
        ),
        "gif": lambda: b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        "gz": lambda: gzip.compress(_population_csv(), mtime=0),
        "html": lambda: (
            b"<!DOCTYPE html>\n<html><head><title>Care directory</title></head>"
            b"<body><script>alert(1)</script><a href='hsca.ods'>Download</a></body></html>\n"
        ),
        "xml": lambda: (
            b'<?xml version="1.0"?>\n'
            b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
            b"<Worksheet><Table><Row><Cell><Data>Location ID</Data></Cell></Row></Table>"
            b"</Worksheet></Workbook>\n"
        ),
    }


def _mismatched(file_name: str) -> Iterator[tuple[str, str, Callable]]:
    """Files of another type under the importer's own name: an .xlsx that is a PNG, say."""
    own = file_name.rpartition(".")[2]
    for extension, make in _foreign().items():
        if extension != own:
            yield "mismatch", f"{extension}_contents", make


def _renamed(importer: str, file_name: str, raw: bytes) -> Iterator[Case]:
    """The importer's valid bytes under a wrong extension, one with markup in its name."""
    stem, _, own = file_name.rpartition(".")
    wrong = [ext for ext in ("csv", "xlsx", "ods", "geojson") if ext != own]
    for ext in wrong:
        yield Case(importer, "renamed", f"as_{ext}", f"{stem}.{ext}", lambda: raw)
    markup_name = f"<script>alert(1)</script>[x](javascript:alert(1)).{wrong[0]}"
    yield Case(importer, "renamed", "markup_name", markup_name, lambda: raw)


def _generic(importer: str, raw: bytes) -> Iterator[tuple[str, str, Callable]]:
    """Families that apply to any importer's bytes: (family, name, maker)."""
    yield "empty", "empty", lambda: b""
    yield "empty", "utf8_bom_only", lambda: b"\xef\xbb\xbf"
    yield "empty", "utf16_bom_only", lambda: b"\xff\xfe"
    yield "empty", "whitespace", lambda: b" \r\n\t\n"
    yield "empty", "newlines", lambda: b"\n" * 50
    seed = sum(importer.encode())
    for size in (1, 17, 256, 4096):
        yield "junk", f"random_{size}", lambda s=size: _junk(s, SEED + seed + s)
    yield "junk", "zip_magic", lambda: _junk(300, SEED + seed, b"PK\x03\x04")
    yield "junk", "ole_magic", lambda: _junk(300, SEED + seed, b"\xd0\xcf\x11\xe0")
    yield "junk", "nul_bytes", lambda: raw[:40] + b"\x00" * 64 + raw[40:]
    for fraction in (0.1, 0.33, 0.5, 0.77, 0.99):
        cut = max(1, int(len(raw) * fraction))
        yield "truncated", f"at_{cut}", lambda c=cut: raw[:c]
    yield "zip", "zip_not_workbook", lambda: _zip({"readme.txt": b"hello"})
    yield "zip", "empty_zip", lambda: _zip({})
    yield (
        "zip",
        "xlsx_garbage_xml",
        lambda: _replace_members(_xlsx(), {"xl/worksheets/sheet1.xml": b"<worksheet><<<&&"}),
    )
    yield (
        "zip",
        "xlsx_garbage_workbook",
        lambda: _replace_members(_xlsx(), {"xl/workbook.xml": b"\x00\xffnot xml"}),
    )
    yield (
        "zip",
        "ods_garbage_content",
        lambda: _replace_members(_ods(), {"content.xml": b"<office:document-content><"}),
    )
    yield "zip", "xlsx_truncated", lambda: _xlsx()[: len(_xlsx()) // 2]
    yield "zip", "xlsx_bomb", xlsx_bomb


def _tabular(raw: bytes) -> Iterator[tuple[str, str, Callable]]:
    """Families for CSV importers: header, encoding, size, values, markup and injection."""
    yield (
        "header",
        "header_only",
        lambda: b"\n".join(raw.splitlines()[: _header_index(_rows(raw)) + 1]),
    )
    yield "header", "renamed", lambda: _with_header(raw, lambda h: [f"x_{c}" for c in h])
    yield "header", "missing_first", lambda: _with_header(raw, lambda h: ["", *h[1:]])
    yield "header", "duplicated", lambda: _with_header(raw, lambda h: [h[0]] * len(h))
    yield "header", "case_twin", lambda: _with_header(raw, lambda h: [*h, f" {h[0].upper()} "])
    yield "header", "blank_lines", lambda: raw.replace(b"\n", b"\n\n")
    yield "header", "reordered", lambda: _reorder_columns(raw)
    yield "header", "extra_column", lambda: _with_header(raw, lambda h: [*h, "surprise"])
    yield "header", "ragged_rows", lambda: raw + b"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r\nz\n"
    yield "header", "unbalanced_quote", lambda: raw + b'"never closed,1,2\n'
    yield "header", "semicolons", lambda: raw.replace(b",", b";")
    yield "header", "cr_only", lambda: raw.replace(b"\n", b"\r")
    text = raw.decode("utf-8-sig")
    accented = _with_last_row(raw, "Café £12.50 Zoë").decode()
    yield "encoding", "utf8_bom", lambda: b"\xef\xbb\xbf" + raw
    yield "encoding", "cp1252", lambda: accented.encode("cp1252")
    yield "encoding", "utf16", lambda: text.encode("utf-16")
    yield "encoding", "utf16_be_no_bom", lambda: text.encode("utf-16-be")
    yield "encoding", "latin1_in_utf8", lambda: raw + "Zoë £".encode("latin-1") + b"\n"
    yield "huge", "one_mb_cell", lambda: _with_last_row(raw, "A" * 1_000_000)
    yield (
        "huge",
        "many_columns",
        lambda: _with_header(raw, lambda h: h + [f"c{i}" for i in range(5000)]),
    )
    yield "huge", "long_line_no_newline", lambda: b"," * 200_000
    for name, value in HOSTILE_VALUES.items():
        yield "values", name, lambda v=value: _with_last_row(raw, v)
    for name, value in MARKUP_VALUES.items():
        yield "markup", name, lambda v=value: _with_last_row(raw, v)
    for name, value in INJECTION_VALUES.items():
        yield "injection", name, lambda v=value: _with_last_row(raw, v)


_XLSX_NAME = "<t>Fixture Nursing Home A</t>"
_XLSX_BEDS = '<c r="I2" t="n"><v>60</v></c>'
_ODS_NAME = "Fixture Nursing Home A"


def _in_xlsx(old: str, new: str) -> bytes:
    sheet = "xl/worksheets/sheet2.xml"
    with zipfile.ZipFile(io.BytesIO(_xlsx())) as source:
        xml = source.read(sheet).decode()
    return _replace_members(_xlsx(), {sheet: xml.replace(old, new).encode()})


def _in_ods(value: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(_ods())) as source:
        xml = source.read("content.xml").decode()
    xml = xml.replace(_ODS_NAME, escape(value, {'"': "&quot;"}))
    return _replace_members(_ods(), {"content.xml": xml.encode()})


def _spreadsheet(importer: str) -> Iterator[tuple[str, str, Callable]]:
    """Hostile cell values inside a valid workbook: odd beds, markup and injection names;
    and a tiny workbook of 10,000 sheets (each once searched for a header: two minutes)."""
    if importer == "cqc_ods":
        from tests.fixtures.hostile.workbooks import many_sheets_ods

        yield "limits", "ten_thousand_sheets", lambda: many_sheets_ods(10_000)
    families = {"values": HOSTILE_VALUES, "markup": MARKUP_VALUES, "injection": INJECTION_VALUES}
    for family, values in families.items():
        for name, value in values.items():
            if importer == "cqc_ods":
                yield family, name, lambda v=value: _in_ods(v)
            elif family == "values":
                cell = f'<c r="I2" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
                yield family, name, lambda c=cell: _in_xlsx(_XLSX_BEDS, c)
            else:
                yield family, name, lambda v=value: _in_xlsx(_XLSX_NAME, f"<t>{escape(v)}</t>")


def _geojson() -> Iterator[tuple[str, str, Callable]]:
    """Families for the GeoJSON reader: not JSON, wrong JSON, bad geometry and coordinates."""
    square = _polygon(_square(-1.7, 54.7))
    # 3,000 overlapping squares (526 KB): comparing every pair took 277 s and 2.1 GB.
    yield "limits", "three_thousand_squares", lambda: _collection(
        [_feature(f"Z{i}", _polygon(_square(-1.75 + i % 50 / 1000, 54.7 + i // 50 / 1000)))
         for i in range(3000)]
    )  # fmt: skip
    yield "geojson", "not_json", lambda: b"{not json"
    yield "geojson", "json_array", lambda: b"[1, 2, 3]"
    yield "geojson", "json_string", lambda: b'"FeatureCollection"'
    yield "geojson", "json_null", lambda: b"null"
    yield "geojson", "json_number", lambda: b"1e999"
    yield "geojson", "bare_feature", lambda: json.dumps(_feature("A", square)).encode()
    yield "geojson", "bare_geometry", lambda: json.dumps(square).encode()
    yield "geojson", "features_not_list", lambda: b'{"type":"FeatureCollection","features":5}'
    yield "geojson", "features_dict", lambda: b'{"type":"FeatureCollection","features":{"a":1}}'
    yield "geojson", "features_string", lambda: b'{"type":"FeatureCollection","features":"abc"}'
    yield "geojson", "feature_is_number", lambda: _collection([1, "x", None])
    yield (
        "geojson",
        "properties_list",
        lambda: _collection([{"properties": [1], "geometry": square}]),
    )
    yield (
        "geojson",
        "properties_string",
        lambda: _collection([{"properties": "z", "geometry": square}]),
    )
    yield "geojson", "null_geometry", lambda: _collection([_feature("A", None)])
    yield "geojson", "geometry_string", lambda: _collection([_feature("A", "POLYGON")])
    yield "geojson", "geometry_list", lambda: _collection([_feature("A", [1, 2])])
    yield (
        "geojson",
        "point",
        lambda: _collection([_feature("A", {"type": "Point", "coordinates": [0, 0]})]),
    )
    yield (
        "geojson",
        "unknown_type",
        lambda: _collection([_feature("A", {"type": "Blob", "coordinates": []})]),
    )
    yield "geojson", "no_coordinates", lambda: _collection([_feature("A", {"type": "Polygon"})])
    yield (
        "geojson",
        "coords_strings",
        lambda: _collection([_feature("A", _polygon([["a", "b"]] * 4))]),
    )
    yield (
        "geojson",
        "coords_nested_wrong",
        lambda: _collection([_feature("A", {"type": "Polygon", "coordinates": [[[[[1]]]]]})]),
    )
    yield (
        "geojson",
        "two_points_ring",
        lambda: _collection([_feature("A", _polygon([[0, 0], [1, 1]]))]),
    )
    yield (
        "geojson",
        "coords_null",
        lambda: _collection([_feature("A", {"type": "Polygon", "coordinates": None})]),
    )
    yield (
        "geojson",
        "coords_nan",
        lambda: _collection([_feature("A", _polygon([[float("nan"), 54.0]] * 4))]),
    )
    yield (
        "geojson",
        "coords_inf",
        lambda: _collection([_feature("A", _polygon([[float("inf"), 54.0]] * 4))]),
    )
    yield (
        "geojson",
        "out_of_range",
        lambda: _collection([_feature("A", _polygon(_square(500.0, 100.0)))]),
    )
    yield (
        "geojson",
        "metres",
        lambda: _collection([_feature("A", _polygon(_square(400000, 500000, 1000)))]),
    )
    yield (
        "geojson",
        "self_intersecting",
        lambda: _collection(
            [
                _feature(
                    "A",
                    _polygon(
                        [[-1.7, 54.7], [-1.6, 54.8], [-1.6, 54.7], [-1.7, 54.8], [-1.7, 54.7]]
                    ),
                )
            ]
        ),
    )
    yield (
        "geojson",
        "zone_html",
        lambda: _collection([_feature("<script>alert(1)</script>", square)]),
    )
    yield "geojson", "zone_dict", lambda: _collection([_feature({"a": 1}, square)])
    yield "geojson", "providers_negative", lambda: _collection([_feature("A", square, -3)])
    yield "geojson", "providers_float", lambda: _collection([_feature("A", square, 2.5)])
    yield "geojson", "providers_bool", lambda: _collection([_feature("A", square, True)])
    yield "geojson", "providers_huge", lambda: _collection([_feature("A", square, "9" * 400)])
    yield "geojson", "empty_features", lambda: _collection([])
    yield "geojson", "deep_nesting", lambda: b"[" * 100_000 + b"]" * 100_000
    yield "geojson", "huge_zone_name", lambda: _collection([_feature("Z" * 1_000_000, square)])


def _zone_lookup() -> Iterator[tuple[str, str, Callable]]:
    """Provider counts that look like whole numbers to str.isdigit but are not."""
    header = b"area_code,zone,providers\nE01020000,North,"
    yield "values", "providers_superscript", lambda: header + "\u00b2".encode() + b"\n"
    yield "values", "providers_arabic_digits", lambda: header + "\u0663".encode() + b"\n"
    yield "values", "providers_huge", lambda: header + b"9" * 400 + b"\n"


def _cqc_rows(raw: bytes) -> Iterator[tuple[str, str, Callable]]:
    """Rows a CQC file should not be trusted with: repeated homes, misplaced coordinates."""
    rows = _rows(raw)
    header = rows[_header_index(rows)]
    lat = header.index("Location Latitude")

    def repeated() -> bytes:
        return _write([*rows, rows[-1], rows[-1]])

    def far_away() -> bytes:
        moved = [list(row) for row in rows]
        moved[-1][lat] = str(float(moved[-1][lat] or 52.0) + 2)
        return _write(moved)

    yield "cqc", "repeated_location_ids", repeated
    yield "cqc", "coordinates_far_from_postcode", far_away


def _row_limit(importer: str) -> int:
    from data import cqc, figures, packages, population, rurality_files, zone_files

    return {
        "figures": figures.MAX_ROWS,
        "cqc_hsca_csv": cqc.MAX_ROWS,
        "cqc_directory_csv": cqc.MAX_ROWS,
        "population": population.MAX_ROWS,
        "zone_lookup": zone_files.MAX_LOOKUP_ROWS,
        "ruc": rurality_files.MAX_ROWS,
        "packages": packages.MAX_ROWS,
    }[importer]


def _limits(importer: str, raw: bytes) -> Iterator[tuple[str, str, Callable]]:
    """Files past a limit each importer sets: rows (refused before parsing)."""

    def past_the_row_limit() -> bytes:
        last = raw.rstrip(b"\n").rsplit(b"\n", 1)[-1] + b"\n"
        return raw + last * (_row_limit(importer) + 1)

    yield "limits", "rows_past_the_limit", past_the_row_limit


def _figures_rows(raw: bytes) -> Iterator[tuple[str, str, Callable]]:
    """Figures the page's council must not take: another council's."""

    def another_council() -> bytes:
        return raw.replace(FIGURES_COUNCIL.encode(), b"E06000054")

    yield "council", "another_council", another_council


def build_corpus() -> list[Case]:
    """Every malformed file for every importer, in a fixed order."""
    cases: list[Case] = []
    for importer in IMPORTERS:
        file_name, raw = valid_files()[importer]
        families = list(_generic(importer, raw)) + list(_mismatched(file_name))
        if importer in TEXT_IMPORTERS:
            families += list(_tabular(raw)) + list(_limits(importer, raw))
        if importer == "figures":
            families += list(_figures_rows(raw))
        if importer in SPREADSHEET_IMPORTERS:
            families += list(_spreadsheet(importer))
        if importer == "zone_lookup":
            families += list(_zone_lookup())
        if importer == "zone_geojson":
            families += list(_geojson())
        if importer == "cqc_hsca_csv":
            families += list(_cqc_rows(raw))
        cases += [Case(importer, family, name, file_name, make) for family, name, make in families]
        cases += list(_renamed(importer, file_name, raw))
    return cases
