"""Reading CSV tables the way spreadsheets write them: BOM, `,`/`;`/tab, quoted newlines, and
legacy encodings (cp1251, kz1048, cp1252, UTF-16, mixed: read by `dashboard.data.encoding`, and
reported)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from dashboard.data.encoding import MIXED, UTF8, UTF16, Decoded, NotText, decode, label
from dashboard.data.problems import Problem

DELIMITERS = ",;\t"
SNIFF_BYTES = 64 * 1024


def read_table(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV file as strings (no type guessing, empty cells as "").

    Returns the table (None when unreadable) and the problems met. The table's index is the
    spreadsheet row number of each record (the header is row 1).
    """
    name = path.name
    if not path.is_file():
        return None, [Problem(name, 0, "-", "file is missing")]
    raw = path.read_bytes()
    if not raw.strip():
        return None, [Problem(name, 0, "-", "file is empty")]
    try:
        decoded = decode(raw)
    except NotText as err:
        return None, [Problem(name, 0, "-", str(err))]
    text = decoded.text
    if not text.strip():
        return None, [Problem(name, 0, "-", "file is empty")]
    sep = delimiter(text)
    problems = encoding_problems(name, decoded, sep)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=False
        )
    except (pd.errors.ParserError, ValueError) as err:
        return None, [*problems, Problem(name, 0, "-", f"cannot parse as CSV: {err}")]
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame, problems


def delimiter(text: str) -> str:
    """The character between cells: the one delimiter the header line holds, when it holds exactly one
    (a file as the project and spreadsheets write it: quick); else sniffed from the first 64 KB (`,`
    when that fails)."""
    header = text.split("\n", 1)[0]
    found = [d for d in DELIMITERS if d in header]
    if len(found) == 1 and '"' not in header:
        return found[0]
    try:
        return csv.Sniffer().sniff(text[:SNIFF_BYTES], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def encoding_problems(name: str, decoded: Decoded, sep: str) -> list[Problem]:
    """What reading the file `name` as `decoded` tells its author: nothing for UTF-8; for one other
    encoding a file-level warning naming it; for a mixed file a file-level warning plus one per
    spreadsheet row that was read in a legacy encoding, naming it.
    """
    if decoded.encoding == UTF8:
        return []
    if decoded.encoding != MIXED:
        advice = "" if decoded.encoding == UTF16 else "check the names and "
        return [Problem(name, 0, "-", f"not UTF-8: read as {decoded.label}; {advice}save the file as UTF-8")]
    rows = spreadsheet_rows(decoded.text, sep)
    labels: dict[int, list[str]] = {}
    for line, encoding in sorted(decoded.line_encodings.items()):
        used = labels.setdefault(rows.get(line, line + 1), [])
        if label(encoding) not in used:
            used.append(label(encoding))
    count = f"{len(labels)} row was" if len(labels) == 1 else f"{len(labels)} rows were"
    return [
        Problem(name, 0, "-", f"mixes encodings line by line: {count} read one by one (listed below); "
                              "save the file as UTF-8"),
        *(Problem(name, row, "-", f"not UTF-8: read as {' and '.join(used)} on its own")
          for row, used in sorted(labels.items())),
    ]


def spreadsheet_rows(text: str, sep: str) -> dict[int, int]:
    """Map each physical line of a CSV text (0-based) to its spreadsheet row (header = 1).

    A quoted cell with newlines spans several lines of one row; blank lines belong to no row (pandas
    skips them, so they do not count). Lines past a CSV error are left out.
    """
    rows: dict[int, int] = {}
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    row = start = 0
    try:
        for record in reader:
            if record:
                row += 1
                rows.update(dict.fromkeys(range(start, reader.line_num), row))
            start = reader.line_num
    except csv.Error:
        pass
    return rows
