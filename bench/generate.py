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
