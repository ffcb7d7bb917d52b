"""National data sets imported once for every council: their store kinds and their sources.

A national importer turns a published file (NHS England's ASC-FR, Skills for Care's workforce
estimates) into figure rows in the figure schema (data/figures.py), one set per council, and
stores each council's rows under its kind here. Every page then reads them with the council's
own pack figures (components.figure_upload.all_figures), each row citing its data set by a
`national:` source key that `data.sources.cite` reads as publisher, title and year.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE_PREFIX = "national:"


@dataclass(frozen=True)
class NationalDataSet:
    """A national data set: its store kind, publisher, title and licence."""

    kind: str
    publisher: str
    title: str
    licence: str

    def source_key(self, edition: str) -> str:
        """Return the `source_file` its figure rows carry: the data set and its edition."""
        return f"{SOURCE_PREFIX}{self.kind}:{edition}"


UNIT_COSTS = NationalDataSet(
    "national_unit_costs",
    "NHS England",
    "Adult Social Care Activity and Finance Report",
    "Open Government Licence v3.0",
)
WORKFORCE = NationalDataSet(
    "national_workforce",
    "Skills for Care",
    "Workforce estimates by local authority area",
    "© Skills for Care, used under its terms",
)
# Kept by small area (data/deprivation.py); its council figures are derived from them.
DEPRIVATION = NationalDataSet(
    "deprivation",
    "Ministry of Housing, Communities and Local Government",
    "English Indices of Deprivation 2019",
    "Open Government Licence v3.0",
)
DATA_SETS = {data_set.kind: data_set for data_set in (UNIT_COSTS, WORKFORCE, DEPRIVATION)}
# The kinds stored as figure rows, one set per council (deprivation is stored by small area).
NATIONAL_FIGURE_KINDS = (UNIT_COSTS.kind, WORKFORCE.kind)


def data_set_of(source_file: str) -> tuple[NationalDataSet, str] | None:
    """Return the data set and edition a `national:` source key names, or None."""
    text = str(source_file)
    if not text.startswith(SOURCE_PREFIX):
        return None
    kind, _, edition = text.removeprefix(SOURCE_PREFIX).partition(":")
    data_set = DATA_SETS.get(kind)
    return None if data_set is None else (data_set, edition)
