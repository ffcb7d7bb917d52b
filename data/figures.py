"""The figure schema (pandera) and the loaders for data packs and uploaded figure files."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from data.problems import InputFileError, Problem, read_csv_text
from data.sniff import check_content

logger = logging.getLogger(__name__)

PACKS_DIR = Path(__file__).resolve().parent / "packs"
FIGURES_FILE = "figures.csv"
EXTRA_CARE_FILE = "extra_care.csv"

FIGURE_COLUMNS = (
    "council_code",
    "measure",
    "value",
    "unit",
    "period",
    "period_start",
    "period_end",
    "service",
    "source_file",
    "source_section",
    "kind",
    "note",
)
EXTRA_CARE_COLUMNS = ("name", "address", "postcode", "source_file", "source_section")

# Councils with a data pack in the repository, for labels and the "Compare with" picker.
PACK_COUNCILS = {
    "E06000047": "County Durham",
    "E06000054": "Wiltshire",
    "E06000004": "Stockton-on-Tees",
    "E10000024": "Nottinghamshire",
}

UNITS = {
    "gbp": "pounds",
    "gbp_million": "millions of pounds",
    "gbp_per_week": "pounds per week",
    "gbp_per_hour": "pounds per hour",
    "gbp_per_visit": "pounds per visit",
    "percent": "per cent (0-100, negative for a fall)",
    "count": "a count of things (providers, homes, beds, packages, events ...)",
    "people": "a count of people",
    "hours_per_week": "hours of care per week",
    "per_100k": "a rate per 100,000 people",
    "years": "years",
    "hectares": "hectares",
}

SERVICES = {
    "all": "the whole adult social care market, or not split by service",
    "home_care": "home care (domiciliary care, care at home)",
    "care_home": "care homes, residential and nursing together",
    "care_home_older_people": "care homes for older people (65+)",
    "residential": "residential care (care homes without nursing)",
    "nursing": "nursing care (care homes with nursing)",
    "dual_registered": "care homes registered for both residential and nursing care",
    "intermediate_care": "intermediate care (short-term beds for discharge or step-up)",
    "extra_care": "Extra Care housing",
    "personal_assistant": "Personal Assistants paid through Direct Payments",
    "reablement": "reablement services",
    "benchmark": "a national or regional benchmark cited by the document, not a council service",
}
# How a service reads in a chart, a table or a CSV.
SERVICE_LABELS = {
    "all": "All services",
    "home_care": "Home care",
    "care_home": "Care homes",
    "care_home_older_people": "Older people's care homes",
    "residential": "Residential",
    "nursing": "Nursing",
    "dual_registered": "Dual registered",
    "intermediate_care": "Intermediate care",
    "extra_care": "Extra Care",
    "personal_assistant": "Personal Assistants",
    "reablement": "Reablement",
    "benchmark": "Benchmark",
}

KINDS = {
    "published": "stated in the source document",
    "derived": "computed from published figures; the note names the method",
    "illustrative": "made up to demonstrate a page; always shown with a badge",
}


@dataclass(frozen=True)
class Measure:
    """One measure in the controlled vocabulary: label, allowed units and page topic."""

    label: str
    units: tuple[str, ...]
    topic: str


def _m(label: str, unit: str | tuple[str, ...], topic: str) -> Measure:
    return Measure(label, (unit,) if isinstance(unit, str) else unit, topic)


_MONEY = ("gbp", "gbp_million")

MEASURES: dict[str, Measure] = {
    # fees and funding
    "fee_weekly": _m("Average weekly care home fee", "gbp_per_week", "fees"),
    "fee_hourly": _m("Hourly home care rate", "gbp_per_hour", "fees"),
    "fee_uplift_pct": _m("Fee uplift", "percent", "fees"),
    "fee_quality_bands": _m("Quality bands with fee differentials", "count", "fees"),
    "rural_uplift_per_visit": _m("Rural uplift per visit", "gbp_per_visit", "fees"),
    "benchmark_fee_hourly_homecare_association_min": _m(
        "Homecare Association minimum hourly rate", "gbp_per_hour", "fees"
    ),
    "benchmark_fee_hourly_england_avg": _m(
        "England average hourly rate paid by councils", "gbp_per_hour", "fees"
    ),
    "grant_amount": _m("Market sustainability grant", _MONEY, "fees"),
    "grant_allocation_pct": _m("Share of grant allocated", "percent", "fees"),
    "uplift_funding": _m("Funding approved for fee uplifts", _MONEY, "fees"),
    "packages_receiving_increase_pct": _m(
        "Home care packages receiving a rate increase", "percent", "fees"
    ),
    "spend_adult_social_care": _m("Adult social care spend with providers", _MONEY, "fees"),
    "spend_direct_payments": _m("Direct Payments spend", _MONEY, "fees"),
    # occupancy and capacity
    "occupancy_pct": _m("Care home occupancy", "percent", "occupancy"),
    "beds_available_pct": _m("Care home beds available", "percent", "occupancy"),
    "beds": _m("Care home beds", "count", "occupancy"),
    "block_beds": _m("Block-contracted beds", "count", "occupancy"),
    "care_homes": _m("Care homes", "count", "occupancy"),
    "care_homes_bariatric": _m("Care homes equipped for bariatric needs", "count", "occupancy"),
    "care_homes_in_alliance": _m(
        "Care homes in the council's care home alliance", "count", "occupancy"
    ),
    "care_homes_contracted": _m(
        "Care homes holding block or framework contracts", "count", "occupancy"
    ),
    "care_homes_closed": _m("Care homes closed", "count", "occupancy"),
    "care_homes_opened": _m("Care homes opened", "count", "occupancy"),
    "extra_care_sites": _m("Extra Care sites", "count", "occupancy"),
    "council_funded_residents": _m("Council-funded care home residents", "people", "occupancy"),
    "council_share_of_placements_pct": _m(
        "Council share of care home placements", "percent", "occupancy"
    ),
    "nursing_placements_area_share_pct": _m(
        "Share of nursing placements in one area", "percent", "occupancy"
    ),
    "dps_specifications_with_responses_pct": _m(
        "Placement requests that drew a provider response", "percent", "occupancy"
    ),
    "discharge_referrals_therapy_pct": _m(
        "Bedded discharge referrals needing therapy assessment", "percent", "occupancy"
    ),
    # home care market
    "framework_providers": _m("Home care framework providers", "count", "home_care"),
    "framework_providers_per_zone_min": _m(
        "Framework providers per zone (fewest)", "count", "home_care"
    ),
    "framework_providers_per_zone_max": _m(
        "Framework providers per zone (most)", "count", "home_care"
    ),
    "home_care_zones": _m("Home care zones", "count", "home_care"),
    "spot_providers": _m("Spot-purchased home care providers", "count", "home_care"),
    "individual_contract_providers": _m(
        "Providers on individual placement contracts", "count", "home_care"
    ),
    "contracted_providers": _m("Contracted home care providers", "count", "home_care"),
    "hours_commissioned_weekly": _m(
        "Home care hours commissioned per week", "hours_per_week", "workforce"
    ),
    "hours_commissioned_growth_pct": _m("Growth in hours commissioned", "percent", "workforce"),
    "hours_commissioned_change_weekly": _m(
        "Change in weekly hours commissioned", "hours_per_week", "workforce"
    ),
    "home_care_demand_growth_pct": _m("Growth in home care demand", "percent", "demand"),
    "pa_packages_monthly": _m(
        "Personal Assistant packages commissioned per month", "count", "workforce"
    ),
    "packages_handed_back": _m("Home care packages handed back", "count", "workforce"),
    "handbacks_staffing_pct": _m("Hand-backs due to insufficient staffing", "percent", "workforce"),
    "handbacks_other_reasons_pct": _m("Hand-backs for other reasons", "percent", "workforce"),
    # quality
    "cqc_outstanding_count": _m("Rated Outstanding by CQC", "count", "quality"),
    "cqc_requires_improvement_count": _m("Rated Requires Improvement by CQC", "count", "quality"),
    "complaints_to_council": _m("Complaints made to the council", "count", "quality"),
    "complaints_reported_by_providers": _m(
        "Concerns and complaints reported by providers", "count", "quality"
    ),
    "complaints_resolved_by_providers": _m("Complaints resolved by providers", "count", "quality"),
    "pamms_assessments_scheduled": _m("PAMMS quality assessments scheduled", "count", "quality"),
    "pamms_assessments_completed": _m("PAMMS quality assessments completed", "count", "quality"),
    "actions_fully_achieved": _m("Scrutiny actions fully achieved", "count", "quality"),
    "actions_on_track": _m("Scrutiny actions on track", "count", "quality"),
    "actions_slipped": _m("Scrutiny actions slipped", "count", "quality"),
    "actions_not_achieved": _m("Scrutiny actions not achieved", "count", "quality"),
    # workforce
    "staff_leavers": _m("Care staff who left their jobs", "people", "workforce"),
    "staff_leavers_to_care_roles_pct": _m(
        "Leavers moving to other care roles", "percent", "workforce"
    ),
    "vacancy_rate_pct": _m("Care provider vacancy rate", "percent", "workforce"),
    "providers_uploading_vacancies": _m(
        "Providers advertising vacancies in a campaign", "count", "workforce"
    ),
    "recruitment_events": _m("Recruitment events held", "count", "workforce"),
    "school_college_events": _m("School and college events attended", "count", "workforce"),
    "careers_event_providers": _m("Providers at a careers event", "count", "workforce"),
    "careers_event_attendees": _m("People attending a careers event", "people", "workforce"),
    "staff_trained": _m("Staff trained", "people", "workforce"),
    "staff_training_target": _m("Staff training target", "people", "workforce"),
    # demand and population
    "population": _m("Population", "people", "demand"),
    "households": _m("Households", "count", "demand"),
    "area_hectares": _m("Area", "hectares", "demand"),
    "population_growth_pct": _m("Population growth", "percent", "demand"),
    "population_change": _m("Population change", "people", "demand"),
    "benchmark_population_growth_pct_north_east": _m(
        "North East population growth", "percent", "demand"
    ),
    "benchmark_population_growth_pct_england": _m("England population growth", "percent", "demand"),
    "population_65plus": _m("Population aged 65+", "people", "demand"),
    "population_65plus_growth_pct": _m("Growth in population aged 65+", "percent", "demand"),
    "population_65plus_change": _m("Change in population aged 65+", "people", "demand"),
    "population_65plus_share_pct": _m("Share of population aged 65+", "percent", "demand"),
    "population_85plus": _m("Population aged 85+", "people", "demand"),
    "population_85plus_growth_pct": _m("Growth in population aged 85+", "percent", "demand"),
    "population_85plus_change": _m("Change in population aged 85+", "people", "demand"),
    "clinically_extremely_vulnerable_people": _m(
        "Clinically extremely vulnerable people", "people", "demand"
    ),
    "requests_for_support_vs_comparator_pct": _m(
        "Requests for support compared with comparator councils", "percent", "demand"
    ),
    "requests_no_service_pct": _m("Requests for support needing no service", "percent", "demand"),
    "long_term_cost_per_person_vs_comparator_pct": _m(
        "Long-term care cost per person compared with comparator councils", "percent", "demand"
    ),
    "self_funder_share_pct": _m("Self-funder share", "percent", "demand"),
    "la_funded_share_pct": _m("Council-funded share", "percent", "demand"),
    "self_funder_placements_growth": _m(
        "Growth in self-funded care home placements", "count", "demand"
    ),
    "self_funders_accessing_council_contract": _m(
        "Self-funders expected to use the council contract", "people", "demand"
    ),
    "population_65plus_with_ltc": _m(
        "People aged 65+ with a long-term condition", "people", "demand"
    ),
    "population_65plus_4plus_ltc": _m(
        "People aged 65+ with 4 or more long-term conditions", "people", "demand"
    ),
    "dementia_65plus": _m("People aged 65+ with dementia", "people", "demand"),
    "care_home_admissions_per_100k": _m("Permanent care home admissions", "per_100k", "demand"),
    "benchmark_care_home_admissions_per_100k_england": _m(
        "England permanent care home admissions", "per_100k", "demand"
    ),
    "benchmark_care_home_admissions_per_100k_north_east": _m(
        "North East permanent care home admissions", "per_100k", "demand"
    ),
    "care_home_admission_avg_age": _m("Average age at care home admission", "years", "demand"),
    "falls_admissions_65plus_per_100k": _m(
        "Emergency admissions for falls, 65+", "per_100k", "demand"
    ),
    "benchmark_falls_admissions_65plus_per_100k_england": _m(
        "England emergency admissions for falls, 65+", "per_100k", "demand"
    ),
    "benchmark_falls_admissions_65plus_per_100k_north_east": _m(
        "North East emergency admissions for falls, 65+", "per_100k", "demand"
    ),
    "unpaid_carers": _m("Unpaid carers", "people", "demand"),
    "unpaid_carers_change_pct": _m("Change in unpaid carers", "percent", "demand"),
    "unpaid_carers_change": _m("Change in number of unpaid carers", "people", "demand"),
    "carers_65plus_poor_health_pct": _m("Carers aged 65+ in poor health", "percent", "demand"),
    "reablement_more_confident_pct": _m(
        "Reablement users feeling more confident", "percent", "demand"
    ),
    "reablement_more_independent_pct": _m(
        "Reablement users doing more for themselves", "percent", "demand"
    ),
    "reablement_better_quality_of_life_pct": _m(
        "Reablement users reporting better quality of life", "percent", "demand"
    ),
    "reablement_no_ongoing_care_pct": _m(
        "Repeat reablement users needing no or less ongoing care", "percent", "demand"
    ),
    "teleassist_users": _m("People using Tele Assist", "people", "demand"),
    "activity_monitoring_users": _m(
        "People with activity monitoring installed", "people", "demand"
    ),
}

_ONS_CODE = r"^E\d{8}$"
_NUMBER = r"^-?\d+(\.\d+)?$"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_SNAKE = r"^[a-z][a-z0-9_]*$"
_POSTCODE = r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$"


class FigureFileError(InputFileError):
    """A figures file (pack or upload) that breaks the schema; nothing from it is loaded."""


# No figure in a council's market (people, pounds, beds, hours) comes near this; a longer
# run of digits is a typing slip, or far beyond what a float holds exactly.
MAX_MAGNITUDE = 1e12
# Text cells are shown on every chart and card: a name or section a few hundred characters
# long at most, a note a paragraph.
MAX_TEXT = 300
MAX_NOTE = 1_000


def _is_sensible_number(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    return numbers.abs().lt(MAX_MAGNITUDE) | numbers.isna()


def _is_real_date(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce").notna()


def _unit_fits_measure(df: pd.DataFrame) -> pd.Series:
    allowed = df["measure"].map(lambda m: MEASURES[m].units if m in MEASURES else None)
    return pd.Series(
        [units is None or unit in units for unit, units in zip(df["unit"], allowed, strict=True)],
        index=df.index,
    )


def _end_not_before_start(df: pd.DataFrame) -> pd.Series:
    start = pd.to_datetime(df["period_start"], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(df["period_end"], format="%Y-%m-%d", errors="coerce")
    return start.isna() | end.isna() | (end >= start)


def _benchmark_rule(df: pd.DataFrame) -> pd.Series:
    return df["measure"].str.startswith("benchmark_") == (df["service"] == "benchmark")


def _derived_has_method(df: pd.DataFrame) -> pd.Series:
    return (df["kind"] != "derived") | (df["note"].str.strip() != "")


def _text(*checks: pa.Check) -> pa.Column:
    return pa.Column(str, checks=list(checks), nullable=False)


def _required(what: str) -> pa.Check:
    return pa.Check.str_length(min_value=1, error=f"{what} (this cell is empty)")


def _short(most: int) -> pa.Check:
    return pa.Check.str_length(max_value=most, error=f"at most {most:,} characters")


# Wide checks name the column they blame before "|", so problems point at one cell.
FIGURE_SCHEMA = pa.DataFrameSchema(
    {
        "council_code": _text(
            pa.Check.str_matches(_ONS_CODE, error="an ONS council code such as E06000047")
        ),
        "measure": _text(
            pa.Check.str_matches(_SNAKE, error="a snake_case measure name"),
            pa.Check.isin(list(MEASURES), error="a measure listed in docs/data-packs.md"),
        ),
        "value": _text(
            pa.Check.str_matches(
                _NUMBER, error="a plain number such as 856.23 (no £, % or commas)"
            ),
            pa.Check(_is_sensible_number, error="a number below a trillion"),
        ),
        "unit": _text(pa.Check.isin(list(UNITS), error=f"one of the units {', '.join(UNITS)}")),
        "period": _text(_required("the period as the document states it"), _short(MAX_TEXT)),
        "period_start": _text(
            pa.Check.str_matches(_ISO_DATE, error="a date written YYYY-MM-DD"),
            pa.Check(_is_real_date, error="a real calendar date written YYYY-MM-DD"),
        ),
        "period_end": _text(
            pa.Check.str_matches(_ISO_DATE, error="a date written YYYY-MM-DD"),
            pa.Check(_is_real_date, error="a real calendar date written YYYY-MM-DD"),
        ),
        "service": _text(
            pa.Check.isin(list(SERVICES), error=f"one of the services {', '.join(SERVICES)}")
        ),
        "source_file": _text(_required("the source document's file name"), _short(MAX_TEXT)),
        "source_section": _text(
            _required("the heading or recommendation number cited"), _short(MAX_TEXT)
        ),
        "kind": _text(pa.Check.isin(list(KINDS), error=f"one of {', '.join(KINDS)}")),
        "note": _text(_short(MAX_NOTE)),
    },
    checks=[
        pa.Check(
            _unit_fits_measure, error="unit|the unit listed for this measure in docs/data-packs.md"
        ),
        pa.Check(_end_not_before_start, error="period_end|a date on or after period_start"),
        pa.Check(
            _benchmark_rule,
            error="service|'benchmark' exactly when the measure name starts with benchmark_",
        ),
        pa.Check(_derived_has_method, error="note|for a derived figure, the method used"),
    ],
    strict=True,
    ordered=False,
    name="figures",
)

EXTRA_CARE_SCHEMA = pa.DataFrameSchema(
    {
        "name": _text(_required("the site's name")),
        "address": _text(_required("the site's address")),
        "postcode": _text(
            pa.Check.str_matches(_POSTCODE, error="a full UK postcode such as DL15 8NN")
        ),
        "source_file": _text(_required("the source document's file name")),
        "source_section": _text(_required("the heading cited")),
    },
    strict=True,
    name="extra_care",
)


def _shorten(value: object, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _problems_from(errors: pa.errors.SchemaErrors) -> list[Problem]:
    """Turn pandera's failure cases into one problem per cell, all expectations together."""
    expected: dict[tuple[int | None, str | None], list[str]] = {}
    found: dict[tuple[int | None, str | None], object] = {}
    for case in errors.failure_cases.itertuples(index=False):
        check = str(case.check)
        column = None if case.column is None else str(case.column)
        if "|" in check:
            blamed, check = check.split("|", 1)
            if column not in (None, blamed):
                continue  # a wide check reports every column of the row; keep the blamed one
            column = blamed
        index = case.index
        row = None if index is None or pd.isna(index) else int(index) + 2
        checks = expected.setdefault((row, column), [])
        if check not in checks:
            checks.append(check)
        found.setdefault((row, column), case.failure_case)
    problems = []
    for (row, column), checks in expected.items():
        value = "" if row is None else f", found '{_shorten(found[(row, column)])}'"
        problems.append(Problem(row, column, f"expected {' and '.join(checks)}{value}"))
    order = {name: i for i, name in enumerate(FIGURE_COLUMNS + EXTRA_CARE_COLUMNS)}
    return sorted(problems, key=lambda p: (p.row or 0, order.get(p.column or "", 99)))


def _read_text_table(raw: bytes, filename: str, columns: tuple[str, ...]) -> pd.DataFrame:
    check_content(raw, filename, ("csv",), FigureFileError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FigureFileError(
            filename, [Problem(None, None, "expected UTF-8 text (save as CSV UTF-8)")]
        ) from exc
    if not text.strip():
        raise FigureFileError(
            filename, [Problem(None, None, "the file is empty; expected a CSV with a header row")]
        )
    table, problems = read_csv_text(text, lower=False)
    if table is None:
        raise FigureFileError(filename, problems)
    missing = [c for c in columns if c not in table.columns]
    extra = [c for c in table.columns if c not in columns]
    problems = [Problem(1, c, "missing column; expected it in the header row") for c in missing]
    problems += [
        Problem(1, c, f"unexpected column; expected only {', '.join(columns)}") for c in extra
    ]
    if problems:
        raise FigureFileError(filename, problems)
    return table.apply(lambda column: column.str.strip())


def parse_figures_csv(raw: bytes, filename: str) -> pd.DataFrame:
    """Validate a figures CSV and return it typed; raise FigureFileError naming row and column."""
    table = _read_text_table(raw, filename, FIGURE_COLUMNS)
    if table.empty:
        raise FigureFileError(
            filename, [Problem(None, None, "no figures found below the header row")]
        )
    try:
        FIGURE_SCHEMA.validate(table, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise FigureFileError(filename, _problems_from(errors)) from errors
    figures = table.loc[:, list(FIGURE_COLUMNS)].copy()
    figures["value"] = figures["value"].astype(float)
    for column in ("period_start", "period_end"):
        figures[column] = pd.to_datetime(figures[column], format="%Y-%m-%d")
    # The index is kept: row i is line i + 2 of the file, blank lines counted.
    return figures


def _display_name(path: Path) -> str:
    try:
        return path.resolve().relative_to(PACKS_DIR.parent.parent).as_posix()
    except ValueError:
        return path.as_posix()


def load_pack(folder: Path) -> pd.DataFrame:
    """Load and validate one pack folder's figures.csv; raise FigureFileError if it is broken."""
    path = Path(folder) / FIGURES_FILE
    name = _display_name(path)
    if not path.is_file():
        raise FigureFileError(
            name, [Problem(None, None, f"expected a {FIGURES_FILE} in the pack folder")]
        )
    figures = parse_figures_csv(path.read_bytes(), name)
    code = Path(folder).name
    if re.fullmatch(_ONS_CODE, code):
        require_council(figures, code, name, "the pack folder's code")
    return figures


def require_council(figures: pd.DataFrame, code: str, filename: str, why: str) -> None:
    """Raise FigureFileError naming every row (as the file numbers it) for another council.

    `figures` is as `parse_figures_csv` returns it: row i of the frame is line i + 2 of
    the file (the header is line 1).
    """
    wrong = figures.index[figures["council_code"] != code]
    if len(wrong):
        raise FigureFileError(
            filename,
            [
                Problem(
                    int(i) + 2,
                    "council_code",
                    f"“{figures.at[i, 'council_code']}” is another council; expected {code}, {why}",
                )
                for i in wrong
            ],
        )


def empty_figures() -> pd.DataFrame:
    """Return an empty figures table with the schema's columns and types."""
    figures = pd.DataFrame({column: pd.Series(dtype=str) for column in FIGURE_COLUMNS})
    figures["value"] = figures["value"].astype(float)
    for column in ("period_start", "period_end"):
        figures[column] = pd.to_datetime(figures[column])
    return figures


def combine_figures(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate figure tables, dropping rows that repeat exactly."""
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return empty_figures()
    return pd.concat(frames, ignore_index=True).drop_duplicates(ignore_index=True)


def pack_folders(root: Path = PACKS_DIR) -> list[Path]:
    """Return the pack folders under root (folders holding a figures.csv), sorted by name."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / FIGURES_FILE).is_file())


def read_packs(root: Path = PACKS_DIR) -> tuple[pd.DataFrame, list[FigureFileError]]:
    """Load every valid pack under root and return the refused ones' errors alongside."""
    loaded, refused = [], []
    for folder in pack_folders(root):
        try:
            loaded.append(load_pack(folder))
        except FigureFileError as error:
            refused.append(error)
    return combine_figures(loaded), refused


def load_packs(root: Path = PACKS_DIR) -> pd.DataFrame:
    """Return the figures of every valid pack under root; broken packs are logged and skipped."""
    figures, refused = read_packs(root)
    for error in refused:
        logger.warning("%s", error)
    return figures


def figures_for(df: pd.DataFrame, council_code: str | Iterable[str]) -> pd.DataFrame:
    """Return the rows for one council code (or several), ordered by measure and period."""
    codes = [council_code] if isinstance(council_code, str) else list(council_code)
    rows = df[df["council_code"].isin(codes)]
    return rows.sort_values(["measure", "period_start", "service"], kind="stable").reset_index(
        drop=True
    )


def council_name(code: str) -> str:
    """Return the name of a pack council, or the code itself when it has no pack."""
    return PACK_COUNCILS.get(code, code)


def measure_label(measure: str) -> str:
    """Return the readable label of a measure, or the measure name when it is unknown."""
    spec = MEASURES.get(measure)
    return spec.label if spec else measure


def load_extra_care_sites(root: Path = PACKS_DIR) -> pd.DataFrame:
    """Return the Extra Care sites of every pack that lists them, with the council code."""
    frames = []
    for folder in pack_folders(root):
        path = folder / EXTRA_CARE_FILE
        if not path.is_file():
            continue
        name = _display_name(path)
        table = _read_text_table(path.read_bytes(), name, EXTRA_CARE_COLUMNS)
        try:
            EXTRA_CARE_SCHEMA.validate(table, lazy=True)
        except pa.errors.SchemaErrors as errors:
            raise FigureFileError(name, _problems_from(errors)) from errors
        frames.append(table.assign(council_code=folder.name))
    if not frames:
        return pd.DataFrame(columns=["council_code", *EXTRA_CARE_COLUMNS])
    return pd.concat(frames, ignore_index=True)


# Among figures for the same period, the better-sourced one is "the latest figure".
KIND_ORDER = ("published", "derived", "illustrative")


def by_latest(rows: pd.DataFrame) -> pd.DataFrame:
    """Return figure rows latest first: by period end, then start; for the same period,
    published before derived before illustrative, then in the order the pack lists them."""
    ranked = rows.assign(
        _kind=rows["kind"].map({k: i for i, k in enumerate(KIND_ORDER)}).fillna(len(KIND_ORDER)),
        _order=range(len(rows)),
    )
    ranked = ranked.sort_values(
        ["period_end", "period_start", "_kind", "_order"],
        ascending=[False, False, True, True],
        kind="stable",
    )
    return ranked.drop(columns=["_kind", "_order"])


def latest(
    figures: pd.DataFrame,
    measure: str,
    council_code: str | None = None,
    service: str | None = None,
) -> pd.Series | None:
    """Return "the latest figure" for a measure (`by_latest`'s first), or None.

    One definition for every page, card, chart and pack.
    """
    rows = figures[figures["measure"] == measure]
    if council_code is not None:
        rows = rows[rows["council_code"] == council_code]
    if service is not None:
        rows = rows[rows["service"] == service]
    if rows.empty:
        return None
    return by_latest(rows).iloc[0]
