"""The figure schema (pandera) and the loaders for data packs and uploaded figure files."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from data.budget import check_time
from data.measures import KINDS, MEASURES, SERVICES, UNITS
from data.problems import InputFileError, Problem, read_csv_text, schema_problems
from data.sniff import check_content
from geo.councils import list_councils

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
# Rows in one figures file: the four seed councils' packs hold under 200 between them.
MAX_ROWS = 20_000


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


def _problems_from(errors: pa.errors.SchemaErrors) -> list[Problem]:
    # The frame's index + 2 is the row a spreadsheet shows (the header is row 1).
    columns = FIGURE_COLUMNS + EXTRA_CARE_COLUMNS
    return schema_problems(errors.failure_cases, row_offset=2, columns=columns)


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
    table, problems = read_csv_text(text, max_rows=MAX_ROWS, lower=False)
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
    check_time("checking each figure")
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
    """Return an empty figures table with the schema's columns and types (a new one each
    time: callers may add to it)."""
    return _empty_figures().copy()


@lru_cache(maxsize=1)
def _empty_figures() -> pd.DataFrame:
    # Built once: every page's run asks for several (1.5 ms each, most of it to_datetime).
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


# A figure given again, for the same council, measure, service and period, is the same figure.
FIGURE_IDENTITY = ["council_code", "measure", "service", "period_start", "period_end"]


def with_corrections(packs: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """Return the packs' figures and the added ones, an added figure replacing any pack
    figure it gives again (a commissioner's correction). Figures within one file that share
    a period (15.6% and 8.61% for two groups of providers) are all kept."""
    if added.empty:
        return combine_figures([packs])
    given = added[FIGURE_IDENTITY].drop_duplicates()
    marked = packs.merge(given, on=FIGURE_IDENTITY, how="left", indicator=True)
    return combine_figures([packs[(marked["_merge"] == "left_only").to_numpy()], added])


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
    """Return a council's name (every English council, national figures reach them all), or
    the code itself for a code no council has."""
    if code in PACK_COUNCILS:
        return PACK_COUNCILS[code]
    return _council_names().get(code, code)


@lru_cache(maxsize=1)
def _council_names() -> dict[str, str]:
    return {council.code: council.name for council in list_councils()}


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
    published before derived before illustrative, then in the order they are listed (a
    document's own order; a commissioner's correction replaces a pack figure outright, see
    `with_corrections`)."""
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
