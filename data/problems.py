"""What was wrong with a refused input file, and where, in words a user can act on."""

from __future__ import annotations

from dataclasses import dataclass

SHOWN_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    """One reason a file was refused: spreadsheet row (header is row 1), column, message."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputFileError(ValueError):
    """A file refused whole: nothing from it is used and the data already loaded stays.

    Subclasses name the kind of file; `OUTCOME` says what did not happen to it.
    """

    OUTCOME = "was not loaded"

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = self.problems[:SHOWN_PROBLEMS]
        lines = [f"{self.file} {self.OUTCOME}: {len(self.problems)} problem(s) found."]
        lines += [f"- {problem}" for problem in shown]
        if len(self.problems) > len(shown):
            lines.append(f"- ... and {len(self.problems) - len(shown)} more")
        return "\n".join(lines)


# A wider header row is refused before parsing: a 200 KB row of commas took pandas ~25 s.
MAX_COLUMNS = 1000


def wide_header(head: bytes | str) -> list[Problem]:
    """Return a problem if a CSV's first line holds MAX_COLUMNS columns or more, else none."""
    text = head.decode("latin-1") if isinstance(head, bytes) else head
    first_line = text.partition("\n")[0].partition("\r")[0]
    if first_line.count(",") >= MAX_COLUMNS:
        return [Problem(1, None, f"more than {MAX_COLUMNS} columns in the header row")]
    return []
