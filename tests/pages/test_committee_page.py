"""The committee view as a member meets it, run through Streamlit's AppTest."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.council_picker import COUNCIL_KEY
from components.figure_upload import KIND as ADDED_FIGURES
from data import store
from data.figures import FIGURE_COLUMNS, parse_figures_csv

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
BADGE = ":orange-badge[:material/science: Illustrative]"


def _run(council_code: str, **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "committee.py"), default_timeout=TIMEOUT)
    at.session_state[COUNCIL_KEY] = council_code
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


def _elements(node, kind: str) -> list:
    found = [node] if getattr(node, "type", None) == kind else []
    for child in getattr(node, "children", {}).values():
        found += _elements(child, kind)
    return found


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_the_router_opens_county_durhams_committee_view_with_every_part():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/committee.py").run()
    assert not at.exception
    assert at.title[0].value == "County Durham: committee view"
    assert [h.value for h in at.header] == [
        "Headline figures",
        "Care homes on the map",
        "Outlook",
        "Compared with similar councils",
        "Key charts",
        "Committee pack",
    ]
    assert [(m.label, m.value) for m in at.metric][:2] == [
        ("Care homes for older people", "96"),
        ("Care home beds occupied", "86%"),
    ]
    assert "Care Quality Commission" in at.caption[0].value
    assert len(_elements(at.main, "image")) == 1  # the static map
    labels = [button.label for button in at.get("download_button")]
    assert labels == [
        "Download the list as CSV",  # the map's homes, in the table under it
        "Download the committee pack (PDF)",
        "Download the charts and map (PNG and SVG, zip)",
    ]


def _read(shown: str) -> str:
    """Return Markdown as the reader sees it: escapes taken out."""
    return re.sub(r"\\(.)", r"\1", shown)


def test_each_headline_has_its_kind_as_at_date_and_source():
    at = _run("E06000054")
    assert at.title[0].value == "Wiltshire: committee view"
    shown = {m.label: m.value for m in at.metric}
    assert shown["Weekly fee for residential care"] == "£856.23 a week"
    assert shown["Hourly rate paid for home care"] == "£25.95 an hour"
    markdown = [m.value for m in at.markdown]
    assert markdown.count(":blue-badge[Published]") == len(at.metric) == 6
    assert "As at 28 March 2023 (the source says: current)" in [_read(m) for m in markdown]
    captions = _read(_captions(at))
    assert (
        "Source: Wiltshire Council, "
        "Cabinet agenda supplement: Market Sustainability Plan, 28 March 2023, "
        "65+ care home market > Fee Rates" in captions
    )


def test_illustrative_homes_bring_the_orange_badge_and_a_plain_warning():
    at = _run("E06000054")
    assert BADGE in [m.value for m in at.markdown]
    (warning,) = at.warning
    assert warning.value.startswith(
        "Illustrative data is shown: the care homes on the map are made up"
    )


def test_key_charts_are_drawn_with_their_kinds_and_sources():
    at = _run("E06000054")
    assert [s.value for s in at.subheader][:3] == [
        "Home care hourly rates and benchmarks",
        "Care home weekly fees",
        "Care home beds by type",
    ]
    assert len(at.get("vega_lite_chart")) == 6
    assert (
        "Figures: published. Source: Wiltshire Council, "
        "Cabinet agenda supplement: Market Sustainability Plan, 28 March 2023, "
        "Section 1 > 65+ care home market" in _read(_captions(at))
    )


def test_a_council_with_no_figures_says_so_plainly_and_still_shows_the_map():
    at = _run("E06000001")
    assert at.title[0].value == "Hartlepool: committee view"
    infos = [i.value for i in at.info]
    assert infos[0].startswith("No published figures loaded for Hartlepool.")
    assert "No figures for Hartlepool to chart in the loaded documents." in infos
    assert not at.metric and not at.get("vega_lite_chart")
    assert len(_elements(at.main, "image")) == 1
    assert at.get("download_button")


def _add_figure(**cells: str) -> None:
    """Store one added figure for Hartlepool, as the chart pages' upload does."""
    row = {
        "council_code": "E06000001",
        "measure": "care_homes",
        "value": "12",
        "unit": "count",
        "period": "made up",
        "period_start": "2024-01-01",
        "period_end": "2024-03-31",
        "service": "care_home_older_people",
        "source_file": "demo.csv",
        "source_section": "all",
        "kind": "illustrative",
        "note": "",
    } | cells
    csv = ",".join(FIGURE_COLUMNS) + "\n" + ",".join(row[c] for c in FIGURE_COLUMNS) + "\n"
    figures = parse_figures_csv(csv.encode(), "demo.csv")
    store.save_import(ADDED_FIGURES, "E06000001", figures, file_name="demo.csv", rows_read=1)


def test_an_uploaded_illustrative_figure_is_badged_and_its_text_shown_as_typed():
    _add_figure(source_file="[x](http://e.vil)")
    at = _run("E06000001")
    assert [(m.label, m.value) for m in at.metric] == [("Care homes for older people", "12")]
    markdown = [m.value for m in at.markdown]
    assert ":orange-badge[Illustrative]" in markdown
    assert "some headline figures" in at.warning[0].value
    # Escaped, with the address broken so it cannot autolink; the reader sees it as typed.
    assert "Source: \\[x\\]\\(http\\:/\u2060/e.vil\\), all" in _captions(at)
    assert "Source: [x](http://e.vil), all" in _read(_captions(at)).replace("\u2060", "")
