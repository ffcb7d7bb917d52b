"""The England map of one national measure: councils bound to their values and classes,
grey where there is no figure, words in the legend and a chart small enough to send."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from charts.england_choropleth import (
    NO_FIGURE,
    NO_FIGURE_COLOUR,
    SEQUENTIAL,
    choropleth_alt,
    class_colours,
    england_choropleth,
    range_text,
)
from market.council_measures import council_values
from tests.market.test_council_measures import figure_rows

MAX_SPEC_BYTES = 400_000


@pytest.fixture(scope="module")
def vacancy() -> pd.DataFrame:
    return council_values(figure_rows(), "vacancy_rate_pct", "all")


@pytest.fixture(scope="module")
def spec(vacancy) -> dict:
    return england_choropleth(vacancy, "vacancy_rate_pct", "all").to_dict()


def _councils(spec: dict) -> pd.DataFrame:
    # GeoJSON features inline: Streamlit keeps them in the spec (a table would go as Arrow).
    rows = spec["data"]["values"]
    return pd.DataFrame(rows).set_index("code")


def test_every_council_is_drawn_with_its_value_class_and_period(spec):
    councils = _councils(spec)
    assert len(councils) == 153 and (councils["type"] == "Feature").all()
    durham = councils.loc["E06000047"]
    assert durham["name"] == "County Durham"
    assert durham["value_text"] == "8.2%" and durham["period"] == "2023-24"
    # Three councils have a figure, so each is a class of its own.
    assert councils.loc["E10000024", "group"] == "11.1%"
    shaded = councils[councils["group"] != NO_FIGURE]
    assert set(shaded.index) == {"E06000047", "E06000054", "E10000024"}


def test_councils_without_a_figure_are_light_grey_and_named_so_in_the_legend(spec):
    councils = _councils(spec)
    for code in ("E06000001", "E06000004", "E10000016"):  # none, blank, not in the file
        assert councils.loc[code, "group"] == NO_FIGURE
        assert councils.loc[code, "value_text"] == NO_FIGURE
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["8.2%", "9.9%", "11.1%", NO_FIGURE]
    assert scale["range"] == [*class_colours(3), NO_FIGURE_COLOUR]
    assert NO_FIGURE_COLOUR not in SEQUENTIAL


def test_legend_title_and_tooltip_are_plain_english(spec):
    colour = spec["encoding"]["color"]
    assert " ".join(colour["title"]) == "Care provider vacancy rate"
    assert [t["title"] for t in spec["encoding"]["tooltip"]] == ["Council", "Value", "Period"]
    assert spec["title"]["text"] == ["Care provider vacancy rate"]
    assert spec["title"]["subtitle"] == "2023-24: 3 of 153 councils with a figure"
    assert "_" not in json.dumps([colour["title"], spec["title"], colour["scale"]["domain"]])


def test_the_map_keeps_england_flat_and_fits_its_frame(spec):
    assert spec["projection"] == {"type": "identity", "reflectY": True}
    assert spec["width"] == "container" and spec["mark"]["type"] == "geoshape"


def test_the_chart_is_small_enough_to_send_to_a_browser(spec):
    assert len(json.dumps(spec)) < MAX_SPEC_BYTES


def test_money_classes_read_as_ranges_with_the_unit_once():
    assert range_text(700.0, 812.5, "gbp_per_week") == "£700.00 to £812.50 a week"
    assert range_text(6.5, 8.0, "percent") == "6.5% to 8%"
    assert range_text(12.0, 15.5, "per_100k") == "12.0 to 15.5 per 100,000"
    assert range_text(4.0, 4.0, "percent") == "4%"


def test_every_council_with_a_figure_falls_into_five_classes_light_to_dark():
    figures = figure_rows()
    values = council_values(figures, "vacancy_rate_pct", "all")
    values["value"] = [float(n % 40) for n in range(len(values))]
    values["period"] = "2023-24"
    spec = england_choropleth(values, "vacancy_rate_pct", "all").to_dict()
    scale = spec["encoding"]["color"]["scale"]
    # Every council has a figure: no grey entry in the legend.
    assert scale["range"] == list(SEQUENTIAL) and len(scale["domain"]) == 5
    assert scale["domain"][0].startswith("0% to ")


def test_alt_text_names_the_lowest_and_highest_councils(vacancy):
    text = choropleth_alt(vacancy, "vacancy_rate_pct", "all")
    assert text.startswith("Map: Care provider vacancy rate, by council. 2023-24: 3 of 153")
    assert "Lowest: County Durham, 8.2%; highest: Nottinghamshire, 11.1%" in text
