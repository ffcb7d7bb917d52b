"""User text stays text: no Markdown structure, no HTML, no autolink, whatever was typed."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from components.safe_text import (
    MARKDOWN_SPECIAL,
    WORD_JOINER,
    escape_markdown,
    plain_lines,
    user_html,
)

PAYLOADS = (
    "Section 3\n\n![x](http://evil.example/b.png)",
    "[phish](https://evil.example/login)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "see www.evil.example or HTTP://evil.example or kim@evil.example",
    "Title\n===\n\n---\n\n# heading\n> quote\n- item",
)
# Text made mostly of the characters that matter, so generated cases hit them often.
TYPED = st.text(alphabet=st.sampled_from("ab1 .:/@w\n\r\t" + "".join(MARKDOWN_SPECIAL)))


def _unescaped_special(text: str) -> list[str]:
    """Return special characters not preceded by a backslash escape."""
    found, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in MARKDOWN_SPECIAL:
            found.append(text[i])
        i += 1
    return found


def _links_possible(text: str) -> bool:
    """Whether an autolink literal (www., scheme://, an e-mail address) survives."""
    plain = text.replace("\\", "")
    return bool(re.search(r"(?i)www\.|://|\w@\w", plain))


@given(TYPED)
def test_escaped_text_has_no_markup_no_line_breaks_and_no_autolink(typed):
    shown = escape_markdown(typed)
    assert _unescaped_special(shown) == []
    assert "\n" not in shown and "\r" not in shown
    assert not _links_possible(shown)
    # Nothing is lost: taking the escapes and joiners out gives the text back, on one line.
    back = re.sub(r"\\(.)", r"\1", shown).replace(WORD_JOINER, "")
    assert back == re.sub(r"\s*[\r\n]+\s*", " ", typed)


@given(TYPED)
def test_text_for_html_has_no_tag_and_no_autolink(typed):
    shown = user_html(typed)
    assert "<" not in shown and ">" not in shown and '"' not in shown
    assert not _links_possible(shown)


def test_known_payloads_come_out_inert():
    for payload in PAYLOADS:
        for shown in (escape_markdown(payload), user_html(payload)):
            assert not _links_possible(shown)
        assert "\n\n" not in escape_markdown(payload)
        assert all(not _unescaped_special(line) for line in plain_lines(payload).split("  \n"))
