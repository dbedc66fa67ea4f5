"""CSV text that a spreadsheet opens as data: the formula guard every CSV export applies.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (and some also a tab or a carriage
return) as a formula, so a text such as `=HYPERLINK(...)` in a data file would run on the reader's
machine (CSV injection). As OWASP recommends, such a text cell gets a leading apostrophe, which
spreadsheets read as "this is text". Numbers, negative coordinates included, stay numbers. `raw=True`
writes the data untouched, for pipelines and for loading an export back as a data folder. The rule
itself is `dashboard.data.guards`, which the editors' desk applies to what it writes.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from dashboard.data.guards import runs_as_formula

GUARD = "'"


def guarded(value: object) -> object:
    """`value` with the formula guard when it is text a spreadsheet would run; anything else unchanged."""
    if runs_as_formula(value):
        return GUARD + value
    return value


def csv_bytes(frame: pd.DataFrame, raw: bool = False) -> bytes:
    """The table as UTF-8 CSV (header first, `\\n` line ends), every cell guarded unless `raw`."""
    if not raw:
        frame = frame.map(guarded)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode()


def spreadsheet_lines(frame: pd.DataFrame, raw: bool = False) -> list[str]:
    """`csv_bytes(frame, raw)` as text cut into its lines: the header, then each row's (each with its
    line end; a line end inside a quoted cell belongs to its row). Where each row ends is read by the
    `csv` module's reader (`line_num`), strict, so text that ends inside a quoted cell is an error."""
    lines = [line + "\n" for line in csv_bytes(frame, raw).decode().split("\n")[:-1]]  # ends with one
    reader = csv.reader(iter(lines), strict=True)
    out, start = [], 0
    for _ in reader:
        out.append("".join(lines[start:reader.line_num]))
        start = reader.line_num
    return out
