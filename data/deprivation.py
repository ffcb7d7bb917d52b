"""English Indices of Deprivation 2019 (MHCLG): read File 1 or File 7, check, split by council."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from data import store
from data.budget import check_time
from data.cqc import check_unzipped_size
from data.figures import FIGURE_COLUMNS, empty_figures
from data.national import DEPRIVATION
from data.problems import (
    InputFileError,
    Problem,
    duplicate_columns,
    read_csv_text,
    schema_problems,
    too_many_rows,
)
from data.sniff import ZIP_KINDS, check_content
from geo.boundaries import english_councils
from geo.england import lsoa_density

KIND = "deprivation"
UPLOAD_SUFFIXES = ("xlsx", "csv")
DEPRIVATION_COLUMNS = (
    "lsoa_code",
    "council_code",
    "imd_rank",
    "imd_decile",
    "idaopi_score",
    "idaopi_decile",
)
# The supply map's shading by decile, as its filters and permalinks name it.
MEASURE = "imd_decile"
# How a decile is named on screen, wherever it is shown: one label, one meaning.
DECILE_LABEL = "Deprivation decile (most deprived = 1)"
MEDIAN_DECILE_LABEL = "Deprivation decile (most deprived = 1; median of its small areas)"
TITLE = "English Indices of Deprivation 2019"
# England's 2011 small areas (LSOAs): the 2019 edition ranks every one of them.
ENGLAND_LSOAS = 32_844
# Rows in one file: the 2019 edition has one per 2011 LSOA, the 2025 one 33,755.
MAX_ROWS = 50_000
# Sheets in a workbook: MHCLG's File 1 has two (notes and the index).
MAX_SHEETS = 50
SHEET = "IMD2019"
SHEET_2025 = "IMD25"

LSOA_2011 = "lsoa code (2011)"
IMD_RANK = "index of multiple deprivation (imd) rank"
IMD_DECILE = "index of multiple deprivation (imd) decile"
IDAOPI_SCORE = "income deprivation affecting older people (idaopi) score (rate)"
IDAOPI_DECILE = "income deprivation affecting older people (idaopi) decile"
REQUIRED = {
    LSOA_2011: "LSOA code (2011)",
    IMD_RANK: "Index of Multiple Deprivation (IMD) Rank",
    IMD_DECILE: "Index of Multiple Deprivation (IMD) Decile",
}
# File 7's rank and decile headers say which end is most deprived; File 1's do not.
_WHERE = re.compile(r"\s*\(where 1 is most deprived[^)]*\)\s*$")

_EXPECTED = (
    "expected the English Indices of Deprivation 2019 as MHCLG publishes them: File 1 "
    f"(Excel, sheet '{SHEET}') or File 7 (CSV of scores, ranks and deciles)"
)
_EDITION_2025 = (
    "this is the 2025 edition of the English Indices of Deprivation, which is on the 2021 "
    "small areas (LSOAs); the app's small areas are the 2011 LSOAs, so it cannot be matched "
    "to them until the app moves to the 2021 LSOAs. Load the 2019 edition (File 1 or File 7) "
    "instead"
)


class DeprivationFileError(InputFileError):
    """A deprivation file that cannot be used; nothing from it is loaded."""


@dataclass(frozen=True)
class DeprivationImport:
    """One checked file: every small area's deciles with its council, and what was read."""

    table: pd.DataFrame  # DEPRIVATION_COLUMNS, one row per 2011 LSOA
    rows_read: int
    has_older_people: bool  # File 7: IDAOPI score and decile given
    warnings: tuple[str, ...] = ()


def normalise_header(name: object) -> str:
    """Return a header as compared: spaces collapsed, lower case, "(where 1 is ...)" dropped."""
    return _WHERE.sub("", " ".join(str(name).split()).casefold())


@lru_cache(maxsize=1)
def _council_of_lsoa() -> dict[str, str]:
    """Return 2011 LSOA code -> today's council code, through the app's own districts."""
    density = lsoa_density()
    of_district = {d: c.code for c in english_councils() for d in c.district_codes}
    council = density["district_code"].map(of_district)
    return dict(zip(density["lsoa_code"].astype(str), council.astype(str), strict=True))


def import_deprivation(raw: bytes, file_name: str) -> DeprivationImport:
    """Read and check File 1 (xlsx) or File 7 (csv) of the 2019 indices.

    Raises DeprivationFileError naming the file, row and column: for a 2025-edition file
    (2021 small areas), a wrong layout, a code that is not one of England's 2011 LSOAs, a
    rank or decile out of range, or a small area listed twice.
    """
    table, rows_read = _read_table(raw, file_name)
    check_time("checking each row")
    columns = _find_columns(table, file_name)
    _check(table, columns, file_name)
    check_time("finding each small area's council")
    lookup = _council_of_lsoa()
    codes = table[columns["lsoa"]].str.strip()
    older = "idaopi_decile" in columns
    out = pd.DataFrame(
        {
            "lsoa_code": codes.to_numpy(),
            "council_code": codes.map(lookup).to_numpy(),
            "imd_rank": _numbers(table[columns["rank"]]).astype("int64").to_numpy(),
            "imd_decile": _numbers(table[columns["decile"]]).astype("int64").to_numpy(),
            "idaopi_score": (
                _numbers(table[columns["idaopi_score"]]).to_numpy()
                if "idaopi_score" in columns
                else np.nan
            ),
            "idaopi_decile": (
                _numbers(table[columns["idaopi_decile"]]).astype("int64").to_numpy()
                if older
                else pd.NA
            ),
        }
    )
    out["idaopi_score"] = out["idaopi_score"].astype("Float64")
    out["idaopi_decile"] = out["idaopi_decile"].astype("Int64")
    out = out.sort_values("lsoa_code").reset_index(drop=True)
    return DeprivationImport(out, rows_read, older, tuple(_partial_warnings(out)))


def split_by_council(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Return council code -> that council's small areas (DEPRIVATION_COLUMNS), to store apart."""
    return {
        str(code): rows.loc[:, list(DEPRIVATION_COLUMNS)].reset_index(drop=True)
        for code, rows in table.groupby("council_code", sort=True)
    }


def council_deciles(council_code: str) -> tuple[store.ImportRecord, pd.DataFrame] | None:
    """Return the council's current deprivation import and its small areas, or None."""
    return store.current_import(KIND, council_code)


def median_deciles(deciles: pd.DataFrame, group_of: pd.Series) -> pd.Series:
    """Return the median IMD decile of each group's small areas (NaN for a group with none).

    `group_of` maps LSOA code (its index) to a group: an MSOA name or a zone.
    """
    decile = deciles.set_index("lsoa_code")["imd_decile"].astype("float64")
    frame = pd.DataFrame({"group": group_of, "decile": group_of.index.map(decile)})
    return frame.groupby("group")["decile"].median()


# A council's deprivation in one figure each, derived from its small areas: the share of its
# small areas in England's most deprived tenth (one of MHCLG's own local authority summary
# measures); and, from File 7, the plain average of its small areas' rates of older people
# in income deprivation (each small area counted once, not weighted by its older people as
# a council's own rate would be, so the label says "average small-area rate").
MOST_DEPRIVED_SHARE = "deprived_areas_share_pct"
OLDER_INCOME_DEPRIVED = "older_income_deprived_pct"
EDITION = "2019"
_SHARE_METHOD = (
    "Derived by this app: the council's small areas (LSOAs) in decile 1 of the Index of "
    "Multiple Deprivation, as a share of all its small areas."
)
_OLDER_METHOD = (
    "Derived by this app: the average of the council's small areas' IDAOPI rates (income "
    "deprivation affecting older people), each small area counted once, as a percentage."
)


def council_figures(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Return each council's deprivation figures (the figure schema, kind derived) from its
    stored small areas (DEPRIVATION_COLUMNS), for councils with every small area imported:
    a council with some missing would be summed up from part of it, so it has none."""
    tables = list(tables)
    if not tables:
        return empty_figures()
    expected = pd.Series(_council_of_lsoa()).value_counts()
    rows = []
    for table in tables:
        for code, areas in table.groupby("council_code"):
            if len(areas) < expected.get(code, 0):
                continue
            rows.append(_figure(code, MOST_DEPRIVED_SHARE, (areas["imd_decile"] == 1).mean(), ""))
            older = areas["idaopi_score"].astype("float64")
            if older.notna().all():
                rows.append(_figure(code, OLDER_INCOME_DEPRIVED, older.mean(), " (File 7)"))
    if not rows:
        return empty_figures()
    figures = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    for column in ("period_start", "period_end"):
        figures[column] = pd.to_datetime(figures[column], format="%Y-%m-%d")
    return figures.sort_values(["council_code", "measure"], ignore_index=True)


def _figure(code: str, measure: str, fraction: float, file: str) -> dict:
    return {
        "council_code": code,
        "measure": measure,
        "value": round(100 * float(fraction), 1),
        "unit": "percent",
        "period": EDITION,
        "period_start": f"{EDITION}-01-01",
        "period_end": f"{EDITION}-12-31",
        "service": "all",
        # The title names the edition, so the key's own edition is left empty.
        "source_file": DEPRIVATION.source_key(""),
        "source_section": f"small areas' deciles and scores{file}",
        "kind": "derived",
        "note": _SHARE_METHOD if measure == MOST_DEPRIVED_SHARE else _OLDER_METHOD,
    }


def decile_text(value: float) -> str:
    """Return a (median) decile as shown: "3", "3.5" or "no decile"."""
    if pd.isna(value):
        return "no decile"
    return f"{value:g}"


def _partial_warnings(table: pd.DataFrame) -> list[str]:
    expected = pd.Series(_council_of_lsoa()).value_counts()
    found = table["council_code"].value_counts()
    names = {c.code: c.name for c in english_councils()}
    return [
        f"{names.get(code, code)}: {count:,} of its {expected[code]:,} small areas are in the "
        "file; the rest are shown without a decile."
        for code, count in sorted(found.items(), key=lambda item: names.get(item[0], item[0]))
        if count < expected.get(code, 0)
    ]


def _refuse(file_name: str, row: int | None, column: str | None, message: str):
    return DeprivationFileError(file_name, [Problem(row, column, message)])


def _read_table(raw: bytes, file_name: str) -> tuple[pd.DataFrame, int]:
    """Return the rows under the header (indexed by spreadsheet row), as text, and their count."""
    kind = check_content(raw, file_name, UPLOAD_SUFFIXES, DeprivationFileError)
    if not raw.strip():
        raise _refuse(file_name, None, None, "the file is empty")
    if kind in ZIP_KINDS:
        table = _read_workbook(raw, file_name)
    else:
        text = raw.decode("utf-8-sig", errors="replace")
        table, problems = read_csv_text(text, max_rows=MAX_ROWS, lower=False)
        if table is None:
            raise DeprivationFileError(file_name, problems)
        table.index = table.index + 2  # spreadsheet rows: the header is row 1
    table = table.fillna("")
    if table.empty:
        raise _refuse(file_name, None, None, "no rows found below the header row")
    return table, len(table)


def _read_workbook(raw: bytes, file_name: str) -> pd.DataFrame:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            too_large = check_unzipped_size(archive)
        if too_large:
            raise _refuse(file_name, None, None, too_large)
        book = pd.ExcelFile(io.BytesIO(raw), engine="calamine")
        names = [str(name) for name in book.sheet_names]
        if len(names) > MAX_SHEETS:
            raise _refuse(
                file_name,
                None,
                None,
                f"the workbook has {len(names):,} sheets; expected at most {MAX_SHEETS}",
            )
        by_name = {name.strip().casefold(): name for name in names}
        wanted = by_name.get(SHEET.casefold()) or by_name.get(SHEET_2025.casefold())
        if wanted is None:
            listed = ", ".join(f"'{n[:40]}'" for n in names[:10])
            raise _refuse(
                file_name,
                None,
                None,
                f"no sheet named '{SHEET}' (its sheets are {listed}); {_EXPECTED}",
            )
        # calamine: openpyxl is many times slower on a sheet of this size.
        sheet = pd.read_excel(
            book,
            sheet_name=wanted,
            header=None,
            dtype=str,
            keep_default_na=False,
            nrows=MAX_ROWS + 2,  # the header and one row past the limit
        )
    except DeprivationFileError:
        raise
    except Exception as exc:  # readers raise many types for broken workbooks
        raise _refuse(
            file_name,
            None,
            None,
            "the workbook is damaged or password-protected and could not be read; download it "
            "again from MHCLG",
        ) from exc
    if sheet.empty:
        raise _refuse(file_name, None, None, f"the sheet '{wanted}' is empty; {_EXPECTED}")
    if problems := too_many_rows(len(sheet) - 1, MAX_ROWS, counted="more"):
        raise DeprivationFileError(file_name, problems)
    header = [str(cell).strip() for cell in sheet.iloc[0]]
    if problems := duplicate_columns([h for h in header if h]):
        raise DeprivationFileError(file_name, problems)
    table = sheet.iloc[1:].copy()
    table.columns = header
    table = table.loc[:, [h for h in header if h]]
    table = table[table.apply(lambda column: column.str.strip() != "").any(axis=1)]
    table.index = table.index + 1  # spreadsheet rows: the header is row 1
    return table


def _find_columns(table: pd.DataFrame, file_name: str) -> dict[str, str]:
    """Return role -> the file's own column name; refuse the 2025 edition or a wrong layout."""
    by_key = {normalise_header(name): name for name in table.columns}
    newer = next((key for key in by_key if key.endswith("(2021)")), None)
    if newer is not None:
        raise _refuse(file_name, 1, by_key[newer], _EDITION_2025)
    missing = [shown for key, shown in REQUIRED.items() if key not in by_key]
    if missing:
        raise DeprivationFileError(
            file_name,
            [Problem(1, name, f"missing column; {_EXPECTED}") for name in missing],
        )
    columns = {
        "lsoa": by_key[LSOA_2011],
        "rank": by_key[IMD_RANK],
        "decile": by_key[IMD_DECILE],
    }
    if IDAOPI_DECILE in by_key:
        columns["idaopi_decile"] = by_key[IDAOPI_DECILE]
        if IDAOPI_SCORE in by_key:
            columns["idaopi_score"] = by_key[IDAOPI_SCORE]
    return columns


def _numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.str.strip().str.replace(",", "", regex=False), errors="coerce")


def _whole_between(low: int, high: int):
    def check(values: pd.Series) -> pd.Series:
        numbers = _numbers(values)
        return numbers.notna() & (numbers == numbers.round()) & numbers.between(low, high)

    return check


def _check(table: pd.DataFrame, columns: dict[str, str], file_name: str) -> None:
    known = set(_council_of_lsoa())
    lsoa = columns["lsoa"]
    decile = pa.Check(_whole_between(1, 10), error="a whole number from 1 (most deprived) to 10")
    checks = {
        lsoa: pa.Column(
            str,
            checks=[
                pa.Check(
                    lambda values: values.str.strip().isin(known),
                    error="the code of one of England's 2011 small areas (LSOAs), such as "
                    "E01020616",
                )
            ],
        ),
        columns["rank"]: pa.Column(
            str,
            checks=[
                pa.Check(
                    _whole_between(1, ENGLAND_LSOAS),
                    error=f"a whole number from 1 (most deprived) to {ENGLAND_LSOAS:,}",
                )
            ],
        ),
        columns["decile"]: pa.Column(str, checks=[decile]),
    }
    if "idaopi_decile" in columns:
        checks[columns["idaopi_decile"]] = pa.Column(str, checks=[decile])
    if "idaopi_score" in columns:
        checks[columns["idaopi_score"]] = pa.Column(
            str,
            checks=[
                pa.Check(
                    lambda values: _numbers(values).between(0, 1),
                    error="a rate from 0 to 1 (the share of older people income-deprived)",
                )
            ],
        )
    schema = pa.DataFrameSchema(
        checks,
        checks=[
            # A wide check names the column it blames before "|".
            pa.Check(
                lambda frame: ~frame[lsoa].str.strip().duplicated(keep="first"),
                error=f"{lsoa}|one row for each small area (this one repeats an earlier row)",
            )
        ],
        name="deprivation",
    )
    try:
        schema.validate(table.loc[:, list(checks)], lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = schema_problems(errors.failure_cases, row_offset=0, columns=list(checks))
        raise DeprivationFileError(file_name, problems) from None
