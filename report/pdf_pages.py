"""Draw the committee pack's pages (A4 landscape, matplotlib): title, headlines, charts, sources."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch
from PIL import Image

from data.sources import cite
from market.glossary import describe_terms
from market.kinds import KINDS
from report.headlines import Headline
from report.static_map import (
    A4_LANDSCAPE_IN,
    ILLUSTRATIVE_COLOUR,
    fit_size,
    new_figure,
    wrap_text,
)

PAGE_W, PAGE_H = A4_LANDSCAPE_IN
MARGIN = 0.55  # inches; printers lose up to about 5 mm at the edges
TEXT_W = PAGE_W - 2 * MARGIN
INK = "#111111"
MUTED = "#444444"
KIND_COLOURS = {key: kind.colour for key, kind in KINDS.items()}

# The app's one glossary (market/glossary.py), the terms a committee pack uses.
PACK_TERMS = ("CQC", "MSP", "MPS", "MSOA", "LSOA")
GLOSSARY = tuple(
    (short, line.split(": ", 1)[1])
    for short, line in zip(PACK_TERMS, describe_terms(PACK_TERMS), strict=True)
)
KIND_MEANINGS = (
    ("published", "stated in a council document or an official data set, cited by section"),
    ("derived", "worked out by the app from published figures; the method is named"),
    ("illustrative", "made up to demonstrate the app before the council loads its own data"),
)


@dataclass(frozen=True)
class SourceEntry:
    """One line of the sources page: a figure in the pack, its kind and where it comes from."""

    figure: str
    value: str
    period: str
    kind: str
    source_file: str
    source_section: str
    used_in: str


def new_page() -> Figure:
    """Return a blank A4 landscape page."""
    return new_figure()


def put(fig: Figure, x_in: float, top_in: float, text: str, size: float, **style) -> None:
    """Write text with its top-left corner at inches from the page's left and top edges.

    parse_math=False: a "$" in an uploaded file's name or note prints as typed.
    """
    style.setdefault("color", INK)
    fig.text(
        x_in / PAGE_W,
        1 - top_in / PAGE_H,
        text,
        fontsize=size,
        va=style.pop("va", "top"),
        parse_math=False,
        **style,
    )


def line_height(size: float) -> float:
    """Return the height of one line of text in inches at a font size."""
    return size * 1.32 / 72


def put_wrapped(
    fig: Figure, x_in: float, top_in: float, text: str, size: float, width_in: float, **style
) -> float:
    """Write text wrapped to a width and return the inches it took down the page."""
    wrapped = wrap_text(text, width_in, size, bold=style.get("fontweight") == "bold")
    put(fig, x_in, top_in, wrapped, size, linespacing=1.32, **style)
    return line_height(size) * (wrapped.count("\n") + 1)


def draw_footer(
    fig: Figure, council: str, generated: date, page: int, pages: int, illustrative: bool
) -> None:
    """Write the footer every page carries: pack, council, date, page number, illustrative flag."""
    text = (
        f"Care Market Map · {council} · committee pack generated {generated:%d %B %Y} · "
        f"page {page} of {pages}"
    )
    put(fig, MARGIN, PAGE_H - 0.22, text, 8, color=MUTED, va="bottom")
    if illustrative:
        put(
            fig,
            PAGE_W - MARGIN,
            PAGE_H - 0.22,
            "Includes illustrative data",
            8,
            ha="right",
            va="bottom",
            fontweight="bold",
            bbox={
                "boxstyle": "round,pad=0.25",
                "facecolor": ILLUSTRATIVE_COLOUR,
                "edgecolor": "none",
            },
        )


def draw_notice(fig: Figure, top_in: float, lines: Sequence[str]) -> float:
    """Draw the orange illustrative notice and return the inches it took down the page."""
    heading = "ILLUSTRATIVE DATA IN THIS PACK"
    body = " ".join(lines)
    wrapped = wrap_text(body, TEXT_W - 0.5, 12)
    height = 0.35 + line_height(15) + line_height(12) * (wrapped.count("\n") + 1)
    fig.patches.append(
        FancyBboxPatch(
            (MARGIN / PAGE_W, 1 - (top_in + height) / PAGE_H),
            TEXT_W / PAGE_W,
            height / PAGE_H,
            boxstyle="round,pad=0,rounding_size=0.01",
            transform=fig.transFigure,
            facecolor="#FCE9C2",
            edgecolor=ILLUSTRATIVE_COLOUR,
            linewidth=3,
        )
    )
    put(fig, MARGIN + 0.25, top_in + 0.15, heading, 15, fontweight="bold")
    put(fig, MARGIN + 0.25, top_in + 0.2 + line_height(15), wrapped, 12, linespacing=1.32)
    return height


TITLE_COLUMN_GAP = 0.3
TITLE_COLUMN_WIDTHS = (3.3, 2.9, TEXT_W - 6.2 - 2 * TITLE_COLUMN_GAP)
TITLE_TEXT_SIZES = (11, 10.5, 10, 9.5, 9, 8.5, 8)


def _title_columns(
    contents: Sequence[str], size: float
) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    widths = TITLE_COLUMN_WIDTHS
    items = [wrap_text(f"{n}. {item}", widths[0], size) for n, item in enumerate(contents, 1)]
    kinds = [(kind, wrap_text(meaning, widths[1], size)) for kind, meaning in KIND_MEANINGS]
    words = [(short, wrap_text(meaning, widths[2] - 0.6, size)) for short, meaning in GLOSSARY]
    return items, kinds, words


def _lines(text: str) -> int:
    return text.count("\n") + 1


def title_columns_height(contents: Sequence[str], size: float) -> float:
    """Return the inches the title page's three columns take below their headings."""
    items, kinds, words = _title_columns(contents, size)
    step = line_height(size)
    heights = (
        sum(_lines(text) * step for text in items),
        sum(step + _lines(text) * step + 0.08 for _, text in kinds),
        sum(_lines(text) * step + 0.04 for _, text in words),
    )
    return 0.35 + max(heights)


def title_text_size(top: float, contents: Sequence[str]) -> float:
    """Return the largest text size at which the title page's columns end above the footer
    (PAGE_BOTTOM); the smallest size tried when none does."""
    for size in TITLE_TEXT_SIZES:
        if top + title_columns_height(contents, size) <= PAGE_BOTTOM:
            return size
    return TITLE_TEXT_SIZES[-1]


def draw_title_page(
    fig: Figure, council: str, generated: date, notice: Sequence[str], contents: Sequence[str]
) -> None:
    """Draw the title page: title, council, date, the illustrative notice, contents, glossary.

    The three columns are measured first and set in smaller type where they would otherwise
    run into the footer.
    """
    put(fig, MARGIN, 0.5, "Care Market Map", 14, color=MUTED)
    put(fig, MARGIN, 0.85, "Adult social care market: committee pack", 26, fontweight="bold")
    put(fig, MARGIN, 1.4, council, 36, fontweight="bold", color="#0072B2")
    put(fig, MARGIN, 2.1, f"Generated {generated:%d %B %Y} from the figures loaded in the app", 13)
    top = 2.55
    if notice:
        top += draw_notice(fig, top, notice) + 0.25
    widths, gap = TITLE_COLUMN_WIDTHS, TITLE_COLUMN_GAP
    lefts = (MARGIN, MARGIN + widths[0] + gap, MARGIN + widths[0] + widths[1] + 2 * gap)
    size = title_text_size(top, contents)
    step = line_height(size)
    items, kinds, words = _title_columns(contents, size)
    put(fig, lefts[0], top, "In this pack", 14, fontweight="bold")
    y = top + 0.35
    for text in items:
        put(fig, lefts[0], y, text, size, linespacing=1.32)
        y += _lines(text) * step
    put(fig, lefts[1], top, "Three kinds of figure", 14, fontweight="bold")
    y = top + 0.35
    for kind, text in kinds:
        put(fig, lefts[1], y, kind.capitalize(), size, fontweight="bold", color=KIND_COLOURS[kind])
        y += step
        put(fig, lefts[1], y, text, size, linespacing=1.32)
        y += _lines(text) * step + 0.08
    put(fig, lefts[2], top, "Words used", 14, fontweight="bold")
    y = top + 0.35
    for short, text in words:
        put(fig, lefts[2], y, short, size, fontweight="bold")
        put(fig, lefts[2] + 0.6, y, text, size, linespacing=1.32)
        y += _lines(text) * step + 0.04


def heading_height(subtitle: str = "") -> float:
    """Return where a page's content starts, in inches, below a heading with this subtitle."""
    if not subtitle:
        return 1.0
    lines = wrap_text(subtitle, TEXT_W, 12).count("\n") + 1
    return 1.1 + lines * line_height(12)


def draw_heading(fig: Figure, title: str, subtitle: str = "") -> float:
    """Draw a page heading and return where the page's content may start, in inches."""
    put(fig, MARGIN, 0.45, title, 22, fontweight="bold")
    if subtitle:
        put_wrapped(fig, MARGIN, 0.9, subtitle, 12, TEXT_W, color=MUTED)
    return heading_height(subtitle)


# Bold figures and capitals run to about 0.7 em each.
FIGURE_EM = 0.7


def draw_headlines_page(
    fig: Figure, council: str, headlines: Sequence[Headline], empty_message: str
) -> None:
    """Draw up to six headline figures as cards: value, title, as-at date, kind and source."""
    top = draw_heading(
        fig,
        f"{council}: headline figures",
        "The latest figure the loaded documents give for each topic, with the date it "
        "describes and where it comes from.",
    )
    if not headlines:
        put_wrapped(fig, MARGIN, top + 0.3, empty_message, 16, TEXT_W)
        return
    columns, gap = 3, 0.25
    card_w = (TEXT_W - gap * (columns - 1)) / columns
    card_h = (PAGE_H - top - 0.55 - gap) / 2
    for index, headline in enumerate(headlines):
        row, col = divmod(index, columns)
        x = MARGIN + col * (card_w + gap)
        y = top + row * (card_h + gap)
        fig.patches.append(
            FancyBboxPatch(
                (x / PAGE_W, 1 - (y + card_h) / PAGE_H),
                card_w / PAGE_W,
                card_h / PAGE_H,
                boxstyle="round,pad=0,rounding_size=0.01",
                transform=fig.transFigure,
                facecolor="#ffffff",
                edgecolor=KIND_COLOURS.get(headline.kind, MUTED),
                linewidth=2,
            )
        )
        inner = card_w - 0.3
        put(
            fig,
            x + 0.15,
            y + 0.15,
            headline.value_text,
            fit_size(headline.value_text, inner, 30, FIGURE_EM),
            fontweight="bold",
        )
        used = put_wrapped(fig, x + 0.15, y + 0.75, headline.title, 13, inner, fontweight="bold")
        y_text = y + 0.85 + used
        y_text += put_wrapped(fig, x + 0.15, y_text, f"As at {headline.as_at_text}", 10, inner)
        put(
            fig,
            x + 0.15,
            y_text + 0.05,
            headline.kind.capitalize(),
            10,
            fontweight="bold",
            color=KIND_COLOURS.get(headline.kind, MUTED),
        )
        y_text += 0.05 + line_height(10)
        put_wrapped(fig, x + 0.15, y_text, f"Source: {headline.source}", 9, inner, color=MUTED)


def draw_chart_page(fig: Figure, png: bytes) -> None:
    """Place an exported chart (title and sources included) as large as the page allows."""
    # Whole-byte RGB, so matplotlib embeds the pixels without converting them to floats.
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    height_px, width_px = image.shape[:2]
    box_w, box_h = TEXT_W, PAGE_H - 0.5 - 0.6
    scale = min(box_w / width_px, box_h / height_px)
    w, h = width_px * scale, height_px * scale
    ax = fig.add_axes((MARGIN / PAGE_W, 1 - (0.5 + h) / PAGE_H, w / PAGE_W, h / PAGE_H))
    ax.imshow(image, interpolation="none")  # embedded as drawn, not resampled
    ax.set_axis_off()


SOURCE_COLUMNS = (
    ("Figure", "figure", 2.25),
    ("Value", "value", 1.35),
    ("Period", "period", 1.45),
    ("Kind", "kind", 0.85),
    ("Source: file, section", "source", 3.15),
    ("Shown in", "used_in", 1.53),
)
SOURCE_SIZE = 8.5
OTHER_SIZE = 9


def _source_cells(entry: SourceEntry) -> dict[str, str]:
    return {
        "figure": entry.figure,
        "value": entry.value,
        "period": entry.period,
        "kind": entry.kind,
        "source": cite(entry.source_file, entry.source_section),
        "used_in": entry.used_in,
    }


def _wrapped_row(entry: SourceEntry) -> tuple[dict[str, str], int]:
    cells = _source_cells(entry)
    wrapped = {
        key: wrap_text(cells[key], width - 0.1, SOURCE_SIZE) for _, key, width in SOURCE_COLUMNS
    }
    return wrapped, max(text.count("\n") + 1 for text in wrapped.values())


SOURCES_SUBTITLE = (
    "Each figure shown, its kind, and the document (publisher, title, date and section) or "
    "data set it comes from. The source documents are the councils' published plans and reports."
)
PAGE_BOTTOM = PAGE_H - 0.6


def _other_sources_height(other_sources: Sequence[str]) -> float:
    lines = sum(
        wrap_text(f"• {line}", TEXT_W, OTHER_SIZE).count("\n") + 1 for line in other_sources
    )
    return 0.5 + lines * line_height(OTHER_SIZE) + 0.03 * len(other_sources)


def paginate_sources(
    entries: Sequence[SourceEntry], other_sources: Sequence[str]
) -> list[list[SourceEntry]]:
    """Split the sources table into pages that fit above the footer.

    The last page also holds the map's other sources; a page of its own if they do not fit.
    """
    pages: list[list[SourceEntry]] = [[]]
    y = heading_height(SOURCES_SUBTITLE) + line_height(SOURCE_SIZE) * 1.6
    for entry in entries:
        _, lines = _wrapped_row(entry)
        needed = lines * line_height(SOURCE_SIZE) + 0.06
        if y + needed > PAGE_BOTTOM and pages[-1]:
            pages.append([])
            y = heading_height() + line_height(SOURCE_SIZE) * 1.6
        pages[-1].append(entry)
        y += needed
    if other_sources and y + _other_sources_height(other_sources) > PAGE_BOTTOM:
        pages.append([])
    return pages


def draw_sources_page(
    fig: Figure, entries: Sequence[SourceEntry], other_sources: Sequence[str], *, continued: bool
) -> None:
    """Draw one page of the sources table, then the map's other sources on the last page."""
    title = "Sources (continued)" if continued else "Sources of every figure in this pack"
    y = draw_heading(fig, title, "" if continued else SOURCES_SUBTITLE)
    if entries:
        x = MARGIN
        for label, _, width in SOURCE_COLUMNS:
            put(fig, x, y, label, SOURCE_SIZE, fontweight="bold")
            x += width
        y += line_height(SOURCE_SIZE) * 1.6
        rule_y = 1 - (y - 0.06) / PAGE_H
        fig.add_artist(
            Line2D([MARGIN / PAGE_W, 1 - MARGIN / PAGE_W], [rule_y, rule_y], color=MUTED, lw=0.6)
        )
    for entry in entries:
        cells, lines = _wrapped_row(entry)
        x = MARGIN
        for _, key, width in SOURCE_COLUMNS:
            style = {}
            if key == "kind" and entry.kind in KIND_COLOURS:
                style = {"fontweight": "bold", "color": KIND_COLOURS[entry.kind]}
            put(fig, x, y, cells[key], SOURCE_SIZE, linespacing=1.32, **style)
            x += width
        y += lines * line_height(SOURCE_SIZE) + 0.06
    if not entries and not continued:
        put(fig, MARGIN, y, "No figures from council documents are shown in this pack.", 12)
        y += 0.3
    if other_sources:
        y += 0.2
        put(fig, MARGIN, y, "Map and geography", 12, fontweight="bold")
        y += 0.3
        for line in other_sources:
            y += put_wrapped(fig, MARGIN, y, f"• {line}", OTHER_SIZE, TEXT_W) + 0.03
