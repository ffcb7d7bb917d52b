"""NHS England's ASC-FR: unit costs per council from the published long CSV, and the
Homecare Association's minimum price for home care, both as figure rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from data.budget import check_time
from data.cqc import CqcFileError, check_unzipped_size
from data.figures import (
    FIGURE_COLUMNS,
    FIGURE_IDENTITY,
    FIGURE_SCHEMA,
    combine_figures,
    empty_figures,
)
from data.national import UNIT_COSTS
from data.problems import (
    InputFileError,
    Problem,
    duplicate_columns,
    line_count,
    schema_problems,
    too_many_rows,
    wide_header,
)
from data.sniff import CsvZip, read_csv_texts
from geo.councils import SUPERSEDED_2023, current_council_names, list_councils

KIND = UNIT_COSTS.kind
# Lines in one file below its header, all its CSVs together. The ASC-FR CSV holds every
# breakdown of every council, region and England for one year: a few hundred thousand rows.
MAX_ROWS = 2_000_000
# A zip's CSV files once unzipped, together.
MAX_UNZIPPED_MB = 500
# CSV files in one zip: NHS England publishes one.
MAX_FILES = 12
# What a zip of the CSVs may hold, and what its refusals say.
ZIPPED = CsvZip(
    publisher="NHS England",
    expected="NHS England's ASC-FR CSV",
    published="NHS England publishes one",
    max_mb=MAX_UNZIPPED_MB,
    max_files=MAX_FILES,
    size_check=check_unzipped_size,
)
# Downloads by the command line (data/unit_costs_cli.py).
FETCH_TIMEOUT_S = 120
FETCH_MAX_MB = 200
# No council's unit cost comes near these; more is a slip (pounds, not pence, expected).
MAX_COST = {"gbp_per_week": 25_000.0, "gbp_per_hour": 500.0}
# ITEMVALUE cells that hold no figure, as NHS England marks them.
NOT_SUBMITTED = ":"
SUPPRESSED = "*"
FIRST_YEAR, LAST_YEAR = 2011, 2040  # FY_ENDING: years the return could cover


class UnitCostFileError(CqcFileError):
    """An ASC-FR file that cannot be imported; nothing from it is used."""


@dataclass(frozen=True)
class UnitCostRow:
    """One line of the mapping table: the ASC-FR rows that give one measure for one service.

    `where` names a column and the values (any of them, compared ignoring case and spaces)
    a row must hold there; a column not named may hold anything.
    """

    measure: str
    service: str
    unit: str
    section: str  # the figure's source_section, in plain words
    described: str  # how a refusal names the rows looked for
    where: Mapping[str, tuple[str, ...]]


# Labels seen in the published layout (/work/shared/DATA.md, "NHS England ASC-FR"): ValueType
# `UNIT COST`; SupportSetting `Residential`, `Nursing`, `Community: Home Care`; AgeBand
# `18 to 64`, `65 and Over`. ASSUMPTIONS, not yet seen in a published file: CareType spells
# long-term support as below; a unit cost for all primary support reasons together has a
# blank, `Total`, `99` or `All` PrimarySupportReason, and for all providers together a
# blank, `Total`, `99` or `All` ActivityProvision; the two home care hourly rates are told
# apart by ActivityProvision (`Own Provision` for the council's own service, the labels in
# EXTERNAL for other providers) and are not split by age. DataType is not read: its labels
# for unit-cost rows were not seen. Change this table, and only this table, when a real
# file shows other labels.
TOTAL = ("", "Total", "99", "All")
LONG_TERM = ("Long Term", "Long Term Support", "Long-term support", "LTS")
OWN_PROVISION = ("Own Provision", "In House", "In-house")
EXTERNAL = ("Provision by Others", "External", "External Provision", "Provided by Others")
ALL_AGES = (*TOTAL, "18 and Over", "All Ages")


def _weekly(measure: str, service: str, age: str, age_words: str) -> UnitCostRow:
    return UnitCostRow(
        measure,
        service,
        "gbp_per_week",
        f"unit costs, people aged {age_words}",
        f"a weekly unit cost of long-term {service} care for people aged {age_words} "
        f"(ValueType UNIT COST, SupportSetting {service.capitalize()}, AgeBand {age})",
        {
            "ValueType": ("UNIT COST",),
            "CareType": LONG_TERM,
            "SupportSetting": (service.capitalize(),),
            "AgeBand": (age,),
            "PrimarySupportReason": TOTAL,
            "ActivityProvision": TOTAL,
        },
    )


def _hourly(measure: str, who: str, provision: tuple[str, ...]) -> UnitCostRow:
    return UnitCostRow(
        measure,
        "home_care",
        "gbp_per_hour",
        "home care hourly rates",
        f"an hourly home care rate for {who} (ValueType UNIT COST, SupportSetting Community: "
        f"Home Care, ActivityProvision {provision[0]})",
        {
            "ValueType": ("UNIT COST",),
            # Long-term (or not split) and all support reasons only: a short-term or
            # reason-level hourly rate is another figure, not a second value of this one.
            "CareType": (*LONG_TERM, *TOTAL),
            "SupportSetting": ("Community: Home Care",),
            "ActivityProvision": provision,
            "AgeBand": ALL_AGES,
            "PrimarySupportReason": TOTAL,
        },
    )


UNIT_COST_ROWS = (
    _weekly("unit_cost_weekly_65plus", "residential", "65 and Over", "65 and over"),
    _weekly("unit_cost_weekly_65plus", "nursing", "65 and Over", "65 and over"),
    _weekly("unit_cost_weekly_18_64", "residential", "18 to 64", "18 to 64"),
    _weekly("unit_cost_weekly_18_64", "nursing", "18 to 64", "18 to 64"),
    _hourly("unit_cost_hourly_home_care_external", "external providers", EXTERNAL),
    _hourly("unit_cost_hourly_home_care_in_house", "the council's own service", OWN_PROVISION),
)
MATCHED_COLUMNS = tuple(dict.fromkeys(c for row in UNIT_COST_ROWS for c in row.where))
REQUIRED_COLUMNS = ("GEOGRAPHY_CODE", "FY_ENDING", *MATCHED_COLUMNS, "ITEMVALUE")
OPTIONAL_COLUMNS = ("GEOGRAPHY_LEVEL", "GEOGRAPHY_NAME")
# 2017-18 and 2018-19 files suffix the breakdown columns so.
KEY_SUFFIX = "_Key"
# Rows for England and its regions, not a council.
_NOT_COUNCIL_LEVELS = frozenset({"england", "national", "region", "regional"})
_NOT_COUNCIL_PREFIXES = ("E92", "E12")
_COUNCIL_PREFIXES = ("E06", "E08", "E09", "E10")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass(frozen=True)
class UnitCostImport:
    """One checked ASC-FR file: figure rows for every council found, and what was left out."""

    figures: pd.DataFrame  # FIGURE_COLUMNS, typed as data.figures.parse_figures_csv returns
    rows_read: int
    warnings: tuple[str, ...] = ()

    @property
    def periods(self) -> list[str]:
        """The financial years the figures cover, earliest first."""
        return sorted(set(self.figures["period"]))


@dataclass(frozen=True)
class _Crosswalk:
    """Today's councils, and the codes the return used for them before April 2023."""

    names: dict[str, str]  # council in use today -> name
    recoded: dict[str, str]  # former council code -> today's council code
    split: dict[str, str]  # former council code whose area two councils took -> name
    former_names: dict[str, str]


@lru_cache(maxsize=1)
def _crosswalk() -> _Crosswalk:
    # One crosswalk for the app (geo.councils.SUPERSEDED_2023, by district): a council
    # all of whose districts went to one new council is recoded to it; one whose districts
    # went to two (Cumbria) cannot be split and is left out.
    names = current_council_names()
    recoded, split, former = {}, {}, {}
    for council in list_councils():
        if council.code in names:
            continue
        former[council.code] = council.name
        successors = {SUPERSEDED_2023[d][1] for d in council.district_codes}
        if len(successors) == 1:
            recoded[council.code] = successors.pop()
        else:
            split[council.code] = council.name
    return _Crosswalk(names, recoded, split, former)


def _squash(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _squash_series(values: pd.Series) -> pd.Series:
    return values.str.replace(r"\s+", " ", regex=True).str.strip().str.casefold()


def import_unit_costs(raw: bytes, file_name: str) -> UnitCostImport:
    """Read and check an ASC-FR CSV (or the zip holding it); return unit cost figure rows.

    Raises UnitCostFileError naming the file (and the CSV inside a zip), row and column.
    `:` (not submitted) and `*` (suppressed) cells are skipped and counted in a warning.
    """
    texts = read_csv_texts(raw, file_name, UnitCostFileError, ZIPPED, unzip_unnamed=True)
    counted = sum(max(line_count(text) - 1, 0) for _, text in texts)
    if problems := too_many_rows(counted, MAX_ROWS):
        raise UnitCostFileError(file_name, problems)
    frames = []
    rows_read = 0
    for label, text in texts:
        check_time("reading each row")
        table, written = _read_table(label, text)
        rows_read += len(table)
        check_time("finding the unit cost rows")
        frames.append(_checked(_matched(table), label, written))
    found = pd.concat(frames, ignore_index=True)
    if found.empty:
        looked_for = "; ".join(row.described for row in UNIT_COST_ROWS)
        raise UnitCostFileError(
            file_name,
            [
                Problem(
                    None,
                    None,
                    "none of the expected unit cost rows was found, so nothing can be loaded; "
                    f"looked for {looked_for}",
                )
            ],
        )
    check_time("placing each council")
    figures, warnings = _to_figures(found)
    if figures.empty:
        raise UnitCostFileError(
            file_name,
            [Problem(None, None, f"no unit cost in the file could be used: {' '.join(warnings)}")],
        )
    check_time("saving it")
    return UnitCostImport(figures, rows_read, warnings)


def split_by_council(figures: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Return council code -> that council's figure rows, for storing apart."""
    return {
        str(code): rows.loc[:, list(FIGURE_COLUMNS)].reset_index(drop=True)
        for code, rows in figures.groupby("council_code", sort=True)
    }


def merge_stored(stored: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """Return a council's stored national figures with a new file's added: a figure given
    again (same measure, service and period) takes the new value, other years are kept."""
    if stored is None or stored.empty:
        return new.reset_index(drop=True)
    both = pd.concat([stored.loc[:, list(FIGURE_COLUMNS)], new], ignore_index=True)
    return both.drop_duplicates(FIGURE_IDENTITY, keep="last", ignore_index=True)


def _canonical(name: str) -> str:
    name = name.strip()
    return name[: -len(KEY_SUFFIX)] if name.casefold().endswith(KEY_SUFFIX.casefold()) else name


def _read_table(label: str, text: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return the columns the importer reads, under their plain names (`_Key` dropped),
    indexed by file row (the header is row 1), and plain name -> the name as written."""
    # Blank lines above the header are skipped, and counted so row numbers stay right.
    leading = text[: len(text) - len(text.lstrip())]
    above = line_count(leading.rstrip(" \t")) if leading.strip(" \t") else 0
    if problems := wide_header(text[:65_536].lstrip("\r\n")):
        raise UnitCostFileError(label, problems)
    header_line = text.lstrip("\r\n").partition("\n")[0]
    try:
        header = next(csv.reader([header_line]), [])
    except csv.Error:
        header = []
    if not any(cell.strip() for cell in header):
        raise UnitCostFileError(label, [Problem(1, None, "expected a header row naming columns")])
    plain = [_canonical(name) for name in header]
    if problems := duplicate_columns(plain):
        # Two columns that name one breakdown (AgeBand and AgeBand_Key): either could be meant.
        raise UnitCostFileError(label, problems)
    by_key = {name.casefold(): (name, written) for name, written in zip(plain, header, strict=True)}
    missing = [name for name in REQUIRED_COLUMNS if name.casefold() not in by_key]
    if missing:
        raise UnitCostFileError(
            label,
            [
                Problem(
                    1,
                    name,
                    "missing column; expected it in the header row (an older file may add "
                    f"{KEY_SUFFIX} to it)",
                )
                for name in missing
            ],
        )
    wanted = [n for n in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if n.casefold() in by_key]
    written = {name: by_key[name.casefold()][1] for name in wanted}
    try:
        table = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            skiprows=above,
            usecols=list(written.values()),
            index_col=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise UnitCostFileError(
            label, [Problem(None, None, f"expected comma-separated values ({exc})")]
        ) from None
    table = table.rename(columns={w: name for name, w in written.items()})
    table.index = table.index + 2 + above
    return table, written


def _matched(table: pd.DataFrame) -> pd.DataFrame:
    """Return the rows the mapping table takes, with its measure, service and unit added."""
    value_types = {_squash(v) for row in UNIT_COST_ROWS for v in row.where.get("ValueType", ())}
    # Most of the file is other values: compare the distinct labels, not every row's.
    labels = pd.Series(table["ValueType"].unique())
    wanted = set(labels[_squash_series(labels).isin(value_types)])
    rows = table[table["ValueType"].isin(wanted)]
    if "GEOGRAPHY_LEVEL" in rows.columns:
        rows = rows[~_squash_series(rows["GEOGRAPHY_LEVEL"]).isin(_NOT_COUNCIL_LEVELS)]
    rows = rows[
        ~rows["GEOGRAPHY_CODE"].str.strip().str.upper().str.startswith(_NOT_COUNCIL_PREFIXES)
    ]
    squashed = {column: _squash_series(rows[column]) for column in MATCHED_COLUMNS}
    picked = []
    for number, spec in enumerate(UNIT_COST_ROWS):
        mask = pd.Series(True, index=rows.index)
        for column, values in spec.where.items():
            mask &= squashed[column].isin({_squash(v) for v in values})
        picked.append(rows[mask].assign(_spec=number))
    return pd.concat(picked).sort_index(kind="stable")


def _value_check(values: pd.Series) -> pd.Series:
    text = values.str.strip()
    return text.isin([NOT_SUBMITTED, SUPPRESSED]) | text.str.fullmatch(_NUMBER)


def _value_in_range(frame: pd.DataFrame) -> pd.Series:
    numbers = pd.to_numeric(frame["ITEMVALUE"].str.strip(), errors="coerce")
    most = frame["_spec"].map(lambda i: MAX_COST[UNIT_COST_ROWS[i].unit])
    return numbers.isna() | (np.isfinite(numbers) & (numbers >= 0) & (numbers < most))


def _year_check(values: pd.Series) -> pd.Series:
    years = pd.to_numeric(values.str.strip().where(values.str.strip().str.fullmatch(r"\d{4}")))
    return years.between(FIRST_YEAR, LAST_YEAR)


SCHEMA = pa.DataFrameSchema(
    {
        "GEOGRAPHY_CODE": pa.Column(
            str,
            checks=[
                pa.Check(
                    lambda v: v.str.strip().str.fullmatch(r"E\d{8}"),
                    error="an ONS council code such as E06000047",
                )
            ],
            nullable=False,
        ),
        "FY_ENDING": pa.Column(
            str,
            checks=[
                pa.Check(
                    _year_check,
                    error=f"the year the financial year ends, such as 2024 ({FIRST_YEAR} to "
                    f"{LAST_YEAR})",
                )
            ],
            nullable=False,
        ),
        "ITEMVALUE": pa.Column(
            str,
            checks=[
                pa.Check(
                    _value_check,
                    error=f"a plain number such as 912.50 (no £ or commas), or "
                    f"'{NOT_SUBMITTED}' (not submitted) or '{SUPPRESSED}' (suppressed)",
                )
            ],
            nullable=False,
        ),
    },
    checks=[
        # A wide check names the column it blames before "|".
        pa.Check(
            _value_in_range,
            error="ITEMVALUE|a cost in pounds, zero or more and below "
            f"£{MAX_COST['gbp_per_week']:,.0f} a week or £{MAX_COST['gbp_per_hour']:,.0f} an hour",
        )
    ],
    name="ASC-FR unit costs",
)


def _checked(rows: pd.DataFrame, label: str, written: dict[str, str]) -> pd.DataFrame:
    """Validate the matched rows (refusing the file, naming row and column as written)."""
    if rows.empty:
        return rows.assign(file=label, row=pd.Series(dtype="int64"))
    try:
        SCHEMA.validate(rows, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = schema_problems(
            errors.failure_cases, row_offset=0, columns=("GEOGRAPHY_CODE", "FY_ENDING", "ITEMVALUE")
        )
        named = [Problem(p.row, written.get(p.column or "", p.column), p.message) for p in problems]
        raise UnitCostFileError(label, named) from None
    return rows.assign(file=label, row=rows.index.to_numpy())


def _to_figures(found: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    walk = _crosswalk()
    code = found["GEOGRAPHY_CODE"].str.strip().str.upper()
    value = found["ITEMVALUE"].str.strip()
    warnings = []
    blank = value.isin([NOT_SUBMITTED, SUPPRESSED])
    if blank.any():
        councils = code[blank].nunique()
        warnings.append(
            f"{int((value == NOT_SUBMITTED).sum()):,} unit costs marked '{NOT_SUBMITTED}' (not "
            f"submitted) and {int((value == SUPPRESSED).sum()):,} marked '{SUPPRESSED}' "
            f"(suppressed), for {councils:,} councils, were skipped."
        )
    split = code.isin(list(walk.split))
    for former in sorted(set(code[split])):
        warnings.append(
            f"{walk.split[former]} ({former}) was left out: its area is now two councils "
            "(Cumberland and Westmorland and Furness), and its figures cannot be split "
            "between them."
        )
    known = code.isin(list(walk.names)) | code.isin(list(walk.recoded))
    unknown = sorted(set(code[~known & ~split & code.str.startswith(_COUNCIL_PREFIXES)]))
    unknown += sorted(set(code[~known & ~split & ~code.str.startswith(_COUNCIL_PREFIXES)]))
    if unknown:
        shown = ", ".join(unknown[:10]) + (
            f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        )
        warnings.append(
            f"Rows for {len(unknown):,} codes that are not a council in use today were left "
            f"out ({shown}); a council recoded before 2023 is not matched to its successor."
        )
    keep = ~blank & known
    rows = found[keep].copy()
    old = code[keep]
    rows["council_code"] = old.map(lambda c: walk.recoded.get(c, c))
    rows["value"] = pd.to_numeric(value[keep]).astype(float)
    year = pd.to_numeric(rows["FY_ENDING"].str.strip()).astype(int)
    specs = rows["_spec"].map(lambda i: UNIT_COST_ROWS[i])
    rows["measure"] = specs.map(lambda s: s.measure)
    rows["service"] = specs.map(lambda s: s.service)
    rows["unit"] = specs.map(lambda s: s.unit)
    rows["source_section"] = specs.map(lambda s: s.section)
    rows["period"] = [f"{y - 1}-{y % 100:02d}" for y in year]
    rows["period_start"] = pd.to_datetime([f"{y - 1}-04-01" for y in year])
    rows["period_end"] = pd.to_datetime([f"{y}-03-31" for y in year])
    rows["source_file"] = rows["period"].map(UNIT_COSTS.source_key)
    rows["kind"] = "published"
    rows["note"] = [
        f"Reported under the former code {c} ({walk.former_names[c]})." if c in walk.recoded else ""
        for c in old
    ]
    zero = rows["value"] == 0
    if zero.any():
        warnings.append(
            f"{int(zero.sum()):,} unit costs of £0 (no such service, or none reported) were "
            "skipped."
        )
        rows = rows[~zero]
    _refuse_conflicts(rows)
    rows = rows.drop_duplicates(["council_code", "measure", "service", "period"])
    figures = rows.loc[:, list(FIGURE_COLUMNS)].reset_index(drop=True)
    if figures.empty:
        return empty_figures(), tuple(warnings)
    _check_figure_schema(figures)
    figures = figures.sort_values(["council_code", "measure", "service", "period_start"])
    return figures.reset_index(drop=True), tuple(warnings)


def _refuse_conflicts(rows: pd.DataFrame) -> None:
    """Refuse a file giving one council two different values for one unit cost and year."""
    keys = ["council_code", "measure", "service", "period"]
    distinct = rows.drop_duplicates([*keys, "value"])
    clash = distinct[distinct.duplicated(keys, keep=False)]
    if clash.empty:
        return
    first = clash.iloc[0]
    same = clash[(clash[keys] == first[keys]).all(axis=1)]
    listed = ", ".join(
        f"row {r} (£{v:,.2f})" for r, v in zip(same["row"], same["value"], strict=True)
    )
    spec = UNIT_COST_ROWS[int(first["_spec"])]
    raise UnitCostFileError(
        str(first["file"]),
        [
            Problem(
                int(r),
                "ITEMVALUE",
                f"{first['council_code']} has two different values for {spec.described}, "
                f"{first['period']}: {listed}; expected one",
            )
            for r in same["row"]
        ],
    )


def _check_figure_schema(figures: pd.DataFrame) -> None:
    as_text = figures.assign(
        value=figures["value"].map(lambda v: f"{v:.2f}"),
        period_start=figures["period_start"].dt.strftime("%Y-%m-%d"),
        period_end=figures["period_end"].dt.strftime("%Y-%m-%d"),
    )
    try:
        FIGURE_SCHEMA.validate(as_text, lazy=True)
    except pa.errors.SchemaErrors as errors:
        # Every cell above was checked already: a failure here is this importer's own slip.
        raise InputFileError(
            "the unit costs read from the file",
            schema_problems(errors.failure_cases, row_offset=2, columns=FIGURE_COLUMNS),
        ) from None


# The Homecare Association's Minimum Price for Homecare: a small published table, kept here
# with its source because it is published only in web pages and PDFs.
HOMECARE_MINIMUM_FILE = Path(__file__).resolve().parent / "national" / "homecare_minimum_price.csv"
HOMECARE_MINIMUM_COLUMNS = ("period", "value", "area", "publisher", "title", "edition")
HOMECARE_MINIMUM_MEASURE = "benchmark_fee_hourly_homecare_association_min"
HOMECARE_MINIMUM_PUBLISHER = "Homecare Association"
HOMECARE_MINIMUM_TITLE = "Minimum Price for Homecare"
# The figures' source_file: data.sources.cite reads a source it does not catalogue as
# "file, section", so each reads "Homecare Association, Minimum Price for Homecare, 2024-25".
HOMECARE_MINIMUM_SOURCE = f"{HOMECARE_MINIMUM_PUBLISHER}, {HOMECARE_MINIMUM_TITLE}"
_AREAS = {"UK": "the UK", "England": "England"}

HOMECARE_MINIMUM_SCHEMA = pa.DataFrameSchema(
    {
        "period": pa.Column(
            str, pa.Check.str_matches(r"^20\d{2}-\d{2}$", error="a financial year such as 2024-25")
        ),
        "value": pa.Column(
            str, pa.Check.str_matches(r"^\d{2}\.\d{2}$", error="pounds an hour such as 28.53")
        ),
        "area": pa.Column(
            str, pa.Check.isin(["UK", "England", ""], error="UK, England or blank (not stated)")
        ),
        "publisher": pa.Column(
            str, pa.Check.isin([HOMECARE_MINIMUM_PUBLISHER], error=HOMECARE_MINIMUM_PUBLISHER)
        ),
        "title": pa.Column(
            str, pa.Check.isin([HOMECARE_MINIMUM_TITLE], error=HOMECARE_MINIMUM_TITLE)
        ),
        "edition": pa.Column(str, pa.Check.str_length(min_value=1, error="the edition")),
    },
    strict=True,
    unique=["period"],
    name="Homecare Association minimum price",
)


@lru_cache(maxsize=1)
def homecare_minimum_prices(path: Path = HOMECARE_MINIMUM_FILE) -> pd.DataFrame:
    """Return the Homecare Association's minimum price table, checked (raises InputFileError)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    try:
        HOMECARE_MINIMUM_SCHEMA.validate(table, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = schema_problems(
            errors.failure_cases, row_offset=2, columns=HOMECARE_MINIMUM_COLUMNS
        )
        raise InputFileError(path.name, problems) from None
    return table


def homecare_minimum_figures(council_codes: Iterable[str]) -> pd.DataFrame:
    """Return the Homecare Association minimum price as benchmark figure rows for each council
    (one series a chart draws against the council's own rates), cited "Homecare Association,
    Minimum Price for Homecare, <year>"."""
    table = homecare_minimum_prices()
    start = table["period"].str[:4].astype(int)
    one = pd.DataFrame(
        {
            "measure": HOMECARE_MINIMUM_MEASURE,
            "value": table["value"].astype(float),
            "unit": "gbp_per_hour",
            "period": table["period"],
            "period_start": pd.to_datetime(start.astype(str) + "-04-01"),
            "period_end": pd.to_datetime((start + 1).astype(str) + "-03-31"),
            "service": "benchmark",
            "source_file": HOMECARE_MINIMUM_SOURCE,
            "source_section": table["edition"],
            "kind": "published",
            "note": table["area"].map(
                lambda area: f"Stated for {_AREAS[area]} as a whole." if area else ""
            ),
        }
    )
    frames = [one.assign(council_code=code) for code in dict.fromkeys(council_codes)]
    return combine_figures(frame.loc[:, list(FIGURE_COLUMNS)] for frame in frames)


def with_homecare_minimum(figures: pd.DataFrame, council_codes: Iterable[str]) -> pd.DataFrame:
    """Return figures with the Homecare Association minimum price added for the councils."""
    return combine_figures([figures, homecare_minimum_figures(council_codes)])
