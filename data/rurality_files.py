"""The ONS Rural Urban Classification file, read and checked; geo/rurality.py applies it."""

from __future__ import annotations

import io

import pandas as pd

from data.budget import check_time
from data.problems import InputFileError, Problem, line_count, too_many_rows, wide_header
from data.sniff import check_content

# ONS RUC 2011 codes: A-C urban, D-F rural.
RUC11_NAMES = {
    "A1": "Urban major conurbation",
    "B1": "Urban minor conurbation",
    "C1": "Urban city and town",
    "C2": "Urban city and town in a sparse setting",
    "D1": "Rural town and fringe",
    "D2": "Rural town and fringe in a sparse setting",
    "E1": "Rural village",
    "E2": "Rural village in a sparse setting",
    "F1": "Rural hamlet and isolated dwellings",
    "F2": "Rural hamlet and isolated dwellings in a sparse setting",
}
# Rows in a classification file: England and Wales have under 36,000 small areas.
MAX_ROWS = 50_000
RUC_FORMATS = {
    "2011": ("LSOA11CD", "RUC11CD", "RUC11"),
    "2021": ("lsoa21cd", "ruc21cd", "urban_rural_flag"),
}


class RuralityFileError(InputFileError):
    """A rurality file that cannot be read; the classification in use stays in place."""


def read_ruc_csv(raw: bytes, file_name: str) -> pd.DataFrame:
    """Read an ONS RUC file (2011 or 2021 layout); return lsoa_code, ruc_code, ruc_name, rural."""
    check_content(raw, file_name, ("csv",), RuralityFileError)
    if problems := wide_header(raw) or too_many_rows(line_count(raw) - 1, MAX_ROWS):
        raise RuralityFileError(file_name, problems)
    try:
        table = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise RuralityFileError(
            file_name, [Problem(None, None, f"expected a UTF-8 CSV file ({exc})")]
        ) from exc
    check_time("checking each small area")
    columns = {c.strip(): c for c in table.columns}
    layout = next(
        (year for year, cols in RUC_FORMATS.items() if all(c in columns for c in cols)), None
    )
    if layout is None:
        wanted = " or ".join(", ".join(cols) for cols in RUC_FORMATS.values())
        raise RuralityFileError(
            file_name, [Problem(1, None, f"expected the columns {wanted} in the header row")]
        )
    code_col, ruc_col, name_col = (columns[c] for c in RUC_FORMATS[layout])
    out = pd.DataFrame(
        {
            "lsoa_code": table[code_col].str.strip(),
            "ruc_code": table[ruc_col].str.strip(),
            "ruc_name": table[name_col].str.strip(),
        }
    )
    problems: list[Problem] = []
    bad_code = ~out["lsoa_code"].str.fullmatch(r"[EW]01\d{6}")
    problems += [
        Problem(int(i) + 2, code_col, f"expected an LSOA code such as E01020000, found '{v[:20]}'")
        for i, v in out.loc[bad_code, "lsoa_code"].items()
    ]
    if layout == "2011":
        bad = ~out["ruc_code"].isin(RUC11_NAMES)
        problems += [
            Problem(int(i) + 2, ruc_col, f"expected a code A1 to F2, found '{v[:20]}'")
            for i, v in out.loc[bad, "ruc_code"].items()
        ]
        out["rural"] = out["ruc_code"].str[0].isin(["D", "E", "F"])
    else:
        flag = out["ruc_name"].str.casefold()
        bad = ~flag.isin(["urban", "rural"])
        problems += [
            Problem(int(i) + 2, name_col, f"expected Urban or Rural, found '{v[:20]}'")
            for i, v in out.loc[bad, "ruc_name"].items()
        ]
        out["rural"] = flag == "rural"
    if out.empty:
        problems.append(Problem(None, None, "no rows below the header"))
    if problems:
        raise RuralityFileError(file_name, problems)
    out["method"] = f"ONS Rural Urban Classification {layout} ({file_name})"
    return out
