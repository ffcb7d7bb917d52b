"""The England overview's section of councils by a national measure, run in AppTest: the
map, the table and its caption once national figures are in; one sentence before."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from components.england_measures import MEASURE_KEY

TIMEOUT = 120


# AppTest runs each function's own source as the script, so each imports what it uses.
def _section() -> None:
    from components.england_measures import render_england_measures
    from tests.market.test_council_measures import figure_rows

    render_england_measures(figure_rows())


def _empty_section() -> None:
    from components.england_measures import render_england_measures
    from data.figures import empty_figures

    render_england_measures(empty_figures())


def _run(script=_section, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_function(script, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _chart(at: AppTest) -> dict:
    (chart,) = at.get("vega_lite_chart")
    return json.loads(chart.proto.spec)


def test_without_national_figures_the_section_says_what_to_import_and_nothing_else():
    at = _run(_empty_section)
    assert [s.value for s in at.subheader] == ["Councils by a national measure"]
    (info,) = at.info
    for data_set in (
        "NHS England's unit costs (ASC-FR)",
        "Skills for Care's workforce estimates",
        "MHCLG's English Indices of Deprivation",
        "Your data page",
    ):
        assert data_set in info.value
    assert not at.dataframe and not at.selectbox and not at.get("vega_lite_chart")


def test_the_map_and_table_show_every_council_for_the_first_measure():
    at = _run()
    picker = at.selectbox(key=MEASURE_KEY)
    assert picker.options == [
        "Weekly unit cost of care home places, people aged 65+, nursing",
        "Care provider vacancy rate",
        "Small areas among England's most deprived tenth",
    ]
    table = at.dataframe[0].value
    heading = "Weekly unit cost of care home places, people aged 65+, nursing (pounds per week)"
    assert list(table.columns) == ["Council", heading, "Period", "Kind", "Source"]
    assert len(table) == 153
    by_council = table.set_index("Council")
    assert by_council.loc["Nottinghamshire", heading] == 1150.5
    assert by_council.loc["Nottinghamshire", "Kind"] == "Published"
    assert by_council.loc["Kent", "Kind"] == "Not published"
    assert at.get("download_button")[0].proto.label == "Download CSV"
    spec = _chart(at)
    assert " ".join(spec["title"]["text"]) == (
        "Weekly unit cost of care home places, people aged 65+, nursing"
    )
    # The councils' shapes travel in the spec as GeoJSON, not as a table.
    features = spec["data"]["values"]
    assert len(features) == 153 and features[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    caption = at.caption[0].value
    assert "Each council's figure is published" in caption
    assert "151 councils shown as “No figure”" in caption
    assert "NHS England, Adult Social Care Activity and Finance Report, 2023" in caption


def test_picking_a_derived_measure_says_so_and_names_its_method_and_goes_in_the_link():
    at = _run()
    at.selectbox(key=MEASURE_KEY).select_index(2).run()
    assert not at.exception
    caption = at.caption[0].value.replace("\\", "")
    assert "Each council's figure is derived from published figures." in caption
    assert "most deprived tenth" in caption and "English Indices of Deprivation" in caption
    assert set(at.dataframe[0].value["Kind"]) == {"Derived", "Not published"}
    assert at.query_params["measure"] == "deprived_areas_share_pct:all"


def test_a_link_opens_its_measure_and_a_bad_one_says_so_in_one_line():
    at = _run(query={"measure": "vacancy_rate_pct:all"})
    assert at.selectbox(key=MEASURE_KEY).value == ("vacancy_rate_pct", "all")
    assert "Care provider vacancy rate (per cent)" in at.dataframe[0].value.columns
    bad = _run(query={"measure": "no_such_measure:all"})
    (note,) = bad.info
    assert note.value.startswith("The link asks for a measure “no\\_such\\_measure\\:all”")
    assert bad.selectbox(key=MEASURE_KEY).index == 0
