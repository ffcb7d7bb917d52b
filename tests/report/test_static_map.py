"""The static care homes map: scale bar, north arrow, legend and the illustrative label."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import pytest
from PIL import Image

from market.zones import area_selection, illustrative_layout
from report.static_map import draw_supply_map, marker_area, render_png, scale_length_km


def _homes(geography) -> pd.DataFrame:
    centre = geography.boundary.geometry.iloc[0].representative_point()
    return pd.DataFrame(
        {
            "care_type": ["nursing", "residential", "both"],
            "beds": pd.array([20, 60, None], dtype="Int64"),
            "lat": [centre.y, centre.y + 0.01, None],
            "lon": [centre.x, centre.x + 0.01, None],
        }
    )


def _texts(fig) -> str:
    parts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        parts += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            parts.append(legend.get_title().get_text())
            parts += [t.get_text() for t in legend.get_texts()]
    return "\n".join(parts)


@pytest.mark.parametrize(("room_m", "km"), [(12_000, 10), (24_900, 20), (60_000, 50), (900, 1)])
def test_scale_bar_is_the_longest_round_length_that_fits(room_m, km):
    assert scale_length_km(room_m) == km


def test_markers_grow_with_beds_and_unknown_beds_are_drawn_smallest():
    sizes = marker_area(pd.Series([None, 5, 50, 100], dtype="Int64"))
    assert sizes.is_monotonic_increasing
    assert sizes.iloc[0] == sizes.iloc[1]


def test_map_of_illustrative_homes_says_so_and_has_legend_scale_and_north(durham):
    fig = draw_supply_map(durham, _homes(durham), illustrative=True, homes_source="illustrative")
    text = _texts(fig)
    assert "County Durham: illustrative care homes by type and size" in text
    assert "ILLUSTRATIVE: made-up homes at real postcodes, not real care homes" in text
    assert "Care homes (illustrative)" in text
    assert "2 homes with 80 beds on the map (of 3 homes)" in text
    for label in ("Nursing", "Residential", "20 beds", "100 beds", "Council boundary", "Town"):
        assert label in text
    assert "N" in text.splitlines() and "Scale" in text.splitlines()
    assert any(line.endswith(" km") for line in text.splitlines())
    assert "Durham" in text  # the largest town is labelled
    image = Image.open(io.BytesIO(render_png(fig, dpi=50)))
    assert image.size == (584, 413)  # A4 landscape: 11.69 by 8.27 inches


def test_map_of_imported_homes_has_no_illustrative_label(durham):
    fig = draw_supply_map(durham, _homes(durham), illustrative=False, homes_source="CQC")
    text = _texts(fig)
    assert "ILLUSTRATIVE" not in text.upper()
    assert "County Durham: care homes by type and size" in text


def test_dollar_signs_in_a_source_print_as_typed_not_as_maths(durham):
    # Read as maths, "$\\nosuchcommand$" would stop the drawing with a ValueError.
    source = "imported from $\\nosuchcommand$.csv"
    fig = draw_supply_map(durham, _homes(durham), illustrative=False, homes_source=source)
    assert source in _texts(fig).replace("\n", " ")
    assert all(not t.get_parse_math() for t in fig.texts)
    assert render_png(fig, dpi=30).startswith(b"\x89PNG")


def test_a_selected_zone_frames_the_map_and_its_long_title_fits_the_page(durham):
    layout = illustrative_layout(durham, 10, title="x")
    zone = layout.zone_names[5]
    chosen = area_selection(layout, durham, zone)
    chosen = replace(chosen, name=f"{zone} and the villages beyond the river to the west")
    fig = draw_supply_map(
        durham, _homes(durham), illustrative=True, homes_source="x", selection=chosen
    )
    assert "Selected zone or area" in _texts(fig)
    renderer = fig.canvas.get_renderer()
    title = next(t for t in fig.texts if chosen.name in t.get_text())
    assert title.get_window_extent(renderer).x1 <= fig.bbox.x1
    # The map is framed on the zone: its width is a fraction of the council's.
    ax = fig.axes[0]
    framed = ax.get_xlim()[1] - ax.get_xlim()[0]
    west, _, east, _ = durham.boundary.to_crs(27700).total_bounds
    assert framed < (east - west) / 2
    # Only towns inside the frame are labelled, and no name runs off the map's box.
    box = ax.get_window_extent(renderer)
    assert ax.texts
    for label in ax.texts:
        extent = label.get_window_extent(renderer)
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1
