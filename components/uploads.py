"""One path for every uploader: read, check, save, record, report.

Each uploader gives a function that reads and checks a file (raising the importer's
InputFileError, which names the file, row and column) and returns what to store. This
module does the rest the same way for all of them:

- a file is taken once per session, by its name and contents, so a rerun does not import
  it again; what happened to it is kept and shown again on every rerun;
- a file refused for what it holds is not read again (it would be refused again), but a
  file whose save failed is tried again on the next rerun: it is marked as taken only once
  it is stored;
- a file's checks have one wall-clock budget (data/budget.py): a file that uses it up is
  refused, saying where its checks stopped, and read again only if uploaded again;
- every council's data set from one file is saved in one transaction, or none is.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.auth import importer_name, may_import
from components.safe_text import escape_markdown, show_refusal
from data import store
from data.budget import UploadTooSlowError, check_time, upload_budget
from data.problems import InputFileError
from geo.councils import Council

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Accepted:
    """A file that passed its checks: what to store, and what to tell the user."""

    frames: Mapping[str, pd.DataFrame]  # council code -> the data set to store
    rows_read: int
    lines: tuple[str, ...]  # plain text: "Loaded 10 zones from zones.csv."
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Outcome:
    """What became of one uploaded file."""

    stored: bool
    lines: tuple[str, ...]  # on success, what was loaded; otherwise why not
    warnings: tuple[str, ...] = field(default=())
    # A file that was read and checked but could not be saved: kept, so the next run
    # tries the save again without reading the file again.
    pending: Accepted | None = None
    # Refused for taking too long: shown again on reruns, but read again if uploaded again.
    retry_on_upload: bool = False


def take_upload(
    upload,
    *,
    kind: str,
    state_key: str,
    read: Callable[[bytes, str], Accepted],
) -> Outcome | None:
    """Return what became of an upload (None for no file), reading and saving it once."""
    if upload is None:
        return None
    raw = upload.getvalue()
    name = str(upload.name)
    taken: dict[str, Outcome] = st.session_state.setdefault(state_key, {})
    file_id = f"{name}:{hashlib.sha256(raw).hexdigest()}"
    # Streamlit gives each upload its own id: the same file uploaded again has a new one.
    this_upload = f"{file_id}:{getattr(upload, 'file_id', '')}"
    earlier = taken.get(file_id) or taken.get(this_upload)
    if earlier is not None and earlier.pending is None:
        return earlier
    if earlier is not None:
        outcome = save(name, kind, earlier.pending)
    else:
        outcome = import_file(raw, name, kind=kind, read=read)
    taken[this_upload if outcome.retry_on_upload else file_id] = outcome
    return outcome


def render_uploader(
    label: str,
    *,
    types: Sequence[str],
    key: str,
    max_mb: int,
    kind: str,
    state_key: str,
    read: Callable[[bytes, str], Accepted],
) -> Outcome | None:
    """Draw a file uploader and return what became of its file (see take_upload)."""
    upload = st.file_uploader(label, type=list(types), key=key, max_upload_size=max_mb)
    with st.spinner("Reading the file…"):
        return take_upload(upload, kind=kind, state_key=state_key, read=read)


def permitted(
    tables: Mapping[str, pd.DataFrame], refusal: InputFileError
) -> dict[str, pd.DataFrame]:
    """Return the tables of the councils this sign-in may load; raise `refusal` if none."""
    # Once sign-in is configured, an import is filed only under councils this visitor
    # commissions; without it, the team's own copy takes every council in the file.
    mine = {code: table for code, table in tables.items() if may_import(code)}
    if not mine:
        raise refusal
    return mine


def others_not_stored(stored: int, found: int, held_in: str = "file") -> list[str]:
    """Return a warning that councils found in a file were not stored, if any were not."""
    if stored >= found:
        return []
    others = found - stored
    councils = "council was" if others == 1 else "councils were"
    return [
        f"{others:,} other {councils} not stored from the {held_in}: loading them "
        "needs a sign-in as one of their commissioners."
    ]


def council_warnings(
    council: Council,
    mine: Mapping[str, object],
    tables: Mapping[str, object],
    warnings: Iterable[str],
    *,
    absent: str,
    refused: str | None = None,
    held_in: str = "file",
) -> tuple[str, ...]:
    """Return a national file's warnings, first what it meant for the page's council: `absent`
    when the file has none of it, `refused` (else `absent`) when this sign-in may not store
    it; last, how many other councils were not stored."""
    if council.code in mine:
        first = []
    else:
        first = [refused if refused and council.code in tables else absent]
    return (*first, *warnings, *others_not_stored(len(mine), len(tables), held_in))


def import_file(
    raw: bytes, name: str, *, kind: str, read: Callable[[bytes, str], Accepted]
) -> Outcome:
    """Read, check and save one file's data sets, all or none; say what became of it."""
    try:
        with upload_budget(name):
            accepted = read(raw, name)
            check_time("saving it")  # the last stage's overrun is refused too
    except UploadTooSlowError as error:
        # Refused for the time it took, which the server's load also decides: a new upload
        # of the same file is tried again (see take_upload).
        return Outcome(False, (str(error),), retry_on_upload=True)
    except InputFileError as error:
        # Refused for what it holds: reading it again would refuse it again.
        return Outcome(False, (str(error),))
    except (OSError, SQLAlchemyError) as exc:
        # Something this server needed to check the file (a cache, the database) failed.
        logger.exception("Reading %s failed", name)
        return Outcome(False, (f"{name} could not be checked: {exc.__class__.__name__}",))
    return save(name, kind, accepted)


def save(name: str, kind: str, accepted: Accepted) -> Outcome:
    """Save a checked file's data sets in one transaction; keep them to retry on failure."""
    try:
        store.save_imports(
            kind,
            accepted.frames,
            file_name=name,
            rows_read=accepted.rows_read,
            imported_by=importer_name(),
        )
    except Exception as exc:  # the database, the disk, or writing the table as Parquet
        logger.exception("Saving %s failed", name)
        why = f"{name} was read but could not be saved: {exc.__class__.__name__}"
        return Outcome(False, (why,), pending=accepted)
    return Outcome(True, accepted.lines, accepted.warnings)


def report(outcome: Outcome | None, keep: str = "") -> None:
    """Say what became of an upload: what was loaded and any warnings, or why not and what
    stays in use (`keep`). Everything from the file is shown as plain text."""
    if outcome is None:
        return
    if outcome.stored:
        st.success("\n\n".join(escape_markdown(line) for line in outcome.lines))
        for warning in outcome.warnings:
            st.warning(escape_markdown(warning))
        return
    show_refusal("\n".join([*outcome.lines, *([keep] if keep else [])]))
