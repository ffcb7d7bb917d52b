"""The floor benchmark's stage breakdown: medians over the bare page, in the pages' order."""

from __future__ import annotations

from bench.floor import STAGES, stage_medians, stages_table


def test_stage_medians_are_taken_over_the_bare_pages_painted_time_in_stage_order():
    samples = {"frame": [1.5, 1.3, 1.4], "loaded": [0.9, 1.1, 1.0], "picker": [1.2]}

    medians = stage_medians(samples, floor_ms=1000)

    assert list(medians) == ["loaded", "picker", "frame"]  # STAGES order; no heading seen
    assert medians["frame"] == {"median_ms": 1400, "ratio": 1.4, "visits": 3}
    assert medians["loaded"] == {"median_ms": 1000, "ratio": 1.0, "visits": 3}
    assert medians["picker"]["visits"] == 1


def test_the_stages_table_says_none_for_a_stage_never_reached_and_counts_short_ones():
    bare = {"page": "bare", "median_ms": 900, "ratio": 1.0}
    bare["stages"] = stage_medians({"loaded": [0.7, 0.7], "heading": [0.9, 0.9]}, 900)
    mapped = {"page": "map", "median_ms": 1800, "ratio": 2.0}
    mapped["stages"] = stage_medians({name: [1.35, 1.35] for name in STAGES}, 900)
    mapped["stages"]["frame"] = stage_medians({"frame": [1.5]}, 900)["frame"]

    table = stages_table({"rounds": 2, "pages": [bare, mapped]}).splitlines()

    assert table[0].count("|") == len(STAGES) + 3
    assert table[2] == "| bare | 700 (0.78) | 900 (1.00) | none | none | 900 (1.00) |"
    assert table[3] == (
        "| map | 1,350 (1.50) | 1,350 (1.50) | 1,350 (1.50) | 1,500 (1.67), 1 of 2 visits "
        "| 1,800 (2.00) |"
    )
