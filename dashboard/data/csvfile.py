"""Reading CSV tables the way spreadsheets write them: BOM, `,`/`;`/tab, quoted newlines, and
legacy encodings (Latin-1, cp1251: detected, read, and reported)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import charset_normalizer
import pandas as pd

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
    problems: list[Problem] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        guess = charset_normalizer.from_bytes(raw).best()
        if guess is None:
            return None, [Problem(name, 0, "-", f"not UTF-8 text (byte {err.start}) and no other "
                                                 "encoding fits; save it as UTF-8")]
        text = str(guess)
        problems.append(Problem(name, 0, "-", f"not UTF-8 (byte {err.start}): read as {guess.encoding}; "
                                              "check the accented letters, and save it as UTF-8"))
    try:
        sep = csv.Sniffer().sniff(text[:SNIFF_BYTES], delimiters=DELIMITERS).delimiter
    except csv.Error:
        sep = ","
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=False
        )
    except (pd.errors.ParserError, ValueError) as err:
        return None, [*problems, Problem(name, 0, "-", f"cannot parse as CSV: {err}")]
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame, problems
