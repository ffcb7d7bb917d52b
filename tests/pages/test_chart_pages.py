"""The Fees, Occupancy and Workforce pages as a user meets them, run through AppTest."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from charts import fees, occupancy, workforce
from components.chart_panel import councils_reporting, no_data_message
from components.council_picker import COUNCIL_KEY
from components.figure_upload import KIND as ADDED_FIGURES
from data import store
from data.figures import FIGURE_COLUMNS, figures_for, load_packs
from data.sources import source_lines
from tests.apptest import open_every_table

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60
PAGES = {"fees": fees.PANELS, "occupancy": occupancy.PANELS, "workforce": workforce.PANELS}
EXTRA_SECTIONS = {"occupancy": ["Extra Care sites"]}


def _run(page: str, council_code: str, **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=TIMEOUT)
    at.session_state[COUNCIL_KEY] = council_code
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


# Pages that set every council beside its similar councils once national figures are in.
COMPARED = ("fees", "workforce", "occupancy")


def nothing_to_compare(page: str) -> str:
    """The sentence a page shows before its national figures are imported (or, for a topic
    no national data set gives, always)."""
    from components.peers import MISSING, NOT_PUBLISHED

    if page in NOT_PUBLISHED:
        return NOT_PUBLISHED[page]
    return (
        f"No {MISSING[page]} are imported yet, so there is nothing to compare councils on. "
        "Import them on the Your data page."
    )


def _captions(at: AppTest) -> str:
    """Return the captions as a reader sees them (Markdown escapes taken out)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(c.value for c in at.caption))


@pytest.mark.parametrize("page", PAGES)
def test_a_council_without_a_pack_gets_a_plain_sentence_per_chart(page: str) -> None:
    at = _run(page, "E06000001")
    assert at.title[0].value.startswith("Hartlepool: ")
    # Every council's home care rates are drawn against the Homecare Association's
    # published minimum price (data/national), figures or not.
    drawn = ["Home care hourly rates and benchmarks"] if page == "fees" else []
    topics = [panel.title for panel in PAGES[page] if panel.title not in drawn]
    topics += EXTRA_SECTIONS.get(page, [])
    expected = [no_data_message("Hartlepool", t) for t in topics]
    if page in COMPARED:
        expected.append(nothing_to_compare(page))
    assert [i.value for i in at.info] == expected
    assert len(at.get("vega_lite_chart")) == len(drawn)


def test_fees_page_shows_stocktons_uplifts_with_their_source() -> None:
    at = _run("fees", "E06000004")
    assert at.title[0].value == "Stockton-on-Tees: fees"
    titles = [panel.title for panel in fees.PANELS] + ["Compared with similar councils"]
    assert [s.value for s in at.subheader] == titles
    rows = figures_for(load_packs(), "E06000004")
    uplifts = rows[rows["measure"] == "fee_uplift_pct"]
    assert "Source: " + "; ".join(source_lines(uplifts)) in _captions(at)
    assert (
        "Stockton-on-Tees Borough Council, "
        "Scrutiny monitoring: Care at Home review progress update, March 2024, Recommendation 15"
        in _captions(at)
    )
    # Its uplifts and grants, and the Homecare Association minimum price every council gets.
    assert len(at.get("vega_lite_chart")) == 3
    assert "Source: Homecare Association, Minimum Price for Homecare, 2021-22" in _captions(at)
    # Each chart's table is made once opened, with its download.
    assert [e.label for e in at.expander].count("Table view") == 3 and not at.download_button
    open_every_table(at)
    assert [b.label for b in at.download_button] == ["Download CSV"] * 3


def test_workforce_page_compares_wiltshire_with_nottinghamshire() -> None:
    at = _run("workforce", "E06000054")
    picker = at.multiselect[0]
    assert picker.label == "Compare with"
    assert picker.options == ["Stockton-on-Tees", "Nottinghamshire"]
    picker.set_value(["E10000024"]).run()
    assert not at.exception
    captions = _captions(at)
    assert (
        "Wiltshire Council, Cabinet agenda supplement: Market Sustainability Plan, 28 March 2023"
        in captions
    )
    assert (
        "Nottinghamshire County Council, "
        "Adult Social Care and Public Health Select Committee: social care "
        "market, 11 September 2023, paragraph 13" in captions
    )


def test_occupancy_page_draws_durham_from_both_documents() -> None:
    at = _run("occupancy", "E06000047")
    captions = _captions(at)
    assert (
        "Durham County Council, Market Sustainability Plan (Annex C), "
        "March 2023, Section 1 > Older Persons Care Homes" in captions
    )
    assert (
        "Durham County Council, "
        "County Durham Integrated Market Position Statement 2023/25, 2023, "
        "Residential and nursing care" in captions
    )
    sites = at.dataframe[-1].value
    assert len(sites) == 9 and "DL15 8NN" in set(sites["postcode"])
    assert (
        "Durham County Council, "
        "County Durham Integrated Market Position Statement 2023/25, 2023, Extra Care" in captions
    )


def _upload_row(**change: str) -> bytes:
    return _upload_rows(change)


def _upload_rows(*changes: dict[str, str]) -> bytes:
    base = {
        "council_code": "E06000001",
        "measure": "vacancy_rate_pct",
        "value": "11.5",
        "unit": "percent",
        "period": "March 2025",
        "period_start": "2025-03-01",
        "period_end": "2025-03-31",
        "service": "all",
        "source_file": "hartlepool_workforce.csv",
        "source_section": "Table 1",
        "kind": "illustrative",
        "note": "",
    }
    rows = [base | change for change in changes]
    return pd.DataFrame(rows, columns=list(FIGURE_COLUMNS)).to_csv(index=False).encode()


def _added(council_code: str) -> pd.DataFrame:
    stored = store.current_import(ADDED_FIGURES, council_code)
    return pd.DataFrame() if stored is None else stored[1]


def test_an_added_source_is_shown_as_typed_not_as_markdown() -> None:
    at = _run("workforce", "E06000001")
    row = _upload_row(source_file="![x](http://e.vil/p.png)")
    at.file_uploader[0].set_value(("hartlepool.csv", row, "text/csv")).run()
    raw = "\n".join(c.value for c in at.caption)
    # Every Markdown character escaped and the address broken, so neither image nor link...
    assert "\\!\\[x\\]\\(http\\:/\u2060/e.vil/p.png\\)" in raw
    # ...and the reader sees the source exactly as typed.
    assert "![x](http://e.vil/p.png)" in re.sub(r"\\(.)", r"\1", raw).replace("\u2060", "")


def test_added_figures_are_stored_and_a_bad_file_is_refused_leaving_them() -> None:
    at = _run("workforce", "E06000001")
    at.file_uploader[0].set_value(("hartlepool.csv", _upload_row(), "text/csv")).run()
    assert not at.exception
    assert "hartlepool_workforce.csv, Table 1" in _captions(at)
    assert any("Illustrative" in m.value for m in at.markdown)
    assert list(_added("E06000001")["value"]) == [11.5]

    at.file_uploader[0].set_value(("broken.csv", _upload_row(value="lots"), "text/csv")).run()
    assert not at.exception
    (error,) = at.error
    assert "broken.csv" in error.value and "row 2" in error.value and "'value'" in error.value
    assert list(_added("E06000001")["value"]) == [11.5]
    assert "hartlepool_workforce.csv, Table 1" in _captions(at)

    # Another visitor, later: the figure is still there, from the database.
    again = _run("workforce", "E06000001")
    assert "hartlepool_workforce.csv, Table 1" in _captions(again)


def test_a_figure_given_again_takes_the_new_value_and_the_old_set_can_be_restored() -> None:
    at = _run("workforce", "E06000001")
    at.file_uploader[0].set_value(("first.csv", _upload_row(), "text/csv")).run()
    body = _upload_rows({"value": "12.5"}, {"measure": "handbacks_staffing_pct"})
    at.file_uploader[0].set_value(("second.csv", body, "text/csv")).run()
    assert not at.exception
    current = _added("E06000001").set_index("measure")["value"].to_dict()
    assert current == {"vacancy_rate_pct": 12.5, "handbacks_staffing_pct": 11.5}
    history = store.list_imports(ADDED_FIGURES, "E06000001")
    assert [r.file_name for r in history] == ["second.csv", "first.csv"]
    store.restore_import(history[1].id)
    assert _added("E06000001").set_index("measure")["value"].to_dict() == {"vacancy_rate_pct": 11.5}


def test_compare_offers_pack_councils_first_then_councils_from_uploads() -> None:
    figures = load_packs()
    upload = figures[figures["measure"] == "vacancy_rate_pct"].assign(council_code="E06000001")
    options = councils_reporting(pd.concat([figures, upload]), ["vacancy_rate_pct"], "E06000054")
    assert options == ["E10000024", "E06000001"]


def _pack_page(root: str) -> None:
    from pathlib import Path

    import streamlit as st

    from components.figure_upload import pack_figures

    st.metric("Figures", len(pack_figures(Path(root))))


def test_a_broken_pack_is_reported_and_the_others_still_load(tmp_path: Path) -> None:
    good, broken = tmp_path / "E06000054", tmp_path / "E06000001"
    good.mkdir()
    broken.mkdir()
    rows = figures_for(load_packs(), "E06000054")
    (good / "figures.csv").write_text((ROOT / "data/packs/E06000054/figures.csv").read_text())
    (broken / "figures.csv").write_bytes(
        _upload_row(value="twelve").replace(b"illustrative", b"published")
    )
    at = AppTest.from_function(_pack_page, args=(str(tmp_path),), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert at.metric[0].value == str(len(rows))
    (error,) = at.error
    assert "E06000001/figures.csv" in error.value and "column 'value'" in error.value


def test_figures_for_another_council_are_refused_naming_their_rows() -> None:
    at = _run("workforce", "E06000001")
    rows = _upload_rows({}, {"council_code": "E06000054"}, {"council_code": "E06000047"})
    at.file_uploader[0].set_value(("mixed.csv", rows, "text/csv")).run()
    assert not at.exception
    (error,) = at.error
    text = re.sub(r"\\(.)", r"\1", error.value)
    assert "mixed.csv" in text and "row 3" in text and "row 4" in text and "row 2" not in text
    assert "E06000054" in text and "expected E06000001" in text
    # Refused whole: not even Hartlepool's own row was kept, and nothing went to Wiltshire.
    assert _added("E06000001").empty and _added("E06000054").empty


def test_a_council_with_no_occupancy_is_told_how_to_add_its_own_returns() -> None:
    at = _run("occupancy", "E06000001")
    assert "adds the council's own occupancy returns with “Add figures from a CSV file”" in (
        _captions(at)
    )
    assert "own occupancy returns" not in _captions(_run("occupancy", "E06000047"))
