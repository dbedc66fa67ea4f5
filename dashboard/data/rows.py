"""Validating table rows against the schema models, turning every error into a Problem.

Two ways give the same rows and the same problems: column by column (`dashboard.data.columns`, the
default: each distinct cell checked once, the model consulted only for rows that look wrong) and row by
row (every row through `model.model_validate`; `vectorised=False`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import TypeVar

import pandas as pd
from pydantic import ValidationError

from dashboard.data.columns import check_columns
from dashboard.data.csvfile import read_table
from dashboard.data.parquet import read_parquet
from dashboard.data.problems import Problem
from dashboard.data.schema import Row

M = TypeVar("M", bound=Row)

_VALUE_ERROR = "Value error, "


def validate_rows(
    frame: pd.DataFrame, model: type[M], file: str, required: Iterable[str], *, vectorised: bool = True
) -> tuple[list[tuple[int, M]], list[Problem]]:
    """Validate each row of `frame` (indexed by spreadsheet row) against `model`.

    Returns the valid rows as (row number, model) pairs and one Problem per error. When a required
    column is missing, no row can be valid: that is reported once, on the header row. `vectorised`
    checks column by column and validates only the rows that fail there with the model; False runs every
    row through the model. Both give the same rows, values and problems, in row order.
    """
    missing = [c for c in required if c not in frame.columns]
    if missing:
        return [], [
            Problem(file, 1, c, f"required column is missing; none of the {len(frame)} rows "
                                "of this file can be loaded")
            for c in missing
        ]
    columns = [c for c in frame.columns if model.knows(c)]
    problems: list[Problem] = [
        Problem(file, 1, str(c) or "-", "unknown column: its values are not loaded (check the spelling)")
        for c in frame.columns if not model.knows(c)
    ]
    if not vectorised or not frame.columns.is_unique:
        valid, found = _one_by_one(frame, model, file, columns)
        return valid, problems + found
    valid, suspects = check_columns(frame, model, columns)
    checked, found = _one_by_one(frame.iloc[suspects], model, file, columns)
    if checked:
        valid = sorted([*valid, *checked], key=itemgetter(0))
    return valid, problems + found


def _one_by_one(
    frame: pd.DataFrame, model: type[M], file: str, columns: Sequence[str]
) -> tuple[list[tuple[int, M]], list[Problem]]:
    """Validate each row of `frame` with the model."""
    valid: list[tuple[int, M]] = []
    problems: list[Problem] = []
    for row, values in zip(frame.index, frame[list(columns)].itertuples(index=False), strict=True):
        try:
            valid.append((int(row), model.model_validate(dict(zip(columns, values, strict=True)))))
        except ValidationError as err:
            problems += [_problem(file, int(row), e) for e in err.errors()]
    return valid, problems


def _problem(file: str, row: int, error: dict) -> Problem:
    message = str(error["msg"]).removeprefix(_VALUE_ERROR)
    column = str(error["loc"][0]) if error["loc"] else "-"
    if column == "-" and ": " in message:
        column, message = message.split(": ", 1)
    value = error.get("input")
    if error["loc"] and isinstance(value, str) and value and error["type"] != "value_error":
        message = f"{message} (got {_shorten(value)!r})"
    return Problem(file, row, column, message)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load_rows(
    path: Path, model: type[M], required: Iterable[str], *, vectorised: bool = True
) -> tuple[list[tuple[int, M]], list[Problem]]:
    """Read the table at `path` — CSV, or Parquet when its name ends in `.parquet` — and validate its rows
    (see `validate_rows`)."""
    frame, problems = read_parquet(path) if path.suffix == ".parquet" else read_table(path)
    if frame is None:
        return [], problems
    valid, row_problems = validate_rows(frame, model, path.name, required, vectorised=vectorised)
    return valid, problems + row_problems


def duplicates(
    rows: list[tuple[int, M]], key: str, file: str
) -> tuple[list[tuple[int, M]], list[Problem]]:
    """Keep the first row of each `key` value; report the later ones."""
    seen: dict[str, int] = {}
    kept: list[tuple[int, M]] = []
    problems: list[Problem] = []
    for row, item in rows:
        value = getattr(item, key)
        if value in seen:
            message = f"duplicate {key} {value!r} (first in row {seen[value]})"
            problems.append(Problem(file, row, key, message))
        else:
            seen[value] = row
            kept.append((row, item))
    return kept, problems
