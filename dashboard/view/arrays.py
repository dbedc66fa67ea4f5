"""A loaded dataset's columns as NumPy arrays, made once per table: what the selections read on every view.

A view's selection compares every record's country and date, and finds every figure's and event's
record. Done on the tables' Python objects (dates, strings, lists), each view would cost a pass of
Python work per row; done on these arrays it is a handful of NumPy operations. Each array is made on
first use and kept for as long as its table lives (`memo.per_object`): the tables of a loaded dataset
are never changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from dashboard.memo import per_object

EPOCH = dt.date(1970, 1, 1)
NO_DAY = np.iinfo(np.int64).min  # a missing date: before every day


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01, as the arrays below hold dates."""
    return (day - EPOCH).days


def days(column: pd.Series) -> np.ndarray:
    """A column of dates (or None) as day numbers (`day_number`); NO_DAY where there is none."""
    stamps = pd.to_datetime(column.astype(object), errors="coerce")
    out = stamps.to_numpy("datetime64[D]").astype(np.int64)
    out[stamps.isna().to_numpy()] = NO_DAY
    return out


def date_order(dates: np.ndarray, kind: str = "quicksort") -> np.ndarray:
    """The positions of `dates` in date order, as `sort_values(kind=kind)` orders a frame by them (that
    sort of the dates given, the missing ones last)."""
    missing = pd.isna(dates)
    given = np.flatnonzero(~missing)
    return np.concatenate([given[dates[given].argsort(kind=kind)], np.flatnonzero(missing)])


class _Columns:
    """One table's columns as arrays, each made on first use."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame
        self._days: dict[str, np.ndarray] = {}
        self._codes: dict[str, tuple[np.ndarray, pd.Index]] = {}
        self._values: dict[str, np.ndarray] = {}

    def values(self, column: str) -> np.ndarray:
        """The column's values as an array (the frame's own, where it holds them as one)."""
        if column not in self._values:
            self._values[column] = self._frame[column].to_numpy()
        return self._values[column]

    def days(self, column: str) -> np.ndarray:
        """The column's dates as day numbers (NO_DAY: none)."""
        if column not in self._days:
            self._days[column] = days(self._frame[column])
        return self._days[column]

    def codes(self, column: str) -> tuple[np.ndarray, pd.Index]:
        """The column's values as integer codes (-1: missing) and the distinct values they stand for."""
        if column not in self._codes:
            codes, uniques = pd.factorize(self._frame[column].astype(object), use_na_sentinel=True)
            self._codes[column] = (codes, pd.Index(uniques, dtype=object))
        return self._codes[column]

    def isin(self, column: str, values: object) -> np.ndarray:
        """Where the column holds one of `values`, as a boolean array."""
        codes, uniques = self.codes(column)
        return among_codes(codes, uniques, values)


def among_codes(codes: np.ndarray, uniques: pd.Index, values: object) -> np.ndarray:
    """Which `codes` (-1: missing) stand for one of `values` among `uniques`: one look-up per code."""
    wanted = np.append(uniques.isin(list(values)), False)  # type: ignore[call-overload]  # the last: -1
    return wanted[codes]


@per_object
def columns(frame: pd.DataFrame) -> _Columns:
    """The table's columns as arrays (kept for the table's life)."""
    return _Columns(frame)


@per_object
def _ids(frame: pd.DataFrame) -> tuple[pd.Index, np.ndarray]:
    """The table's distinct ids as an index, and the row of each (its first, should one repeat)."""
    ids = pd.Index(frame["id"].astype(object))
    if ids.is_unique:  # as a loaded table's are: the index itself, whose hash table the look-ups use
        return ids, np.arange(len(ids))
    first = ~ids.duplicated()
    return ids[first], np.flatnonzero(first)


def row_of(frame: pd.DataFrame, ids: object) -> np.ndarray:
    """The row (position) in `frame` of each of `ids` (-1: none), found without a pass over the table."""
    index, rows = _ids(frame)
    found = index.get_indexer(pd.Index(ids, dtype=object))  # type: ignore[call-overload]
    return np.where(found >= 0, rows[np.maximum(found, 0)], -1)


@per_object
def record_rows(records: pd.DataFrame, table: pd.DataFrame) -> np.ndarray:
    """For each row of `table` (figures, events), the position of its record in `records` (-1: none)."""
    return row_of(records, table["record"])


def rows_at(records: pd.DataFrame, table: pd.DataFrame, chosen: np.ndarray) -> np.ndarray:
    """Which rows of `table` belong to one of the `records` rows where `chosen` (a boolean array over
    `records`) is true."""
    at = record_rows(records, table)
    return (at >= 0) & chosen[np.maximum(at, 0)]


def looked_up(frame: pd.DataFrame, column: str, ids: object) -> pd.Series:
    """The `column` value of each of `ids` that names a row of `frame`, indexed by id (one lookup per
    id, never a pass over the table); ids it does not know are left out."""
    wanted = pd.Index(pd.unique(pd.Series(list(ids) if not isinstance(ids, pd.Series | pd.Index | np.ndarray)  # type: ignore[call-overload]
                                          else ids, dtype=object).dropna()), dtype=object)
    at = row_of(frame, wanted) if len(frame) else np.full(len(wanted), -1)
    found = at >= 0
    return pd.Series(frame[column].to_numpy()[at[found]], index=wanted[found], dtype=object)


def per_distinct(func: Callable[..., object], *values: object) -> np.ndarray:
    """`func` of each row's values (one array-like per argument), called once per distinct combination
    of them (a number or a date written many times is formatted once), as an array of objects. A
    missing value (None, NaN, NaT) reaches `func` as None."""
    arrays = [_plain_column(v) for v in values]
    if not len(arrays[0]):
        return np.empty(0, dtype=object)
    if len(arrays) == 1:
        codes, uniques = pd.factorize(arrays[0], use_na_sentinel=False)
        done = [func(_value(u)) for u in uniques]
    else:  # each column's codes, then one integer per combination of them
        parts = [pd.factorize(a, use_na_sentinel=False) for a in arrays]
        key = np.zeros(len(arrays[0]), dtype=np.int64)
        for part_codes, part_uniques in parts:
            key = key * len(part_uniques) + part_codes
        codes, combos = pd.factorize(key)
        firsts = np.zeros(len(combos), dtype=np.int64)
        firsts[codes[::-1]] = np.arange(len(codes))[::-1]  # a row of each combination
        done = [func(*(_value(uniques[part_codes[i]]) for part_codes, uniques in parts)) for i in firsts]
    out = np.empty(len(done), dtype=object)
    out[:] = done
    return out[codes]


def _plain_column(values: object) -> pd.Series:
    """Values as a Series of their own numbers, else of Python objects (dates stay dates)."""
    column = (values if isinstance(values, pd.Series) else pd.Series(values)).reset_index(drop=True)
    return column if pd.api.types.is_numeric_dtype(column.dtype) else column.astype(object)


def _value(value: object) -> object:
    return None if pd.api.types.is_scalar(value) and pd.isna(value) else value


def joined(lists: pd.Series, names: Callable[[pd.Series], pd.Series], sep: str = "; ") -> pd.Series:
    """Each cell's list of ids, each id named by `names` (a Series of ids to a Series of names; an id it
    leaves missing stays as it is), joined by `sep`: position by position over the whole column, not
    list by list."""
    items = lists.reset_index(drop=True).explode()
    items = items[items.notna()]
    named = names(items).where(lambda n: n.notna(), items).astype(object)
    rows, place = named.index.to_numpy(), named.groupby(level=0, sort=False).cumcount().to_numpy()
    text = named.astype(str).to_numpy(dtype=object)
    out = np.full(len(lists), "", dtype=object)
    for k in range(int(place.max()) + 1 if len(place) else 0):
        at = place == k
        here = rows[at]
        out[here] = text[at] if k == 0 else out[here] + sep + text[at]
    return pd.Series(out, index=lists.index, dtype=object)


def among(values: pd.Series, pool: pd.Series) -> np.ndarray:
    """Which of `values` are in `pool`, hashing the smaller of the two (a few figures' records against
    hundreds of thousands of shown ids costs a pass over the ids, not a table of them)."""
    if len(pool) > 4 * len(values):
        wanted = pd.unique(values.to_numpy(dtype=object))
        pool = pool[pool.isin(wanted)]
    return values.isin(pool).to_numpy(dtype=bool)
