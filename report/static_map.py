"""Draw a council's care homes on a static map (matplotlib): legend, scale bar, north arrow."""

from __future__ import annotations

import io
import math
import textwrap

import geopandas as gpd
import pandas as pd
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from geo.boundaries import CouncilGeography
from maps.supply_layers import TYPE_COLOURS, TYPE_LABELS
from maps.zone_layers import SELECTED_COLOUR
from market.kinds import KINDS
from market.zones import AreaSelection

A4_LANDSCAPE_IN = (11.69, 8.27)
BNG = 27700  # British National Grid: metres, so the scale bar is measured, not guessed
MAP_RECT = (0.03, 0.14, 0.68, 0.70)  # left, bottom, width, height as fractions of the page
LEGEND_RECT = (0.73, 0.14, 0.25, 0.70)
NORTH_RECT = (0.74, 0.15, 0.04, 0.13)  # below the legend, beside the scale bar
SCALE_RECT = (0.80, 0.16, 0.17, 0.04)
TOWN_LABELS = 12
SCALE_STEPS_KM = (1, 2, 5, 10, 20, 25, 50, 100, 200)
LEGEND_BEDS = (20, 50, 100)
ILLUSTRATIVE_COLOUR = KINDS["illustrative"].colour
LAND_COLOUR = "#f7f6f0"
# DejaVu Sans averages a little over half an em per character in running text; bold is
# wider. Erring wide keeps every line inside its box.
REGULAR_EM, BOLD_EM = 0.56, 0.64


def new_figure() -> Figure:
    """Return a blank A4 landscape figure drawn by Agg.

    No pyplot: its global state is not safe in Streamlit's threads, and nothing is shown.
    """
    fig = Figure(figsize=A4_LANDSCAPE_IN)
    FigureCanvasAgg(fig)
    return fig


def marker_area(beds: pd.Series) -> pd.Series:
    """Return marker areas in points squared, growing with beds (unknown beds drawn smallest)."""
    return (beds.astype("float64").fillna(0) * 2.2).clip(lower=18, upper=420)


def scale_length_km(room_m: float) -> int:
    """Return the longest round length in km that fits in `room_m` metres (at least 1 km)."""
    fitting = [step for step in SCALE_STEPS_KM if step * 1000 <= room_m]
    return fitting[-1] if fitting else SCALE_STEPS_KM[0]


def _text(target, x: float, y: float, text: str, **style) -> None:
    # parse_math=False: a "$" in a name or source must print as typed, never as maths.
    target.text(x, y, text, parse_math=False, **style)


def wrap_text(text: str, width_in: float, fontsize: float, *, bold: bool = False) -> str:
    """Return text broken into lines that fit a width in inches at a font size (DejaVu Sans)."""
    chars = max(10, int(width_in * 72 / (fontsize * (BOLD_EM if bold else REGULAR_EM))))
    return "\n".join(textwrap.wrap(text, chars, break_long_words=True))


def fit_size(text: str, width_in: float, largest: float, em: float = BOLD_EM) -> float:
    """Return the largest font size up to `largest` at which one line of text, `em` ems a
    character, fits a width in inches."""
    return min(largest, width_in * 72 / (max(len(text), 1) * em))


def _fit_limits(bounds: tuple[float, float, float, float], box_ratio: float) -> tuple:
    west, south, east, north = bounds
    pad = 0.04 * max(east - west, north - south)
    width, height = east - west + 2 * pad, north - south + 2 * pad
    if width / height < box_ratio:
        width = height * box_ratio
    else:
        height = width / box_ratio
    cx, cy = (west + east) / 2, (south + north) / 2
    return (cx - width / 2, cx + width / 2), (cy - height / 2, cy + height / 2)


def _draw_scale_bar(fig: Figure, metres_per_inch: float) -> None:
    # Its own axes beside the map, at the map's scale, so it never covers the council.
    room = SCALE_RECT[2] * A4_LANDSCAPE_IN[0] * metres_per_inch
    km = scale_length_km(0.85 * room)
    ax = fig.add_axes(SCALE_RECT)
    ax.set_xlim(0, room)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    half = km * 1000 / 2
    for step, fill in enumerate(("#000000", "#ffffff")):
        ax.add_patch(
            Rectangle((step * half, 0.05), half, 0.3, facecolor=fill, edgecolor="#000000", lw=0.8)
        )
    for offset, label in ((0, "0"), (half, f"{km / 2:g}"), (2 * half, f"{km} km")):
        _text(ax, offset, 0.5, label, ha="center", va="bottom", fontsize=10)
    _text(ax, 0, 1.3, "Scale", fontsize=11, fontweight="bold", va="bottom")


def _draw_north_arrow(fig: Figure) -> None:
    ax = fig.add_axes(NORTH_RECT)
    ax.set_axis_off()
    ax.annotate(
        "",
        xy=(0.5, 0.95),
        xytext=(0.5, 0.35),
        xycoords="axes fraction",
        arrowprops={"facecolor": "#000000", "edgecolor": "#000000", "width": 4, "headwidth": 14},
    )
    _text(
        ax,
        0.5,
        0.3,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=16,
        fontweight="bold",
    )


def _draw_towns(ax, fig: Figure, places: gpd.GeoDataFrame, limits: tuple) -> None:
    (left, right), (bottom, top) = limits
    inside = places.to_crs(BNG).cx[left:right, bottom:top]
    towns = inside.sort_values("population", ascending=False).head(TOWN_LABELS)
    if towns.empty:
        return
    ax.scatter(towns.geometry.x, towns.geometry.y, s=14, c="#000000", marker="s", zorder=8)
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    placed = []
    halo = [patheffects.withStroke(linewidth=3, foreground="#ffffff")]
    for name, point in zip(towns["name"], towns.geometry, strict=True):
        label = ax.text(
            point.x,
            point.y,
            f" {name}",
            fontsize=10,
            ha="left",
            va="bottom",
            zorder=9,
            path_effects=halo,
            parse_math=False,
        )
        box = label.get_window_extent(renderer)
        outside = not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 <= frame.y1)
        if outside or any(box.overlaps(other) for other in placed):
            # Larger towns keep their labels; smaller ones give way, as does a name that
            # would run off the map onto the legend.
            label.remove()
            continue
        placed.append(box)


def _legend_handles(homes: pd.DataFrame, districts: int, selected: bool) -> list:
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=colour,
            markeredgecolor="#222222",
            markersize=10,
            label=TYPE_LABELS[care_type],
        )
        for care_type, colour in TYPE_COLOURS.items()
        if (homes["care_type"] == care_type).any()
    ]
    for beds in LEGEND_BEDS:
        size = math.sqrt(float(marker_area(pd.Series([beds])).iloc[0]))
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="#ffffff",
                markeredgecolor="#222222",
                markersize=size,
                label=f"{beds} beds",
            )
        )
    handles += [
        Patch(facecolor=LAND_COLOUR, edgecolor="#222222", label="Council boundary"),
        *(
            [Patch(facecolor="none", edgecolor="#666666", label=f"Districts ({districts})")]
            if districts > 1
            else []
        ),
        Patch(facecolor="none", edgecolor="#aaaaaa", label="Neighbourhoods (MSOAs)"),
        Line2D([], [], marker="s", linestyle="", color="#000000", markersize=5, label="Town"),
    ]
    if selected:
        handles.append(
            Line2D([], [], color=SELECTED_COLOUR, linewidth=3, label="Selected zone or area")
        )
    return handles


def draw_supply_map(
    geography: CouncilGeography,
    homes: pd.DataFrame,
    *,
    illustrative: bool,
    homes_source: str,
    selection: AreaSelection | None = None,
) -> Figure:
    """Return an A4 landscape figure of the council's care homes, coloured by type, sized by beds.

    The page holds a title, the map (boundary, neighbourhoods faintly, towns), a legend, a
    scale bar in km, a north arrow, the sources and, for illustrative homes, a clear label.
    With a selection, the map is framed on its outline; pass only the homes inside it.
    """
    fig = new_figure()
    council = geography.council.name
    placed = homes[homes["lat"].notna() & homes["lon"].notna()]
    beds = int(placed["beds"].fillna(0).sum())
    kind = "illustrative care homes" if illustrative else "care homes"
    where = f" in {selection.name}" if selection else ""
    title = f"{council}: {kind}{where} by type and size"
    size = fit_size(title, 0.94 * A4_LANDSCAPE_IN[0], 20)
    _text(fig, 0.03, 0.95, title, fontsize=size, fontweight="bold")
    _text(
        fig,
        0.03,
        0.91,
        f"{len(placed):,} homes with {beds:,} beds on the map "
        f"(of {len(homes):,} homes). Colour shows the type of care; size shows the beds.",
        fontsize=12,
    )
    ax = fig.add_axes(MAP_RECT)
    box_ratio = (MAP_RECT[2] * A4_LANDSCAPE_IN[0]) / (MAP_RECT[3] * A4_LANDSCAPE_IN[1])
    boundary = geography.boundary.to_crs(BNG)
    outline = selection.shape.to_crs(BNG) if selection else None
    frame = boundary if outline is None else outline
    xlim, ylim = _fit_limits(tuple(frame.total_bounds), box_ratio)
    boundary.plot(ax=ax, facecolor=LAND_COLOUR, edgecolor="none", zorder=1)
    geography.msoas.to_crs(BNG).plot(
        ax=ax, facecolor="none", edgecolor="#aaaaaa", linewidth=0.4, zorder=2
    )
    if len(geography.districts) > 1:
        geography.districts.to_crs(BNG).plot(
            ax=ax, facecolor="none", edgecolor="#666666", linewidth=0.9, zorder=3
        )
    boundary.plot(ax=ax, facecolor="none", edgecolor="#222222", linewidth=1.4, zorder=3)
    if outline is not None:
        outline.plot(ax=ax, facecolor="none", edgecolor=SELECTED_COLOUR, linewidth=3, zorder=5)
    if not placed.empty:
        points = gpd.GeoSeries(gpd.points_from_xy(placed["lon"], placed["lat"]), crs=4326)
        points = points.to_crs(BNG)
        # Largest homes first, so small ones stay visible on top of them.
        order = placed["beds"].astype("float64").fillna(0).to_numpy().argsort()[::-1]
        colours = placed["care_type"].map(TYPE_COLOURS).fillna(TYPE_COLOURS["not stated"])
        ax.scatter(
            points.x.to_numpy()[order],
            points.y.to_numpy()[order],
            s=marker_area(placed["beds"]).to_numpy()[order],
            c=colours.to_numpy()[order],
            edgecolors="#222222",
            linewidths=0.6,
            alpha=0.85,
            zorder=6,
        )
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_axis_off()
    _draw_towns(ax, fig, geography.places, (xlim, ylim))
    _draw_scale_bar(fig, (xlim[1] - xlim[0]) / (MAP_RECT[2] * A4_LANDSCAPE_IN[0]))
    _draw_north_arrow(fig)
    if illustrative:
        _text(
            fig,
            0.03,
            0.865,
            "ILLUSTRATIVE: made-up homes at real postcodes, not real care homes",
            fontsize=12,
            fontweight="bold",
            va="center",
            bbox={"boxstyle": "round", "facecolor": ILLUSTRATIVE_COLOUR, "edgecolor": "#000000"},
        )
    legend_ax = fig.add_axes(LEGEND_RECT)
    legend_ax.set_axis_off()
    legend_ax.legend(
        handles=_legend_handles(placed, len(geography.districts), selection is not None),
        loc="upper left",
        frameon=False,
        fontsize=11,
        title="Care homes (illustrative)" if illustrative else "Care homes",
        title_fontproperties={"weight": "bold", "size": 13},
        labelspacing=1.1,
        borderaxespad=0,
    )
    sources = (
        f"Care homes: {homes_source}. Boundaries: ONS, LSOA December 2011 (Open Government "
        "Licence v3.0), drawn on the British National Grid. Towns: GeoNames (CC BY 4.0)."
    )
    _text(fig, 0.03, 0.12, wrap_text(sources, 0.94 * A4_LANDSCAPE_IN[0], 9), fontsize=9, va="top")
    return fig


def render_png(fig: Figure, dpi: int = 130) -> bytes:
    """Return a figure as PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
