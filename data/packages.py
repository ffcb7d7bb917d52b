"""Unmet home care packages: the brokerage list reader and an illustrative list."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from data.budget import check_time
from data.problems import InputFileError, Problem, read_csv_text
from data.sniff import check_content
from geo.boundaries import BRITISH_NATIONAL_GRID, CouncilGeography, council_postcodes
from geo.postcodes import locate_postcodes

REQUIRED = ("date", "hours_per_week", "status", "reason")
PLACE_COLUMNS = ("postcode", "area_code")
STATUSES = ("waiting", "handed back", "placed")
REASONS = ("staffing", "complexity", "rurality", "other")
# The import store keeps package lists (person-level records) under this kind.
KIND = "unmet_packages"
MAX_HOURS = 168
# Rows in one package list: a large council brokers a few thousand packages a year.
MAX_ROWS = 100_000
# A brokerage list's dates: none before this, none more than a year after the upload.
EARLIEST_DATE = pd.Timestamp("1990-01-01")
PACKAGE_COLUMNS = [
    "date",
    "hours_per_week",
    "status",
    "reason",
    "postcode",
    "lsoa_code",
    "msoa_name",
    "lat",
    "lon",
]
# Places the Wiltshire plan names as hard to arrange home care in (002, Section 1 >
# Geographical Challenges); the illustrative list puts extra packages near them.
HARD_TO_PLACE = {
    "E06000054": ("Tisbury", "Wilton", "Marlborough", "Cricklade", "Trowbridge", "Corsham"),
}
HARD_TO_PLACE_SHARE = 0.6
NEAR_PLACE_M = 4_000
ILLUSTRATIVE_SEED = 5
# Councils without published hand-back counts get one package per this many LSOAs,
# spread over a year, and three times as likely in rural areas (docs/unmet-packages.md).
LSOAS_PER_ILLUSTRATIVE_PACKAGE = 4
RULE_PERIOD = ("2023-04-01", "2024-03-31")
RURAL_WEIGHT = 3.0


class PackageFileError(InputFileError):
    """A package list with problems; it is refused whole and the list in use stays."""


@dataclass(frozen=True)
class Period:
    """A published count of hand-backs over a period with its staffing share."""

    start: str
    end: str
    count: int
    staffing_pct: float


def read_packages_csv(raw: bytes, file_name: str, geography: CouncilGeography) -> pd.DataFrame:
    """Validate a brokerage list and return one row per package placed in a small area.

    Raises PackageFileError naming the file, the row (header is row 1) and the column of
    each problem; nothing from a file with a problem is kept.
    """
    check_content(raw, file_name, ("csv",), PackageFileError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackageFileError(
            file_name, [Problem(None, None, "expected UTF-8 text (save as CSV UTF-8)")]
        ) from exc
    if not text.strip():
        raise PackageFileError(file_name, [Problem(None, None, "the file is empty")])
    table, problems = read_csv_text(text, max_rows=MAX_ROWS)
    if table is None:
        raise PackageFileError(file_name, problems)
    problems = [Problem(1, c, "missing column") for c in REQUIRED if c not in table.columns]
    if not any(c in table.columns for c in PLACE_COLUMNS):
        problems.append(Problem(1, "postcode", "expected a postcode or an area_code column"))
    if problems:
        raise PackageFileError(file_name, problems)
    if table.empty:
        raise PackageFileError(file_name, [Problem(None, None, "no packages below the header")])
    table = table.apply(lambda column: column.str.strip())
    for column in PLACE_COLUMNS:
        if column not in table.columns:
            table[column] = ""
    check_time("checking each package")
    problems += _check_cells(table)
    check_time("placing the packages in small areas")
    placed, place_problems = _place(table, geography)
    problems += place_problems
    if problems:
        raise PackageFileError(file_name, sorted(problems, key=lambda p: p.row or 0))
    out = pd.DataFrame(
        {
            "date": pd.to_datetime(table["date"], format="%Y-%m-%d"),
            "hours_per_week": table["hours_per_week"].astype(float),
            "status": table["status"].str.lower(),
            "reason": table["reason"].str.lower(),
            "postcode": table["postcode"].str.upper(),
        }
    )
    return pd.concat([out, placed], axis=1)[PACKAGE_COLUMNS].reset_index(drop=True)


def _check_cells(table: pd.DataFrame) -> list[Problem]:
    """Return a problem for each cell that is not a date, hours, status or reason as expected.

    The checks are whole columns at a time; only the rows with a problem are visited.
    """
    dates = pd.to_datetime(table["date"], format="%Y-%m-%d", errors="coerce")
    latest = pd.Timestamp.today().normalize() + pd.DateOffset(years=1)
    hours = pd.to_numeric(table["hours_per_week"], errors="coerce")
    # One package dated 2999 once emptied the demand card's last-12-months window.
    out_of_range = dates.notna() & ~dates.between(EARLIEST_DATE, latest)
    checks = {
        "date": (
            dates.isna(),
            lambda i: f"expected a date YYYY-MM-DD, found '{table.at[i, 'date'][:20]}'",
        ),
        "date_range": (
            out_of_range,
            lambda i: (
                f"expected a date from {EARLIEST_DATE:%d %B %Y} to {latest:%d %B %Y}, "
                f"found {dates[i]:%d %B %Y}"
            ),
        ),
        "hours_per_week": (
            hours.isna() | ~((hours > 0) & (hours <= MAX_HOURS)),
            lambda i: (
                f"expected hours above 0 and at most {MAX_HOURS}, "
                f"found '{table.at[i, 'hours_per_week'][:20]}'"
            ),
        ),
        "status": (
            ~table["status"].str.lower().isin(STATUSES),
            lambda i: (
                f"expected one of {', '.join(STATUSES)}, found '{table.at[i, 'status'][:20]}'"
            ),
        ),
        "reason": (
            ~table["reason"].str.lower().isin(REASONS),
            lambda i: f"expected one of {', '.join(REASONS)}, found '{table.at[i, 'reason'][:20]}'",
        ),
    }
    problems = [
        Problem(int(i) + 2, column.removesuffix("_range"), say(i))
        for column, (wrong, say) in checks.items()
        for i in table.index[wrong]
    ]
    return sorted(problems, key=lambda p: p.row or 0)


def _place(table: pd.DataFrame, geography: CouncilGeography) -> tuple[pd.DataFrame, list[Problem]]:
    """Find each package's LSOA from its postcode, or take the LSOA or MSOA it names."""
    problems: list[Problem] = []
    located = locate_postcodes(table["postcode"].where(table["postcode"] != ""))
    lsoas = geography.lsoas
    placed = pd.DataFrame(index=table.index, columns=["lsoa_code", "msoa_name", "lat", "lon"])
    with_postcode = table["postcode"] != ""
    found = with_postcode & (located["status"] == "found")
    inside = found & located["lad_code"].isin(geography.council.district_codes)
    for i in table.index[with_postcode & ~found]:
        status = located.at[i, "status"]
        what = (
            "is not a UK postcode"
            if status == "malformed"
            else "is not in the ONS Postcode Directory (November 2025)"
        )
        problems.append(Problem(int(i) + 2, "postcode", f"'{table.at[i, 'postcode'][:12]}' {what}"))
    for i in table.index[found & ~inside]:
        problems.append(
            Problem(
                int(i) + 2,
                "postcode",
                f"{located.at[i, 'postcode']} is outside {geography.council.name}",
            )
        )
    if inside.any():
        points = gpd.GeoDataFrame(
            index=table.index[inside],
            geometry=gpd.points_from_xy(
                located.loc[inside, "easting"], located.loc[inside, "northing"]
            ),
            crs=BRITISH_NATIONAL_GRID,
        )
        grid = lsoas[["code", "msoa_name", "geometry"]].to_crs(BRITISH_NATIONAL_GRID)
        joined = points.sjoin_nearest(grid, max_distance=250, how="left")
        joined = joined[~joined.index.duplicated()]
        placed.loc[joined.index, "lsoa_code"] = joined["code"]
        placed.loc[joined.index, "msoa_name"] = joined["msoa_name"]
        placed.loc[inside, "lat"] = located.loc[inside, "lat"]
        placed.loc[inside, "lon"] = located.loc[inside, "lon"]
    by_code = lsoas.set_index("code")["msoa_name"]
    codes = table.loc[~with_postcode, "area_code"]
    is_lsoa = codes.isin(by_code.index)
    is_msoa = ~is_lsoa & codes.isin(set(lsoas["msoa_name"]))
    placed.loc[is_lsoa[is_lsoa].index, "lsoa_code"] = codes[is_lsoa]
    placed.loc[is_lsoa[is_lsoa].index, "msoa_name"] = codes[is_lsoa].map(by_code)
    placed.loc[is_msoa[is_msoa].index, "msoa_name"] = codes[is_msoa]
    for i, code in codes[~is_lsoa & ~is_msoa].items():
        if code == "":
            problems.append(Problem(int(i) + 2, "postcode", "expected a postcode or an area_code"))
        else:
            problems.append(
                Problem(
                    int(i) + 2,
                    "area_code",
                    f"'{code[:20]}' is not an LSOA code or MSOA name in {geography.council.name}",
                )
            )
    placed["lat"] = placed["lat"].astype(float)
    placed["lon"] = placed["lon"].astype(float)
    return placed, problems


def published_periods(figures: pd.DataFrame, council_code: str) -> list[Period]:
    """Return the council's published hand-back counts with their staffing shares."""
    rows = figures[figures["council_code"] == council_code]
    counts = rows[rows["measure"] == "packages_handed_back"]
    shares = rows[rows["measure"] == "handbacks_staffing_pct"].set_index("period_start")["value"]
    periods = []
    for row in counts.sort_values("period_start").itertuples():
        periods.append(
            Period(
                start=row.period_start.strftime("%Y-%m-%d"),
                end=row.period_end.strftime("%Y-%m-%d"),
                count=int(row.value),
                staffing_pct=float(shares.get(row.period_start, 0.0)),
            )
        )
    return periods


def illustrative_packages(
    geography: CouncilGeography, periods: list[Period], rural: pd.Series
) -> tuple[pd.DataFrame, str]:
    """Return a deterministic illustrative list at real postcodes, and the rule that made it.

    With published periods, each period gets exactly its count of handed-back packages and
    its staffing share (rounded to whole packages); the rest of the reasons rotate through
    complexity, rurality and other. Without, the documented rule in docs/unmet-packages.md.
    `rural` is indexed by LSOA code.
    """
    rng = np.random.default_rng(ILLUSTRATIVE_SEED)
    postcodes = _council_postcodes(geography)
    weights = np.where(postcodes["lsoa_code"].map(rural).fillna(False), RURAL_WEIGHT, 1.0)
    names = HARD_TO_PLACE.get(geography.council.code, ())
    near = _near_places(postcodes, geography, names)
    rows = []
    if periods:
        rule = (
            "Illustrative: the published hand-back counts and staffing shares per period, "
            f"{HARD_TO_PLACE_SHARE:.0%} of packages within {NEAR_PLACE_M / 1000:g} km of the "
            "places the documents name as hard to serve, the rest at postcodes weighted "
            f"{RURAL_WEIGHT:g} to 1 towards rural areas."
            if names
            else "Illustrative: the published hand-back counts and staffing shares per period."
        )
        for period in periods:
            staffing = round(period.count * period.staffing_pct / 100)
            reasons = ["staffing"] * staffing + [
                ("complexity", "rurality", "other")[k % 3] for k in range(period.count - staffing)
            ]
            rows += _draw(rng, postcodes, weights, near, period, reasons, "handed back")
    else:
        count = max(1, len(geography.lsoas) // LSOAS_PER_ILLUSTRATIVE_PACKAGE)
        period = Period(RULE_PERIOD[0], RULE_PERIOD[1], count, 0.0)
        reasons = [
            ("staffing", "staffing", "rurality", "complexity", "other")[k % 5] for k in range(count)
        ]
        rows += _draw(
            rng, postcodes, weights, np.zeros(len(postcodes), bool), period, reasons, None
        )
        rule = (
            f"Illustrative: no published counts, so one package for every "
            f"{LSOAS_PER_ILLUSTRATIVE_PACKAGE} small areas over April 2023 to March 2024, at "
            f"postcodes weighted {RURAL_WEIGHT:g} to 1 towards rural areas."
        )
    frame = pd.DataFrame(rows)[PACKAGE_COLUMNS]
    return frame.sort_values(["date", "postcode"]).reset_index(drop=True), rule


def _draw(rng, postcodes, weights, near, period: Period, reasons, status) -> list[dict]:
    start = pd.Timestamp(period.start)
    days = (pd.Timestamp(period.end) - start).days + 1
    n = len(reasons)
    n_near = round(n * HARD_TO_PLACE_SHARE) if near.any() else 0
    picks = []
    if n_near:
        pool = np.flatnonzero(near)
        picks += list(rng.choice(pool, size=n_near, replace=True))
    probability = weights / weights.sum()
    picks += list(rng.choice(len(postcodes), size=n - n_near, replace=True, p=probability))
    statuses = ("waiting", "handed back", "placed")
    rows = []
    for k, (index, reason) in enumerate(zip(picks, reasons, strict=True)):
        pc = postcodes.iloc[int(index)]
        rows.append(
            {
                "date": start + pd.Timedelta(days=int(rng.integers(days))),
                "hours_per_week": float(rng.choice([3.5, 5.25, 7.0, 10.5, 14.0, 21.0])),
                "status": status or statuses[k % 3],
                "reason": reason,
                "postcode": pc["postcode"],
                "lsoa_code": pc["lsoa_code"],
                "msoa_name": pc["msoa_name"],
                "lat": pc["lat"],
                "lon": pc["lon"],
            }
        )
    return rows


def _council_postcodes(geography: CouncilGeography) -> pd.DataFrame:
    # Only postcodes inside a small area can be counted in one.
    located = council_postcodes(geography)
    return located[located["lsoa_code"].notna()].reset_index(drop=True)


def _near_places(postcodes: pd.DataFrame, geography: CouncilGeography, names) -> np.ndarray:
    near = np.zeros(len(postcodes), dtype=bool)
    places = geography.places[geography.places["name"].isin(names)].to_crs(BRITISH_NATIONAL_GRID)
    for point in places.geometry:
        distance = np.hypot(postcodes["easting"] - point.x, postcodes["northing"] - point.y)
        near |= (distance <= NEAR_PLACE_M).to_numpy()
    return near
