"""Every chart builder: colour-blind-safe palette, source tooltips, no-data None, comparisons."""

from __future__ import annotations

import pandas as pd
import pytest

from charts import fees, occupancy, workforce
from charts.common import OKABE_ITO, Panel, format_value
from data.figures import PACK_COUNCILS, figures_for

PANELS: list[Panel] = [*fees.PANELS, *occupancy.PANELS, *workforce.PANELS]


def _records(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _encodings(spec: dict, channel: str) -> list:
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if channel in node.get("encoding", {}):
                found.append(node["encoding"][channel])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def _panel_ids(panel: Panel) -> str:
    return panel.build.__name__


@pytest.mark.parametrize("panel", PANELS, ids=_panel_ids)
def test_no_figures_means_no_chart(panel: Panel, figures: pd.DataFrame) -> None:
    assert panel.build(figures.iloc[0:0]) is None
    assert panel.build(figures_for(figures, "E06000001")) is None


@pytest.mark.parametrize("panel", PANELS, ids=_panel_ids)
def test_each_chart_draws_exactly_the_pack_rows_of_its_measures(
    panel: Panel, figures: pd.DataFrame
) -> None:
    drawn = 0
    for code in PACK_COUNCILS:
        rows = figures_for(figures, code)
        expected = rows[rows["measure"].isin(panel.measures)]
        chart = panel.build(rows)
        if expected.empty:
            assert chart is None
            continue
        drawn += 1
        records = _records(chart.to_dict())
        assert sorted(r["value"] for r in records) == pytest.approx(
            sorted(
                expected["value"].where(expected["unit"] != "gbp_million", expected["value"] * 1e6)
            )
        )
    assert drawn >= 1


@pytest.mark.parametrize("panel", PANELS, ids=_panel_ids)
def test_colours_come_from_the_okabe_ito_palette(panel: Panel, figures: pd.DataFrame) -> None:
    spec = panel.build(figures).to_dict()
    colours = _encodings(spec, "color")
    assert colours
    assert all(c["scale"]["range"] == list(OKABE_ITO) for c in colours)


@pytest.mark.parametrize("panel", PANELS, ids=_panel_ids)
def test_tooltips_name_value_period_and_source(panel: Panel, figures: pd.DataFrame) -> None:
    spec = panel.build(figures).to_dict()
    for tooltip in _encodings(spec, "tooltip"):
        fields = {t["field"] for t in tooltip}
        assert {"value_text", "period", "source", "kind_label"} <= fields


def test_compared_councils_appear_side_by_side(figures: pd.DataFrame) -> None:
    rows = figures_for(figures, ["E06000054", "E10000024"])
    spec = workforce.vacancy_chart(rows).to_dict()
    assert {r["council"] for r in _records(spec)} == {"Wiltshire", "Nottinghamshire"}
    assert _encodings(spec, "yOffset")


def test_illustrative_rows_are_marked(figures: pd.DataFrame) -> None:
    # Hourly rates run over three dates, so they are drawn as a line with points.
    rows = figures_for(figures, "E06000054").assign(kind="illustrative")
    spec = fees.hourly_rates_chart(rows).to_dict()
    assert all(r["value_text"].endswith("(illustrative)") for r in _records(spec))
    shapes = _encodings(spec, "shape")
    assert shapes and all(s["scale"]["range"] == ["square"] for s in shapes)
    # Made-up points are drawn hollow, on the chart itself, not only in the legend.
    hollow = [
        layer
        for layer in spec["layer"]
        if layer["mark"].get("type") == "point" and layer["mark"].get("filled") is False
    ]
    assert hollow and hollow[0]["transform"] == [{"filter": "datum.kind == 'illustrative'"}]


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (856.23, "gbp_per_week", "£856.23 a week"),
        (22.86, "gbp_per_hour", "£22.86 an hour"),
        (8.89, "percent", "8.89%"),
        (570536, "gbp", "£570,536"),
        (4.269, "gbp_million", "£4.269m"),
        (190, "gbp_million", "£190m"),
        (27000, "hours_per_week", "27,000 hours a week"),
        (96, "count", "96"),
    ],
)
def test_values_are_written_as_a_reader_would(value: float, unit: str, text: str) -> None:
    assert format_value(value, unit) == text


def test_the_figures_table_says_what_each_measure_means_beside_its_label(figures):
    from charts.common import figures_table
    from data.measures import MEASURES

    table = figures_table(figures)
    first = list(table.columns[:3])
    assert first == ["Council", "Measure", "What it measures"]
    for measure, label, meaning in zip(
        figures["measure"], table["Measure"], table["What it measures"], strict=True
    ):
        assert label == MEASURES[measure].label
        assert meaning == MEASURES[measure].definition and meaning
