"""Validating table rows against the schema models, turning every error into a Problem.

Two ways give the same rows and the same problems: column by column (`dashboard.data.columns`, the
default: each distinct cell checked once, the model consulted only for rows that look wrong) and row by
row (every row through `model.model_validate`; `vectorised=False`).

The valid rows come as models (`validate_rows`, `load_rows`), or as a `Table` of typed columns
(`validate_table`, `load_table`): the loader keeps a data folder's tables as columns, so that a file of
a million rows never becomes a million model objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
from pydantic import ValidationError

from dashboard.data.columns import check_columns, typed_columns
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
    problems = unknown_columns(frame.columns, model, file)
    if not vectorised or not frame.columns.is_unique:
        valid, found = validated(frame, model, file, columns)
        return valid, problems + found
    valid, suspects = check_columns(frame, model, columns)
    checked, found = validated(frame.iloc[suspects], model, file, columns)
    if checked:
        valid = sorted([*valid, *checked], key=itemgetter(0))
    return valid, problems + found


def unknown_columns(columns: Iterable[object], model: type[Row], file: str) -> list[Problem]:
    """One problem, on the header row, for each of a file's `columns` that `model` does not know."""
    return [Problem(file, 1, str(c) or "-", "unknown column: its values are not loaded (check the spelling)")
            for c in columns if not model.knows(c)]


def validated(
    frame: pd.DataFrame, model: type[M], file: str, columns: Sequence[str]
) -> tuple[list[tuple[int, M]], list[Problem]]:
    """Validate each row of `frame` (indexed by spreadsheet row) with the model: the valid rows as (row
    number, model) pairs, and the problems."""
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


@dataclass
class Table:
    """The valid rows of a table, column by column: `row` (the spreadsheet row), the model's fields, then
    the per-language columns; one typed value per row in each, in row order."""

    columns: dict[str, list[object]]

    def __len__(self) -> int:
        return len(self.columns["row"])

    @classmethod
    def of(cls, rows: Sequence[tuple[int, Row]], model: type[Row], extras: Sequence[str] = ()) -> Table:
        """Models as a table: their row numbers, fields and the per-language columns `extras`."""
        columns: dict[str, list[object]] = {"row": [row for row, _ in rows]}
        for name in model.model_fields:
            columns[name] = [vars(item)[name] for _, item in rows]
        for name in extras:
            columns[name] = [(item.model_extra or {}).get(name) for _, item in rows]
        return cls(columns)

    def where(self, keep: Sequence[bool]) -> Table:
        """The rows where `keep` is true."""
        return Table({name: list(compress(values, keep)) for name, values in self.columns.items()})

    def frame(self) -> pd.DataFrame:
        """The rows as a data frame, its columns in the table's order, text as Python strings.

        pandas would store text as Arrow strings, compact but slow to pick rows from: every filter of a
        view takes each text column apart and together again, which made most of a rerun's cost on
        tables of a few hundred rows. Python strings (object columns) are picked at NumPy speed.
        """
        return pd.DataFrame({name: pd.Series(values, dtype=object) if texts(values) else values
                             for name, values in self.columns.items()}, columns=list(self.columns))


def texts(values: list[object]) -> bool:
    """Whether a column holds text (and blanks) only: what pandas would store as Arrow strings."""
    return pd.api.types.infer_dtype(values, skipna=True) == "string"


def validate_table(
    frame: pd.DataFrame, model: type[M], file: str, required: Iterable[str]
) -> tuple[Table, list[Problem]]:
    """`validate_rows`, with the valid rows as a `Table`: the same rows, values and problems."""
    required = list(required)
    known = list(dict.fromkeys(c for c in frame.columns if model.knows(c)))
    typed = None
    if frame.columns.is_unique and all(c in frame.columns for c in required):
        typed = typed_columns(frame, model, known)
    if typed is None:  # every row through the model (or none valid): the same rows as models
        rows, problems = validate_rows(frame, model, file, required)
        return Table.of(rows, model, [c for c in known if c not in model.model_fields]), problems
    values, extras, suspect = typed
    return assembled([int(r) for r in frame.index], values, extras, suspect,
                     lambda picked: frame.iloc[picked], model, file, known,
                     unknown_columns(frame.columns, model, file))


def assembled(rows: Sequence[int], values: dict[str, list[object]], extras: dict[str, list[object]],
              suspect: np.ndarray, suspects: Callable[[np.ndarray], pd.DataFrame], model: type[M], file: str,
              known: Sequence[str], problems: list[Problem]) -> tuple[Table, list[Problem]]:
    """The table of the valid rows from a column-wise check (each row's number in `rows`, the typed
    `values` and per-language `extras`, which rows are `suspect`), the suspects validated by the model:
    `suspects(positions)` gives their frame, indexed by row number. `problems` (the header's) come first."""
    keep = (~suspect).tolist()
    columns = {"row": list(compress(rows, keep))}
    columns.update((name, list(compress(cells, keep))) for name, cells in (*values.items(), *extras.items()))
    table = Table(columns)
    positions = np.flatnonzero(suspect)
    if not len(positions):
        return table, problems
    checked, found = validated(suspects(positions), model, file, known)
    if checked:
        table = _merged(table, Table.of(checked, model, list(extras)))
    return table, problems + found


def _merged(a: Table, b: Table) -> Table:
    """The rows of both tables, in row order."""
    joined = {name: [*a.columns[name], *b.columns[name]] for name in a.columns}
    order = sorted(range(len(joined["row"])), key=joined["row"].__getitem__)
    return Table({name: [values[i] for i in order] for name, values in joined.items()})


def load_table(path: Path, model: type[M], required: Iterable[str]) -> tuple[Table, list[Problem]]:
    """Read the table at `path` (CSV, or Parquet) and validate its rows column by column (see
    `validate_table`); an unreadable file gives an empty table and its problem."""
    frame, problems = read_parquet(path) if path.suffix == ".parquet" else read_table(path)
    if frame is None:
        return Table.of([], model), problems
    table, row_problems = validate_table(frame, model, path.name, required)
    return table, problems + row_problems
