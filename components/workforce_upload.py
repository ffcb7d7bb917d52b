"""Upload Skills for Care's workforce estimates: every council in the workbook is stored."""

from __future__ import annotations

import streamlit as st

from components import uploads
from components.auth import may_import, render_import_refusal
from components.cqc_upload import render_import_history
from components.uploads import Accepted, Outcome, report
from data import workforce_estimates as workforce
from data.measures import SERVICE_LABELS, measure_label
from data.problems import Problem
from geo.councils import Council

UPLOAD_KEY = "cmm_workforce_upload"
YEAR_KEY = "cmm_workforce_year"
TAKEN_KEY = "cmm_workforce_uploads"
MAX_UPLOAD_MB = 50  # Skills for Care's workbook for every council is a few MB


def _read_workforce(raw: bytes, name: str, council: Council, year: str | None) -> Accepted:
    result = workforce.import_workforce(raw, name, year)
    tables = workforce.split_by_council(result.figures)
    why = (
        f"the workbook has no rates for {council.name}, and no other council in it may be "
        "loaded from this sign-in"
    )
    mine = uploads.permitted(
        tables, workforce.WorkforceFileError(name, [Problem(None, workforce.AREA, why)])
    )
    lines = [*result.summary_lines()]
    if council.code in mine:
        own = mine[council.code]
        latest = own[own["period"] == max(own["period"])]
        for measure in ("vacancy_rate_pct", "turnover_rate_pct"):
            rows = latest[latest["measure"] == measure]
            shown = ", ".join(
                f"{SERVICE_LABELS.get(service, service).lower()} {value:g}%"
                for service, value in zip(rows["service"], rows["value"], strict=True)
            )
            if shown:
                lines.append(
                    f"{council.name}, {latest['period'].iloc[0]}, {measure_label(measure)}: "
                    f"{shown}."
                )
    warnings = uploads.council_warnings(
        council,
        mine,
        tables,
        result.warnings,
        absent=f"The workbook has no rates for {council.name}.",
        refused=f"{council.name}'s rates were not stored: this sign-in may not load them.",
        held_in="workbook",
    )
    return Accepted(workforce.with_stored_years(mine), result.rows_read, tuple(lines), warnings)


def import_file(raw: bytes, name: str, council: Council, year: str | None = None) -> Outcome:
    """Import a workforce estimates workbook as the uploader does (outside a page, too)."""
    return uploads.import_file(
        raw,
        name,
        kind=workforce.KIND,
        read=lambda raw, name: _read_workforce(raw, name, council, year),
    )


def render_workforce_upload(council: Council) -> None:
    """Draw the Skills for Care section: uploader, import history and the scheduled command."""
    st.header("Skills for Care workforce estimates")
    if not may_import(council.code):
        render_import_refusal("workforce estimates")
    else:
        st.markdown(
            "Skills for Care's workforce estimates by local authority area, the workbook "
            "`LA-data-download.xlsx` as published (sheet `LA level data`). The vacancy and "
            "turnover rates of all sectors and all job roles are read for all services, care "
            "homes with and without nursing, and home care, and every council in the "
            "workbook is stored, each with its own history here. Areas are matched to "
            "councils by name; Cornwall's figures, given with the Isles of Scilly's, are "
            "shown for both councils, saying so."
        )
        year = st.text_input(
            "Year of the estimates, if the workbook does not say",
            placeholder="2023-24",
            key=YEAR_KEY,
            max_chars=9,
        )
        year = year.strip() or None
        outcome = uploads.render_uploader(
            "Workforce estimates (Excel workbook)",
            types=["xlsx"],
            key=UPLOAD_KEY,
            max_mb=MAX_UPLOAD_MB,
            kind=workforce.KIND,
            # A file refused for want of a year is read again once a year is given.
            state_key=f"{TAKEN_KEY}-{council.code}-{year or ''}",
            read=lambda raw, name: _read_workforce(raw, name, council, year),
        )
        report(outcome, keep="The workforce estimates already in use (if any) stay in use.")
    render_import_history(workforce.KIND, council, "workforce estimates")
    with st.expander("For administrators: refresh the workforce estimates on a schedule"):
        st.write("Run one of these on the server, from the app's folder (every council is saved):")
        st.code(
            "python -m data.workforce_cli import FILE --year 2023-24\n"
            "python -m data.workforce_cli fetch URL --year 2023-24",
            language=None,
        )
