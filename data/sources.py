"""The source catalogue: one record for every source a figure, layer or page draws on.

Three kinds of source, one record type (`Source`): publisher, title, date, licence, URL
where there is one, and the file or package behind it for a details view only.

- Published documents the data packs cite (`DOCUMENTS`, keyed by the file the packs name).
  A figure carries that file and a section; a person reads "Nottinghamshire County Council,
  Adult Social Care and Public Health Select Committee: social care market, 11 September
  2023, paragraph 5" (`cite`). A file the catalogue does not know is a council's own
  added figure: it is cited as the council wrote it.
- Data sets the app ships (`data_set`, from the reference geography's packages).
- Files a council uploaded (`imported`, from the store's record of the import).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

from data.national import DATA_SETS, data_set_of
from geo.councils import list_councils
from geo.sources import DataSource

if TYPE_CHECKING:
    from data.store import ImportRecord

OGL = "Open Government Licence v3.0"
ONS = "Office for National Statistics"


@dataclass(frozen=True)
class Source:
    """One source, as a person should read it cited."""

    publisher: str
    title: str
    date: str  # as the source dates itself
    licence: str = OGL
    url: str | None = None
    details: str = ""  # the file or package behind it: shown only in a details view

    def citation(self, section: str | None = None) -> str:
        """Return publisher, title, date and (when given) the section."""
        parts = [self.publisher, self.title, self.date, *([section] if section else [])]
        return ", ".join(part for part in parts if part)


def _document(file: str, publisher: str, title: str, date: str) -> Source:
    return Source(publisher, title, date, details=file)


DOCUMENTS = {
    d.details: d
    for d in (
        _document(
            "000_a8b2268722a433c4.txt",
            "Durham County Council",
            "Market Sustainability Plan (Annex C)",
            "March 2023",
        ),
        _document(
            "001_9667772310db4ab3.txt",
            "Durham County Council",
            "County Durham Integrated Market Position Statement 2023/25",
            "2023",
        ),
        _document(
            "002_87426b8e4237f6f5.txt",
            "Wiltshire Council",
            "Cabinet agenda supplement: Market Sustainability Plan",
            "28 March 2023",
        ),
        _document(
            "003_c1145ab5ab2cc8c5.txt",
            "Stockton-on-Tees Borough Council",
            "Scrutiny monitoring: Care at Home review progress update",
            "March 2024",
        ),
        _document(
            "004_1b4f2350ba373524.txt",
            "Nottinghamshire County Council",
            "Adult Social Care and Public Health Select Committee: social care market",
            "11 September 2023",
        ),
    )
}


def cite(source_file: str, section: str | None = None) -> str:
    """Return how a person should read a figure's source: readable, never a seed file name."""
    document = DOCUMENTS.get(str(source_file))
    if document is not None:
        return document.citation(section)
    if (national := data_set_of(source_file)) is not None:
        data_set, edition = national
        return Source(data_set.publisher, data_set.title, edition).citation(section)
    # A council's own added figure, cited as the council wrote it.
    return ", ".join(str(part) for part in (source_file, section) if part)


def source_lines(rows) -> list[str]:
    """Return one readable citation for each distinct (file, section) of figure rows, in order."""
    pairs = rows[["source_file", "source_section"]].drop_duplicates()
    return [cite(file, section) for file, section in pairs.itertuples(index=False)]


def details(source_file: str) -> str:
    """Return the file behind a figure's citation, for a details view."""
    document = DOCUMENTS.get(str(source_file))
    if document is None and (national := data_set_of(source_file)) is not None:
        return f"imported national data set ({national[0].licence})"
    return f"{document.details} ({document.licence})" if document else str(source_file)


_PUBLISHERS = {"ONS": ONS}


def data_set(source: DataSource) -> Source:
    """Return the catalogue record of a data set the app ships in a package."""
    try:
        version = metadata.version(source.package)
    except metadata.PackageNotFoundError:
        version = "not installed"
    return Source(
        _PUBLISHERS.get(source.publisher, source.publisher),
        source.name,
        source.vintage,
        source.licence,
        details=f"read from the {source.package} package, version {version}",
    )


# What each kind of upload is, and who publishes it (None: the council itself).
_IMPORTED = {
    "care_homes": ("Care Quality Commission", "care directory", OGL),
    "rurality": (ONS, "Rural Urban Classification", OGL),
    "population": (ONS, "population estimates or projections", OGL),
    "projection": (ONS, "2022-based subnational population projections", OGL),
    **{
        kind: (data_set.publisher, data_set.title, data_set.licence)
        for kind, data_set in DATA_SETS.items()
    },
    "zone_lookup": (None, "home care zones", "the council's own"),
    "peer_list": (None, "list of similar councils", "as its publisher allows"),
    "unmet_packages": (None, "home care packages waiting or handed back", "not published"),
    "added_figures": (None, "figures added to this app", "the council's own"),
}


def imported(record: ImportRecord) -> Source:
    """Return the catalogue record of a council's upload, from the store's record of it."""
    # A kind the catalogue does not know is named in words, published by the council.
    publisher, title, licence = _IMPORTED.get(
        record.kind, (None, record.kind.replace("_", " "), "not stated")
    )
    council = next((c for c in list_councils() if c.code == record.council_code), None)
    return Source(
        publisher or (council.name if council else record.council_code),
        title,
        f"uploaded {record.imported_at:%-d %B %Y}",
        licence,
        # Who uploaded it stays in the store's record (the Your data page), never here.
        details=(
            f"{record.file_name}, uploaded {record.imported_at:%-d %B %Y %H:%M}; "
            f"{record.rows_read:,} rows read"
        ),
    )
