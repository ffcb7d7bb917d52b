"""Skills for Care workforce estimates by council: read the published workbook into figure rows.

The workbook (`LA-data-download.xlsx`, sheet `LA level data`) has one row per area, sector,
service and job role, with a turnover and a vacancy rate. Each council's rates for all
sectors and all job roles become figure rows (data/figures.py) for the services the app
knows, cited as Skills for Care's data set (data.national.WORKFORCE) and its year. Areas
are named in Skills for Care's own spellings: NAME_TABLE and normalise_name match them to
today's councils, and a name that matches none is refused. docs/workforce-estimates.md
sets out the name table, the service mapping and how rates are read.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa

from data.budget import check_time
from data.cqc import check_unzipped_size
from data.figures import FIGURE_COLUMNS, FIGURE_SCHEMA
from data.measures import WORKFORCE_SERVICES
from data.national import WORKFORCE
from data.problems import InputFileError, Problem, schema_problems, too_many_rows
from data.sniff import ZIP_KINDS, check_content
from geo.councils import current_council_names as current_councils

KIND = WORKFORCE.kind
SHEET = "LA level data"
AREA = "CSSR (LA area)"
SECTOR = "Sector"
SERVICE = "Service"
JOB_ROLE = "Job role"
TURNOVER = "Turnover rate"
VACANCY = "Vacancy rate"
COLUMNS = (AREA, SECTOR, SERVICE, JOB_ROLE, TURNOVER, VACANCY)
# A column some editions may carry with the year of each row; read when present.
YEAR_COLUMNS = ("Year", "Financial year", "Period")
YEAR = "Year"
MEASURE_OF_RATE = {VACANCY: "vacancy_rate_pct", TURNOVER: "turnover_rate_pct"}
ALL_SECTORS = "All sectors"
ALL_JOB_ROLES = "All job roles"
SUPPRESSED = "*"
# A rate above this, once in per cent, is a slip: no more posts can be vacant than exist,
# and no council's care staff all leave twice in a year.
MAX_RATE = {VACANCY: 100.0, TURNOVER: 200.0}
# Rates are stored to one decimal place of a per cent, as Skills for Care reports them.
DECIMALS = 1
# Rows in the sheet: 152 areas by a few sectors, services and job roles come to tens of
# thousands; a sheet of 125,000 rows is read and checked in under 5 s on one core.
MAX_ROWS = 150_000
# The header row is looked for in the sheet's first rows (a title may sit above it).
HEADER_SEARCH_ROWS = 20
# Sheets in one workbook: Skills for Care publishes a handful.
MAX_SHEETS = 50

# Skills for Care's spellings that are not a council's name once both are normalised
# (normalise_name), and the councils their figures are filed under (ONS codes). Every
# other area must match exactly one of today's 153 councils by its normalised name.
NAME_TABLE: dict[str, tuple[str, ...]] = {
    "Durham": ("E06000047",),
    "Redcar & Cleveland": ("E06000003",),
    "Cornwall and Isles of Scilly": ("E06000052", "E06000053"),
    "Bristol": ("E06000023",),
    "Herefordshire": ("E06000019",),
    "Kingston upon Hull": ("E06000010",),
    "Hull": ("E06000010",),
    "City of York": ("E06000014",),
    "St Helens": ("E08000013",),
}
# An area filed under more than one council covers them together: each figure says so.
SHARED_AREA_NOTES = {
    "Cornwall and Isles of Scilly": (
        "Skills for Care gives one figure for Cornwall and the Isles of Scilly together; "
        "this figure covers both."
    ),
}
# Councils abolished and split in two, named by older editions: a rate for the whole former
# county is not either new council's, so it is left out with a warning, as the unit costs
# importer leaves out Cumbria's (docs/national-data.md).
FORMER_COUNCILS = {
    "Cumbria": "replaced by Cumberland and Westmorland and Furness in April 2023",
    "Northamptonshire": (
        "replaced by North Northamptonshire and West Northamptonshire in April 2021"
    ),
}
# Totals for England and its regions: not councils, so left out without a word.
NOT_COUNCILS = (
    "England",
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "Yorkshire and Humber",
    "East Midlands",
    "West Midlands",
    "Eastern",
    "East of England",
    "East",
    "London",
    "South East",
    "South West",
)

_YEAR_TEXT = re.compile(r"(?<!\d)(20\d{2})\s*(?:/|-|\u2013|to)\s*(?:20)?(\d{2})(?!\d)")
_NUMBER = re.compile(r"^\d+(\.\d+)?([eE][-+]?\d+)?%?$")


class WorkforceFileError(InputFileError):
    """A workforce estimates file that cannot be used; nothing from it is loaded."""


@dataclass(frozen=True)
class WorkforceImport:
    """One checked workbook: figure rows for every council in it, and what was left out."""

    file_name: str
    figures: pd.DataFrame  # FIGURE_COLUMNS, typed as data.figures.parse_figures_csv returns
    rows_read: int
    editions: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    def summary_lines(self) -> list[str]:
        """Return what was read, in plain words."""
        councils = self.figures["council_code"].nunique()
        return [
            f"{self.file_name}: {self.rows_read:,} rows read; vacancy and turnover rates for "
            f"{councils:,} {'council' if councils == 1 else 'councils'}, "
            f"{', '.join(self.editions)}."
        ]


@lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """Return a council name as names are compared: lower case, "and" for "&", no
    punctuation, and without a trailing ", City of" or ", County of"."""
    text = str(name).casefold().replace("&", " and ").replace("-", " ")
    text = re.sub(r"[.,'\u2019()]", " ", text)
    text = " ".join(text.split())
    return re.sub(r" (city|county) of$", "", text)


@lru_cache(maxsize=1)
def _name_lookup() -> dict[str, tuple[str, ...]]:
    lookup = {normalise_name(name): (code,) for code, name in current_councils().items()}
    lookup.update({normalise_name(name): codes for name, codes in NAME_TABLE.items()})
    return lookup


@lru_cache(maxsize=4096)
def council_codes_for(area: str) -> tuple[str, ...] | None:
    """Return the councils a Skills for Care area name is filed under, () for England, a
    region or a former council (FORMER_COUNCILS), or None when it matches no council."""
    key = normalise_name(area)
    if key in {normalise_name(name) for name in (*NOT_COUNCILS, *FORMER_COUNCILS)}:
        return ()
    return _name_lookup().get(key)


def figure_service(service: str) -> str | None:
    """Return the app's service for a Skills for Care service name, or None to leave it out."""
    words = " ".join(str(service).casefold().replace("-", " ").split())
    if words == "all services":
        return "all"
    if "care home" in words and "without nursing" in words:
        return "residential"
    if "care home" in words and "with nursing" in words:
        return "nursing"
    if "domiciliary" in words:
        return "home_care"
    return None


def parse_year(text: str) -> str | None:
    """Return a financial year written 2023-24, 2023/24 or 2023/2024 as "2023-24", else None."""
    match = _YEAR_TEXT.search(str(text))
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if second != (first + 1) % 100:
        return None
    return f"{first}-{second:02d}"


def import_workforce(raw: bytes, file_name: str, year: str | None = None) -> WorkforceImport:
    """Read and check a Skills for Care `LA-data-download.xlsx`; return its figure rows.

    `year` (such as "2023-24") is needed when the workbook does not say which year it is
    for; when both do, they must agree. Raises WorkforceFileError naming the file, and the
    row and column where there is one.
    """

    def refuse(problems: list[Problem]) -> WorkforceFileError:
        return WorkforceFileError(file_name, problems)

    given = None
    if year is not None and str(year).strip():
        written = str(year).strip()
        given = parse_year(written) if _YEAR_TEXT.fullmatch(written) else None
        if given is None:
            raise refuse([Problem(None, None, f"'{written[:20]}' is not a year such as 2023-24")])
    sheet = _read_sheet(raw, file_name)
    check_time("finding the header row")
    header_row, table, title = _find_table(sheet, file_name)
    check_time("checking each row")
    rows_read = len(table)
    problems = _schema_problems(table)
    problems += _name_problems(table)
    if problems:
        raise refuse(sorted(problems, key=lambda p: p.row or 0))
    table = table.assign(**{YEAR: _years(table, title, given, header_row, file_name)})
    _refuse_twice_filed(table, file_name)
    check_time("reading the rates")
    used = _used_rows(table, file_name)
    figures, suppressed = _figure_rows(table, used, file_name)
    return WorkforceImport(
        file_name,
        figures,
        rows_read,
        tuple(sorted(set(figures["period"]))),
        tuple(_warnings(table, figures, suppressed)),
    )


def split_by_council(figures: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Return council code -> that council's figure rows, for storing apart."""
    return {
        str(code): rows.loc[:, list(FIGURE_COLUMNS)].reset_index(drop=True)
        for code, rows in figures.groupby("council_code", sort=True)
    }


def keep_other_editions(
    frames: Mapping[str, pd.DataFrame], stored: Mapping[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """Return each council's new rows with its stored rows of other years, so a new edition
    adds a year to the council's series and a year imported again replaces its rows."""
    merged = {}
    for code, frame in frames.items():
        earlier = stored.get(code)
        if earlier is None or earlier.empty:
            merged[code] = frame
            continue
        other = earlier[~earlier["source_file"].isin(set(frame["source_file"]))]
        both = pd.concat([other, frame], ignore_index=True) if len(other) else frame
        merged[code] = both.sort_values(
            ["period_start", "measure", "service"], kind="stable"
        ).reset_index(drop=True)
    return merged


def with_stored_years(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return each council's new rows with its figures for other years from the store."""
    from data import store

    stored = {record.council_code: frame for record, frame in store.current_of_kind(KIND)}
    return keep_other_editions(frames, {code: stored[code] for code in frames if code in stored})


def _read_sheet(raw: bytes, file_name: str) -> pd.DataFrame:
    if not raw.strip():
        raise WorkforceFileError(file_name, [Problem(None, None, "the file is empty")])
    kind = check_content(raw, file_name, ("xlsx",), WorkforceFileError)
    if kind not in ZIP_KINDS:
        raise WorkforceFileError(
            file_name, [Problem(None, None, "expected Skills for Care's Excel workbook (.xlsx)")]
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            too_large = check_unzipped_size(archive)
        if too_large:
            raise WorkforceFileError(file_name, [Problem(None, None, too_large)])
        book = pd.ExcelFile(io.BytesIO(raw), engine="calamine")
        names = [str(name) for name in book.sheet_names]
        if len(names) > MAX_SHEETS:
            raise WorkforceFileError(
                file_name,
                [
                    Problem(
                        None,
                        None,
                        f"the workbook has {len(names):,} sheets; expected at most {MAX_SHEETS}",
                    )
                ],
            )
        wanted = next((n for n in names if n.strip().casefold() == SHEET.casefold()), None)
        if wanted is None:
            listed = ", ".join(f"'{n[:40]}'" for n in names[:10])
            raise WorkforceFileError(
                file_name,
                [
                    Problem(
                        None,
                        None,
                        f"no sheet named '{SHEET}' (its sheets are {listed}); expected Skills "
                        "for Care's workforce estimates by local authority, LA-data-download",
                    )
                ],
            )
        # calamine: openpyxl is many times slower on a sheet of this size.
        return pd.read_excel(
            book,
            sheet_name=wanted,
            header=None,
            dtype=str,
            keep_default_na=False,
            nrows=MAX_ROWS + HEADER_SEARCH_ROWS + 1,
        )
    except WorkforceFileError:
        raise
    except Exception as exc:  # readers raise many types for broken workbooks
        raise WorkforceFileError(
            file_name,
            [
                Problem(
                    None,
                    None,
                    "the workbook is damaged or password-protected and could not be read; "
                    "download it again from Skills for Care",
                )
            ],
        ) from exc


def _find_table(sheet: pd.DataFrame, file_name: str) -> tuple[int, pd.DataFrame, str]:
    """Return the header's row number, the rows below it (indexed by spreadsheet row, named
    columns only, cells stripped) and the text above the header."""
    cells = sheet.astype(str).apply(lambda column: column.str.strip())
    area = AREA.casefold()
    found = [
        i
        for i in range(min(HEADER_SEARCH_ROWS, len(cells)))
        if area in set(cells.iloc[i].str.casefold())
    ]
    if not found:
        raise WorkforceFileError(
            file_name,
            [
                Problem(
                    None,
                    AREA,
                    f"no header row naming this column in the first {HEADER_SEARCH_ROWS} rows of "
                    f"the sheet '{SHEET}'; expected the columns {', '.join(COLUMNS)}",
                )
            ],
        )
    at = found[0]
    header_row = at + 1
    names = list(cells.iloc[at])
    by_name: dict[str, int] = {}
    repeated = []
    for position, name in enumerate(names):
        key = name.casefold()
        if not key:
            continue
        if key in by_name:
            repeated.append(name)
        by_name.setdefault(key, position)
    problems = [
        Problem(header_row, name, "missing column; expected it in the header row")
        for name in COLUMNS
        if name.casefold() not in by_name
    ]
    problems += [
        Problem(header_row, name, "this column is named twice; expected it once")
        for name in repeated
        if name.casefold() in {c.casefold() for c in (*COLUMNS, *YEAR_COLUMNS)}
    ]
    if problems:
        raise WorkforceFileError(file_name, problems)
    chosen = {name: by_name[name.casefold()] for name in COLUMNS}
    year_column = next(
        (by_name[y.casefold()] for y in YEAR_COLUMNS if y.casefold() in by_name), None
    )
    if year_column is not None:
        chosen[YEAR] = year_column
    body = cells.iloc[at + 1 :, list(chosen.values())]
    body.columns = list(chosen)
    body.index = body.index + 1  # spreadsheet rows: the first row is row 1
    body = body[(body != "").any(axis=1)]
    if problems := too_many_rows(len(body), MAX_ROWS, counted="more"):
        raise WorkforceFileError(file_name, problems)
    if body.empty:
        raise WorkforceFileError(
            file_name, [Problem(None, None, "no rows found below the header row")]
        )
    title = " ".join(value for value in cells.iloc[:at].to_numpy().ravel() if value)
    return header_row, body, title


def _rate_cells(values: pd.Series) -> pd.Series:
    text = values.str.replace(",", "", regex=False).str.strip()
    return (text == "") | (text == SUPPRESSED) | text.str.match(_NUMBER)


def _filled(what: str) -> pa.Check:
    return pa.Check(lambda values: values.str.len() > 0, error=f"{what} (this cell is empty)")


def _first_of_its_kind(frame: pd.DataFrame) -> pd.Series:
    keys = [c for c in (AREA, SECTOR, SERVICE, JOB_ROLE, YEAR) if c in frame]
    folded = pd.DataFrame({c: frame[c].str.casefold() for c in keys})
    folded[AREA] = frame[AREA].map(normalise_name)
    return ~folded.duplicated(keep="first")


def _year_cells(values: pd.Series) -> pd.Series:
    return values.map(lambda text: parse_year(text) is not None)


RATE_ERROR = "a rate such as 0.083 or 8.3%, or * where Skills for Care suppressed it"

SHEET_SCHEMA = pa.DataFrameSchema(
    {
        AREA: pa.Column(str, checks=[_filled("the area's name")], nullable=False),
        SECTOR: pa.Column(str, checks=[_filled("the sector")], nullable=False),
        SERVICE: pa.Column(str, checks=[_filled("the service")], nullable=False),
        JOB_ROLE: pa.Column(str, checks=[_filled("the job role")], nullable=False),
        TURNOVER: pa.Column(str, checks=[pa.Check(_rate_cells, error=RATE_ERROR)]),
        VACANCY: pa.Column(str, checks=[pa.Check(_rate_cells, error=RATE_ERROR)]),
        YEAR: pa.Column(
            str,
            checks=[pa.Check(_year_cells, error="a year such as 2023-24 or 2023/24")],
            required=False,
        ),
    },
    checks=[
        # A wide check names the column it blames before "|".
        pa.Check(
            _first_of_its_kind,
            error=f"{JOB_ROLE}|one row for each area, sector, service and job role (this one "
            "repeats an earlier row)",
        )
    ],
    name="workforce estimates",
)


def _schema_problems(table: pd.DataFrame) -> list[Problem]:
    try:
        SHEET_SCHEMA.validate(table, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return schema_problems(errors.failure_cases, row_offset=0, columns=(*COLUMNS, YEAR))
    return []


def _name_problems(table: pd.DataFrame) -> list[Problem]:
    """Return one problem for each area name that matches no council, at its first row."""
    names = table[AREA][table[AREA] != ""]
    firsts = names[~names.duplicated()]
    unmatched = firsts[firsts.map(council_codes_for).isna()]
    if unmatched.empty:
        return []
    listed = ", ".join(f"'{name[:40]}'" for name in unmatched)
    problems = [
        Problem(
            None,
            AREA,
            f"{len(unmatched)} area {'name matches' if len(unmatched) == 1 else 'names match'} "
            f"no council: {listed}; expected today's council names or Skills for Care's "
            "spellings listed in the guide to workforce estimates",
        )
    ]
    problems += [
        Problem(int(row), AREA, f"'{name[:40]}' matches no council (first row that names it)")
        for row, name in unmatched.items()
    ]
    return problems


def _years(
    table: pd.DataFrame, title: str, given: str | None, header_row: int, file_name: str
) -> pd.Series:
    """Return each row's year: the file's own, checked against the one given, or that one."""
    if YEAR in table:
        years = table[YEAR].map(parse_year)
        source = f"its {YEAR} column"
    elif (stated := parse_year(title)) is not None:
        years = pd.Series(stated, index=table.index)
        source = f"its title above row {header_row}"
    elif given is not None:
        return pd.Series(given, index=table.index)
    else:
        raise WorkforceFileError(
            file_name,
            [
                Problem(
                    None,
                    None,
                    "the workbook does not say which year its estimates are for; give the "
                    "year, such as 2023-24 (the year box on the page, or --year on the "
                    "command line)",
                )
            ],
        )
    found = sorted(set(years))
    if given is not None and found != [given]:
        raise WorkforceFileError(
            file_name,
            [
                Problem(
                    None,
                    None,
                    f"the workbook gives {', '.join(found)} in {source}, but {given} was "
                    "given; expected the same year, or leave the year out",
                )
            ],
        )
    return years


def _refuse_twice_filed(table: pd.DataFrame, file_name: str) -> None:
    """Refuse a file naming one council twice (as "Cumbria" and "Cumberland", say)."""
    firsts = table.drop_duplicates(subset=[AREA, YEAR])
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    problems = []
    for row, area, year in zip(firsts.index, firsts[AREA], firsts[YEAR], strict=True):
        for code in council_codes_for(area) or ():
            if (code, year) in seen and normalise_name(seen[code, year][1]) != normalise_name(area):
                first_row, first_area = seen[code, year]
                problems.append(
                    Problem(
                        int(row),
                        AREA,
                        f"'{area}' gives figures for {current_councils()[code]}, which "
                        f"'{first_area}' (row {first_row}) gives already; expected one area "
                        "for each council",
                    )
                )
            seen.setdefault((code, year), (int(row), area))
    if problems:
        raise WorkforceFileError(file_name, problems)


def _used_rows(table: pd.DataFrame, file_name: str) -> pd.DataFrame:
    """Return the rows for all sectors and all job roles of a service the app shows."""
    services = table[SERVICE].map(figure_service)
    chosen = (
        (table[SECTOR].str.casefold() == ALL_SECTORS.casefold())
        & (table[JOB_ROLE].str.casefold() == ALL_JOB_ROLES.casefold())
        & services.notna()
        & table[AREA].map(lambda area: bool(council_codes_for(area)))
    )
    if not chosen.any():
        raise WorkforceFileError(
            file_name,
            [
                Problem(
                    None,
                    None,
                    f"no council's row for '{ALL_SECTORS}' and '{ALL_JOB_ROLES}' with a service "
                    "the app shows (All services, care homes with or without nursing, "
                    "domiciliary care)",
                )
            ],
        )
    used = table[chosen].assign(service=services[chosen])
    keys = pd.DataFrame(
        {"area": used[AREA].map(normalise_name), "service": used["service"], "year": used[YEAR]}
    )
    again = used[keys.duplicated(keep="first")]
    if not again.empty:
        raise WorkforceFileError(
            file_name,
            [
                Problem(
                    int(row),
                    SERVICE,
                    f"'{service}' gives {area}'s rates for a service an earlier row gives "
                    "already; expected one row for each area and service",
                )
                for row, service, area in zip(again.index, again[SERVICE], again[AREA], strict=True)
            ],
        )
    return used


def reads_as_fractions(values: pd.Series) -> bool:
    """Whether a column's plain numbers are fractions (0.083) rather than per cents (8.3):
    its middle (median) value is below 1, which as a per cent no council's rate comes near
    and as a fraction every one does."""
    text = values.str.replace(",", "", regex=False).str.strip()
    plain = pd.to_numeric(text[~text.str.endswith("%")], errors="coerce").dropna()
    return not plain.empty and float(plain.median()) < 1


def _percent(text: str, fractions: bool) -> float | None:
    text = text.replace(",", "").strip()
    if text in ("", SUPPRESSED):
        return None
    if text.endswith("%"):
        return float(text[:-1])
    value = float(text)
    return value * 100 if fractions else value


def _figure_rows(
    table: pd.DataFrame, used: pd.DataFrame, file_name: str
) -> tuple[pd.DataFrame, int]:
    fractions = {column: reads_as_fractions(table[column]) for column in MEASURE_OF_RATE}
    rows, problems, suppressed = [], [], 0
    for row, cells in used.iterrows():
        for column, measure in MEASURE_OF_RATE.items():
            value = _percent(cells[column], fractions[column])
            if value is None:
                suppressed += 1
                continue
            if not math.isfinite(value) or value > MAX_RATE[column]:
                problems.append(
                    Problem(
                        int(row),
                        column,
                        f"expected a rate from 0% to {MAX_RATE[column]:g}%, found "
                        f"'{cells[column][:20]}' ({value:g}%)",
                    )
                )
                continue
            year = cells[YEAR]
            first = int(year[:4])
            for code in council_codes_for(cells[AREA]) or ():
                rows.append(
                    {
                        "council_code": code,
                        "measure": measure,
                        "value": f"{round(value, DECIMALS):.{DECIMALS}f}",
                        "unit": "percent",
                        "period": year,
                        "period_start": f"{first}-04-01",
                        "period_end": f"{first + 1}-03-31",
                        "service": cells["service"],
                        "source_file": WORKFORCE.source_key(year),
                        "source_section": (
                            f"sheet '{SHEET}', {cells[AREA]}: {cells[SECTOR]}, "
                            f"{cells[SERVICE]}, {cells[JOB_ROLE]}"
                        )[:300],
                        "kind": "published",
                        "note": SHARED_AREA_NOTES.get(_table_name(cells[AREA]), ""),
                    }
                )
    if problems:
        raise WorkforceFileError(file_name, problems)
    if not rows:
        raise WorkforceFileError(
            file_name,
            [Problem(None, None, "every rate the app shows is suppressed (*) or blank")],
        )
    return _as_figures(rows, file_name), suppressed


def _table_name(area: str) -> str:
    key = normalise_name(area)
    return next((name for name in NAME_TABLE if normalise_name(name) == key), area)


def _as_figures(rows: list[dict[str, str]], file_name: str) -> pd.DataFrame:
    """Check the rows against the figure schema and return them typed as packs are."""
    table = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    order = {service: i for i, service in enumerate(WORKFORCE_SERVICES)}
    table = table.sort_values(
        ["council_code", "period_start", "measure", "service"],
        key=lambda column: column.map(order) if column.name == "service" else column,
        kind="stable",
    ).reset_index(drop=True)
    try:
        FIGURE_SCHEMA.validate(table, lazy=True)
    except pa.errors.SchemaErrors as errors:  # a slip in this reader, not in the file
        problems = schema_problems(errors.failure_cases, row_offset=0, columns=FIGURE_COLUMNS)
        raise WorkforceFileError(
            file_name, [Problem(None, None, f"a figure made from it is wrong: {problems[0]}")]
        ) from None
    table["value"] = table["value"].astype(float)
    for column in ("period_start", "period_end"):
        table[column] = pd.to_datetime(table[column], format="%Y-%m-%d")
    return table


def _warnings(table: pd.DataFrame, figures: pd.DataFrame, suppressed: int) -> list[str]:
    warnings = []
    named = {normalise_name(area) for area in table[AREA].unique()}
    for name, why in FORMER_COUNCILS.items():
        if normalise_name(name) in named:
            warnings.append(
                f"{name} ({why}) is left out: its figures cannot be split between the two."
            )
    councils = current_councils()
    missing = sorted(councils[code] for code in set(councils) - set(figures["council_code"]))
    if missing:
        listed = ", ".join(missing[:10]) + (
            f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        )
        warnings.append(f"{len(missing)} councils have no rates in the file: {listed}.")
    if suppressed:
        rates = "1 rate was" if suppressed == 1 else f"{suppressed:,} rates were"
        warnings.append(
            f"{rates} suppressed by Skills for Care (*) or left blank, for all sectors and all "
            "job roles, and left out."
        )
    shared = sorted({_table_name(area) for area in table[AREA].unique()} & set(SHARED_AREA_NOTES))
    for name in shared:
        warnings.append(SHARED_AREA_NOTES[name])
    return warnings
