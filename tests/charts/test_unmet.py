"""The unmet-packages chart: quarters for sparse months, withheld counts as labelled bands
holding no number, bars a period wide, and the brush the zones page reads."""

from __future__ import annotations

import pandas as pd

from charts.unmet import BRUSH, MAX_PERIOD_TICKS, brush_range, trend_chart_data, unmet_over_time
from market.disclosure import SUPPRESSION_THRESHOLD
from market.unmet import council_trend

WINDOW = pd.period_range("2023-04", "2024-03", freq="M")


def _packages(per_month: list[int]) -> pd.DataFrame:
    dates = [
        pd.Timestamp(f"{month}-05")
        for month, n in zip(WINDOW.strftime("%Y-%m"), per_month, strict=True)
        for _ in range(n)
    ]
    return pd.DataFrame({"date": dates})


def _records(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _layers(spec: dict) -> list[dict]:
    return spec["layer"]


def test_sparse_months_are_drawn_as_quarters_one_tick_each() -> None:
    # Most months hold fewer than 5: months would hide them, so the chart counts quarters.
    trend = council_trend(_packages([3, 0, 4, 2, 9, 1, 0, 2, 8, 6, 3, 1]), WINDOW)
    assert trend.step == "quarter"
    spec = unmet_over_time(trend).to_dict()
    x = _layers(spec)[0]["encoding"]["x"]
    assert x["title"] == "Quarter"
    assert len(x["axis"]["values"]) == 4
    for label in ("Apr to Jun 2023", "Jul to Sep 2023", "Oct to Dec 2023", "Jan to Mar 2024"):
        assert x["axis"]["labelExpr"].count(f"'{label}'") == 1


def test_twelve_months_get_at_most_the_tick_limit_the_latest_labelled() -> None:
    trend = council_trend(_packages([6, 7, 8, 9] * 3), WINDOW)
    assert trend.step == "month"
    x = _layers(unmet_over_time(trend).to_dict())[0]["encoding"]["x"]
    assert len(x["axis"]["values"]) <= MAX_PERIOD_TICKS
    assert "'Mar 2024'" in x["axis"]["labelExpr"]


def test_withheld_counts_are_labelled_bands_that_hold_no_number() -> None:
    trend = council_trend(_packages([1, 0, 0, 9, 9, 9, 0, 0, 8, 6, 6, 6]), WINDOW)
    assert trend.table["count"].isna().sum() == 2
    spec = unmet_over_time(trend).to_dict()
    hidden = [r for r in _records(spec) if r["suppressed"]]
    assert len(hidden) == 2
    for record in hidden:
        assert record["count"] is None
        # Nothing else in the row is a number either.
        assert not [v for v in record.values() if isinstance(v, int | float) and v is not True]
    texts = {r["band_text"] for r in hidden}
    assert texts == {f"fewer\nthan {SUPPRESSION_THRESHOLD}", "not\nshown"}
    bands = [
        layer
        for layer in _layers(spec)
        if layer.get("transform") == [{"filter": "datum.suppressed"}]
    ]
    assert {layer["mark"]["type"] for layer in bands} == {"rect", "text"}
    (text,) = [layer for layer in bands if layer["mark"]["type"] == "text"]
    # Written at the top of the band, not on the baseline.
    assert text["encoding"]["y"] == {"value": 6} and text["mark"]["baseline"] == "top"


def test_bars_span_most_of_their_period() -> None:
    trend = council_trend(_packages([6, 7, 8, 9] * 3), WINDOW)
    data = trend_chart_data(trend)
    span = pd.to_datetime(data["period_end"]) - pd.to_datetime(data["period"])
    bar = pd.to_datetime(data["bar_end"]) - pd.to_datetime(data["bar_start"])
    assert ((bar / span) > 0.8).all()


def test_the_brush_selects_periods_the_zones_page_can_read() -> None:
    trend = council_trend(_packages([6, 7, 8, 9] * 3), WINDOW)
    spec = unmet_over_time(trend).to_dict()
    (param,) = [p for node in (spec, *_layers(spec)) for p in node.get("params", [])]
    assert param["name"] == BRUSH and param["select"] == {"type": "interval", "encodings": ["x"]}
    event = {"selection": {BRUSH: {"period": [1688169600000, 1696118400000]}}}
    assert brush_range(event) == (pd.Timestamp("2023-07-01"), pd.Timestamp("2023-10-01"))


def test_no_legend_is_drawn() -> None:
    trend = council_trend(_packages([1, 0, 0, 9, 9, 9, 0, 0, 8, 6, 6, 6]), WINDOW)
    spec = unmet_over_time(trend).to_dict()
    assert not [layer for layer in _layers(spec) if "color" in layer.get("encoding", {})]


def test_every_layer_draws_marks_so_none_is_an_unlabelled_image() -> None:
    # An empty layer becomes a mark group with a role and no text (axe: svg-img-alt).
    for per_month in ([6, 7, 8, 9] * 3, [1, 0, 0, 9, 9, 9, 0, 0, 8, 6, 6, 6]):
        spec = unmet_over_time(council_trend(_packages(per_month), WINDOW)).to_dict()
        records = _records(spec)
        for layer in _layers(spec):
            rule = (layer.get("transform") or [{}])[0].get("filter")
            if rule == "datum.suppressed":
                assert any(r["suppressed"] for r in records)
            elif rule == "!datum.suppressed":
                assert any(not r["suppressed"] for r in records)
