"""The CQC care directory (HSCA Active Locations, older directory CSV): read, place, import."""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.budget import check_time
from data.cqc_places import (
    NOT_PLACED,
    PLACED_BY_COORDINATES,
    PLACED_BY_POSTCODE,
    in_council,
    place_homes,
)
from data.problems import InputFileError, Problem, line_count, too_many_rows
from data.sniff import ZIP_KINDS, check_content
from geo.councils import Council

KIND = "care_homes"
# The CQC's workbooks hold a handful of sheets; more is not a directory.
MAX_SHEETS = 50
# The Care Quality Commission began registering services in 2009: no rating is older.
EARLIEST_RATING = pd.Timestamp("2009-01-01")
CQC_LOCATION_URL = "https://www.cqc.org.uk/location/{}"
HEADER_SEARCH_ROWS = 30
FETCH_TIMEOUT_S = 60
FETCH_MAX_MB = 200
UPLOAD_SUFFIXES = ("ods", "xlsx", "csv")
# Workbooks that unzip past this, or with a large member that zip shrank more than varied
# sheet data shrinks, are refused before parsing (a "zip bomb" would exhaust memory).
MAX_UNZIPPED_MB = 1024
MAX_ZIP_RATIO = 200
_RATIO_CHECKED_FROM_MB = 10
# More beds than any care home has: a typing error (or "inf"), left blank with a warning.
MAX_BEDS = 10_000
# Rows in a directory: the national file lists about 50,000 active locations.
MAX_ROWS = 100_000

CARE_TYPES = ("nursing", "residential", "both", "not stated")
RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate", "Not rated")

# Columns of the current directory ("care directory with filters"), read by name.
HSCA_COLUMNS = {
    "location_id": "Location ID",
    "name": "Location Name",
    "care_home": "Care home?",
    "dormant": "Dormant (Y/N)",
    "beds": "Care homes beds",
    "sector": "Location Type/Sector",
    "directorate": "Location Inspection Directorate",
    "category": "Location Primary Inspection Category",
    "rating": "Location Latest Overall Rating",
    "rating_date": "Publication Date",
    "local_authority": "Location Local Authority",
    "postcode": "Location Postal Code",
    "lat": "Location Latitude",
    "lon": "Location Longitude",
    "provider_id": "Provider ID",
    "provider": "Provider Name",
    "nursing": "Service type - Care home service with nursing",
    "residential": "Service type - Care home service without nursing",
    "domiciliary": "Service type - Domiciliary care service",
    "older_people": "Service user band - Older People",
    "dementia": "Service user band - Dementia",
}
HSCA_REQUIRED = ("location_id", "name", "care_home", "postcode", "beds", "nursing", "residential")

# Columns of the older monthly "CQC directory" CSV. Its office-use headers have lost
# their closing bracket in published files, so these two match by their start.
DIRECTORY_COLUMNS = {
    "name": "Name",
    "address": "Address",
    "postcode": "Postcode",
    "service_types": "Service types",
    "local_authority": "Local Authority",
    "location_id": "CQC Location (for office use only",
    "provider_id": "CQC Provider ID (for office use only",
    "provider": "Provider name",
    "beds": "Care homes beds",
    "rating": "Latest overall rating",
    "rating_date": "Date of latest check",
    "specialisms": "Specialisms/services",
}
DIRECTORY_REQUIRED = ("name", "postcode", "service_types", "location_id")
_PREFIX_MATCH = {"location_id", "provider_id"}

HOME_COLUMNS = (
    "location_id",
    "name",
    "provider_id",
    "provider",
    "care_type",
    "beds",
    "rating",
    "rating_date",
    "older_people",
    "dementia",
    "postcode",
    "local_authority",
    "lat",
    "lon",
    "easting",
    "northing",
    "lad_code",
    "placed_by",
    "place_note",
    "kind",
    "source_row",
)


class CqcFileError(InputFileError):
    """A CQC file that cannot be imported; nothing from it is used."""

    OUTCOME = "was not imported"


@dataclass(frozen=True)
class CqcImport:
    """One imported CQC file: the care homes kept and what happened to every row."""

    file_name: str
    file_format: str
    homes: pd.DataFrame
    rows_read: int
    dropped: dict[str, int] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()

    @property
    def rows_kept(self) -> int:
        """Return the number of care homes kept (placed or not)."""
        return len(self.homes)

    @property
    def counts(self) -> dict[str, int]:
        """Return rows read, kept, placed by coordinates, by postcode, and not placed."""
        return {"rows read": self.rows_read, **placement_counts(self.homes)}

    @property
    def not_placed(self) -> dict[str, int]:
        """Return the reasons homes could not be placed, with how many each."""
        return not_placed_reasons(self.homes)

    def summary_lines(self) -> list[str]:
        """Return the import's counts as short sentences for the screen and the terminal."""
        c = self.counts
        lines = [
            f"{self.file_name} ({self.file_format}): {c['rows read']:,} rows read, "
            f"{c['kept']:,} care homes kept.",
            f"Placed by coordinates: {c['placed by coordinates']:,}; by postcode: "
            f"{c['placed by postcode']:,}; not placed: {c['not placed']:,}.",
        ]
        lines += [f"Not kept ({reason}): {n:,}" for reason, n in self.dropped.items()]
        lines += [f"Not placed ({reason}): {n:,}" for reason, n in self.not_placed.items()]
        return lines


def placement_counts(homes: pd.DataFrame) -> dict[str, int]:
    """Return how many homes were kept, placed by coordinates, by postcode, and not placed."""
    placed = homes["placed_by"].value_counts()
    return {
        "kept": len(homes),
        "placed by coordinates": int(placed.get(PLACED_BY_COORDINATES, 0)),
        "placed by postcode": int(placed.get(PLACED_BY_POSTCODE, 0)),
        "not placed": int(placed.get(NOT_PLACED, 0)),
    }


def not_placed_reasons(homes: pd.DataFrame) -> dict[str, int]:
    """Return each reason a home was not placed, with how many homes it applies to."""
    notes = homes.loc[homes["placed_by"] == NOT_PLACED, "place_note"]
    return {str(reason): int(n) for reason, n in notes.value_counts().items()}


def cqc_url(location_id: str) -> str:
    """Return the CQC web page of a location."""
    return CQC_LOCATION_URL.format(location_id)


def import_cqc(raw: bytes, file_name: str, council: Council | None = None) -> CqcImport:
    """Read a CQC file, keep registered non-dormant care homes and place each one.

    With a council, only homes in its districts are kept. Raises CqcFileError, naming
    the problem and where, when the file cannot be used.
    """
    file_format, table, header_row = _read_table(raw, file_name)
    check_time("checking each home")
    layout = "directory" if "Location ID" not in table.columns else "hsca"
    columns = _resolve_columns(table, layout, file_name, header_row)
    warnings: list[Problem] = []
    homes, dropped = _normalise(table, columns, layout, header_row, warnings)
    check_time("placing the homes on the map")
    homes = place_homes(homes, warnings, columns.get("lat", HSCA_COLUMNS["lat"]))
    check_time("choosing the homes in the council")
    outside = homes["lad_code"].str.startswith(("W", "S", "N"), na=False)
    if outside.any():
        dropped["outside England (for example Welsh addresses)"] = int(outside.sum())
        homes = homes[~outside]
    if council is not None:
        inside = in_council(homes, council)
        if (~inside).any():
            dropped[f"outside {council.name}"] = int((~inside).sum())
        homes = homes[inside]
    if homes.empty:
        where = f" in {council.name}" if council is not None else ""
        raise CqcFileError(
            file_name,
            [Problem(None, None, f"no registered, non-dormant care homes found{where}")],
        )
    homes = homes.assign(kind="imported").loc[:, list(HOME_COLUMNS)].reset_index(drop=True)
    label = "CQC directory CSV" if layout == "directory" else f"HSCA Active Locations {file_format}"
    return CqcImport(
        file_name=file_name,
        file_format=label,
        homes=homes,
        rows_read=len(table),
        dropped=dropped,
        warnings=tuple(warnings),
    )


def _read_table(raw: bytes, file_name: str) -> tuple[str, pd.DataFrame, int]:
    """Return the file format, the data rows under their header, and the header's row number."""
    kind = check_content(raw, file_name, UPLOAD_SUFFIXES, CqcFileError)
    if not raw:
        raise CqcFileError(file_name, [Problem(None, None, "the file is empty")])
    if kind in ZIP_KINDS:
        return _read_spreadsheet(raw, file_name)
    return ".csv", *_read_csv(raw, file_name)


def check_unzipped_size(archive: zipfile.ZipFile) -> str | None:
    """Return why a workbook is refused as too large once unzipped, or None if it is not."""
    members = archive.infolist()
    total = sum(member.file_size for member in members)
    if total > MAX_UNZIPPED_MB * 1024 * 1024:
        return f"the workbook unzips to {total // 2**20:,} MB, over the {MAX_UNZIPPED_MB} MB limit"
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_CHECKED_FROM_MB * 2**20 and ratio > MAX_ZIP_RATIO:
            return (
                f"'{member.filename}' in the workbook unzips {ratio:,.0f} times larger; "
                "it is not a real spreadsheet"
            )
    return None


def _zip_format(raw: bytes, file_name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if too_large := check_unzipped_size(archive):
                raise CqcFileError(file_name, [Problem(None, None, too_large)])
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode() if "mimetype" in names else ""
    except zipfile.BadZipFile as exc:
        raise CqcFileError(file_name, [Problem(None, None, f"a damaged zip file ({exc})")]) from exc
    if "opendocument.spreadsheet" in mimetype:
        return ".ods"
    if "xl/workbook.xml" in names:
        return ".xlsx"
    raise CqcFileError(
        file_name, [Problem(None, None, "a zip file that is neither a .ods nor a .xlsx workbook")]
    )


def _read_spreadsheet(raw: bytes, file_name: str) -> tuple[str, pd.DataFrame, int]:
    suffix = _zip_format(raw, file_name)
    try:
        # calamine (Rust) reads the national .ods in seconds; odfpy would take minutes.
        book = pd.ExcelFile(io.BytesIO(raw), engine="calamine")
        if len(book.sheet_names) > MAX_SHEETS:
            # Each sheet is searched for the header: 10,000 tiny sheets took two minutes.
            raise CqcFileError(
                file_name,
                [
                    Problem(
                        None,
                        None,
                        f"expected a workbook of at most {MAX_SHEETS} sheets, found "
                        f"{len(book.sheet_names):,}: the CQC directory has a few",
                    )
                ],
            )
        for sheet in book.sheet_names:
            top = pd.read_excel(
                book,
                sheet_name=sheet,
                header=None,
                nrows=HEADER_SEARCH_ROWS,
                dtype=object,
                keep_default_na=False,
            )
            header_index = _find_header([_cells(row) for row in top.itertuples(index=False)])
            if header_index is None:
                continue
            table = pd.read_excel(
                book,
                sheet_name=sheet,
                header=None,
                skiprows=header_index,
                nrows=MAX_ROWS + 2,  # the header and one row past the limit
                dtype=object,
                keep_default_na=False,
            )
            if problems := too_many_rows(len(table) - 1, MAX_ROWS, counted="more"):
                raise CqcFileError(file_name, problems)
            return suffix, _frame_from_rows(table.values.tolist()), header_index + 1
    except CqcFileError:
        raise
    except Exception as exc:  # readers raise many types for broken workbooks
        raise CqcFileError(
            file_name, [Problem(None, None, f"the workbook could not be read ({exc})")]
        ) from exc
    raise CqcFileError(file_name, [_no_header_problem()])


def _read_csv(raw: bytes, file_name: str) -> tuple[pd.DataFrame, int]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Files saved from Excel on Windows; latin-1 reads any byte, so this never fails.
        text = raw.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise CqcFileError(file_name, [Problem(None, None, "not a CSV text file")])
    # Lines are counted before parsing, allowing for notes above the header; records after.
    lines = line_count(text)
    if lines > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise CqcFileError(file_name, too_many_rows(lines, MAX_ROWS, counted="file lines"))
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise CqcFileError(file_name, [Problem(None, None, f"unreadable CSV ({exc})")]) from exc
    header_index = _find_header([[c.strip() for c in row] for row in rows[:HEADER_SEARCH_ROWS]])
    if header_index is None:
        raise CqcFileError(file_name, [_no_header_problem()])
    records = sum(1 for row in rows[header_index + 1 :] if any(cell.strip() for cell in row))
    if problems := too_many_rows(records, MAX_ROWS, counted="rows"):
        raise CqcFileError(file_name, problems)
    return _frame_from_rows(rows[header_index:]), header_index + 1


def _no_header_problem() -> Problem:
    return Problem(
        None,
        None,
        "no header row found in the first 30 rows; expected a row with 'Location ID' "
        "(care directory with filters) or 'Name' and 'Postcode' (CQC directory)",
    )


def _cells(row: Sequence[object]) -> list[str]:
    return ["" if pd.isna(cell) else str(cell).strip() for cell in row]


def _find_header(rows: list[list[str]]) -> int | None:
    for index, row in enumerate(rows):
        if "Location ID" in row or ("Name" in row and "Postcode" in row):
            return index
    return None


def _frame_from_rows(rows: list[list[object]]) -> pd.DataFrame:
    header = _cells(rows[0])
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    body = [list(row[:width]) + [None] * (width - len(row)) for row in rows[1:]]
    table = pd.DataFrame(body, columns=_unique(header[:width]), dtype=object)
    table.index = pd.RangeIndex(1, len(table) + 1)  # data row n is n rows below the header
    blank = table.map(lambda v: v is None or (isinstance(v, str) and not v.strip()) or v != v)
    return table[~blank.all(axis=1)]


def _unique(names: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


def _resolve_columns(
    table: pd.DataFrame, layout: str, file_name: str, header_row: int
) -> dict[str, str]:
    wanted, required = (
        (HSCA_COLUMNS, HSCA_REQUIRED)
        if layout == "hsca"
        else (DIRECTORY_COLUMNS, DIRECTORY_REQUIRED)
    )
    present = {_squash(str(c)): str(c) for c in table.columns}
    found: dict[str, str] = {}
    for key, header in wanted.items():
        target = _squash(header)
        if target in present:
            found[key] = present[target]
        elif key in _PREFIX_MATCH:
            match = next((c for s, c in present.items() if s.startswith(target)), None)
            if match is not None:
                found[key] = match
    missing = [wanted[key] for key in required if key not in found]
    if missing:
        kind = "care directory with filters" if layout == "hsca" else "CQC directory"
        raise CqcFileError(
            file_name,
            [
                Problem(header_row, name, f"missing column; the {kind} has it in its header row")
                for name in missing
            ],
        )
    return found


def _text(table: pd.DataFrame, columns: dict[str, str], key: str) -> pd.Series:
    if key not in columns:
        return pd.Series("", index=table.index, dtype="string")
    values = table[columns[key]].map(lambda v: "" if v is None or v != v else str(v).strip())
    return values.astype("string")


def _flag(table: pd.DataFrame, columns: dict[str, str], key: str) -> pd.Series:
    return _text(table, columns, key).str.upper().isin(["Y", "YES", "TRUE"])


def _normalise(
    table: pd.DataFrame,
    columns: dict[str, str],
    layout: str,
    header_row: int,
    warnings: list[Problem],
) -> tuple[pd.DataFrame, dict[str, int]]:
    dropped: dict[str, int] = {}
    if layout == "hsca":
        nursing = _flag(table, columns, "nursing")
        residential = _flag(table, columns, "residential")
        is_home = _flag(table, columns, "care_home") | nursing | residential
        dormant = _flag(table, columns, "dormant")
        older = _flag(table, columns, "older_people")
        dementia = _flag(table, columns, "dementia")
    else:
        services = _text(table, columns, "service_types").str.casefold()
        nursing = services.str.contains("care home service with nursing", regex=False)
        residential = services.str.contains("care home service without nursing", regex=False)
        is_home = nursing | residential
        dormant = pd.Series(False, index=table.index)
        specialisms = _text(table, columns, "specialisms").str.casefold()
        older = specialisms.str.contains("over 65|older people", regex=True)
        dementia = specialisms.str.contains("dementia", regex=False)
    if (~is_home).any():
        dropped["not a care home"] = int((~is_home).sum())
    if (is_home & dormant).any():
        dropped["dormant"] = int((is_home & dormant).sum())
    keep = is_home & ~dormant
    care_type = np.select(
        [nursing & residential, nursing, residential],
        ["both", "nursing", "residential"],
        "not stated",
    )
    homes = pd.DataFrame(
        {
            "location_id": _text(table, columns, "location_id"),
            "name": _text(table, columns, "name"),
            "provider_id": _text(table, columns, "provider_id"),
            "provider": _text(table, columns, "provider"),
            "care_type": pd.Series(care_type, index=table.index, dtype="string"),
            "beds": _beds(table, columns, header_row, warnings, keep),
            "rating": _rating(_text(table, columns, "rating")),
            "rating_date": _dates(table, columns, header_row, warnings, keep),
            "older_people": older.astype(bool),
            "dementia": dementia.astype(bool),
            "postcode": _text(table, columns, "postcode"),
            "local_authority": _text(table, columns, "local_authority"),
            "lat": _coordinate(table, columns, "lat"),
            "lon": _coordinate(table, columns, "lon"),
            "source_row": pd.Series(table.index + header_row, index=table.index, dtype="int64"),
        }
    )
    homes = homes[keep]
    # A home listed twice would count its beds twice: keep the first, say which rows.
    repeated = homes["location_id"].ne("") & homes["location_id"].duplicated(keep="first")
    first_row = homes.drop_duplicates("location_id").set_index("location_id")["source_row"]
    for _, home in homes[repeated].iterrows():
        warnings.append(
            Problem(
                int(home["source_row"]),
                columns.get("location_id", HSCA_COLUMNS["location_id"]),
                f"the same location ID ({home['location_id'][:20]}) as row "
                f"{int(first_row[home['location_id']])}; counted once",
            )
        )
    if repeated.any():
        dropped["listed twice"] = int(repeated.sum())
    return homes[~repeated], dropped


def _beds(
    table: pd.DataFrame,
    columns: dict[str, str],
    header_row: int,
    warnings: list[Problem],
    keep: pd.Series,
) -> pd.Series:
    text = _text(table, columns, "beds").str.replace(",", "", regex=False)
    numbers = pd.to_numeric(text.replace("", pd.NA), errors="coerce")
    bad = numbers.isna() | (numbers < 0) | (numbers % 1 != 0) | (numbers > MAX_BEDS)
    bad = text.ne("") & bad & keep
    for index in bad[bad].index:
        warnings.append(
            Problem(
                int(index) + header_row,
                columns.get("beds", HSCA_COLUMNS["beds"]),
                f"expected a whole number of beds, found '{text[index][:30]}'; left blank",
            )
        )
    numbers[bad] = np.nan
    return numbers.round().astype("Int64")


def _rating(values: pd.Series) -> pd.Series:
    canonical = {rating.casefold(): rating for rating in RATINGS}
    return values.map(lambda v: canonical.get(str(v).casefold(), "Not rated")).astype("string")


def _dates(
    table: pd.DataFrame,
    columns: dict[str, str],
    header_row: int,
    warnings: list[Problem],
    keep: pd.Series,
) -> pd.Series:
    if "rating_date" not in columns:
        return pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns]")
    raw = table[columns["rating_date"]]
    parsed = _parse_dates(raw)
    bad = raw.map(lambda v: v is not None and v == v and str(v).strip() != "") & parsed.isna()
    for index in bad[bad & keep].index:
        warnings.append(
            Problem(
                int(index) + header_row,
                columns["rating_date"],
                f"expected a date such as 14/03/2024, found '{str(raw[index])[:30]}'; left blank",
            )
        )
    return parsed


def _plausible(stamps: pd.Series) -> pd.Series:
    """Keep dates CQC could have published (from its start to a year ahead); blank others.

    A date such as 2999-01-01 also lies beyond what a nanosecond timestamp holds.
    """
    latest = pd.Timestamp.today().normalize() + pd.DateOffset(years=1)
    keep = (stamps >= EARLIEST_RATING) & (stamps <= latest)
    return stamps.where(keep).astype("datetime64[ns]")


def _parse_dates(raw: pd.Series) -> pd.Series:
    """Parse spreadsheet dates and the texts CQC writes (14/03/2024 or 2024-03-14), at once."""
    is_date = raw.map(lambda v: hasattr(v, "year") and not isinstance(v, str))
    parsed = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if is_date.any():
        stamps = pd.to_datetime(raw[is_date].astype(object), errors="coerce")
        parsed[is_date] = _plausible(stamps.dt.tz_localize(None).dt.normalize())
    text = raw[~is_date].map(lambda v: "" if v is None or v != v else str(v).strip())
    for pattern, fmt in (
        (r"^(\d{1,2}/\d{1,2}/\d{4})", "%d/%m/%Y"),
        (r"^(\d{4}-\d{2}-\d{2})", "%Y-%m-%d"),
    ):
        found = text.str.extract(pattern, expand=False).dropna()
        found = found[parsed[found.index].isna()]
        if not found.empty:
            parsed[found.index] = _plausible(pd.to_datetime(found, format=fmt, errors="coerce"))
    return parsed


def _coordinate(table: pd.DataFrame, columns: dict[str, str], key: str) -> pd.Series:
    return pd.to_numeric(_text(table, columns, key).replace("", pd.NA), errors="coerce").astype(
        "float64"
    )


if __name__ == "__main__":
    from data.cqc_cli import main

    sys.exit(main())
