"""Worst-case uploads against their budgets: each refused (or read) in under 10 s and 500 MB.

`python -m bench.uploads` builds each hostile file, runs the importer on it in a fresh
process (so peak memory is its own), and prints time, peak memory and the first line of
what the user is told. Writes bench/results/uploads.json.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

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


CASES = {
    "zone GeoJSON, 3,000 overlapping squares (526 KB)": ("geojson", lambda: _squares(3000)),
    "zone GeoJSON, 200 overlapping squares (within the zone limit)": (
        "geojson",
        lambda: _squares(200),
    ),
    "zone lookup with a 10 MB zone name": ("csv", _long_name_lookup),
    "CQC .ods of 10,000 one-cell sheets (30 KB)": ("ods", lambda: many_sheets_ods(10_000)),
}

CHILD = """
import json, resource, sys, time
from data.zone_files import read_zone_geojson, read_zone_lookup
from geo.boundaries import english_councils, load_council_geography
from market.zones import ZoneFileError, layout_from_lookup, lookup_from_shapes
from data.cqc import CqcFileError, import_cqc
path, kind = sys.argv[1], sys.argv[2]
geography = load_council_geography({c.code: c for c in english_councils()}[sys.argv[3]])
raw = open(path, "rb").read()
start = time.perf_counter()
try:
    if kind == "ods":
        import_cqc(raw, "directory.ods")
    else:
        if kind == "geojson":
            lookup = lookup_from_shapes(geography, read_zone_geojson(raw, "zones.geojson"),
                                        file_name="zones.geojson")
        else:
            lookup = read_zone_lookup(raw, "zones.csv")
        layout_from_lookup(geography, lookup, file_name="zones")
    said = "accepted"
except (ZoneFileError, CqcFileError) as error:
    said = (str(error).splitlines()[1:] or [str(error)])[0].strip()[:150]
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "said": said}))
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
        ok = result["seconds"] <= SECONDS_BUDGET and result["peak_mb"] <= MEGABYTES_BUDGET
        missed |= not ok
        rows.append({"case": label, "bytes": len(raw), **result, "within_budget": ok})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2))
    print("| upload | s | peak MB (process) | what the user is told | budget |")
    print("|---|---:|---:|---|---|")
    for row in rows:
        verdict = "met" if row["within_budget"] else "**not met**"
        print(
            f"| {row['case']} | {row['seconds']:.2f} | {row['peak_mb']:.0f} | "
            f"{row['said']} | ≤ {SECONDS_BUDGET:.0f} s, ≤ {MEGABYTES_BUDGET:.0f} MB: {verdict} |"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
