"""Charts read by people: no labels on top of each other, none cut short, one tick per
period, single dates drawn as bars, and projector-sized text."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from charts import fees, occupancy, workforce
from charts.common import (
    LABEL_GAP_PX,
    MAX_PERIOD_TICKS,
    PROJECTOR_TEXT_PX,
    TIME_SERIES_CHROME_PX,
    TIME_SERIES_HEIGHT,
    WRAP_CHARS,
    Panel,
    for_projector,
    period_ticks,
    prepare,
    time_series,
)
from data.figures import PACK_COUNCILS, figures_for

PANELS: list[Panel] = [*fees.PANELS, *occupancy.PANELS, *workforce.PANELS]


def _records(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _walk(node: object):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _marks(spec: dict) -> list[str]:
    return [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in spec.get("layer", [spec])
    ]


def _charts(figures: pd.DataFrame):
    for code in PACK_COUNCILS:
        rows = figures_for(figures, code)
        for panel in PANELS:
            chart = panel.build(rows)
            if chart is not None:
                yield f"{code}/{panel.build.__name__}", chart


def test_no_label_is_cut_short(figures: pd.DataFrame) -> None:
    for name, chart in _charts(figures):
        spec = chart.to_dict()
        limits = [n["labelLimit"] for n in _walk(spec) if "labelLimit" in n]
        assert limits and all(limit == 0 for limit in limits), name
        # Category and legend labels: whatever field the y and colour channels draw.
        drawn = {
            n["encoding"][channel]["field"]
            for n in _walk(spec)
            if isinstance(n.get("encoding"), dict)
            for channel in ("y", "color")
            if n["encoding"].get(channel, {}).get("type") == "nominal"
        }
        for record in _records(spec):
            for field in drawn:
                lines = str(record[field]).split("\n")
                assert all(len(line) <= WRAP_CHARS or " " not in line for line in lines), name


def test_long_labels_wrap_onto_lines_drawn_one_by_one(figures: pd.DataFrame) -> None:
    spec = workforce.vacancy_chart(figures_for(figures, "E10000024")).to_dict()
    (item,) = {r["item"] for r in _records(spec)}
    assert item.replace("\n", " ").startswith("Care provider vacancy rate (not stated (report of")
    assert item.count("\n") >= 1
    assert spec["layer"][0]["encoding"]["y"]["axis"]["labelExpr"] == "split(datum.label, '\\n')"


def test_value_labels_keep_apart_and_only_the_latest_point_is_labelled(
    figures: pd.DataFrame,
) -> None:
    checked = 0
    for name, chart in _charts(figures):
        spec = chart.to_dict()
        records = _records(spec)
        if "line" not in _marks(spec):
            continue
        checked += 1
        labelled = [r for r in records if r["show_label"]]
        assert labelled, name
        for r in labelled:
            same = [o for o in records if o["series"] == r["series"]]
            assert r["period_start"] == max(o["period_start"] for o in same), name
        values = [r["value"] for r in records]
        span = max(0, *values) - min(0, *values)
        px = (TIME_SERIES_HEIGHT - TIME_SERIES_CHROME_PX) / span
        tops = sorted(r["value"] * px for r in labelled)
        assert all(b - a >= LABEL_GAP_PX for a, b in itertools.pairwise(tops)), name
        (text_layer,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
        assert text_layer["transform"] == [{"filter": "datum.show_label"}]
        assert text_layer["mark"]["align"] == "left" and text_layer["mark"]["dx"] > 0
    assert checked >= 3


def test_two_series_ending_side_by_side_keep_one_label() -> None:
    rows = pd.DataFrame(
        {
            "series": ["A", "A", "B", "B"],
            "period_start": ["2022-01-01", "2023-01-01", "2022-01-01", "2023-01-01"],
            "value": [20.0, 25.95, 18.0, 25.5],
        }
    )
    from charts.common import last_point_labels

    chosen = last_point_labels(rows, TIME_SERIES_HEIGHT - TIME_SERIES_CHROME_PX)
    assert list(chosen) == [False, True, False, False]


@pytest.mark.parametrize(
    ("dates", "ticks", "fmt"),
    [
        (["2021-01-01", "2022-01-01", "2023-01-01"], ["2021", "2022", "2023"], "%Y"),
        (["2022-12-01", "2023-07-01"], ["Dec 2022", "Jul 2023"], "%b %Y"),
        # Four days apart: the two labels would run into each other, so the earlier goes.
        (["2022-04-01", "2023-03-28", "2023-04-01"], ["Apr 2022", "Apr 2023"], "%b %Y"),
    ],
)
def test_a_period_axis_ticks_each_period_once(dates, ticks, fmt) -> None:
    kept, chosen = period_ticks(dates)
    assert chosen == fmt
    assert [f"{d:%b %Y}" if fmt != "%Y" else f"{d:%Y}" for d in kept] == ticks


def test_many_periods_are_thinned_to_distinct_labels() -> None:
    dates = [f"{year}-01-01" for year in range(2000, 2024)]
    kept, fmt = period_ticks(dates)
    assert fmt == "%Y" and len(kept) <= MAX_PERIOD_TICKS
    assert len({d.year for d in kept}) == len(kept) and kept[-1].year == 2023


def test_time_axes_carry_explicit_ticks_with_no_repeated_label(figures: pd.DataFrame) -> None:
    for name, chart in _charts(figures):
        spec = chart.to_dict()
        for node in _walk(spec):
            x = (
                node.get("encoding", {}).get("x")
                if isinstance(node.get("encoding"), dict)
                else None
            )
            if not x or x.get("type") != "temporal" or "axis" not in x:
                continue
            values = x["axis"]["values"]
            stamps = {(v["year"], v["month"], v["date"]) for v in values}
            assert len(stamps) == len(values), name


def test_a_single_date_is_drawn_as_bars_not_a_trend(figures: pd.DataFrame) -> None:
    # Nottinghamshire gives occupancy and beds available for one date only.
    spec = occupancy.occupancy_chart(figures_for(figures, "E10000024")).to_dict()
    assert "line" not in _marks(spec) and "bar" in _marks(spec)
    assert "as at 11 September 2023" in spec["layer"][0]["encoding"]["x"]["title"]
    # With two dates it is a line again.
    spec = occupancy.occupancy_chart(figures_for(figures, "E06000047")).to_dict()
    assert "line" in _marks(spec)


def test_projector_text_is_16_px_or_more(figures: pd.DataFrame) -> None:
    for name, chart in _charts(figures):
        spec = for_projector(chart).to_dict()
        config = spec["config"]
        sizes = [
            config["axis"]["labelFontSize"],
            config["axis"]["titleFontSize"],
            config["legend"]["labelFontSize"],
            config["legend"]["titleFontSize"],
            config["text"]["fontSize"],
            config["title"]["subtitleFontSize"],
        ]
        assert min(sizes) >= PROJECTOR_TEXT_PX, name
        # A size set on a mark would beat the configuration: none is.
        assert not [n for n in _walk(spec.get("layer", [])) if "fontSize" in n], name


def test_illustrative_bars_say_so_beside_the_bar(figures: pd.DataFrame) -> None:
    rows = figures_for(figures, "E06000054").assign(kind="illustrative")
    spec = fees.weekly_fees_chart(rows).to_dict()
    assert "bar" in _marks(spec)
    assert all(r["value_text"].endswith("(illustrative)") for r in _records(spec))
    (text,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert text["encoding"]["text"]["field"] == "value_text"


def test_time_series_data_still_names_every_point(figures: pd.DataFrame) -> None:
    data = prepare(figures_for(figures, "E10000024"), ["hours_commissioned_weekly"], lambda r: "x")
    spec = time_series(data, "Hours").to_dict()
    assert len(_records(spec)) == len(data)
