"""Upload NHS England's ASC-FR file: unit costs for every council in it are stored."""

from __future__ import annotations

import streamlit as st

from components import uploads
from components.auth import may_import, render_import_refusal
from components.uploads import Accepted, Outcome, report
from data import store, unit_costs
from data.measures import measure_label
from data.problems import Problem
from geo.councils import Council

UPLOAD_KEY = "cmm_unit_costs_upload"
TAKEN_KEY = "cmm_unit_costs_uploads"
# NHS England's zip for one year is some tens of MB; its CSV several times that.
MAX_UPLOAD_MB = 200


def _read_unit_costs(raw: bytes, name: str, council: Council) -> Accepted:
    result = unit_costs.import_unit_costs(raw, name)
    tables = unit_costs.split_by_council(result.figures)
    why = (
        f"{council.name} has no unit costs in the file, and no other council in it may be "
        "loaded from this sign-in"
    )
    mine = uploads.permitted(
        tables, unit_costs.UnitCostFileError(name, [Problem(None, "GEOGRAPHY_CODE", why)])
    )
    # A file adds its years to each council's stored unit costs; a year given again is replaced.
    stored = {
        record.council_code: frame for record, frame in store.current_of_kind(unit_costs.KIND)
    }
    merged = {
        code: unit_costs.merge_stored(stored.get(code), table) for code, table in mine.items()
    }
    years = ", ".join(result.periods)
    lines = [
        f"{name}: NHS England unit costs for {len(mine):,} "
        f"{'council' if len(mine) == 1 else 'councils'} ({years})."
    ]
    if council.code in mine:
        own = mine[council.code]
        shown = sorted({measure_label(m) for m in own["measure"]})
        lines.append(f"{council.name}: {len(own):,} figures ({'; '.join(shown)}).")
    warnings = uploads.council_warnings(
        council,
        mine,
        tables,
        result.warnings,
        absent=f"{council.name} has no unit costs in the file: its figures did not change.",
    )
    return Accepted(merged, result.rows_read, tuple(lines), warnings)


def import_file(raw: bytes, name: str, council: Council) -> Outcome:
    """Import an ASC-FR file as the uploader does (outside a page, too)."""
    return uploads.import_file(
        raw,
        name,
        kind=unit_costs.KIND,
        read=lambda raw, name: _read_unit_costs(raw, name, council),
    )


def render_unit_costs_upload(council: Council) -> None:
    """Draw the NHS England unit costs uploader and load a new file once."""
    if not may_import(council.code):
        render_import_refusal("NHS England unit costs")
        return
    st.markdown(
        "NHS England's Adult Social Care Activity and Finance Report, as it publishes it: the "
        "zip holding one year's CSV, or the CSV itself. The weekly unit costs of residential "
        "and nursing care (people aged 65 and over, and 18 to 64) and the hourly home care "
        "rates are taken for every council in the file, and added to the years already "
        "loaded (a year loaded again is replaced). Cells marked `:` (not submitted) or `*` "
        "(suppressed) are skipped. Cumbria, now two councils, is left out."
    )
    outcome = uploads.render_uploader(
        "NHS England unit costs (zip or CSV)",
        types=["zip", "csv"],
        key=UPLOAD_KEY,
        max_mb=MAX_UPLOAD_MB,
        kind=unit_costs.KIND,
        state_key=f"{TAKEN_KEY}-{council.code}",
        read=lambda raw, name: _read_unit_costs(raw, name, council),
    )
    report(outcome, keep="The unit costs already in use (if any) stay in use.")
