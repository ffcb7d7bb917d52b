"""One boundary for unexpected errors: a plain sentence on the page, the detail in the log."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

LOG = logging.getLogger("care_market_map")
MESSAGE = "Something went wrong drawing this page; the error has been logged."
# Tests set this so an error fails the test with its traceback instead of a sentence.
RAISE_ENV = "CMM_RAISE_PAGE_ERRORS"


@contextmanager
def errors_shown_plainly(where: str) -> Iterator[None]:
    """Run a page; an unexpected exception becomes one sentence for the user and a log entry.

    Streamlit's own stop and rerun signals derive from BaseException, so they pass through.
    """
    try:
        yield
    except Exception:
        if os.environ.get(RAISE_ENV) == "1":
            raise
        LOG.exception("Unexpected error while drawing %s", where)
        st.error(MESSAGE, icon=":material/error:")
