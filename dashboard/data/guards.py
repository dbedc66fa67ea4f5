"""What a cell written by the project may hold: the rules both the exports and the editors' desk apply.

- A text that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
  carriage return, and is not a plain number) is CSV injection (OWASP): the exports guard it with a
  leading apostrophe (`dashboard.export.spreadsheet`); the desk refuses to write it into a data file.
- A cell holds at most `MAX_CELL` characters (the longest text the data format allows).
- Text only: no control characters other than the line break, and nothing that UTF-8 cannot encode
  (a lone surrogate), so every file written is UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dashboard.data.cells import MAX_TEXT
from dashboard.data.problems import Problem
from dashboard.data.schema import Row

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal number ("-12.5", "+3"): a spreadsheet reads it as a number, never as a formula.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
MAX_CELL = MAX_TEXT
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def runs_as_formula(value: object) -> bool:
    """Whether a spreadsheet would run `value` (text) as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value)


def cell_refusal(value: str) -> str | None:
    """Why `value` may not be written into a data file, or None when it may."""
    if len(value) > MAX_CELL:
        return f"longer than {MAX_CELL:,} characters ({len(value):,})"
    if runs_as_formula(value):
        return (f"begins with {value[:1]!r}, which a spreadsheet would run as a formula; "
                "reword it (a number may begin with + or -)")
    if _CONTROL.search(value):
        return "holds a control character (only line breaks are allowed in a cell)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "holds a character that cannot be written as UTF-8"
    return None


def field_problems(file: str, row: int, fields: Mapping[str, str], model: type[Row]) -> list[Problem]:
    """The problems of cells about to be written into row `row` of `file`: a column `model` does not
    know, or a value `cell_refusal` refuses."""
    problems = []
    for column, value in fields.items():
        if column == "version":
            continue
        if not model.knows(column) or column in model.EXPORTED:
            problems.append(Problem(file, row, column or "-", "unknown column"))
        elif not isinstance(value, str):
            problems.append(Problem(file, row, column, "a cell must be text"))
        elif refusal := cell_refusal(value):
            problems.append(Problem(file, row, column, refusal))
    return problems
