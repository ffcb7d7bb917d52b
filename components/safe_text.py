"""Text from users' files shown as typed: never Markdown, HTML or a link.

Two ways to show it, both here so every page uses the same rules:
- `escape_markdown` for user text inside a Markdown string (a heading, a note, a label):
  Markdown's special characters escaped, line breaks folded into spaces (a blank line
  would start a new block) and web addresses broken with an invisible word joiner, because
  Streamlit's Markdown turns `www.`, `http://` and e-mail addresses into links even when
  their characters are escaped;
- `user_html` for user text inside an HTML block drawn with `st.html` (no Markdown at all).
"""

from __future__ import annotations

import html
import re

import streamlit as st

# Enough to stop a quoted cell becoming a link, an image (which the browser would fetch),
# HTML, emphasis, a heading or a table; full stops stay readable.
MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#!|~:$=+-")
# U+2060 WORD JOINER: invisible, and it stops GitHub-flavoured Markdown's autolinks.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)www\.|://|@")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
# "1." or "1)" at the very start would begin a numbered list.
_LEADING_NUMBER = re.compile(r"^(\s*\d+)([.)])")


def _break_autolinks(text: str) -> str:
    # "www⁠.", ":⁠//" and "⁠@": the joiner sits inside each pattern an autolink needs.
    return _AUTOLINK.sub(lambda m: WORD_JOINER.join((m.group()[:-1], m.group()[-1:])), text)


def escape_markdown(text: str) -> str:
    """Return user text to put inside Markdown: shown as typed, on one line, never a link."""
    one_line = _LINE_BREAKS.sub(" ", str(text))
    escaped = "".join(f"\\{c}" if c in MARKDOWN_SPECIAL else c for c in one_line)
    return _break_autolinks(_LEADING_NUMBER.sub(r"\1\\\2", escaped))


def plain_lines(text: str) -> str:
    """Return multi-line text escaped line by line, each line kept on its own line."""
    return "  \n".join(escape_markdown(line) for line in str(text).splitlines())


def user_html(text: str) -> str:
    """Return user text to put inside an `st.html` block: tags escaped, never a link."""
    return _break_autolinks(html.escape(str(text), quote=True))


def show_refusal(message: str) -> None:
    """Show why a file was refused; its cells are quoted in the message, so escape them."""
    st.error(plain_lines(message))
