"""The data format's rules, each declared once and applied two ways: row by row and column by column.

A `Cell` declares one kind of cell: how its text is read (a before-validator of `dashboard.data.cells`),
what type it becomes, and its constraints (`min_length`, `max_length`, `pattern`, `ge`, `le`, or the
words allowed). `Cell.annotation` is the pydantic type a row model's field is declared with, so the model
validates a row by it; `Cell.check` is the column-wise check of one distinct cell, built from the same
declaration. The check only decides where the outcome is certain: a plain decimal for a float,
`YYYY-MM-DD` for a date, `HH:MM[:SS]` for a time, text without surrounding whitespace, an allowed word as
it is spelt. For anything else (an error, or an input pydantic might read some other way) it returns
SUSPECT, and the caller validates that row with the model, so that every message is the model's own.

A `Rule` declares a rule over several cells of a row: which rows break it (`broken`, over whole columns
of typed values, None where a cell is blank or invalid), the column a problem names and its message. A
row model lists its rules in RULES; `schema.Row` applies them to each row it validates (by calling
`broken` on columns one row long), and `dashboard.data.columns` to whole tables.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Annotated, Literal

import numpy as np
from pydantic import BeforeValidator, Field

SUSPECT = object()  # what a check returns for a cell it cannot vouch for
Check = Callable[[object], object]
Columns = Mapping[str, Sequence[object]]

# Inputs whose reading by pydantic is certain (see the module docstring); others go to the model.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}(?::[0-9]{2})?")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BOUNDS: dict[str, Callable[[object, object], bool]] = {"ge": operator.ge, "le": operator.le}


@dataclass(frozen=True)
class Cell:
    """One kind of cell: `base` (str, float, int, dt.date, dt.time, list[str], or a tuple of the words
    allowed), read from its text by `read`, None allowed when `optional`, and its constraints."""

    base: object
    read: Callable[[object], object] | None = None
    optional: bool = False
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    ge: float | dt.date | None = None
    le: float | dt.date | None = None

    def _constraints(self) -> dict[str, object]:
        names = ("min_length", "max_length", "pattern", "ge", "le")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}

    @property
    def annotation(self) -> object:
        """The pydantic type of a field of this kind (carrying the Cell, for the column-wise checks).

        The constraints of a required cell apply to what `read` gives, of an optional one to the value
        inside `| None`: pydantic words their problems accordingly ("Value should have at least 1 item
        after validation" for an empty list of ids, "String should have at most 5000 characters" for an
        optional text), as the format's messages have always read."""
        base = Literal[self.base] if isinstance(self.base, tuple) else self.base  # type: ignore[valid-type]
        constraints = [Field(**self._constraints())] if self._constraints() else []  # type: ignore[call-overload]
        reader = [BeforeValidator(self.read)] if self.read is not None else []
        if self.optional:
            inner = Annotated[base, *constraints] if constraints else base
            return Annotated[inner | None, *reader, self]  # type: ignore[operator]
        return Annotated[base, *reader, *constraints, self]

    def check(self) -> Check:
        """The column-wise check of one cell: its typed value, or SUSPECT (see the module docstring)."""
        typed, optional, read = self._typed(), self.optional, self.read

        def check(value: object) -> object:
            if read is not None:
                try:
                    value = read(value)
                except Exception:  # the model says what went wrong
                    return SUSPECT
            return None if optional and value is None else typed(value)

        return check

    def _typed(self) -> Check:
        """The check of a value that has been read (and is not None)."""
        if isinstance(self.base, tuple):
            choices = {(type(a), a) for a in self.base}
            return lambda value: value if (type(value), value) in choices else SUSPECT
        if self.base == list[str]:
            return _list_check(self.min_length or 0, self.max_length)
        if self.base is str:
            return _str_check(self.min_length or 0, self.max_length, self.pattern)
        form, parse = _PARSED[self.base]
        bounds = [(_BOUNDS[key], bound) for key in ("ge", "le") if (bound := getattr(self, key)) is not None]
        return _parsed_check(form, parse, bounds, keeps_int=self.base is int)


def _plain(text: str) -> bool:
    """No whitespace at either end (by Python's reckoning, which includes all that pydantic strips), and
    no lone surrogate (which pydantic refuses as a string)."""
    if text and (text[0].isspace() or text[-1].isspace()):
        return False
    return text.isascii() or _SURROGATE.search(text) is None


def _str_check(low: int, high: int | None, pattern: str | None) -> Check:
    search = re.compile(pattern).search if pattern is not None else None

    def check(value: object) -> object:
        if type(value) is not str or not _plain(value):
            return SUSPECT
        if len(value) < low or (high is not None and len(value) > high):
            return SUSPECT
        return value if search is None or search(value) else SUSPECT

    return check


def _list_check(low: int, high: int | None) -> Check:
    def check(value: object) -> object:
        if type(value) is not list or not all(type(v) is str and _plain(v) for v in value):
            return SUSPECT
        return value if low <= len(value) and (high is None or len(value) <= high) else SUSPECT

    return check


# type -> (the strings read with certainty, how they are read)
_PARSED: dict[object, tuple[re.Pattern[str], Callable[[str], object]]] = {
    float: (_DECIMAL, float), int: (_INTEGER, int),
    dt.date: (_DATE, dt.date.fromisoformat), dt.time: (_TIME, dt.time.fromisoformat),
}


def _parsed_check(form: re.Pattern[str], parse: Callable[[str], object],
                  bounds: list[tuple[Callable[[object, object], bool], object]], keeps_int: bool) -> Check:
    """Numbers, dates and times: a string in `form` is parsed, an int stays an int (for int fields, as a
    reader may give); then the bounds apply."""
    match = form.fullmatch

    def check(value: object) -> object:
        if type(value) is str and match(value):
            try:
                value = parse(value)
            except ValueError:
                return SUSPECT
        elif not (keeps_int and type(value) is int):
            return SUSPECT
        for holds, bound in bounds:
            if not holds(value, bound):
                return SUSPECT
        return value

    return check


@dataclass(frozen=True)
class Rule:
    """A rule over several cells of a row (see the module docstring). A problem names `column`; with
    `with_field` the rule is checked as that column's cell is (beside the problems of the row's other
    cells, with those of its `fields` that are valid), else once every cell of the row is valid."""

    column: str
    fields: tuple[str, ...]
    broken: Callable[[Columns], np.ndarray]
    message: Callable[[Mapping[str, object]], str]
    with_field: bool = False

    def check_row(self, row: Mapping[str, object]) -> None:
        """Raise ValueError with the rule's message when the one `row` (typed values) breaks it."""
        if self.broken({name: [row.get(name)] for name in self.fields})[0]:
            message = self.message(row)
            raise ValueError(message if self.with_field else f"{self.column}: {message}")


def given(values: Sequence[object]) -> np.ndarray:
    """Which cells of a column hold a value."""
    return np.fromiter(map(operator.is_not, values, repeat(None)), dtype=bool, count=len(values))


def earlier(second: Sequence[object], first: Sequence[object]) -> np.ndarray:
    """Rows where both dates are given and `second` is before `first`."""
    found = np.zeros(len(second), dtype=bool)
    both = np.flatnonzero(given(second) & given(first))
    found[both] = [second[i] < first[i] for i in both.tolist()]  # type: ignore[operator]
    return found


def not_before(later: str, first: str, message: str) -> Rule:
    """The date in `later`, where given, is not before the one in `first`."""
    return Rule(later, (later, first), lambda c: earlier(c[later], c[first]), lambda _: message)


def needs(column: str, present: tuple[str, ...], needed: str, message: str) -> Rule:
    """A cell in any of `present` needs one in `needed` (a problem names `column`)."""
    def broken(columns: Columns) -> np.ndarray:
        return np.logical_or.reduce([given(columns[name]) for name in present]) & ~given(columns[needed])
    return Rule(column, (*present, needed), broken, lambda _: message)
