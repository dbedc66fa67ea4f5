"""Validating table rows against the schema models, turning every error into a Problem."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

import pandas as pd
from pydantic import ValidationError

from dashboard.data.csvfile import read_table
from dashboard.data.problems import Problem
from dashboard.data.schema import Row

M = TypeVar("M", bound=Row)

_VALUE_ERROR = "Value error, "


def validate_rows(
    frame: pd.DataFrame, model: type[M], file: str, required: Iterable[str]
) -> tuple[list[tuple[int, M]], list[Problem]]:
    """Validate each row of `frame` (indexed by spreadsheet row) against `model`.

    Returns the valid rows as (row number, model) pairs and one Problem per error. When a required
    column is missing, no row can be valid: that is reported once, on the header row.
    """
    missing = [c for c in required if c not in frame.columns]
    if missing:
        return [], [
            Problem(file, 1, c, f"required column is missing; none of the {len(frame)} rows "
                                "of this file can be loaded")
            for c in missing
        ]
    columns = [c for c in frame.columns if model.knows(c)]
    valid: list[tuple[int, M]] = []
    problems: list[Problem] = [
        Problem(file, 1, str(c) or "-", "unknown column: its values are not loaded (check the spelling)")
        for c in frame.columns if not model.knows(c)
    ]
    for row, values in zip(frame.index, frame[columns].itertuples(index=False), strict=True):
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
    path: Path, model: type[M], required: Iterable[str]
) -> tuple[list[tuple[int, M]], list[Problem]]:
    """Read the CSV file at `path` and validate its rows (see `validate_rows`)."""
    frame, problems = read_table(path)
    if frame is None:
        return [], problems
    valid, row_problems = validate_rows(frame, model, path.name, required)
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
