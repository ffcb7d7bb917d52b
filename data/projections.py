"""ONS subnational population projections: read the published files, add districts to councils."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from data.budget import check_time
from data.cqc import CqcFileError, check_unzipped_size
from data.problems import Problem, line_count, read_csv_text, schema_problems, too_many_rows
from data.sniff import CsvZip, read_csv_texts
from geo.councils import SUPERSEDED_2023, current_council_names, list_councils

KIND = "projection"
PROJECTION_COLUMNS = (
    "council_code",
    "council_name",
    "year",
    "age_65plus",
    "age_75plus",
    "age_85plus",
    "districts",
)
# Rows in one upload, all the CSV files read together: ONS's zip for England holds three
# files (males, females, persons) of about 27,000 rows each (296 districts, 92 ages), and
# only the persons file is read when there is one.
MAX_ROWS = 100_000
# A zip's CSV files once unzipped, together: ONS's three are about 25 MB.
MAX_UNZIPPED_MB = 100
# CSV files in one zip: ONS publishes three.
MAX_FILES = 12
# What a zip of the CSVs may hold, and what its refusals say.
ZIPPED = CsvZip(
    publisher="ONS",
    expected="ONS's projection CSVs (males, females and persons)",
    published="ONS publishes three",
    max_mb=MAX_UNZIPPED_MB,
    max_files=MAX_FILES,
    size_check=check_unzipped_size,
    sized="ONS's projection files, about 25 MB together",
    # The persons file is all that is needed: the sexes are read only without it.
    prefer="persons",
)
# No district holds this many people of one age; more is a slip, or not a count at all.
MAX_PEOPLE = 10_000_000

EDITIONS = ("2023", "2022")  # council areas of April 2023 (preferred), district codes of 2022
HEADER = ("AREA_CODE", "AREA_NAME", "COMPONENT", "SEX", "AGE_GROUP")
SEXES = ("persons", "males", "females")
OLDEST_AGE = "90 and over"
ALL_AGES = "All ages"
AGE_GROUPS = (*(str(age) for age in range(90)), OLDEST_AGE, ALL_AGES)
# Each output column counts the people of this age and over.
_OLDER_FROM = {"age_65plus": 65, "age_75plus": 75, "age_85plus": 85}

_YEAR = re.compile(r"^(19|20)\d{2}$")
_YEAR_KEY = r"^(19|20)\d{2}$"


class ProjectionFileError(CqcFileError):
    """A population projection file that cannot be used; nothing from it is loaded."""

    def __str__(self) -> str:
        return super().__str__().replace("was not imported", "was not loaded", 1)


@dataclass(frozen=True)
class ProjectionImport:
    """One checked projection file: councils' totals, rows read, and what was left out."""

    table: pd.DataFrame  # PROJECTION_COLUMNS, one row per council and year
    rows_read: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Councils:
    """Today's councils and the districts of either edition that make them up."""

    names: dict[str, str]  # council code -> name
    of_district: dict[str, str]  # district code (either edition) -> council code
    district_names: dict[str, str]
    editions: dict[str, tuple[frozenset[str], ...]]  # council -> its district sets


@lru_cache(maxsize=1)
def _councils() -> _Councils:
    everyone = list_councils()
    today = current_council_names()
    current = [c for c in everyone if c.code in today]
    district_names = {
        code: name
        for c in everyone
        for code, name in zip(c.district_codes, c.district_names, strict=True)
    }
    of_district = {code: c.code for c in current for code in c.district_codes}
    editions: dict[str, tuple[frozenset[str], ...]] = {}
    for council in current:
        today = frozenset(council.district_codes)
        before = frozenset(d for d, (_, new) in SUPERSEDED_2023.items() if new == council.code)
        editions[council.code] = (today, before) if before else (today,)
    of_district.update({district: new for district, (_, new) in SUPERSEDED_2023.items()})
    return _Councils({c.code: c.name for c in current}, of_district, district_names, editions)


def projection_districts(
    edition: str = "2023", councils: Iterable[str] | None = None
) -> dict[str, str]:
    """Return district code -> name as an edition of the projections lists them.

    `edition` is "2023" (council areas of April 2023) or "2022" (district codes of 2022);
    `councils` limits the districts to those of these council codes (default: all);
    a code of no council in use today raises KeyError.
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}")
    lookup = _councils()
    wanted = lookup.editions if councils is None else {c: lookup.editions[c] for c in councils}
    chosen: dict[str, str] = {}
    for sets in wanted.values():
        districts = sets[-1] if edition == "2022" else sets[0]
        chosen.update({code: lookup.district_names[code] for code in sorted(districts)})
    return chosen


def read_projections(raw: bytes, file_name: str) -> pd.DataFrame:
    """Return people aged 65+, 75+ and 85+ per council and year from an ONS SNPP file.

    Takes the published zip of three CSVs or one of its CSVs. Raises ProjectionFileError
    naming the file (and the CSV inside a zip), row and column.
    """
    return import_projections(raw, file_name).table


def import_projections(raw: bytes, file_name: str) -> ProjectionImport:
    """Read and check an ONS SNPP file; return its councils' totals and what was left out.

    Councils wholly covered are kept; one with some of its districts missing is left out
    with a warning, and a file with no council wholly covered is refused.
    """
    texts = read_csv_texts(raw, file_name, ProjectionFileError, ZIPPED)
    counted = sum(max(line_count(text) - 1, 0) for _, text in texts)
    if problems := too_many_rows(counted, MAX_ROWS):
        raise ProjectionFileError(file_name, problems)
    frames, years = [], None
    for label, text in texts:
        check_time("checking each row")
        frame, years = _checked_frame(label, text, years)
        frames.append(frame)
    rows = pd.concat(frames, ignore_index=True)
    if rows.empty:
        raise ProjectionFileError(
            file_name, [Problem(None, None, "no projection rows found below the header row")]
        )
    check_time("adding districts up to councils")
    _refuse_repeats_across_files(rows)
    chosen = _choose_sexes(rows)
    _refuse_missing_older_ages(chosen)
    complete, warnings = _complete_councils(chosen)
    table = _council_totals(chosen, complete)
    check_time("saving it")
    return ProjectionImport(table, len(rows), warnings)


def split_by_council(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Return council code -> that council's rows (PROJECTION_COLUMNS), for storing apart."""
    return {
        str(code): rows.loc[:, list(PROJECTION_COLUMNS)].reset_index(drop=True)
        for code, rows in frame.groupby("council_code", sort=True)
    }


def _count_check(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values.str.strip(), errors="coerce")
    return numbers.notna() & np.isfinite(numbers) & (numbers >= 0) & (numbers < MAX_PEOPLE)


def _matches_any(choices: Iterable[str], error: str) -> pa.Column:
    allowed = {choice.casefold() for choice in choices}
    check = pa.Check(lambda values: values.str.strip().str.casefold().isin(allowed), error=error)
    return pa.Column(str, checks=[check], nullable=False)


def _first_of_its_kind(frame: pd.DataFrame) -> pd.Series:
    keys = pd.DataFrame(
        {c: frame[c].str.strip().str.casefold() for c in ("AREA_CODE", "SEX", "AGE_GROUP")}
    )
    return ~keys.duplicated(keep="first")


@lru_cache(maxsize=1)
def _schema() -> pa.DataFrameSchema:
    districts = set(_councils().of_district)
    known = pa.Check(
        lambda values: values.str.strip().isin(districts),
        error="the code of an English district (E06, E07, E08 or E09) as ONS lists it",
    )
    count = pa.Check(
        _count_check, error=f"a number of people, zero or more and below {MAX_PEOPLE:,}"
    )
    return pa.DataFrameSchema(
        {
            "AREA_CODE": pa.Column(str, checks=[known], nullable=False),
            "AREA_NAME": pa.Column(str, nullable=False),
            "COMPONENT": _matches_any(
                ["Population"],
                "Population (this reads ONS's population file, not the components of change)",
            ),
            "SEX": _matches_any(SEXES, "males, females or persons"),
            "AGE_GROUP": _matches_any(
                AGE_GROUPS, f"an age from 0 to 89, '{OLDEST_AGE}' or '{ALL_AGES}'"
            ),
            _YEAR_KEY: pa.Column(str, checks=[count], regex=True, nullable=False),
        },
        checks=[
            # A wide check names the column it blames before "|".
            pa.Check(
                _first_of_its_kind,
                error="AGE_GROUP|one row for each district, sex and age (this one repeats an "
                "earlier row)",
            )
        ],
        name="population projections",
    )


def _problems_from(errors: pa.errors.SchemaErrors) -> list[Problem]:
    return schema_problems(errors.failure_cases, row_offset=0, columns=HEADER)


def _checked_frame(
    label: str, text: str, years_before: list[str] | None
) -> tuple[pd.DataFrame, list[str]]:
    """Return one CSV's rows, checked (keys normalised, numbers as floats), and its years."""
    if problem := _wider_than_header(text):
        raise ProjectionFileError(label, [problem])
    table, problems = read_csv_text(text, max_rows=MAX_ROWS, lower=False)
    if table is None:
        raise ProjectionFileError(label, problems)
    by_name = {str(c).upper(): c for c in table.columns}
    years = [str(c) for c in table.columns if _YEAR.match(str(c))]
    problems = [
        Problem(1, name, "missing column; expected it in the header row")
        for name in HEADER
        if name not in by_name
    ]
    if not years:
        problems.append(
            Problem(1, None, "no year columns found; expected headers such as 2022 to 2047")
        )
    elif years_before is not None and years != years_before:
        problems.append(
            Problem(
                1,
                None,
                f"the years ({years[0]} to {years[-1]}) differ from the first file's "
                f"({years_before[0]} to {years_before[-1]}); expected the same in every file",
            )
        )
    if problems:
        raise ProjectionFileError(label, problems)
    table = table.rename(columns={by_name[name]: name for name in HEADER})
    table = table.loc[:, [*HEADER, *years]].fillna("")
    table.index = table.index + 2  # spreadsheet rows: the header is row 1
    try:
        _schema().validate(table, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise ProjectionFileError(label, _problems_from(errors)) from None
    age = table["AGE_GROUP"].str.strip().str.casefold()
    age = age.replace({OLDEST_AGE.casefold(): "90", ALL_AGES.casefold(): "-1"})
    checked = pd.DataFrame(
        {
            "code": table["AREA_CODE"].str.strip().to_numpy(),
            "sex": table["SEX"].str.strip().str.casefold().to_numpy(),
            "age": pd.to_numeric(age).astype("int64").to_numpy(),
            "file": label,
            "row": table.index.to_numpy(),
        }
    )
    for year in years:
        checked[year] = pd.to_numeric(table[year].str.strip()).astype("float64").to_numpy()
    return checked, years


def _wider_than_header(text: str) -> Problem | None:
    """Return a problem if the first data row has more cells than the header has names.

    pandas would take such a row's first cell as its label and shift every column by one;
    later rows that are too wide are refused by the CSV reader itself.
    """
    # The first two lines of a real file are well under this; a longer header is refused later.
    lines = [line for line in text[:65_536].splitlines() if line.strip()][:2]
    try:
        first = list(csv.reader(lines))
    except csv.Error:
        return None  # the CSV reader says what is wrong, in its turn
    if len(first) == 2 and len(first[1]) > len(first[0]):
        return Problem(
            2,
            None,
            f"the row has {len(first[1])} cells but the header row names {len(first[0])} "
            "columns; expected one cell under each column name",
        )
    return None


def _refuse(rows: pd.DataFrame, column: str) -> None:
    """Refuse the file of the first of `rows` (file, row, message), naming each of its rows."""
    if rows.empty:
        return
    rows = rows.sort_values(["file", "row"], kind="stable")
    label = rows["file"].iloc[0]
    mine = rows[rows["file"] == label]
    problems = [
        Problem(int(row), column, str(message))
        for row, message in zip(mine["row"], mine["message"], strict=True)
    ]
    raise ProjectionFileError(label, problems)


def _refuse_repeats_across_files(rows: pd.DataFrame) -> None:
    keys = ["code", "sex", "age"]
    repeats = rows.duplicated(keys, keep="first")
    if not repeats.any():
        return
    first = rows[~repeats].set_index(keys)
    again = rows[repeats].copy()
    again["message"] = [
        f"one row for each district, sex and age; this repeats row {first.at[key, 'row']} "
        f"of {first.at[key, 'file']}"
        for key in zip(again["code"], again["sex"], again["age"], strict=True)
    ]
    _refuse(again, "AGE_GROUP")


def _name(code: str) -> str:
    return f"{code} ({_councils().district_names.get(code, code)})"


def _choose_sexes(rows: pd.DataFrame) -> pd.DataFrame:
    """Keep persons rows where a district has them, else its males and females together."""
    sexes = rows.groupby("code")["sex"].agg(frozenset)
    has_persons = sexes.map(lambda found: "persons" in found)
    both = sexes.map(lambda found: {"males", "females"} <= found)
    short = sexes[~has_persons & ~both]
    if not short.empty:
        advice = (
            "load the persons file, or the males and females files together (the whole zip "
            "as ONS publishes it)"
        )
        every_sex = set(rows["sex"])
        if len(every_sex) == 1:
            first = rows.iloc[[0]].assign(
                message=f"the file holds {every_sex.pop()} only; {advice}"
            )
            _refuse(first, "SEX")
        firsts = rows[rows["code"].isin(short.index)].drop_duplicates("code").copy()
        firsts["message"] = firsts["code"].map(
            lambda code: f"{_name(code)} has {next(iter(sexes[code]))} rows only; {advice}"
        )
        _refuse(firsts, "SEX")
    persons = rows["code"].map(has_persons)
    keep = (persons & (rows["sex"] == "persons")) | (~persons & (rows["sex"] != "persons"))
    return rows[keep & (rows["age"] >= 0)]


def _refuse_missing_older_ages(rows: pd.DataFrame) -> None:
    older = frozenset(range(65, 91))
    found = rows[rows["age"] >= 65].groupby(["code", "sex"])["age"].agg(frozenset)
    groups = rows.drop_duplicates(["code", "sex"]).copy()
    missing = [
        sorted(older - found.get((code, sex), frozenset()))
        for code, sex in zip(groups["code"], groups["sex"], strict=True)
    ]
    groups["missing"] = missing
    groups = groups[groups["missing"].map(bool)]
    if groups.empty:
        return

    def say(code: str, sex: str, ages: list[int]) -> str:
        named = [OLDEST_AGE if age == 90 else str(age) for age in ages]
        listed = ", ".join(named[:6]) + (f" and {len(named) - 6} more" if len(named) > 6 else "")
        return (
            f"{_name(code)}, {sex}: no row for age {listed}; expected every age from 65 to 89 "
            f"and '{OLDEST_AGE}'"
        )

    groups["message"] = [
        say(code, sex, ages)
        for code, sex, ages in zip(groups["code"], groups["sex"], groups["missing"], strict=True)
    ]
    _refuse(groups, "AGE_GROUP")


def _complete_councils(rows: pd.DataFrame) -> tuple[list[str], tuple[str, ...]]:
    """Return the councils wholly in the file, and a warning for each only partly in it."""
    lookup = _councils()
    firsts = rows.drop_duplicates("code").copy()  # each district's first row, to name it
    firsts["council"] = firsts["code"].map(lookup.of_district)
    present = firsts.groupby("council")["code"].agg(frozenset)
    complete, partial, mixed = [], [], []
    for council, codes in present.items():
        editions = lookup.editions[council]
        if len(editions) == 2 and codes & editions[0] and codes & editions[1]:
            mixed.append(council)
        elif codes in editions:
            complete.append(council)
        else:
            partial.append(council)
    if mixed:
        newer = firsts[firsts["code"].isin({c for m in mixed for c in lookup.editions[m][0]})]
        _refuse(
            newer.assign(
                message=newer["code"].map(
                    lambda code: (
                        f"{_name(code)} is listed with the districts it replaced in "
                        "April 2023, so their people would be counted twice; expected one edition "
                        "of the projections (2023 geographies or 2022 district codes), not both"
                    )
                )
            ),
            "AREA_CODE",
        )

    def shortfall(council: str) -> str:
        codes = present[council]
        editions = lookup.editions[council]
        districts = next((e for e in editions if codes <= e), editions[0])
        absent = ", ".join(lookup.district_names[d] for d in sorted(districts - codes))
        return (
            f"{lookup.names[council]} is only partly in the file ({len(codes)} of its "
            f"{len(districts)} districts; {absent} missing)"
        )

    partial.sort(key=lambda council: lookup.names[council])
    if not complete:
        shown = firsts.drop_duplicates("council")
        _refuse(
            shown.assign(
                message=shown["council"].map(
                    lambda council: (
                        f"{shortfall(council)}; no council is wholly in the file, "
                        "so nothing can be loaded"
                    )
                )
            ),
            "AREA_CODE",
        )
    return complete, tuple(f"{shortfall(council)}: left out." for council in partial)


def _council_totals(rows: pd.DataFrame, complete: list[str]) -> pd.DataFrame:
    lookup = _councils()
    years = [c for c in rows.columns if _YEAR.match(str(c))]
    rows = rows.assign(council_code=rows["code"].map(lookup.of_district))
    rows = rows[rows["council_code"].isin(complete)]
    older = rows[rows["age"] >= 65]
    bands = []
    for column, low in _OLDER_FROM.items():
        sums = older[older["age"] >= low].groupby("council_code")[years].sum()
        bands.append(sums.stack().rename(column))
    table = pd.concat(bands, axis=1).rename_axis(["council_code", "year"]).reset_index()
    table["year"] = table["year"].astype("int64")
    table["council_code"] = table["council_code"].astype(str)
    table["council_name"] = table["council_code"].map(lookup.names).astype(str)
    table["districts"] = (
        table["council_code"].map(rows.groupby("council_code")["code"].nunique()).astype("int64")
    )
    for column in _OLDER_FROM:
        table[column] = table[column].astype("float64")
    table = table.sort_values(["council_code", "year"]).reset_index(drop=True)
    return table.loc[:, list(PROJECTION_COLUMNS)]
