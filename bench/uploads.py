"""Worst-case uploads against their budgets: each refused (or read) in under 10 s and 500 MB.

`python -m bench.uploads` builds each hostile file, runs the importer on it in a fresh
process (so peak memory is its own) under the upload time budget, and prints time, peak
memory and the first line of what the user is told. Writes bench/results/uploads.json.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from data.cqc import MAX_ROWS as CQC_ROWS
from data.packages import MAX_ROWS as PACKAGE_ROWS
from data.population import MAX_ROWS as POPULATION_ROWS
from tests.fixtures.hostile.workbooks import many_sheets_ods

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "uploads.json"
SECONDS_BUDGET = 10.0
MEGABYTES_BUDGET = 500.0
COUNCIL = "E06000047"


def _squares(n: int, *, name: str = "Zone", size: float = 0.05) -> bytes:
    """n overlapping squares around Durham, as a zone GeoJSON (the issue's 3,000 case)."""
    features = []
    for i in range(n):
        x, y = -1.75 + (i % 50) * 0.001, 54.70 + (i // 50) * 0.001
        ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {"zone": f"{name} {i}"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _long_name_lookup() -> bytes:
    """A zone lookup whose one zone name is 10 MB long."""
    out = io.StringIO()
    out.write("area_code,zone\n")
    out.write(f"County Durham 001,{'Z' * 10_000_000}\n")
    return out.getvalue().encode()


def _packages(rows: int) -> bytes:
    """A package list of `rows` valid packages over Durham: half by postcode, half by area."""
    from geo.boundaries import english_councils, load_council_geography
    from geo.postcodes import postcodes_in_districts

    council = {c.code: c for c in english_councils()}[COUNCIL]
    codes = list(load_council_geography(council).lsoas["code"])
    postcodes = list(postcodes_in_districts(council.district_codes).index)
    out = io.StringIO()
    out.write("date,postcode,area_code,hours_per_week,status,reason\n")
    for i in range(rows):
        status = ("waiting", "handed back", "placed")[i % 3]
        place = f"{postcodes[i % len(postcodes)]}," if i % 2 else f",{codes[i % len(codes)]}"
        out.write(f"2024-{i % 12 + 1:02d}-05,{place},{i % 30 + 1},{status},other\n")
    return out.getvalue().encode()


def _population(rows: int) -> bytes:
    """An ONS-style population file of `rows` rows (area, sex, single year of age)."""
    out = io.StringIO()
    out.write("AREA_CODE,AREA_NAME,SEX,AGE_GROUP,2023,2030\n")
    for i in range(rows):
        sex = ("male", "female", "persons")[i // 90 % 3]
        out.write(f"E01{20000 + i // 270:06d},Area {i // 270},{sex},{i % 90},10,12\n")
    return out.getvalue().encode()


def _population_workbook(rows: int) -> bytes:
    """The population file as an .xlsx workbook (uploads accept both)."""
    import pandas as pd

    out = io.BytesIO()
    pd.read_csv(io.BytesIO(_population(rows)), dtype=str).to_excel(out, index=False)
    return out.getvalue()


def _with_carriage_returns(raw: bytes) -> bytes:
    """The same file with each line ended by a carriage return alone (old Mac style)."""
    return raw.replace(b"\n", b"\r")


def _cqc_directory(rows: int) -> bytes:
    """A CQC care directory CSV of `rows` homes: the fixture's rows with new Location IDs."""
    import csv

    from tests.fuzz.corpus import CQC_FIXTURES

    text = (CQC_FIXTURES / "hsca_active_locations.csv").read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    top = next(i for i, row in enumerate(table) if "Location ID" in row)
    header, body = table[top], table[top + 1 :]
    column = header.index("Location ID")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(table[: top + 1])
    for i in range(rows):
        row = list(body[i % len(body)])
        row[column] = f"1-{i:09d}"
        writer.writerow(row)
    return out.getvalue().encode()


CASES = {
    "zone GeoJSON, 3,000 overlapping squares (526 KB)": ("geojson", lambda: _squares(3000)),
    "zone GeoJSON, 200 overlapping squares (within the zone limit)": (
        "geojson",
        lambda: _squares(200),
    ),
    "zone lookup with a 10 MB zone name": ("csv", _long_name_lookup),
    "CQC .ods of 10,000 one-cell sheets (30 KB)": ("ods", lambda: many_sheets_ods(10_000)),
    "package list at its row limit (100,000 valid packages)": (
        "packages",
        lambda: _packages(PACKAGE_ROWS),
    ),
    "package list one row over its limit": ("packages", lambda: _packages(PACKAGE_ROWS + 1)),
    "package list past its row limit, lines ended by carriage returns": (
        "packages",
        lambda: _with_carriage_returns(_packages(PACKAGE_ROWS + 1)),
    ),
    "population file at its row limit (200,000 rows)": (
        "population",
        lambda: _population(POPULATION_ROWS),
    ),
    "population workbook (.xlsx) at its row limit": (
        "population",
        lambda: _population_workbook(POPULATION_ROWS),
    ),
    "CQC directory CSV at its row limit (100,000 homes)": (
        "cqc_csv",
        lambda: _cqc_directory(CQC_ROWS),
    ),
}

CHILD = """
import json, sys, time
from data.budget import upload_budget
from data.cqc import import_cqc
from data.packages import read_packages_csv
from data.population import read_population
from data.problems import InputFileError
from data.zone_files import read_zone_geojson, read_zone_lookup
from geo.boundaries import english_councils, load_council_geography
from market.zones import layout_from_lookup, lookup_from_shapes


def check(raw, kind, geography):
    if kind == "ods":
        return import_cqc(raw, "directory.ods")
    if kind == "cqc_csv":
        return import_cqc(raw, "directory.csv", geography.council)
    if kind == "packages":
        return read_packages_csv(raw, "packages.csv", geography)
    if kind == "population":
        return read_population(raw, "population." + ("xlsx" if raw[:2] == b"PK" else "csv"))
    if kind == "geojson":
        shapes = read_zone_geojson(raw, "zones.geojson")
        lookup = lookup_from_shapes(geography, shapes, file_name="zones.geojson")
    else:
        lookup = read_zone_lookup(raw, "zones.csv")
    return layout_from_lookup(geography, lookup, file_name="zones")


def memory_mb(field):
    status = open("/proc/self/status").read()
    return int(status.split(field + ":")[1].split()[0]) / 1024


path, kind = sys.argv[1], sys.argv[2]
geography = load_council_geography({c.code: c for c in english_councils()}[sys.argv[3]])
# Warm the reference data a server already holds (geography, postcodes) with a small valid
# file of the same kind, then reset the high-water mark: what follows is the upload's own.
from tests.fuzz.corpus import valid_files
WARM = {"geojson": "zone_geojson", "csv": "zone_lookup", "ods": "cqc_ods",
        "cqc_csv": "cqc_hsca_csv", "packages": "packages", "population": "population"}
try:
    check(valid_files()[WARM[kind]][1], kind, geography)
except InputFileError:
    pass
before = memory_mb("VmRSS")
with open("/proc/self/clear_refs", "w") as reset:
    reset.write("5")
raw = open(path, "rb").read()
start = time.perf_counter()
try:
    with upload_budget("the file"):  # as the app checks an upload
        check(raw, kind, geography)
    said = "accepted"
except InputFileError as error:
    said = (str(error).splitlines()[1:] or [str(error)])[0].strip()[:150]
seconds = time.perf_counter() - start
# VmHWM is this program's own peak (ru_maxrss would carry the parent's size over the fork),
# since the reset above.
peak = memory_mb("VmHWM")
added = peak - before
print(json.dumps({"seconds": seconds, "peak_mb": peak, "added_mb": added, "said": said}))
"""


def run_case(kind: str, raw: bytes) -> dict:
    """Run one importer on one file in a fresh process; return time, peak memory, message."""
    with tempfile.NamedTemporaryFile(suffix=f".{kind}") as handle:
        handle.write(raw)
        handle.flush()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, handle.name, kind, COUNCIL],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Measure every case, print the table, write the JSON; exit 1 if a budget is missed."""
    rows, missed = [], False
    for label, (kind, build) in CASES.items():
        raw = build()
        result = run_case(kind, raw)
        # The upload's own memory: a server already holds the geography and postcodes.
        ok = result["seconds"] <= SECONDS_BUDGET and result["added_mb"] <= MEGABYTES_BUDGET
        missed |= not ok
        rows.append({"case": label, "bytes": len(raw), **result, "within_budget": ok})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2))
    print("| upload | s | MB added | peak MB (process) | what the user is told | target |")
    print("|---|---:|---:|---:|---|---|")
    for row in rows:
        verdict = "met" if row["within_budget"] else "**not met**"
        said = row["said"].lstrip("- ")
        print(
            f"| {row['case']} | {row['seconds']:.2f} | {row['added_mb']:.0f} | "
            f"{row['peak_mb']:.0f} | {said} | "
            f"≤ {SECONDS_BUDGET:.0f} s, ≤ {MEGABYTES_BUDGET:.0f} MB added: {verdict} |"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
