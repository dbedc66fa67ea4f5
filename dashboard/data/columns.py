"""Validating a table column by column instead of row by row.

Each column is factorised and each *distinct* cell checked once, by the check built from the field's
declared kind of cell (`rules.Cell`: its reading, type and constraints; a country name is looked up once
however many rows give it); the model's rules over several cells (`Row.RULES`) run on whole columns. A
row whose every cell and rule passes is valid, with the values `model.model_validate` would give; the
others are *suspects*, which the caller validates with the model, so that each problem is the model's own.

Only what is declared is checked here: a model with a validator of its own (a method in its class body,
where only Row's, which apply the declarations, are known) or with a setting the checks do not know
leaves every row to the model, which is slow but never wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import TypeVar

import numpy as np
import pandas as pd
from pydantic.fields import FieldInfo

from dashboard.data.cells import localised_base, localised_text
from dashboard.data.rules import SUSPECT, Cell, Check, Rule
from dashboard.data.schema import Row
from dashboard.memo import memoised

M = TypeVar("M", bound=Row)


def check_columns(
    frame: pd.DataFrame, model: type[M], columns: Sequence[str]
) -> tuple[list[tuple[int, M]], list[int]]:
    """Validate the known `columns` of `frame` (indexed by spreadsheet row) column-wise against `model`.

    Returns the rows that are certainly valid, as (row number, model) pairs, and the positions (0, 1 …)
    of the other rows, to be validated by the model. A model whose rules cannot be read (see
    `supported`), or that lacks a column it has no default for, makes every row a suspect.
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
    return typed_by(len(frame), model, columns, lambda name, check, _cell: _column(frame[name], check))


# How a reader's column `name` is judged, given its check and declared kind of cell (None: a per-language
# column): each row's typed value (None where suspect) and which rows are suspect.
Judge = Callable[[str, Check, Cell | None], tuple[list[object], np.ndarray]]


def typed_by(
    n: int, model: type[M], columns: Sequence[str], judge: Judge
) -> tuple[dict[str, list[object]], dict[str, list[object]], np.ndarray] | None:
    """`typed_columns` over a table of `n` rows whose known `columns` are judged by `judge` (pandas
    columns here, Arrow columns in `dashboard.data.columnar`)."""
    if not supported(model):
        return None
    suspect = np.zeros(n, dtype=bool)
    values: dict[str, list[object]] = {}
    for name, field in model.model_fields.items():
        if name in columns:
            cell = next((m for m in field.metadata if isinstance(m, Cell)), None)
            values[name], bad = judge(name, field_check(model, name), cell)
            suspect |= bad
        elif field.is_required():
            return None
        else:
            values[name] = _defaults(field, n)
    extras: dict[str, list[object]] = {}
    for name in columns:
        if name not in model.model_fields and localised_base(name, model.LOCALISED) is not None:
            extras[name], bad = judge(name, localised_check(name), None)
            suspect |= bad
    for rule in model.RULES:
        suspect |= _broken(rule, {name: cells for name, cells in values.items() if name in rule.fields})
    return values, extras, suspect


def _broken(rule: Rule, columns: dict[str, object]) -> np.ndarray:
    """Which rows break `rule` (judged by one value per row). Factorised columns (`coded.Coded`, with
    `values` and `codes`, as `dashboard.data.columnar` gives them) are judged once for each combination of
    values the rows hold, as a rule judges each row by its own cells alone."""
    coded = [cells for cells in columns.values() if hasattr(cells, "codes")]
    if len(coded) < len(columns) or not columns or not len(coded[0].codes):
        return rule.broken({name: cells if isinstance(cells, list) else cells.tolist()  # type: ignore[attr-defined]
                            for name, cells in columns.items()})
    combos = np.zeros(len(coded[0].codes), dtype=np.int64)  # each row's combination, numbered from 0
    for cells in coded:
        _, combos = np.unique(combos * len(cells.values) + cells.codes, return_inverse=True)  # type: ignore[attr-defined]
    first = np.zeros(combos.max() + 1, dtype=np.int64)
    first[combos] = np.arange(len(combos))  # a row holding each combination
    return rule.broken({name: take(cells.values, cells.codes[first])  # type: ignore[attr-defined]
                        for name, cells in columns.items()})[combos.reshape(-1)]


# Model settings the checks know: any other (str_to_lower, strict …) makes every row a suspect.
_SETTINGS = frozenset({"extra", "str_strip_whitespace"})


@memoised
def supported(model: type[Row]) -> bool:
    """Whether the model's rules can be checked column-wise: known settings (extras allowed, as `Row`
    says), and no class between it and `Row` with a method (a validator of its own) in its body."""
    config = model.model_config
    if set(config) - _SETTINGS or config.get("extra") != "allow":  # per-language columns are extras
        return False
    for cls in model.__mro__[: model.__mro__.index(Row)]:
        for name, value in vars(cls).items():
            if not name.startswith("__") and (callable(value) or hasattr(value, "__get__")):
                return False
    return True


@memoised
def field_check(model: type[Row], name: str) -> Check:
    """The check of field `name` of `model`, built from its declared kind of cell (a field declared
    otherwise has no check: every cell of it is SUSPECT)."""
    cell = next((m for m in model.model_fields[name].metadata if isinstance(m, Cell)), None)
    return cell.check() if cell is not None else lambda value: SUSPECT


def _column(cells: pd.Series, check: Check) -> tuple[list[object], np.ndarray]:
    """The typed value of every cell (None where SUSPECT or missing) and which cells are suspect."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    return spread([check(cell) for cell in uniques.tolist()], codes)


def spread(typed: list[object], codes: np.ndarray) -> tuple[list[object], np.ndarray]:
    """Each row's typed value (None where SUSPECT) and whether it is suspect, from the typed value of each
    distinct cell and each row's code into them; code -1 is a missing cell (NaN or None), which only the
    model can judge."""
    bad = np.fromiter((value is SUSPECT for value in [*typed, SUSPECT]), dtype=bool, count=len(typed) + 1)
    typed = [None if value is SUSPECT else value for value in [*typed, None]]
    picked = take(typed, codes)
    if any(type(value) is list for value in typed):  # each row gets its own list, as from pydantic
        picked = [value if value is None else list(value) for value in picked]
    return picked, bad[codes]


def take(values: list[object], codes: np.ndarray) -> list[object]:
    """`[values[c] for c in codes]`, at C speed (the same object for the same code)."""
    if len(codes) == 0:
        return []
    if len(codes) == 1:
        return [values[int(codes[0])]]
    return list(itemgetter(*codes.tolist())(values))


def localised_check(column: str) -> Check:
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
    """The models of the rows that are not suspect, made with `model_construct` from their typed values
    (fields, then per-language extras; `fields_set`, the columns given)."""
    names = [*values, *extras]
    cell_rows = zip(*values.values(), *extras.values(), strict=True)
    return [(row, model.model_construct(set(fields_set), **dict(zip(names, cells, strict=True))))
            for row, bad, cells in zip(rows, suspect.tolist(), cell_rows, strict=True) if not bad]
