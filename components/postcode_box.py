"""The postcode box: what the user typed, looked up, and said back in plain words."""

from __future__ import annotations

import streamlit as st

from components import permalink
from components.safe_text import escape_markdown
from geo.boundaries import SmallAreaMatch, postcode_area
from geo.councils import Council
from geo.postcodes import LookupStatus, PostcodeLookup, lookup_postcode

MAX_TYPED = 20
# The box's height on the page, label included (measured in Chromium at 375, 1440 and
# 1920 px wide; tests/e2e/test_map_in_browser.py checks the map stays put when it arrives).
BOX_HEIGHT_PX = 68


def render_postcode_box(
    council: Council, key: str = "cmm_postcode", *, drawn: bool = True
) -> PostcodeLookup | None:
    """Draw the postcode box and its answer; return the lookup when a postcode was typed.

    The postcode is kept in the URL (`?postcode=DL15+8NN`), so a link shows the same one;
    a postcode that is not real is explained by the box's own messages. Without `drawn`
    (a new visitor's first run: components.map_view.hold_back_below_map) and with no
    postcode given, only the box's space is kept: the box follows in the next run, and the
    map below it does not move.
    """
    param = permalink.Param(key, "postcode", "postcode", "", lambda raw: raw.strip()[:MAX_TYPED])
    permalink.restore([param], scope=key)
    if not drawn and not str(st.session_state.get(key) or "").strip():
        # A text box's code is about 20 files Streamlit fetches when the first one is
        # drawn, and the map below waited for them (README, issue 15).
        st.container(height=BOX_HEIGHT_PX, border=False)
        return None
    typed = st.text_input(
        "Find a postcode",
        key=key,
        placeholder=f"a postcode in {council.name}, or anywhere in the UK",
        help="Any UK postcode, with or without the space, in capitals or not.",
        max_chars=MAX_TYPED,
    )
    permalink.publish([param])
    if not typed.strip():
        return None
    lookup = lookup_postcode(typed)
    if lookup.status is LookupStatus.MALFORMED:
        st.error(
            f"“{escape_markdown(typed.strip()[:20])}” is not a UK postcode. A postcode has two "
            "parts, such as DL15 8NN or SN15 1ER: letters and numbers, then a number and two "
            "letters."
        )
    elif lookup.status is LookupStatus.UNKNOWN:
        st.warning(
            f"{lookup.postcode} is written like a postcode but is not in the ONS Postcode "
            "Directory (November 2025). It may be mistyped, very new or no longer used."
        )
    else:
        st.success(describe_postcode(lookup, postcode_area(lookup), council))
    return lookup


def describe_postcode(lookup: PostcodeLookup, area: SmallAreaMatch | None, shown: Council) -> str:
    """Return one plain sentence saying which council and small area a postcode is in."""
    if area is None:
        return f"{lookup.postcode} is outside England, so no English council covers it."
    where = f"{lookup.postcode} is in {area.council.name} ({area.council.code})"
    if area.lsoa_code:
        where += f", small area {area.lsoa_name} ({area.lsoa_code}), neighbourhood {area.msoa_name}"
    if area.council.code != shown.code:
        return (
            f"{where}. That is outside {shown.name}: "
            f"choose {area.council.name} in the sidebar to see it."
        )
    return f"{where}. It is marked on the map."
