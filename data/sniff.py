"""What an uploaded file really holds, judged from its bytes and checked against its name."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from data.problems import InputFileError, Problem

# Enough to judge text from binary; importers read the whole file later.
HEAD_BYTES = 8192
# Text files may hold a stray control character; more than this share of them is binary.
MAX_CONTROL_SHARE = 0.01
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Office saves a password-protected .xlsx inside an old-style (OLE2) file, in this stream.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

# What the bytes hold, phrased to follow "its contents are".
CONTENTS = {
    "csv": "CSV text",
    "json": "JSON text",
    "html": "a web page (HTML)",
    "xml": "an XML document (an Excel 2003 XML spreadsheet, perhaps)",
    "xlsx": "an Excel workbook (.xlsx)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "docx": "a Word document (.docx)",
    "zip": "a zip archive that is neither a .xlsx nor a .ods workbook",
    "damaged_zip": "a damaged zip file",
    "xls": "an old Excel .xls file (or another pre-2007 Office file)",
    "encrypted": "a password-protected Office file",
    "pdf": "a PDF document",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "gzip": "a gzip-compressed file",
    "binary": "binary data, not text",
}
# What a file's name says it holds: extension -> (kind, "is named as ...").
NAMES = {
    "csv": ("csv", "a CSV file"),
    "xlsx": ("xlsx", "an Excel workbook"),
    "xlsm": ("xlsx", "an Excel workbook"),
    "ods": ("ods", "an OpenDocument spreadsheet"),
    "json": ("json", "a JSON file"),
    "geojson": ("json", "a GeoJSON file"),
    "xls": ("xls", "an old Excel .xls file"),
    "docx": ("docx", "a Word document"),
    "zip": ("zip", "a zip archive"),
    "pdf": ("pdf", "a PDF document"),
    "png": ("png", "a PNG image"),
    "jpg": ("jpeg", "a JPEG image"),
    "jpeg": ("jpeg", "a JPEG image"),
    "gif": ("gif", "a GIF image"),
    "gz": ("gzip", "a gzip-compressed file"),
    "htm": ("html", "a web page"),
    "html": ("html", "a web page"),
    "xml": ("xml", "an XML document"),
}
# The formats importers accept, in the order messages list them.
EXPECTED = {
    "csv": "CSV (.csv)",
    "xlsx": "an Excel workbook (.xlsx)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "json": "GeoJSON (.geojson)",
}
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "ods": "ods", "json": "geojson"}
ZIP_KINDS = ("xlsx", "ods", "docx", "zip", "damaged_zip")
SPREADSHEET_KINDS = ("xlsx", "ods", "xls")
_MAGIC = (
    (b"\xd0\xcf\x11\xe0", "xls"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"\x1f\x8b", "gzip"),
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1a")


def sniff(raw: bytes) -> str:
    """Return what the bytes hold: "empty" or a key of CONTENTS, whatever the file is named."""
    if _blank(raw[:HEAD_BYTES]) and _blank(raw):
        return "empty"
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(raw)
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return "encrypted" if kind == "xls" and ENCRYPTED_STREAM in raw else kind
    text = _head_text(raw[:HEAD_BYTES])
    if text is None:
        return "binary"
    start = text.lstrip("\ufeff \t\r\n")[:5].lower()
    if start.startswith(("{", "[")):
        return "json"
    if start.startswith("<?xml"):
        return "xml"
    if start.startswith("<"):
        return "html"
    return "csv"


def check_content(
    raw: bytes,
    file_name: str,
    allowed: Iterable[str],
    error: type[InputFileError] = InputFileError,
) -> str:
    """Return what the bytes hold, or raise `error` if that is not what the name says.

    `allowed` names the accepted extensions (csv, xlsx, ods, geojson, json). A file is
    refused when its extension names another kind than its contents, or when its contents
    are of no accepted kind. Empty files pass, for each importer to say so in its own words.
    """
    kind = sniff(raw)
    if kind == "empty":
        return kind
    accepted = [NAMES[ext][0] for ext in allowed]
    base = file_name.replace("\\", "/").rpartition("/")[2]
    extension = base.rpartition(".")[2].lower() if "." in base else ""
    named, named_as = NAMES.get(extension, (None, None))
    if named is not None and not _matches(named, kind):
        found = f"{file_name} is named as {named_as} but its contents are {_contents(kind, named)}."
    elif not any(_matches(wanted, kind) for wanted in accepted):
        found = f"{file_name} is {_contents(kind, None)}; expected {_expected(accepted)}."
    else:
        return kind
    raise error(file_name, [Problem(None, None, f"{found} {_advice(kind, named, accepted)}")])


@dataclass(frozen=True)
class CsvZip:
    """What a publisher's zip of CSV files may hold, and what its refusals say."""

    publisher: str  # "download it again from ..."
    expected: str  # the CSVs expected when there are none
    published: str  # how many the publisher publishes, when there are too many
    max_mb: int  # no more is read, whatever sizes the archive claims
    max_files: int
    # Why an archive is too large once unzipped, or None (data.cqc.check_unzipped_size).
    size_check: Callable[[zipfile.ZipFile], str | None]
    sized: str = ""  # the files' usual size, when they unzip to more than max_mb
    prefer: str = ""  # CSVs whose names hold this are read alone when there are any


def read_csv_texts(
    raw: bytes,
    file_name: str,
    error: type[InputFileError],
    rules: CsvZip,
    *,
    unzip_unnamed: bool = False,
) -> list[tuple[str, str]]:
    """Return (file label for messages, text) for a CSV, or each CSV in a zip; or raise `error`.

    A file is unzipped when it is a zip named .zip or, with `unzip_unnamed`, a zip whose name
    has no extension (a download's address may not end in .zip); anything else must be a
    CSV, and the sniffer says what it is when it is not.
    """
    if not raw.strip():
        raise error(file_name, [Problem(None, None, "the file is empty")])
    kind = sniff(raw)
    named = file_name.casefold()
    if (kind in ZIP_KINDS and named.endswith(".zip")) or (
        unzip_unnamed and kind in ("zip", "damaged_zip") and "." not in named.rpartition("/")[2]
    ):
        return _unzip_csvs(raw, file_name, error, rules)
    check_content(raw, file_name, ("csv",), error)
    return [(file_name, _decode(raw))]


def _decode(raw: bytes) -> str:
    # Codes, labels and numbers are read; a stray byte in a name does no harm.
    return raw.decode("utf-8-sig", errors="replace")


def _unzip_csvs(
    raw: bytes, file_name: str, error: type[InputFileError], rules: CsvZip
) -> list[tuple[str, str]]:
    def refuse(message: str) -> InputFileError:
        return error(file_name, [Problem(None, None, message)])

    left = rules.max_mb * 2**20
    texts = []
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if too_large := rules.size_check(archive):
                raise refuse(too_large.replace("workbook", "archive"))
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.casefold().endswith(".csv")
                and not info.filename.startswith("__MACOSX/")
                and not info.filename.rpartition("/")[2].startswith(".")
            ]
            if rules.prefer:
                chosen = [
                    i for i in members if rules.prefer in i.filename.rpartition("/")[2].casefold()
                ]
                members = chosen or members
            if not members:
                raise refuse(f"the zip archive holds no CSV file; expected {rules.expected}")
            if len(members) > rules.max_files:
                raise refuse(
                    f"the zip archive holds {len(members):,} CSV files; expected at most "
                    f"{rules.max_files} ({rules.published})"
                )
            for info in members:
                # Sizes written in a zip can lie: read no more than the limit allows.
                with archive.open(info) as member:
                    data = member.read(left + 1)
                left -= len(data)
                if left < 0:
                    raise refuse(
                        f"its CSV files unzip to more than {rules.max_mb} MB"
                        + (f"; expected {rules.sized}" if rules.sized else "")
                    )
                texts.append((f"{file_name} (its file '{info.filename}')", _decode(data)))
    except InputFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        raise refuse(
            "the zip archive is damaged or password-protected; download it again from "
            f"{rules.publisher}"
        ) from None
    return texts


def _blank(raw: bytes) -> bool:
    bare = raw.strip()
    for bom in _BOMS:
        bare = bare.removeprefix(bom).strip()
    return not bare


def _zip_kind(raw: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                # Read only the start: the member's size is not to be trusted.
                with archive.open("mimetype") as member:
                    if member.read(len(ODS_MIMETYPE)) == ODS_MIMETYPE:
                        return "ods"
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        return "damaged_zip"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("word/") for name in names):
        return "docx"
    return "zip"


def _head_text(head: bytes) -> str | None:
    """Return the start of a text file as text, or None when the bytes are not text."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    elif b"\x00" in head:
        encoding = _utf16_without_bom(head)
        if encoding is None:
            return None
        text = head.decode(encoding, errors="replace")
    else:
        # Only the first characters are compared, and they are ASCII in any 8-bit text.
        text = head.decode("latin-1")
    controls = sum(1 for char in text if ord(char) < 32 and ord(char) not in _ALLOWED_CONTROLS)
    if "\x00" in text or controls > len(text) * MAX_CONTROL_SHARE:
        return None
    return text


def _utf16_without_bom(head: bytes) -> str | None:
    """Return utf-16-be or -le when every other byte is NUL, as in plain UTF-16 text."""
    even, odd = head[0::2], head[1::2]
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    return None


def _matches(wanted: str, kind: str) -> bool:
    # A damaged zip may be a cut-short workbook; the workbook reader says what is wrong.
    return wanted == kind or (kind == "damaged_zip" and wanted in ZIP_KINDS)


def _contents(kind: str, named: str | None) -> str:
    if kind == "csv" and named == "json":
        return "plain text that is not GeoJSON (a CSV file, perhaps)"
    return CONTENTS[kind]


def _advice(kind: str, named: str | None, accepted: list[str]) -> str:
    """Return what the user can do: rename, save in another format or find the real file."""
    expected = _expected(accepted)
    if kind in accepted:
        tip = f"Rename it to end in .{EXTENSIONS[kind]}"
        if named in accepted and named in (*SPREADSHEET_KINDS, "csv"):
            tip += f", or open it in a spreadsheet program and save it as .{EXTENSIONS[named]}"
        return tip + "."
    if kind == "encrypted":
        return f"Remove its password in Excel, then save it as {expected}."
    if kind == "damaged_zip":
        return "It may have been cut short while downloading or copying: fetch or save it again."
    if kind in SPREADSHEET_KINDS:
        return f"Open it in a spreadsheet program and save it as {expected}."
    if kind == "html":
        return (
            "It may be the web page the file is linked from: "
            f"download the file itself as {expected}."
        )
    if kind == "csv" and "csv" not in accepted:
        return f"Save the data as {expected}."
    return f"It is not the data file: export or download the data again as {expected}."


def _expected(accepted: list[str]) -> str:
    items = [text for kind, text in EXPECTED.items() if kind in accepted]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"
