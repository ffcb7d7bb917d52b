"""Disclosure control: no small count or record-level point reaches a public view."""

import pandas as pd
import pytest

from market.disclosure import count_label, records_for_view, suppress_counts


def test_counts_below_the_threshold_become_words():
    assert [count_label(n) for n in (0, 1, 4, 5, 1234)] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "5",
        "1,234",
    ]
    assert count_label(9, threshold=10) == "fewer than 10"
    with pytest.raises(ValueError):
        count_label(3, threshold=0)


def test_a_public_table_loses_the_small_numbers():
    table = pd.DataFrame({"area": ["a", "b", "c", "d"], "n": [0, 3, 5, 12]})
    safe = suppress_counts(table, "n")
    assert list(safe["n_shown"]) == ["0", "fewer than 5", "5", "12"]
    assert safe["n"].isna().tolist() == [False, True, False, False]
    assert 3 not in safe["n"].dropna().tolist()
    assert list(table["n"]) == [0, 3, 5, 12]


def test_a_record_level_view_sees_every_count():
    table = pd.DataFrame({"n": [1, 7]})
    assert list(suppress_counts(table, "n", record_level_allowed=True)["n"]) == [1, 7]


def test_points_only_reach_a_record_level_view():
    records = pd.DataFrame({"lat": [54.7], "lon": [-1.6]})
    assert records_for_view(records, record_level_allowed=False).empty
    assert len(records_for_view(records, record_level_allowed=True)) == 1


def test_no_package_point_or_small_count_reaches_the_public_map(durham):
    from components.map_view import map_data, whole_document
    from components.zone_map import build_zone_map
    from data.packages import illustrative_packages
    from geo.rurality import classify_by_density
    from maps.zone_layers import hotspot_layer, zone_layer
    from market.hotspots import gi_star
    from market.unmet import public_unmet
    from market.zones import illustrative_layout
    from report.tables import zone_figures

    layout = illustrative_layout(durham, 10, title="t")
    rurality = classify_by_density(durham)
    packages, _ = illustrative_packages(durham, [], rurality.set_index("lsoa_code")["rural"])
    spots = gi_star(durham.msoas, packages["msoa_name"].value_counts())
    figures = zone_figures(layout, public_unmet(packages, layout), rurality)
    layers = [zone_layer(layout.zones, figures, illustrative=True)]
    layers.append(hotspot_layer(durham.msoas, spots.areas))
    # What the map component sends the browser: the frame and the layers swapped into it.
    page = whole_document(map_data(build_zone_map(durham), extra_layers=layers))
    for lat, lon in zip(packages["lat"], packages["lon"], strict=True):
        assert f"{lat:.5f}" not in page or f"{lon:.5f}" not in page
    assert all(p not in page for p in packages["postcode"])
    small = spots.areas[(spots.areas["count"] > 0) & (spots.areas["count"] < 5)]
    shown = figures["Unmet packages"]
    assert all(
        v in ("0", "fewer than 5", "not shown (protects a small count)") or int(v) >= 5
        for v in shown
    )
    if len(small):
        assert "fewer than 5" in page
