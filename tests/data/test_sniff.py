"""Uploads are typed by their bytes: a file whose contents are not what its name says is refused."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest

from data import cqc
from data.problems import InputFileError
from data.sniff import check_content, sniff
from tests.fixtures.cqc import make_fixtures as fx

CQC = ("csv", "xlsx", "ods")
CSV = "Location ID,Location Name\n1-1001,Café Zoë £12\n"
GEOJSON = json.dumps({"type": "FeatureCollection", "features": []}).encode()
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.fixture(scope="module")
def books() -> dict[str, bytes]:
    return {"xlsx": fx.hsca_xlsx(), "ods": fx.hsca_ods(), "csv": fx.hsca_csv()}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (CSV.encode(), "csv"),
        (b"\xef\xbb\xbf" + CSV.encode(), "csv"),
        (CSV.encode("cp1252"), "csv"),
        (CSV.encode("utf-16"), "csv"),
        (CSV.encode("utf-16-le"), "csv"),
        (b'"Location ID","Name"\r\n', "csv"),
        (GEOJSON, "json"),
        (b"\xef\xbb\xbf\n  " + GEOJSON, "json"),
        (HTML, "html"),
        (b'<?xml version="1.0"?><Workbook/>', "xml"),
        (b"%PDF-1.7\n", "pdf"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"GIF89a\x01\x00", "gif"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
        (b"PK\x03\x04broken", "damaged_zip"),
        (_zip({"readme.txt": b"hello"}), "zip"),
        (_zip({"[Content_Types].xml": b"", "word/document.xml": b""}), "docx"),
        (b"a,b\n" + b"\x00" * 40, "binary"),
        (bytes(range(1, 32)) * 4, "binary"),
        (b"", "empty"),
        (b"\xef\xbb\xbf \r\n", "empty"),
    ],
)
def test_the_kind_is_read_from_the_bytes(raw, kind):
    assert sniff(raw) == kind


def test_workbooks_are_told_apart_by_their_inner_files(books):
    assert sniff(books["xlsx"]) == "xlsx"
    assert sniff(books["ods"]) == "ods"
    assert sniff(books["csv"]) == "csv"


@pytest.mark.parametrize(
    ("raw", "name", "allowed"),
    [
        (CSV.encode(), "list.csv", ("csv",)),
        (b"\xef\xbb\xbf" + CSV.encode(), "list.csv", ("csv",)),
        (CSV.encode("cp1252"), "list.CSV", ("csv",)),
        (GEOJSON, "zones.geojson", ("geojson", "json")),
        (GEOJSON, "zones.json", ("geojson", "json")),
        (b"", "empty.xlsx", CQC),
        (b"PK\x03\x04broken", "cut-short.xlsx", CQC),
    ],
)
def test_files_whose_contents_match_their_names_pass(raw, name, allowed):
    assert check_content(raw, name, allowed) == sniff(raw)


@pytest.mark.parametrize("kind", CQC)
def test_each_cqc_format_passes_under_its_own_name(books, kind):
    assert check_content(books[kind], f"hsca.{kind}", CQC) == kind


@pytest.mark.parametrize(
    ("contents", "name", "allowed", "message"),
    [
        (
            "csv",
            "cqc.xlsx",
            CQC,
            "cqc.xlsx is named as an Excel workbook but its contents are CSV text. "
            "Rename it to end in .csv, or open it in a spreadsheet program and save it as .xlsx.",
        ),
        (
            "xlsx",
            "cqc.ods",
            CQC,
            "cqc.ods is named as an OpenDocument spreadsheet but its contents are an Excel "
            "workbook (.xlsx). Rename it to end in .xlsx, or open it in a spreadsheet program "
            "and save it as .ods.",
        ),
        (
            "ods",
            "cqc.xlsx",
            CQC,
            "cqc.xlsx is named as an Excel workbook but its contents are an OpenDocument "
            "spreadsheet (.ods). Rename it to end in .ods",
        ),
        (
            "xlsx",
            "figures.csv",
            ("csv",),
            "figures.csv is named as a CSV file but its contents are an Excel workbook (.xlsx). "
            "Open it in a spreadsheet program and save it as CSV (.csv).",
        ),
        (
            "ods",
            "population.csv",
            ("csv", "xlsx"),
            "population.csv is named as a CSV file but its contents are an OpenDocument "
            "spreadsheet (.ods). Open it in a spreadsheet program and save it as CSV (.csv) "
            "or an Excel workbook (.xlsx).",
        ),
        (
            "csv",
            "zones.geojson",
            ("geojson", "json"),
            "zones.geojson is named as a GeoJSON file but its contents are plain text that is "
            "not GeoJSON (a CSV file, perhaps). Save the data as GeoJSON (.geojson).",
        ),
    ],
)
def test_a_renamed_file_is_refused_with_what_it_really_is(books, contents, name, allowed, message):
    with pytest.raises(InputFileError) as caught:
        check_content(books[contents], name, allowed)
    assert caught.value.file == name
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].message.startswith(message)


@pytest.mark.parametrize(
    ("raw", "name", "allowed", "contents"),
    [
        (PNG, "cqc.xlsx", CQC, "a PNG image"),
        (b"%PDF-1.4\n", "list.csv", ("csv",), "a PDF document"),
        (HTML, "zones.geojson", ("geojson", "json"), "a web page (HTML)"),
        (HTML, "hsca.ods", CQC, "a web page (HTML)"),
        (GEOJSON, "zones.csv", ("csv",), "JSON text"),
        (b"PK\x03\x04broken", "list.csv", ("csv",), "a damaged zip file"),
        (_zip({"readme.txt": b"hello"}), "hsca.xlsx", CQC, "a zip archive"),
        (b"\xd0\xcf\x11\xe0rest", "hsca.xlsx", CQC, "an old Excel .xls file"),
        (b"\x1f\x8b\x08\x00rest", "list.csv", ("csv",), "a gzip-compressed file"),
        (b"a,b\n\x00\x00\x00\x00", "list.csv", ("csv",), "binary data, not text"),
    ],
)
def test_other_kinds_of_file_under_a_data_name_are_refused(raw, name, allowed, contents):
    with pytest.raises(InputFileError) as caught:
        check_content(raw, name, allowed)
    assert f"{name} is named as " in str(caught.value)
    assert f"but its contents are {contents}" in str(caught.value)


def test_a_file_without_an_extension_is_judged_by_its_contents(books):
    assert check_content(books["ods"], "cqc-download", CQC) == "ods"
    with pytest.raises(InputFileError, match="cqc-download is a PNG image; expected CSV"):
        check_content(PNG, "cqc-download", CQC)


def test_a_format_the_importer_does_not_read_is_refused_under_its_own_name(books):
    with pytest.raises(InputFileError) as caught:
        check_content(books["xlsx"], "figures.xlsx", ("csv",))
    assert "figures.xlsx is an Excel workbook (.xlsx); expected CSV (.csv)." in str(caught.value)


def test_the_message_names_the_file_but_quotes_nothing_from_inside_it():
    name = "<script>alert(1)</script>.csv"
    with pytest.raises(InputFileError) as caught:
        check_content(HTML, name, ("csv",))
    text = str(caught.value)
    assert text.count(name) == 2  # in the heading and the problem; displays escape both
    assert text.replace(name, "").count("alert") == 0


def test_the_importers_own_error_is_raised():
    with pytest.raises(cqc.CqcFileError):
        check_content(PNG, "hsca.csv", CQC, cqc.CqcFileError)


def test_a_huge_mimetype_member_is_not_unzipped_to_sniff_it():
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("mimetype", "w") as member,
    ):
        for _ in range(100):
            member.write(bytes(2**20))
    started = time.perf_counter()
    assert sniff(out.getvalue()) == "zip"
    assert time.perf_counter() - started < 0.1  # unzipping all 100 MB takes about 0.4 s


@pytest.mark.parametrize(("kind", "name"), [("xlsx", "hsca.ods"), ("ods", "hsca.xlsx")])
def test_the_cqc_importer_refuses_a_workbook_renamed_to_the_other_format(books, kind, name):
    with pytest.raises(cqc.CqcFileError) as caught:
        cqc.import_cqc(books[kind], name)
    assert str(caught.value).startswith(f"{name} was not imported: 1 problem(s) found.")
    assert f"Rename it to end in .{kind}" in str(caught.value)


@pytest.mark.parametrize("kind", CQC)
def test_the_cqc_importer_still_reads_each_format_under_its_own_name(books, kind):
    assert cqc.import_cqc(books[kind], f"hsca.{kind}").counts == fx.EXPECTED_ALL


def test_a_password_protected_workbook_is_named_as_such():
    raw = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(InputFileError) as caught:
        check_content(raw, "hsca.xlsx", CQC)
    assert "its contents are a password-protected Office file" in str(caught.value)
    assert "Remove its password in Excel" in str(caught.value)
