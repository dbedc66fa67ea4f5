"""A data table as its file holds it, for changing and writing back: every cell the text it is, in the
file's column order, each row known by its id.

The loader (`dashboard.data.rows`) types and validates the cells; a change is made to the text, so that
writing a table back changes only the rows changed. A table is written as UTF-8 CSV with `,` between
cells and `\\n` line ends (how the bundled files are written): a file read in another encoding or with
another delimiter is written so once it is changed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.data.csvfile import delimiter
from dashboard.data.encoding import UTF8, NotText, decode
from dashboard.data.ids import event_key, figure_key, filled
from dashboard.data.problems import Problem
from dashboard.data.schema import (
    RECORD_COLUMNS,
    CorrectionRow,
    EventRow,
    FigureRow,
    Row,
    SourceRow,
    UpdateRow,
)

# The tables an editor changes, and the two logs a change appends to, by name; each in its CSV file.
EDITED: tuple[str, ...] = ("records", "figures", "events", "sources")
LOGS: tuple[str, ...] = ("corrections", "updates")
MODELS: dict[str, type[Row]] = {"figures": FigureRow, "events": EventRow, "sources": SourceRow,
                                "corrections": CorrectionRow, "updates": UpdateRow}
# The columns of a table written afresh (a folder without events.csv); per-language ones are added as used.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "records": RECORD_COLUMNS,
    "figures": ("id", "record", "metric", "value", "qualifier", "date", "status", "sources"),
    "events": ("id", "date", "time", "end", "record", "kind", "sources"),
    "sources": tuple(SourceRow.model_fields),
    "corrections": ("date", "table", "id", "summary_en", "summary_de", "sources"),
    "updates": ("date", "time", "editor", "save", "touched", "summary_en", "summary_de", "sources"),
}


def file_name(table: str) -> str:
    """The file that holds `table` in a data folder."""
    return f"{table}.csv"


@dataclass
class Sheet:
    """One table: its file's name, its columns in order, and its rows as text (missing cells "")."""

    table: str
    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    legacy: bool = False  # read in another encoding than UTF-8: written back as UTF-8 by the next save

    @property
    def file(self) -> str:
        """The table's file name in its folder."""
        return file_name(self.table)

    def ids(self) -> list[str]:
        """The id of each row, in order: given, or made as the loader makes it (`dashboard.data.ids`)."""
        given = [row.get("id", "").strip() for row in self.rows]
        if self.table == "figures":
            return filled(given, (figure_key(r.get("record", "").strip(), r.get("metric", "").strip(),
                                             _number(r.get("value", ""))) for r in self.rows))
        if self.table == "events":
            return filled(given, (event_key(r.get("date", "").strip(), r.get("record", "").strip(),
                                            r.get("kind", "").strip()) for r in self.rows))
        return given

    def with_id(self, index: int, ids: list[str]) -> dict[str, str]:
        """Row `index` with every column of the table and its id (`ids`: as `ids()` gives them)."""
        row = {c: self.rows[index].get(c, "") for c in self.columns}
        row["id"] = ids[index]
        return row

    def add_column(self, column: str) -> None:
        """Add an empty column at the end (a per-language column, or one the file lacked)."""
        if column not in self.columns:
            self.columns.append(column)

    def to_bytes(self) -> bytes:
        """The table as UTF-8 CSV: header, then one line per row (quoted where a cell needs it)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([row.get(c, "") for c in self.columns] for row in self.rows)
        return buffer.getvalue().encode("utf-8")


def _number(value: str) -> str:
    """A figure's value as the loader reads it ("1,000" is 1000), for the id made from it."""
    digits = value.strip().replace(",", "").replace("_", "")
    return str(int(digits)) if digits.isdigit() else value.strip()


def read_sheet(folder: Path, table: str) -> tuple[Sheet | None, list[Problem]]:
    """Table `table` of `folder` as text; an absent file is an empty table with the default columns (the
    records table must exist). None, with the problem, when the file cannot be read (a file read in a
    legacy encoding or with `;` or tabs between cells is read; it is written back as UTF-8 CSV).

    Read as `dashboard.data.csvfile.read_table` reads it (blank lines skipped, short rows filled with
    blank cells)."""
    path = folder / file_name(table)
    if not path.exists() and table != "records":
        return Sheet(table, list(DEFAULT_COLUMNS[table])), []
    name = path.name
    try:
        decoded = decode(path.read_bytes())
    except (OSError, NotText) as err:
        return None, [Problem(name, 0, "-", f"cannot be read: {err}")]
    text = decoded.text
    sep = delimiter(text)
    try:
        lines = [line for line in csv.reader(io.StringIO(text), delimiter=sep) if line]
    except csv.Error as err:
        return None, [Problem(name, 0, "-", f"cannot parse as CSV: {err}")]
    if not lines:
        return None, [Problem(name, 0, "-", "file is empty")]
    columns = [c.strip() for c in lines[0]]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if len(line) > len(columns):
            return None, [Problem(name, number, "-", f"{len(line)} cells in a row of {len(columns)} columns")]
        rows.append(dict(zip(columns, [*line, *[""] * (len(columns) - len(line))], strict=True)))
    return Sheet(table, columns, rows, legacy=decoded.encoding != UTF8), []
