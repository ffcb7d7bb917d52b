"""The source catalogue: one record per document a figure can cite, and how to cite it.

A figure carries the file it came from and a section. A person reads the document's
publisher, title and date with the section ("Nottinghamshire County Council, Adult Social
Care and Public Health Select Committee: social care market, 11 September 2023, paragraph
5"); the file name is kept for a details view (`Document.file`). A file the catalogue does
not know is a user's own import: it is cited as the user named it.
"""

from __future__ import annotations

from dataclasses import dataclass

OGL = "Open Government Licence v3.0"


@dataclass(frozen=True)
class Document:
    """A published document figures are taken from."""

    file: str  # the text extraction the data packs cite (details view only)
    publisher: str
    title: str
    date: str  # as the document dates itself
    licence: str = OGL
    url: str | None = None

    def citation(self, section: str | None = None) -> str:
        """Return publisher, title, date and (when given) the section."""
        parts = [self.publisher, self.title, self.date, *([section] if section else [])]
        return ", ".join(parts)


DOCUMENTS = {
    d.file: d
    for d in (
        Document(
            "000_a8b2268722a433c4.txt",
            "Durham County Council",
            "Market Sustainability Plan (Annex C)",
            "March 2023",
        ),
        Document(
            "001_9667772310db4ab3.txt",
            "Durham County Council",
            "County Durham Integrated Market Position Statement 2023/25",
            "2023",
        ),
        Document(
            "002_87426b8e4237f6f5.txt",
            "Wiltshire Council",
            "Cabinet agenda supplement: Market Sustainability Plan",
            "28 March 2023",
        ),
        Document(
            "003_c1145ab5ab2cc8c5.txt",
            "Stockton-on-Tees Borough Council",
            "Scrutiny monitoring: Care at Home review progress update",
            "March 2024",
        ),
        Document(
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
    # A user's import, named as they named it.
    return ", ".join(str(part) for part in (source_file, section) if part)


def source_lines(rows) -> list[str]:
    """Return one readable citation for each distinct (file, section) of figure rows, in order."""
    pairs = rows[["source_file", "source_section"]].drop_duplicates()
    return [cite(file, section) for file, section in pairs.itertuples(index=False)]


def details(source_file: str) -> str:
    """Return the file behind a citation, for a details view."""
    document = DOCUMENTS.get(str(source_file))
    return f"{document.file} ({document.licence})" if document else str(source_file)
