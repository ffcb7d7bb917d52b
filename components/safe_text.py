"""Text from users' files shown as typed: Markdown escaped, so a cell cannot become a link."""

from __future__ import annotations

import streamlit as st

# Enough to stop a quoted cell becoming a link, an image (which the browser would fetch),
# HTML, emphasis or a table; full stops and hyphens stay readable.
MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#!|~:$")


def escape_markdown(text: str) -> str:
    """Return text with Markdown's special characters escaped, so a link shows as typed."""
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIAL else c for c in text)


def plain_lines(text: str) -> str:
    """Return multi-line text escaped line by line, each line kept on its own line."""
    return "  \n".join(escape_markdown(line) for line in text.splitlines())


def show_refusal(message: str) -> None:
    """Show why a file was refused; its cells are quoted in the message, so escape them."""
    st.error(plain_lines(message))
