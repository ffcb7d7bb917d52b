"""ONS population estimates and projections by area and age: read, check, and total 65+ and 85+."""

from __future__ import annotations

import io
import math
import re
import zipfile

import pandas as pd

from data.budget import check_time
from data.cqc import CqcFileError, check_unzipped_size
from data.problems import Problem, duplicate_columns, line_count, too_many_rows, wide_header
from data.sniff import ZIP_KINDS, check_content
from geo.boundaries import CouncilGeography

KIND = "population"
UPLOAD_SUFFIXES = ("csv", "xlsx")
OLDER_AGES = (65, 85)
# Rows in one file: ONS projections for every council of England by sex and single year of
# age are about 100,000 rows.
MAX_ROWS = 200_000
POPULATION_COLUMNS = ("area_code", "area_name", "msoa_name", "year", "age_65plus", "age_85plus")
_AREA_CODE = re.compile(r"^[EW]\d{8}$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_SKIP_AGES = {"all ages", "all", "total", "all persons"}
_EVERYONE = {"persons", "all", "all persons", "people", "total"}


class PopulationFileError(CqcFileError):
    """A population file that cannot be used; nothing from it is loaded."""

    def __str__(self) -> str:
        return super().__str__().replace("was not imported", "was not loaded", 1)


def _age_range(text: str) -> tuple[int, float] | None:
    value = re.sub(r"^aged\s+", "", text.strip().casefold())
    if re.fullmatch(r"\d+", value):
        return int(value), int(value)
    if match := re.fullmatch(r"(\d+)\s*(?:-|to)\s*(\d+)", value):
        return int(match.group(1)), int(match.group(2))
    if match := re.fullmatch(r"(\d+)\s*(?:\+|and over|plus|and older)", value):
        return int(match.group(1)), math.inf
    return None


def _read_frame(raw: bytes, file_name: str) -> pd.DataFrame:
    kind = check_content(raw, file_name, UPLOAD_SUFFIXES, PopulationFileError)
    if not raw:
        raise PopulationFileError(file_name, [Problem(None, None, "the file is empty")])
    try:
        if kind in ZIP_KINDS:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                too_large = check_unzipped_size(archive)
            if too_large:
                raise PopulationFileError(file_name, [Problem(None, None, too_large)])
            frame = pd.read_excel(
                io.BytesIO(raw),
                engine="calamine",  # openpyxl took 53 s on a file at the row limit
                dtype=str,
                keep_default_na=False,
                nrows=MAX_ROWS + 1,
            )
            if problems := too_many_rows(len(frame), MAX_ROWS, counted="more"):
                raise PopulationFileError(file_name, problems)
        else:
            text = raw.decode("utf-8-sig", errors="replace")
            if problems := wide_header(text) or too_many_rows(line_count(text) - 1, MAX_ROWS):
                raise PopulationFileError(file_name, problems)
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except PopulationFileError:
        raise
    except Exception as exc:  # readers raise many types for broken files
        raise PopulationFileError(
            file_name, [Problem(None, None, f"the file could not be read as a table ({exc})")]
        ) from exc
    names = [re.sub(r"\.0$", "", str(c).strip()) for c in frame.columns]
    if problems := duplicate_columns(names):
        raise PopulationFileError(file_name, problems)
    frame.columns = names
    return frame


def read_population(raw: bytes, file_name: str) -> pd.DataFrame:
    """Return people aged 65+ and 85+ per area and year from an ONS-style file.

    The file has AREA_CODE, AGE_GROUP and one column per year (AREA_NAME, SEX and
    COMPONENT are used when present). Raises PopulationFileError naming row and column.
    """
    frame = _read_frame(raw, file_name)
    check_time("checking each row")
    upper = {c.upper(): c for c in frame.columns}
    years = [c for c in frame.columns if _YEAR.match(c)]
    problems = [
        Problem(1, name, "missing column; expected it in the header row")
        for name in ("AREA_CODE", "AGE_GROUP")
        if name not in upper
    ]
    if not years:
        problems.append(Problem(1, None, "no year columns found; expected headers such as 2023"))
    if problems:
        raise PopulationFileError(file_name, problems)
    frame = frame.rename(
        columns={
            upper[k]: k
            for k in ("AREA_CODE", "AGE_GROUP", "AREA_NAME", "SEX", "COMPONENT")
            if k in upper
        }
    )
    frame.index = pd.RangeIndex(2, len(frame) + 2)  # spreadsheet rows: the header is row 1
    frame = _choose_rows(frame)
    ages = frame["AGE_GROUP"].map(_age_range)
    skip = frame["AGE_GROUP"].str.strip().str.casefold().isin(_SKIP_AGES)
    for row in frame.index[ages.isna() & ~skip]:
        problems.append(
            Problem(
                int(row),
                "AGE_GROUP",
                f"expected an age such as 67, 65-69 or 90 and over, found "
                f"'{frame.at[row, 'AGE_GROUP'][:20]}'",
            )
        )
    for row, span in ages.dropna().items():
        if any(span[0] < edge <= span[1] for edge in OLDER_AGES):
            problems.append(
                Problem(
                    int(row),
                    "AGE_GROUP",
                    f"the age group '{frame.at[row, 'AGE_GROUP']}' "
                    "spans 65 or 85; expected single years or groups that start there",
                )
            )
    for row in frame.index[~frame["AREA_CODE"].str.strip().str.match(_AREA_CODE)]:
        problems.append(
            Problem(
                int(row),
                "AREA_CODE",
                f"expected an ONS area code such as E01020616, found "
                f"'{frame.at[row, 'AREA_CODE'][:20]}'",
            )
        )
    values = {}
    for year in years:
        text = frame[year].str.replace(",", "", regex=False).str.strip()
        numbers = pd.to_numeric(text, errors="coerce")
        for row in frame.index[(numbers.isna() | (numbers < 0)) & ~skip]:
            problems.append(
                Problem(int(row), year, f"expected a number of people, found '{text[row][:20]}'")
            )
        values[year] = numbers
    if problems:
        raise PopulationFileError(file_name, problems)
    keep = ~skip
    low = ages[keep].map(lambda span: span[0])
    long = pd.DataFrame(values)[keep].assign(
        area_code=frame.loc[keep, "AREA_CODE"].str.strip(),
        area_name=frame.loc[keep, "AREA_NAME"].str.strip() if "AREA_NAME" in frame else "",
        low=low,
    )
    long = long.melt(
        id_vars=["area_code", "area_name", "low"], value_vars=years, var_name="year", value_name="n"
    )
    long["age_65plus"] = long["n"].where(long["low"] >= 65, 0.0)
    long["age_85plus"] = long["n"].where(long["low"] >= 85, 0.0)
    totals = long.groupby(["area_code", "area_name", "year"], as_index=False)[
        ["age_65plus", "age_85plus"]
    ].sum()
    totals["year"] = totals["year"].astype("int64")
    if totals.empty:
        raise PopulationFileError(file_name, [Problem(None, None, "no population rows found")])
    return totals


def _choose_rows(frame: pd.DataFrame) -> pd.DataFrame:
    # Projection files repeat each area by component and sex; use the population of
    # everyone where it is given, else add the sexes together.
    if "COMPONENT" in frame:
        population = frame["COMPONENT"].str.strip().str.casefold() == "population"
        if population.any():
            frame = frame[population]
    if "SEX" in frame:
        everyone = frame["SEX"].str.strip().str.casefold().isin(_EVERYONE)
        if everyone.any():
            frame = frame[everyone]
    return frame


def population_for_council(
    totals: pd.DataFrame, geography: CouncilGeography, file_name: str
) -> pd.DataFrame:
    """Keep the areas of one council, each with the app's MSOA; refuse a file with none.

    LSOA (2011) codes take their MSOA from the geography; MSOA codes are matched by the
    MSOA name in AREA_NAME (for example "County Durham 001"), as the app names MSOAs.
    """
    lsoa_msoa = dict(zip(geography.lsoas["code"], geography.lsoas["msoa_name"], strict=True))
    msoa_names = set(geography.msoas["code"])
    msoa = totals["area_code"].map(lsoa_msoa)
    by_name = totals["area_code"].str.startswith("E02") & totals["area_name"].isin(msoa_names)
    msoa = msoa.where(msoa.notna(), totals["area_name"].where(by_name))
    kept = totals.assign(msoa_name=msoa)[msoa.notna()].reset_index(drop=True)
    if kept.empty:
        raise PopulationFileError(
            file_name,
            [
                Problem(
                    None,
                    "AREA_CODE",
                    f"no area of {geography.council.name} found; expected its 2011 LSOA codes "
                    "(E01...) or its MSOAs with names such as "
                    f"'{next(iter(sorted(msoa_names)), '')}' in AREA_NAME",
                )
            ],
        )
    return kept.loc[:, list(POPULATION_COLUMNS)]


def msoa_population(population: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return people aged 65+ and 85+ per MSOA for one year (sums of LSOAs where given)."""
    rows = population[population["year"] == year]
    lsoa_level = rows["area_code"].str.startswith("E01")
    # Where a file gives both levels, count the LSOAs only so no one is counted twice.
    if lsoa_level.any():
        rows = rows[lsoa_level]
    return rows.groupby("msoa_name")[["age_65plus", "age_85plus"]].sum()
