"""Data problems, each naming the file, row and column it concerns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a data file.

    `row` counts as a spreadsheet does: 1 is the header line, 2 the first record. Row 0 means the
    file as a whole (missing, empty or unreadable).
    """

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"
