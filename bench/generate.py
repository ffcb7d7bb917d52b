"""Illustrative data at England scale: care homes at real postcodes, a full CQC directory,
and ONS population projections.

All are deterministic for a seed. The homes stand in for England's care homes on the
England overview and in the benchmarks; the directory is a file in the published layout
of CQC's "care directory with filters", and the projections files are in the layout of
ONS's 2022-based subnational population projections, to test and time the real importers
at full size. Nothing here is real except the postcodes and their grid references (ONS
Postcode Directory) and the district codes and names.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from data.projections import AGE_GROUPS, EDITIONS, projection_districts
from market.england_homes import (
    SEED,
    council_names,
    england_homes,
    sample_english_postcodes,
)

DIRECTORY_LOCATIONS = 50_000
# Other kinds of location in the directory: name, sector, inspection directorate and
# category, and their share of the rows that are not care homes.
OTHER_LOCATIONS = (
    (
        "Domiciliary care agency",
        "Social Care Org",
        "Adult social care",
        "Community based adult social care services",
        0.40,
    ),
    ("GP practice", "Primary Medical Services", "Primary medical services", "GP Practices", 0.22),
    ("Dental practice", "Primary Dental Care", "Primary medical services", "Dentists", 0.24),
    ("Clinic", "Independent Healthcare Org", "Hospitals", "Independent consulting doctors", 0.09),
    ("Hospital", "NHS Healthcare Organisation", "Hospitals", "Acute hospital", 0.05),
)
# Columns of the published care directory with filters that the importer does not read;
# they are written so the file has the width of the real one.
EXTRA_COLUMNS = (
    "Location HSCA start date",
    "Location ODS Code",
    "Location Telephone Number",
    "Registered manager",
    "Location Web Address",
    "Inherited Rating (Y/N)",
    "Location Region",
    "Location NHS Region",
    "Location ONSPD CCG Code",
    "Location Street Address",
    "Location Address Line 2",
    "Location City",
    "Location County",
    "Regulated activity - Accommodation for persons who require nursing or personal care",
    "Regulated activity - Personal care",
    "Regulated activity - Treatment of disease, disorder or injury",
    "Regulated activity - Diagnostic and screening procedures",
    "Service type - Acute services with overnight beds",
    "Service type - Doctors consultation service",
    "Service type - Dental service",
    "Service type - Supported living service",
    "Service user band - Learning disabilities or autistic spectrum disorder",
    "Service user band - Mental Health",
    "Service user band - Physical Disability",
    "Service user band - Sensory Impairment",
    "Service user band - Younger Adults",
    "Service user band - Whole Population",
)


def directory_frame(
    homes: pd.DataFrame, locations: int = DIRECTORY_LOCATIONS, seed: int = SEED
) -> pd.DataFrame:
    """Return a care directory with filters: the homes and other locations, shuffled, as text.

    Homes keep their postcodes; about one in ten has no coordinates, as in published
    files, so the importer places it by postcode, and one in fifty is dormant. The other
    locations (agencies, GP and dental practices, clinics, hospitals) are not care homes
    and sit at other real English postcodes.
    """
    from tests.fixtures.cqc.make_fixtures import HSCA_HEADER

    rng = np.random.default_rng(seed + 1)
    others = locations - len(homes)
    if others < 0:
        raise ValueError("fewer locations than homes")
    places = sample_english_postcodes(locations, seed + 1).iloc[:others].reset_index(drop=True)
    n = len(homes)
    no_coordinates = rng.random(n) < 0.1
    home_rows = pd.DataFrame(
        {
            "Location ID": [f"1-{100000000 + i}" for i in range(n)],
            "Care home?": "Y",
            "Location Name": homes["name"].to_numpy(),
            "Care homes beds": homes["beds"].astype("string").fillna("").to_numpy(),
            "Location Type/Sector": "Social Care Org",
            "Location Inspection Directorate": "Adult social care",
            "Location Primary Inspection Category": "Residential social care",
            "Location Latest Overall Rating": homes["rating"].replace("Not rated", "").to_numpy(),
            "Publication Date": homes["rating_date"].dt.strftime("%d/%m/%Y").fillna("").to_numpy(),
            "Location Local Authority": homes["local_authority"].fillna("").to_numpy(),
            "Location Postal Code": homes["postcode"].to_numpy(),
            "Location Latitude": np.where(no_coordinates, "", homes["lat"].round(6).astype(str)),
            "Location Longitude": np.where(no_coordinates, "", homes["lon"].round(6).astype(str)),
            "Dormant (Y/N)": np.where(rng.random(n) < 0.02, "Y", "N"),
            "Provider ID": [f"1-{200000000 + p}" for p in pd.factorize(homes["provider_id"])[0]],
            "Provider Name": homes["provider"].to_numpy(),
            "Service type - Care home service with nursing": np.where(
                homes["care_type"].isin(["nursing", "both"]), "Y", ""
            ),
            "Service type - Care home service without nursing": np.where(
                homes["care_type"].isin(["residential", "both"]), "Y", ""
            ),
            "Service type - Domiciliary care service": "",
            "Service user band - Older People": np.where(homes["older_people"], "Y", ""),
            "Service user band - Dementia": np.where(homes["dementia"], "Y", ""),
            "Regulated activity - Accommodation for persons who require nursing or personal care": (
                "Y"
            ),
        }
    )
    kinds = rng.choice(len(OTHER_LOCATIONS), size=others, p=[o[-1] for o in OTHER_LOCATIONS])
    labels, sectors, directorates, categories = (
        np.array([o[field] for o in OTHER_LOCATIONS])[kinds] for field in range(4)
    )
    agency = kinds == 0
    other_rows = pd.DataFrame(
        {
            "Location ID": [f"1-{300000000 + i}" for i in range(others)],
            "Care home?": "N",
            "Location Name": [
                f"Illustrative {label.lower()} {i + 1}" for i, label in enumerate(labels)
            ],
            "Care homes beds": "",
            "Location Type/Sector": sectors,
            "Location Inspection Directorate": directorates,
            "Location Primary Inspection Category": categories,
            "Location Latest Overall Rating": rng.choice(["Good", "Outstanding", ""], size=others),
            "Publication Date": "14/03/2024",
            "Location Local Authority": council_names(places["lad_code"]),
            "Location Postal Code": places["postcode"].to_numpy(),
            "Location Latitude": places["lat"].round(6).astype(str).to_numpy(),
            "Location Longitude": places["lon"].round(6).astype(str).to_numpy(),
            "Dormant (Y/N)": "N",
            "Provider ID": [f"1-{400000000 + i // 3}" for i in range(others)],
            "Provider Name": [f"Illustrative provider {i // 3 + 1}" for i in range(others)],
            "Service type - Domiciliary care service": np.where(agency, "Y", ""),
            "Service user band - Older People": np.where(agency, "Y", ""),
            "Regulated activity - Personal care": np.where(agency, "Y", ""),
            "Regulated activity - Treatment of disease, disorder or injury": np.where(
                agency, "", "Y"
            ),
        }
    )
    header = list(dict.fromkeys([*HSCA_HEADER, *EXTRA_COLUMNS]))
    frame = pd.concat([home_rows, other_rows], ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    frame = frame.reindex(columns=header).astype(object).fillna("")
    frame["Location HSCA start date"] = "01/04/2011"
    frame["Location ODS Code"] = ""
    frame["Location Telephone Number"] = "01234 567890"
    frame["Location Street Address"] = "1 Illustrative Street"
    frame["Inherited Rating (Y/N)"] = "N"
    return frame.astype(str)


def directory_csv(frame: pd.DataFrame) -> bytes:
    """Return the directory as the CSV CQC offers (UTF-8 with a byte-order mark)."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def directory_ods(frame: pd.DataFrame) -> bytes:
    """Return the directory as an OpenDocument spreadsheet, CQC's main format.

    Written as XML directly: odfpy takes minutes for 50,000 rows. A "Read me" sheet comes
    first, then the data sheet, as CQC publishes it; numbers are stored as numbers.
    """
    numeric = {"Care homes beds", "Location Latitude", "Location Longitude"}
    body = io.StringIO()
    body.write(_ODS_HEAD)
    body.write('<table:table table:name="Read me"><table:table-row>')
    body.write(_text_cell("Care directory with filters (illustrative, generated)"))
    body.write("</table:table-row></table:table>")
    body.write('<table:table table:name="HSCA_Active_Locations">')
    columns = list(frame.columns)
    body.write("<table:table-row>" + "".join(_text_cell(c) for c in columns) + "</table:table-row>")
    flags = [c in numeric for c in columns]
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for value, is_number in zip(row, flags, strict=True):
            if not value:
                cells.append("<table:table-cell/>")
            elif is_number:
                cells.append(
                    f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>"
                )
            else:
                cells.append(_text_cell(value))
        body.write("<table:table-row>" + "".join(cells) + "</table:table-row>")
    body.write("</table:table></office:spreadsheet></office:body></office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype comes first and uncompressed, as the OpenDocument format requires.
        archive.writestr("mimetype", _ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", body.getvalue(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _text_cell(value: str) -> str:
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{escape(value)}</text:p></table:table-cell>"
    )


_ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)


def write_directory(folder: Path, locations: int = DIRECTORY_LOCATIONS) -> dict[str, Path]:
    """Write the full-size directory as .ods and .csv into `folder`; return their paths."""
    frame = directory_frame(england_homes(), locations)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        ".ods": folder / "HSCA_Active_Locations.ods",
        ".csv": folder / "HSCA_Active_Locations.csv",
    }
    paths[".ods"].write_bytes(directory_ods(frame))
    paths[".csv"].write_bytes(directory_csv(frame))
    return paths


# The published projections: one CSV per sex, in a zip, each with a row per district and
# age group (single years 0 to 89, then 90 and over, then all ages).
SNPP_SEXES = ("males", "females", "persons")
SNPP_FILES = {sex: f"2022 SNPP Population {sex}.csv" for sex in SNPP_SEXES}
# County Durham is scaled to about the people aged 65 and over that its Market
# Sustainability Plan gives for 2024 and 2039, so files for the featured council look real.
_SCALED_65PLUS = {"E06000047": ((2024, 121_000.0), (2039, 149_700.0))}


def _snpp_persons(code: str, years: np.ndarray, seed: int) -> np.ndarray:
    """Return people by age (0..89, then 90 and over) and year for one district: (91, years).

    People aged 65 and over grow each year and age within themselves (the oldest gain
    most); younger ages drift a little. Each district has its own generator, so its
    figures do not depend on which other districts are in the file.
    """
    rng = np.random.default_rng([seed, int(code[1:])])
    if code in _SCALED_65PLUS:
        (year0, older0), (year1, older1) = _SCALED_65PLUS[code]
        growth = (older1 / older0) ** (1 / (year1 - year0))
        older_share = 0.22
    else:
        year0, older0 = 2024, float(rng.uniform(12_000, 90_000))
        growth, older_share = float(rng.uniform(1.008, 1.02)), float(rng.uniform(0.17, 0.27))
    since = years - year0
    older_total = older0 * growth**since
    # Within 65+, a share falling by age; the fall flattens as people live longer.
    steep = np.maximum(0.09 - 0.0008 * since, 0.05)
    ages = np.arange(65, 90)[:, None]
    weights = np.exp(-steep * (ages - 65))
    oldest = np.exp(-steep * 25) / (1 - np.exp(-steep))
    weights = np.vstack([weights, oldest])
    older = older_total * weights / weights.sum(axis=0)
    # Under 65: the rest of the population, spread with a gentle wave over the ages.
    younger_total = older0 * (1 - older_share) / older_share
    wave = 1 + 0.15 * np.sin(np.arange(65) / 9.0 + rng.uniform(0, 6)) + rng.normal(0, 0.02, 65)
    drift = (1 + rng.uniform(-0.002, 0.004)) ** since
    younger = younger_total * (wave / wave.sum())[:, None] * drift
    return np.vstack([younger, older])


def _snpp_tables(
    districts: Mapping[str, str], first: int, last: int, seed: int
) -> dict[str, pd.DataFrame]:
    """Return one table per sex in the published layout, rows shuffled alike."""
    years = np.arange(first, last + 1)
    female_share = np.interp(np.arange(91), [0, 50, 90], [0.49, 0.50, 0.66])[:, None]
    tables: dict[str, list[pd.DataFrame]] = {sex: [] for sex in SNPP_SEXES}
    for code, name in districts.items():
        persons = _snpp_persons(code, years, seed)
        # Rounded as published (3 decimals), persons being males and females added up.
        people = {
            "females": np.round(persons * female_share, 3),
            "males": np.round(persons * (1 - female_share), 3),
        }
        people["persons"] = np.round(people["males"] + people["females"], 3)
        for sex in SNPP_SEXES:
            by_age = people[sex]
            values = np.vstack([by_age, np.round(by_age.sum(axis=0), 3)])
            table = pd.DataFrame(values, columns=[str(y) for y in years])
            table.insert(0, "AGE_GROUP", AGE_GROUPS)
            table.insert(0, "SEX", sex)
            table.insert(0, "COMPONENT", "Population")
            table.insert(0, "AREA_NAME", name)
            table.insert(0, "AREA_CODE", code)
            tables[sex].append(table)
    order = np.random.default_rng(seed).permutation(len(districts) * len(AGE_GROUPS))
    return {sex: pd.concat(parts, ignore_index=True).iloc[order] for sex, parts in tables.items()}


def _snpp_bytes(table: pd.DataFrame) -> bytes:
    # The header is quoted; data rows are not, but for a name holding a comma.
    header = ",".join(f'"{column}"' for column in table.columns) + "\r\n"
    body = table.to_csv(
        index=False,
        header=False,
        float_format="%.3f",
        quoting=csv.QUOTE_MINIMAL,
        lineterminator="\r\n",
    )
    return (header + body).encode("utf-8")


def snpp_csv(
    districts: Mapping[str, str], sex: str, first: int = 2022, last: int = 2047, seed: int = SEED
) -> bytes:
    """Return one sex's CSV of ONS's 2022-based projections for `districts` (code -> name).

    `sex` is males, females or persons; persons are the other two added up.
    """
    if sex not in SNPP_SEXES:
        raise ValueError(f"sex must be one of {', '.join(SNPP_SEXES)}")
    return _snpp_bytes(_snpp_tables(districts, first, last, seed)[sex])


def snpp_zip(
    districts: Mapping[str, str], first: int = 2022, last: int = 2047, seed: int = SEED
) -> bytes:
    """Return the projections zip as ONS publishes it: a CSV each for males, females, persons."""
    tables = _snpp_tables(districts, first, last, seed)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for sex in SNPP_SEXES:
            # A fixed date in each entry: the same districts give the same bytes, whenever.
            entry = zipfile.ZipInfo(SNPP_FILES[sex], date_time=(2024, 6, 24, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, _snpp_bytes(tables[sex]))
    return buffer.getvalue()


def _write_projections(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate projections",
        description="Write illustrative ONS population projections (the published zip).",
    )
    parser.add_argument("out", type=Path, help="the zip to write")
    parser.add_argument("councils", nargs="*", help="council codes (default: all of England)")
    parser.add_argument("--edition", choices=EDITIONS, default="2023")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    try:
        districts = projection_districts(args.edition, args.councils or None)
    except KeyError as exc:
        parser.error(f"not a council code in use today: {exc.args[0]}")
    args.out.write_bytes(snpp_zip(districts, seed=args.seed))
    size = args.out.stat().st_size / 2**20
    print(f"{args.out}: {len(districts):,} districts ({size:.1f} MB)")


def main(argv: Sequence[str] | None = None) -> None:
    """Run `python -m bench.generate FOLDER`: write the illustrative full-size directory.

    `python -m bench.generate projections OUT.zip [COUNCIL ...]` writes projections instead.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["projections"]:
        _write_projections(argv[1:])
        return
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--locations", type=int, default=DIRECTORY_LOCATIONS)
    args = parser.parse_args(argv)
    for suffix, path in write_directory(args.folder, args.locations).items():
        print(f"{suffix}: {path} ({path.stat().st_size / 2**20:.1f} MB)")


if __name__ == "__main__":
    main()


# NHS England's Adult Social Care Activity and Finance Report (ASC-FR): the long CSV, one value
# a row, in the published layout (/work/shared/DATA.md, section 4). The unit-cost rows carry
# the labels data/unit_costs.py reads (UNIT_COST_ROWS); other rows stand in for the rest of
# the return (expenditure, numerators and denominators, costs by primary support reason) so
# that the importer has to find its rows among others.
ASC_FR_HEADER = (
    "GEOGRAPHY_LEVEL",
    "DATA_LEVEL",
    "UUID",
    "FY_ENDING",
    "CASSR",
    "GEOGRAPHY_CODE",
    "DH_GEOGRAPHY_NAME",
    "REGION_GO_CODE",
    "GEOGRAPHY_NAME",
    "DimensionGroup",
    "CareType",
    "FinanceType",
    "FinanceDescription",
    "AgeBand",
    "PrimarySupportReason",
    "SupportSetting",
    "Purpose",
    "CarerSupportType",
    "DataType",
    "ActivityProvision",
    "ComparativeTotals",
    "DataSource",
    "ValueType",
    "ITEMVALUE",
)
# The breakdown columns, which the 2017-18 and 2018-19 files suffix with `_Key`.
ASC_FR_BREAKDOWNS = ASC_FR_HEADER[ASC_FR_HEADER.index("DimensionGroup") : -2]
# Codes the return used before April 2023 for councils recoded or replaced then.
ASC_FR_BEFORE_2023 = {
    "E10000006": ("Cumbria", ("E06000063", "E06000064")),
    "E10000023": ("North Yorkshire", ("E06000065",)),
    "E10000027": ("Somerset", ("E06000066",)),
    "E08000016": ("Barnsley", ("E08000038",)),
    "E08000019": ("Sheffield", ("E08000039",)),
}
# Typical 2023-24 levels (pounds): weekly care home costs by setting and age, hourly rates.
_ASC_FR_LEVELS = {
    ("Residential", "65 and Over"): 850.0,
    ("Nursing", "65 and Over"): 980.0,
    ("Residential", "18 to 64"): 1_750.0,
    ("Nursing", "18 to 64"): 1_300.0,
}
_HOURLY_LEVELS = {"Provision by Others": 22.5, "Own Provision": 38.0}
# Share of unit cost cells marked not submitted (":") and suppressed ("*").
ASC_FR_NOT_SUBMITTED = 0.06
ASC_FR_SUPPRESSED = 0.03


def asc_fr_councils(fy_ending: int) -> dict[str, str]:
    """Return code -> name of the councils in an ASC-FR year: the 153 of today from 2023-24,
    152 before (Cumbria, North Yorkshire and Somerset counties; Barnsley's and Sheffield's
    former codes)."""
    from data.unit_costs import current_council_names

    councils = current_council_names()
    if fy_ending >= 2024:
        return councils
    replaced = {new for _, news in ASC_FR_BEFORE_2023.values() for new in news}
    older = {code: name for code, name in councils.items() if code not in replaced}
    older.update({code: name for code, (name, _) in ASC_FR_BEFORE_2023.items()})
    return dict(sorted(older.items()))


def _asc_fr_cell(rng: np.random.Generator, value: float) -> str:
    draw = rng.random()
    if draw < ASC_FR_NOT_SUBMITTED:
        return ":"
    if draw < ASC_FR_NOT_SUBMITTED + ASC_FR_SUPPRESSED:
        return "*"
    return f"{value:.2f}"


def asc_fr_rows(fy_ending: int, seed: int = SEED) -> list[dict[str, str]]:
    """Return the rows of one year's ASC-FR CSV for every council, as dicts by header name."""
    # Costs rise about 7% a year; each council sits a steady distance from the typical level.
    scale = 1.07 ** (fy_ending - 2024)
    rows: list[dict[str, str]] = []

    def add(place: tuple[str, str, str], value: str, **cells: str) -> None:
        level, code, name = place
        row = dict.fromkeys(ASC_FR_HEADER, "")
        row.update(
            GEOGRAPHY_LEVEL=level,
            DATA_LEVEL="Data",
            UUID=str(8_000_000 + len(rows)),
            FY_ENDING=str(fy_ending),
            CASSR=name,
            GEOGRAPHY_CODE=code,
            DH_GEOGRAPHY_NAME=name,
            GEOGRAPHY_NAME=name,
            ITEMVALUE=value,
            **cells,
        )
        rows.append(row)

    england = ("England", "E92000001", "England")
    add(
        england,
        "23.10",
        SupportSetting="Community: Home Care",
        ValueType="UNIT COST",
        ActivityProvision="Provision by Others",
        AgeBand="Total",
        DataType="Unit Cost",
    )
    for code, name in asc_fr_councils(fy_ending).items():
        place = ("Local Authority", code, name)
        rng = np.random.default_rng([seed, int(code[1:])])
        own_level = rng.normal(1.0, 0.12)
        for (setting, age), typical in _ASC_FR_LEVELS.items():
            cost = typical * scale * own_level * rng.normal(1.0, 0.05)
            common = {
                "DimensionGroup": "Unit Costs",
                "CareType": "Long Term",
                "AgeBand": age,
                "SupportSetting": setting,
                "DataType": "Unit Cost",
            }
            add(
                place,
                _asc_fr_cell(rng, cost),
                **common,
                PrimarySupportReason="Total",
                ActivityProvision="Total",
                ValueType="UNIT COST",
            )
            # Costs by primary support reason and by provider, which the importer leaves.
            add(
                place,
                f"{cost * 1.1:.2f}",
                **common,
                PrimarySupportReason="Physical Support",
                ActivityProvision="Total",
                ValueType="UNIT COST",
            )
            add(
                place,
                f"{cost * 0.95:.2f}",
                **common,
                PrimarySupportReason="Total",
                ActivityProvision="Own Provision",
                ValueType="UNIT COST",
            )
            add(
                place,
                f"{cost * 52 * 180 / 1000:.0f}",
                **common,
                PrimarySupportReason="Total",
                ActivityProvision="Total",
                ValueType="Numerator",
            )
            add(
                place,
                "180",
                **common,
                PrimarySupportReason="Total",
                ActivityProvision="Total",
                ValueType="Denominator",
            )
        for provision, typical in _HOURLY_LEVELS.items():
            rate = typical * scale * (own_level * 0.5 + 0.5) * rng.normal(1.0, 0.04)
            add(
                place,
                _asc_fr_cell(rng, rate),
                DimensionGroup="Unit Costs",
                SupportSetting="Community: Home Care",
                AgeBand="Total",
                ActivityProvision=provision,
                DataType="Unit Cost",
                ValueType="UNIT COST",
            )
        spend = rng.uniform(40_000, 600_000) * scale
        for setting in ("Residential", "Nursing", "Community: Home Care", "99"):
            add(
                place,
                f"{spend * rng.uniform(0.1, 0.4):.0f}",
                DimensionGroup="Expenditure",
                CareType="Long Term",
                FinanceType="Gross Current Expenditure",
                FinanceDescription="Expenditure (£000s)",
                SupportSetting=setting,
                AgeBand="65 and Over",
                DataType="Expenditure",
            )
    return rows


def asc_fr_csv(fy_ending: int, *, key_suffix: bool | None = None, seed: int = SEED) -> bytes:
    """Return one year's ASC-FR CSV as NHS England publishes it.

    `key_suffix` writes the breakdown columns with `_Key`, as the 2017-18 and 2018-19 files
    do (by default, for those years only).
    """
    suffixed = fy_ending <= 2019 if key_suffix is None else key_suffix
    names = {c: f"{c}_Key" if suffixed and c in ASC_FR_BREAKDOWNS else c for c in ASC_FR_HEADER}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names.values())
    for row in asc_fr_rows(fy_ending, seed):
        writer.writerow(row[c] for c in ASC_FR_HEADER)
    return buffer.getvalue().encode("utf-8")


def asc_fr_zip(fy_ending: int, *, key_suffix: bool | None = None, seed: int = SEED) -> bytes:
    """Return the zip NHS England publishes: one year's ASC-FR CSV inside."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            f"ASC-FR {fy_ending - 1}-{fy_ending % 100:02d} CSV.csv",
            asc_fr_csv(fy_ending, key_suffix=key_suffix, seed=seed),
        )
    return buffer.getvalue()


def write_asc_fr(folder: Path, years: Sequence[int] = (2019, 2023, 2024)) -> list[Path]:
    """Write an ASC-FR zip for each financial year ending in `years` into folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year in years:
        path = folder / f"asc-fr-{year - 1}-{year % 100:02d}.zip"
        path.write_bytes(asc_fr_zip(year))
        paths.append(path)
    return paths


# Skills for Care workforce estimates by council (LA-data-download.xlsx, sheet "LA level
# data"): `workforce_workbook` writes the published layout for every council, in Skills for
# Care's own spellings, with `*` where it suppresses a rate. The rates are made up; only the
# council names and their spellings are real. These come after `main`, which does not offer
# them: write the file with `write_workforce(path)`.
SFC_COLUMNS = (
    "CSSR (LA area)",
    "Sector",
    "Service",
    "Job role",
    "Turnover rate",
    "Vacancy rate",
    "Sickness - Mean (divide by Employees)",
    "Zero Hour Contracts - Yes",
)
SFC_SECTORS = ("All sectors", "Independent", "Local authority (adult services)")
SFC_SERVICES = (
    "All services",
    "Care home services with nursing",
    "Care home services without nursing",
    "Domiciliary care services",
    "Community care services",
    "Day care services",
)
SFC_JOB_ROLES = (
    "All job roles",
    "Registered manager",
    "Senior care worker",
    "Care worker",
    "Registered nurse",
    "Support and outreach",
)
# Today's council names as Skills for Care spells them, where they differ; the Isles of
# Scilly are counted with Cornwall, so the file has 152 areas for 153 councils.
SFC_SPELLINGS = {
    "County Durham": "Durham",
    "Redcar and Cleveland": "Redcar & Cleveland",
    "Cornwall": "Cornwall and Isles of Scilly",
    "Bristol, City of": "Bristol",
    "Herefordshire, County of": "Herefordshire",
    "Kingston upon Hull, City of": "Kingston upon Hull",
    "St. Helens": "St Helens",
    "Bournemouth, Christchurch and Poole": "Bournemouth Christchurch and Poole",
}
SFC_COMBINED_AWAY = ("Isles of Scilly",)
# The City of London has no care homes: its care home rows are all suppressed.
SFC_NO_CARE_HOMES = ("City of London",)


def workforce_areas() -> list[str]:
    """Return the 152 areas of Skills for Care's workbook, in its spellings, by name."""
    from data.workforce_estimates import current_councils

    names = [
        SFC_SPELLINGS.get(name, name)
        for name in current_councils().values()
        if name not in SFC_COMBINED_AWAY
    ]
    return sorted(names)


def _sfc_rates(area: str, seed: int) -> pd.DataFrame:
    """Return one area's rows: every sector, service and job role, rates as fractions."""
    rng = np.random.default_rng([seed, *area.encode()])
    vacancy0, turnover0 = rng.uniform(0.05, 0.12), rng.uniform(0.2, 0.36)
    rows = []
    for sector in SFC_SECTORS:
        for service in SFC_SERVICES:
            for role in SFC_JOB_ROLES:
                totals = sector == SFC_SECTORS[0] and role == SFC_JOB_ROLES[0]
                council_run = sector == SFC_SECTORS[2]
                care_home = service.startswith("Care home")
                suppressed = (
                    (care_home and area in SFC_NO_CARE_HOMES)
                    or (council_run and "with nursing" in service)
                    or (not totals and rng.random() < 0.12)
                )
                if suppressed:
                    turnover = vacancy = sickness = zero_hours = "*"
                else:
                    vacancy = round(float(vacancy0 * rng.uniform(0.7, 1.3)), 3)
                    turnover = round(float(turnover0 * rng.uniform(0.7, 1.3)), 3)
                    sickness = round(float(rng.uniform(3, 9)), 1)
                    zero_hours = round(float(rng.uniform(0.05, 0.4)), 3)
                rows.append((area, sector, service, role, turnover, vacancy, sickness, zero_hours))
    return pd.DataFrame(rows, columns=list(SFC_COLUMNS))


def workforce_frame(areas: Sequence[str] | None = None, seed: int = SEED) -> pd.DataFrame:
    """Return the `LA level data` sheet's rows for `areas` (default: all 152), by area.

    Each area has its own generator, so its rates do not depend on the other areas.
    """
    chosen = workforce_areas() if areas is None else list(areas)
    return pd.concat([_sfc_rates(area, seed) for area in chosen], ignore_index=True)


def workforce_workbook(
    frame: pd.DataFrame | None = None,
    *,
    title: Sequence[str] = (),
    as_percent: bool = False,
    sheet: str = "LA level data",
) -> bytes:
    """Return `LA-data-download.xlsx` holding `frame` (default: every area) on its sheet.

    `title` lines go above the header row; `as_percent` writes rates as 8.3, not 0.083.
    A second sheet of notes stands in for the workbook's other sheets.
    """
    from openpyxl import Workbook

    frame = workforce_frame() if frame is None else frame
    book = Workbook(write_only=True)
    notes = book.create_sheet("Notes")
    notes.append(["Illustrative workforce estimates in Skills for Care's published layout."])
    data = book.create_sheet(sheet)
    for line in title:
        data.append([line])
    data.append(list(frame.columns))
    rates = [c for c in frame.columns if c in ("Turnover rate", "Vacancy rate")]
    for record in frame.itertuples(index=False):
        cells = list(record)
        if as_percent:
            for position in (list(frame.columns).index(c) for c in rates):
                value = cells[position]
                if isinstance(value, float):
                    cells[position] = round(value * 100, 1)
        data.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_workforce(path: Path, seed: int = SEED) -> Path:
    """Write the illustrative workbook for every council to `path`; return the path."""
    path.write_bytes(workforce_workbook(workforce_frame(seed=seed)))
    return path


# English Indices of Deprivation (MHCLG), in the layouts of File 1 and File 7. The ranks are
# a fixed shuffle of England's 2011 small areas, so a small area has the same rank and decile
# in every file made here, whichever councils it holds.
IMD_LSOAS = 32_844
_IMD_STEP, _IDAOPI_STEP = 7919, 104_729  # primes: each a shuffle of 1..IMD_LSOAS
IMD_DOMAINS = (
    "Income",
    "Employment",
    "Education, Skills and Training",
    "Health Deprivation and Disability",
    "Crime",
    "Barriers to Housing and Services",
    "Living Environment",
    "Income Deprivation Affecting Children Index (IDACI)",
    "Income Deprivation Affecting Older People (IDAOPI)",
    "Children and Young People Sub-domain",
    "Adult Skills Sub-domain",
    "Geographical Barriers Sub-domain",
    "Wider Barriers Sub-domain",
    "Indoors Sub-domain",
    "Outdoors Sub-domain",
)
_IMD_RATES = {"Income", "Employment", IMD_DOMAINS[7], IMD_DOMAINS[8]}
_IMD_LABELS = {"2019": ("2011", "2019", "mid 2015"), "2025": ("2021", "2024", "mid 2022")}


def imd_areas(councils: Sequence[str]) -> pd.DataFrame:
    """Return the 2011 small areas of these council codes with deterministic IMD figures.

    Columns: lsoa_code, lsoa_name, district_code, district_name, imd_rank, imd_decile,
    idaopi_rank, idaopi_decile, idaopi_score (rank 1 and decile 1 are the most deprived).
    """
    from geo.boundaries import english_councils
    from geo.england import lsoa_density

    everyone = lsoa_density().sort_values("lsoa_code").reset_index(drop=True)
    position = np.arange(len(everyone))
    ranks = position * _IMD_STEP % IMD_LSOAS + 1
    older = position * _IDAOPI_STEP % IMD_LSOAS + 1
    wanted = {c.code: c for c in english_councils() if c.code in set(councils)}
    district_names = {
        code: name
        for c in wanted.values()
        for code, name in zip(c.district_codes, c.district_names, strict=True)
    }
    keep = everyone["district_code"].isin(district_names).to_numpy()
    areas = pd.DataFrame(
        {
            "lsoa_code": everyone["lsoa_code"].astype(str),
            "lsoa_name": everyone["lsoa_name"].astype(str),
            "district_code": everyone["district_code"].astype(str),
            "imd_rank": ranks,
            "imd_decile": (ranks - 1) * 10 // IMD_LSOAS + 1,
            "idaopi_rank": older,
            "idaopi_decile": (older - 1) * 10 // IMD_LSOAS + 1,
        }
    )[keep].reset_index(drop=True)
    areas.insert(3, "district_name", areas["district_code"].map(district_names))
    areas["idaopi_score"] = (0.5 - areas["idaopi_rank"] / IMD_LSOAS * 0.48).round(3)
    return areas


def _imd_ids(areas: pd.DataFrame, edition: str) -> dict[str, pd.Series]:
    lsoa_year, district_year, _ = _IMD_LABELS[edition]
    return {
        f"LSOA code ({lsoa_year})": areas["lsoa_code"],
        f"LSOA name ({lsoa_year})": areas["lsoa_name"],
        f"Local Authority District code ({district_year})": areas["district_code"],
        f"Local Authority District name ({district_year})": areas["district_name"],
    }


def imd_file1(councils: Sequence[str], *, edition: str = "2019") -> bytes:
    """Return File 1 (the Index of Multiple Deprivation, .xlsx) for these councils' areas.

    `edition` "2025" gives the 2025 layout: sheet IMD25, 2021/2024 labels, and rank and
    decile headers saying which end is most deprived.
    """
    from openpyxl import Workbook

    areas = imd_areas(councils)
    where = (" (where 1 is most deprived)", " (where 1 is most deprived 10% of LSOAs)")
    suffix = where if edition == "2025" else ("", "")
    columns = {
        **_imd_ids(areas, edition),
        f"Index of Multiple Deprivation (IMD) Rank{suffix[0]}": areas["imd_rank"],
        f"Index of Multiple Deprivation (IMD) Decile{suffix[1]}": areas["imd_decile"],
    }
    book = Workbook(write_only=True)
    book.create_sheet("Notes").append(["Illustrative deciles in MHCLG's published layout."])
    sheet = book.create_sheet("IMD25" if edition == "2025" else "IMD2019")
    sheet.append(list(columns))
    for row in zip(*(values.tolist() for values in columns.values()), strict=True):
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def imd_file7(councils: Sequence[str], *, edition: str = "2019") -> bytes:
    """Return File 7 (scores, ranks, deciles and denominators, CSV) for these councils' areas.

    57 columns in the 2019 layout (the last header ends in a space, as published); 56 in
    the 2025 layout (`edition` "2025"), with 2021 small areas' labels and mid-2022 people.
    """
    areas = imd_areas(councils)
    _, _, mid = _IMD_LABELS[edition]
    rank_end = " (where 1 is most deprived)"
    decile_end = " (where 1 is most deprived 10% of LSOAs)"
    columns = _imd_ids(areas, edition)
    index = "Index of Multiple Deprivation (IMD)"
    columns[f"{index} Score"] = (60 - areas["imd_rank"] / IMD_LSOAS * 58).round(3)
    columns[f"{index} Rank{rank_end}"] = areas["imd_rank"]
    columns[f"{index} Decile{decile_end}"] = areas["imd_decile"]
    for number, domain in enumerate(IMD_DOMAINS):
        if domain == IMD_DOMAINS[8]:
            score, rank, decile = (
                areas["idaopi_score"],
                areas["idaopi_rank"],
                areas["idaopi_decile"],
            )
        else:
            rank = (areas["imd_rank"] + 1000 * (number + 1) - 1) % IMD_LSOAS + 1
            decile = (rank - 1) * 10 // IMD_LSOAS + 1
            score = (1 - rank / IMD_LSOAS).round(3)
        named = " (rate)" if domain in _IMD_RATES else ""
        columns[f"{domain} Score{named}"] = score
        columns[f"{domain} Rank{rank_end}"] = rank
        columns[f"{domain} Decile{decile_end}"] = decile
    people = 1500 + areas["imd_rank"] % 500
    columns[f"Total population: {mid} (excluding prisoners)"] = people
    columns[f"Dependent Children aged 0-15: {mid} (excluding prisoners)"] = people // 5
    if edition != "2025":
        columns[f"Population aged 16-59: {mid} (excluding prisoners)"] = people // 2
    columns[f"Older population aged 60 and over: {mid} (excluding prisoners)"] = people // 4
    columns[
        "Working age population 18-59/64: for use with Employment Deprivation Domain "
        "(excluding prisoners) "
    ] = people * 3 // 5
    return pd.DataFrame(columns).to_csv(index=False).encode("utf-8")
