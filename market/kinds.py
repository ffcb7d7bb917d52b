"""Figure kinds, defined once: what each means, its label, colour, badge and shape.

Every card, chart, committee view and PDF page that marks a figure's kind reads this table,
so published is the same blue everywhere and illustrative the same orange. Colours are from
the Okabe-Ito palette (safe for colour-blind readers); the shape carries the same meaning in
print and for readers who cannot tell the colours apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from data.measures import KINDS as MEANINGS


@dataclass(frozen=True)
class Kind:
    """How a figure of one kind is marked wherever it is shown."""

    key: str
    label: str
    colour: str  # hex, for HTML and the PDF
    badge: str  # Streamlit's badge colour name
    shape: str  # a Vega-Lite point shape, as the charts draw it
    meaning: str


KINDS = {
    kind.key: kind
    for kind in (
        Kind("published", "Published", "#0072B2", "blue", "circle", MEANINGS["published"]),
        Kind("derived", "Derived", "#009E73", "green", "diamond", MEANINGS["derived"]),
        Kind(
            "illustrative",
            "Illustrative",
            "#E69F00",
            "orange",
            "square",
            MEANINGS["illustrative"],
        ),
        Kind("not published", "Not published", "#6C757D", "gray", "cross", "no document gives it"),
        # A rate typed on a page (the demand outlook's), never stored as a figure.
        Kind(
            "entered",
            "Entered on this page",
            "#CC79A7",
            "violet",
            "triangle",
            "a rate the reader typed in; the figures made with it are what-ifs",
        ),
    )
}
NOT_PUBLISHED = "not published"
ENTERED = "entered"


def kind_of(key: str) -> Kind:
    """Return the kind for a key; an unknown key is shown as not published, never guessed."""
    return KINDS.get(str(key), KINDS[NOT_PUBLISHED])
