"""Validating a table column by column instead of row by row.

Each column is factorised and each *distinct* cell checked once (`dashboard.data.checks`: the field's
own before-validators, type and constraints; a country name is looked up once however many rows give
it); the cross-field rules run on whole columns (`Row.conflicts`). A row whose every cell and rule
passes becomes a model directly, equal to the one `model.model_validate` would give; the others are
*suspects*, which the caller validates with the model, so that each problem is the model's own.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import repeat
from operator import itemgetter
from typing import TypeVar

import numpy as np
import pandas as pd
from pydantic.fields import FieldInfo

from dashboard.data.cells import localised_base, localised_text
from dashboard.data.checks import SUSPECT, Check, field_check, supported
from dashboard.data.schema import Row

M = TypeVar("M", bound=Row)


def check_columns(
    frame: pd.DataFrame, model: type[M], columns: Sequence[str]
) -> tuple[list[tuple[int, M]], list[int]]:
    """Validate the known `columns` of `frame` (indexed by spreadsheet row) column-wise against `model`.

    Returns the rows that are certainly valid, as (row number, model) pairs, and the positions (0, 1 …)
    of the other rows, to be validated by the model. A model whose rules cannot be read (see
    `checks.supported`), or that lacks a column it has no default for, makes every row a suspect.
    """
    typed = typed_columns(frame, model, columns)
    if typed is None:
        return [], list(range(len(frame)))
    values, extras, suspect = typed
    rows = [int(row) for row in frame.index]
    return _models(model, rows, suspect, values, extras, set(columns)), np.flatnonzero(suspect).tolist()


def typed_columns(
    frame: pd.DataFrame, model: type[M], columns: Sequence[str]
) -> tuple[dict[str, list[object]], dict[str, list[object]], np.ndarray] | None:
    """Every field's typed value in every row (None where suspect or blank), every per-language column's,
    and which rows are suspects (see `check_columns`); None when no row can be vouched for."""
    n = len(frame)
    if not supported(model):
        return None
    suspect = np.zeros(n, dtype=bool)
    values: dict[str, list[object]] = {}
    for name, field in model.model_fields.items():
        if name in columns:
            values[name], bad = _column(frame[name], field_check(model, name))
            suspect |= bad
        elif field.is_required():
            return None
        else:
            values[name] = _defaults(field, n)
    extras: dict[str, list[object]] = {}
    for name in columns:
        if name not in model.model_fields and localised_base(name, model.LOCALISED) is not None:
            extras[name], bad = _column(frame[name], _localised_check(name))
            suspect |= bad
    suspect |= model.conflicts(values)
    return values, extras, suspect


def _column(cells: pd.Series, check: Check) -> tuple[list[object], np.ndarray]:
    """The typed value of every cell (None where SUSPECT or missing) and which cells are suspect."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    typed = [check(cell) for cell in uniques.tolist()]
    # The last entry stands for code -1: a missing cell (NaN or None), which only the model can judge.
    bad = np.fromiter((value is SUSPECT for value in [*typed, SUSPECT]), dtype=bool, count=len(typed) + 1)
    typed = [None if value is SUSPECT else value for value in [*typed, None]]
    picked = _take(typed, codes)
    if any(type(value) is list for value in typed):  # each row gets its own list, as from pydantic
        picked = [value if value is None else list(value) for value in picked]
    return picked, bad[codes]


def _take(values: list[object], codes: np.ndarray) -> list[object]:
    """`[values[c] for c in codes]`, at C speed."""
    if len(codes) == 0:
        return []
    if len(codes) == 1:
        return [values[int(codes[0])]]
    return list(itemgetter(*codes.tolist())(values))


def _localised_check(column: str) -> Check:
    """The check of a per-language column (`summary_de`): the model's `localised_text`."""
    def check(value: object) -> object:
        if type(value) is not str:
            return SUSPECT
        try:
            return localised_text(column, value)
        except ValueError:
            return SUSPECT

    return check


def _defaults(field: FieldInfo, n: int) -> list[object]:
    """A field's default for each of `n` rows (a mutable default copied for each, as pydantic does)."""
    default = field.get_default(call_default_factory=True)
    if isinstance(default, list | dict | set):
        return [field.get_default(call_default_factory=True) for _ in range(n)]
    return [default] * n


def _models(model: type[M], rows: list[int], suspect: np.ndarray, values: dict[str, list[object]],
            extras: dict[str, list[object]], fields_set: set[str]) -> list[tuple[int, M]]:
    """The models of the rows that are not suspect, built as `model_construct` builds them (fields, then
    per-language extras, then the columns given) without its per-field overhead."""
    names, extra_names = list(values), list(extras)
    new, put = object.__new__, object.__setattr__
    cell_rows = zip(*values.values(), strict=True)
    extra_rows = zip(*extras.values(), strict=True) if extras else repeat(())  # repeat: no extras
    built: list[tuple[int, M]] = []
    with _collector_paused():
        for row, bad, cells, extra in zip(rows, suspect.tolist(), cell_rows, extra_rows, strict=False):
            if bad:
                continue
            item = new(model)
            put(item, "__dict__", dict(zip(names, cells, strict=True)))
            put(item, "__pydantic_extra__", dict(zip(extra_names, extra, strict=True)))
            put(item, "__pydantic_fields_set__", set(fields_set))
            put(item, "__pydantic_private__", None)
            built.append((row, item))
    return built


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many objects that form no cycles: its
    passes over a heap that grows by 100,000 models would otherwise cost more than building them."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
