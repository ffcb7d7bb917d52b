"""The time an upload's checks may take: one wall-clock budget for every importer.

The budget is one for all importers: the upload path opens it (`upload_budget`) and
each importer calls `check_time` between its costly stages, so a file that has used its
budget is refused at the next stage with a sentence saying where it stopped. Size, row,
sheet, feature and vertex limits keep every single stage short, so the budget is checked
often enough to hold. Imports outside an upload (the data packs, the national CQC
command) have no budget.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from data.problems import InputFileError, Problem

UPLOAD_SECONDS = 10.0


@dataclass(frozen=True)
class _Budget:
    file_name: str
    seconds: float
    ends: float


_budget: ContextVar[_Budget | None] = ContextVar("cmm_upload_budget", default=None)
_clock = time.monotonic  # replaced in tests to spend the budget without waiting


class UploadTooSlowError(InputFileError):
    """A file whose checks took longer than an upload may take; nothing from it is used."""


@contextmanager
def upload_budget(file_name: str, seconds: float = UPLOAD_SECONDS) -> Iterator[None]:
    """Give the checks of one uploaded file `seconds` of wall-clock time."""
    token = _budget.set(_Budget(file_name, seconds, _clock() + seconds))
    try:
        yield
    finally:
        _budget.reset(token)


def check_time(stage: str) -> None:
    """Refuse the file being checked if its budget is spent; `stage` says what comes next."""
    budget = _budget.get()
    if budget is None or _clock() <= budget.ends:
        return
    raise UploadTooSlowError(
        budget.file_name,
        [
            Problem(
                None,
                None,
                f"checking it took longer than the {budget.seconds:g} seconds an upload may "
                f"take (it stopped before {stage}); upload it again later, or split it into "
                "smaller files",
            )
        ],
    )
