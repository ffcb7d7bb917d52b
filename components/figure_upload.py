"""Figures for the chart pages: cached data packs plus figures a commissioner adds.

Added figures are kept in the import store (kind `added_figures`, one current set per
council), so they survive a restart and every app server sharing the database sees
them. Each file adds to the council's set; a figure given again (same measure, service
and period) takes the new value. Earlier sets can be restored on the Your data page.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.auth import may_import, render_import_refusal
from components.safe_text import show_refusal
from components.uploads import Accepted, report, take_upload
from data import deprivation, store
from data.figures import (
    FIGURE_IDENTITY,
    FIGURES_FILE,
    PACKS_DIR,
    combine_figures,
    empty_figures,
    pack_folders,
    parse_figures_csv,
    read_packs,
    require_council,
    with_corrections,
)
from data.national import NATIONAL_FIGURE_KINDS
from data.unit_costs import homecare_minimum_figures
from geo.boundaries import english_councils
from geo.councils import Council

KIND = "added_figures"
TAKEN_KEY = "cmm_figure_uploads"
WIDGET_KEY = "cmm_figure_upload"
MAX_UPLOAD_MB = 5  # thousands of figure rows; far more than any council document holds


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_packs(
    root: str, signature: tuple[tuple[str, int], ...]
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    # The signature (folder names and file times) is part of the cache key, so a new or
    # edited pack is read again on the next run.
    del signature
    figures, refused = read_packs(Path(root))
    return figures, tuple(str(error) for error in refused)


def pack_figures(root: Path = PACKS_DIR) -> pd.DataFrame:
    """Return the figures of every valid pack, showing an error for each refused one."""
    signature = tuple(
        (folder.name, (folder / FIGURES_FILE).stat().st_mtime_ns) for folder in pack_folders(root)
    )
    figures, refused = _cached_packs(str(root), signature)
    for message in refused:
        show_refusal(message)
    return figures


def uploaded_figures() -> pd.DataFrame:
    """Return every council's added figures as stored (only files that passed the schema),
    read from the store once per set of imports."""
    try:
        return _uploaded(store.database_url(), store.current_ids_of_kind(KIND))
    except (SQLAlchemyError, OSError) as exc:
        show_refusal(f"Added figures could not be read from the database: {exc.__class__.__name__}")
        return empty_figures()


# Each of these is kept per database (ids start again in each) and per set of current
# imports, and reads exactly the imports its ids name, so an import that lands meanwhile
# is read under its own ids at the next run, never under those it replaced.


@st.cache_data(show_spinner=False, max_entries=4)
def _uploaded(database: str, ids: tuple[int, ...]) -> pd.DataFrame:
    del database
    return combine_figures(frame for _, frame in store.imports_with_ids(ids))


@st.cache_data(show_spinner=False, max_entries=4)
def _national(kind: str, database: str, ids: tuple[int, ...]) -> pd.DataFrame:
    del kind, database  # the ids name the kind's imports
    return combine_figures(frame for _, frame in store.imports_with_ids(ids))


@st.cache_data(show_spinner=False, max_entries=2)
def _deprivation(database: str, ids: tuple[int, ...]) -> pd.DataFrame:
    del database
    return deprivation.council_figures(frame for _, frame in store.imports_with_ids(ids))


def national_figures() -> pd.DataFrame:
    """Return every council's figures from the national data sets imported (data.national),
    read from the store once per set of imports; deprivation's are derived from the small
    areas' deciles."""
    frames = []
    for kind in (*NATIONAL_FIGURE_KINDS, deprivation.KIND):  # one set unread hides no other
        try:
            key = (store.database_url(), store.current_ids_of_kind(kind))
            frames.append(_deprivation(*key) if kind == deprivation.KIND else _national(kind, *key))
        except (SQLAlchemyError, OSError) as exc:
            show_refusal(
                f"National figures could not be read from the database: {exc.__class__.__name__}"
            )
    return combine_figures(frames)


def all_figures() -> pd.DataFrame:
    """Return the data packs' figures, the national data sets' and every council's added
    figures together (an added figure corrects a pack or national figure it gives again)."""
    # The Homecare Association's own table replaces a document's quotation of the same
    # year's price (Wiltshire's), so the line is drawn once, cited to its publisher.
    frames = (pack_figures(), national_figures(), uploaded_figures())
    return _together(tuple(_content(frame) for frame in frames), *frames)


def _content(frame: pd.DataFrame) -> tuple[int, int]:
    """Return a key for a frame's every row (Streamlit's own hashing samples large frames)."""
    return len(frame), int(pd.util.hash_pandas_object(frame, index=False).sum())


@st.cache_data(show_spinner=False, max_entries=4)
def _together(
    contents: tuple, _packs: pd.DataFrame, _national: pd.DataFrame, _added: pd.DataFrame
) -> pd.DataFrame:
    # Keyed by the three frames' contents (the frames themselves are not hashed): every
    # page runs this, and putting them together took about a tenth of a zones page's
    # server time (py-spy, bench/floor.py's visits).
    del contents
    packs = with_corrections(_packs, _benchmarks())
    return with_corrections(combine_figures([packs, _national]), _added)


@st.cache_data(show_spinner=False, max_entries=1)
def _benchmarks() -> pd.DataFrame:
    # The Homecare Association's minimum price is every council's benchmark, so every page
    # (fees, committee, pack) draws the same line from the same rows.
    return homecare_minimum_figures(council.code for council in english_councils())


def merge_added(current: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Return a council's added figures with `new` added, a repeated figure taking its value."""
    both = pd.concat([current, new], ignore_index=True)
    return both.drop_duplicates(FIGURE_IDENTITY, keep="last", ignore_index=True)


def _read_figures(raw: bytes, name: str, council: Council) -> Accepted:
    figures = parse_figures_csv(raw, name)
    # Figures are loaded for the council whose page this is, and only by its own
    # commissioners: a row for another council is refused, not filed there.
    require_council(figures, council.code, name, f"the council of this page ({council.name})")
    stored = store.current_import(KIND, council.code)
    merged = merge_added(stored[1], figures) if stored else figures.reset_index(drop=True)
    added = f"Added {len(figures)} figures from {name}."
    return Accepted({council.code: merged}, len(figures), (added,))


def render_figure_upload(council: Council) -> pd.DataFrame:
    """Draw the CSV uploader for a council and return all figures: packs plus valid uploads."""
    with st.expander("Add figures from a CSV file"):
        st.caption(
            "Use the columns of a data pack (the guide “Data packs” in the documentation). "
            "A file with a "
            "problem is refused whole and figures already loaded stay in place."
        )
        if not may_import(council.code):
            render_import_refusal("figures")
        else:
            upload = st.file_uploader(
                "Figures CSV", type=["csv"], key=WIDGET_KEY, max_upload_size=MAX_UPLOAD_MB
            )
            report(
                take_upload(
                    upload,
                    kind=KIND,
                    state_key=f"{TAKEN_KEY}-{council.code}",
                    read=lambda raw, name: _read_figures(raw, name, council),
                ),
                keep="Figures already loaded stay in place.",
            )
    return all_figures()
