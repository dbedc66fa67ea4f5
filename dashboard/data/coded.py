"""A table's valid rows as factorised columns: each column its distinct typed values and one code per row.

The columnar validator (`dashboard.data.columnar`) judges each distinct cell of a column once; `Coded`
keeps that shape instead of spreading the values over the rows as Python lists. Picking rows, finding
repeated values and looking values up are NumPy operations over the codes, and each distinct value is
one Python object however many rows hold it. `CodedTable.frame` builds the data frame (the same columns,
values and dtypes as `rows.Table.frame`) and `CodedTable.table` the `rows.Table`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import not_

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.data.columns import take
from dashboard.data.problems import Problem
from dashboard.data.rows import Table, texts


@dataclass
class Coded:
    """A column: `values[codes[i]]` is row i's value (`codes` an int64 array, no code negative).
    `distinct`: the values are known to be strings (and at most one None) none equal to another, as the
    columnar reader's are when they are its dictionary's texts as they are (then `factorised` need not
    look at them)."""

    values: list[object]
    codes: np.ndarray
    distinct: bool = False

    @classmethod
    def of(cls, values: Sequence[object]) -> Coded:
        """A column from one value per row."""
        return cls(list(values), np.arange(len(values), dtype=np.int64))

    def __len__(self) -> int:
        return len(self.codes)

    def tolist(self) -> list[object]:
        """One value per row, the same object for the same code; each row its own copy of a list value."""
        picked = take(self.values, self.codes)
        if _lists(self.values):  # as pydantic gives each row its own list
            if None in picked:
                return [value if value is None else list(value) for value in picked]  # type: ignore[call-overload]
            return list(map(list.copy, picked))  # type: ignore[arg-type]
        return picked

    def at(self, positions: np.ndarray) -> list[object]:
        """The values of the rows at `positions` (the same object for the same code)."""
        return take(self.values, self.codes[positions])

    def held(self) -> set[object]:
        """The distinct values the rows hold (hashable values only)."""
        return set(take(self.values, self.used()))

    def used(self) -> np.ndarray:
        """The codes the rows hold, in order."""
        return np.flatnonzero(np.bincount(self.codes, minlength=len(self.values)))

    def blank(self) -> np.ndarray:
        """The positions of the rows whose value is blank (None, "" or another false value)."""
        empty = np.fromiter(map(not_, self.values), dtype=bool, count=len(self.values))
        return np.flatnonzero(empty[self.codes])

    def factorised(self) -> np.ndarray:
        """Each row's code into the distinct values *as compared by equality* (two equal values given
        apart, as a row validated by the model adds its own, share one code); hashable values only."""
        if self.distinct or _distinct_texts(self.values):  # as one read from a dictionary mostly is
            return self.codes
        distinct, _ = pd.factorize(pd.Series(self.values, dtype=object), use_na_sentinel=False)
        return distinct[self.codes]

    def within(self, values: Collection[object]) -> np.ndarray:
        """Which rows hold one of `values` (a set of hashable values)."""
        distinct = np.fromiter(map(values.__contains__, self.values), dtype=bool, count=len(self.values))
        return distinct[self.codes]

    def series(self) -> pd.Series:
        """The column as `rows.Table.frame` makes it from its values: the dtype inferred from the values the
        rows hold, text (and blanks) as Python strings, lists copied for each row."""
        if self.distinct and len(self.codes):  # text only (the one None held by no row): no inference
            return pd.Series(np.array(self.values, dtype=object).take(self.codes), dtype=object)
        used = self.used()
        values = take(self.values, used)
        if _lists(values):
            return pd.Series(self.tolist(), dtype=object)
        distinct = pd.Series(values, dtype=object) if texts(values) else pd.Series(values)
        renumbered = np.zeros(len(self.values), dtype=np.int64)
        renumbered[used] = np.arange(len(used))
        return pd.Series(distinct.to_numpy().take(renumbered[self.codes]), dtype=distinct.dtype)


@dataclass
class CodedTable:
    """A table's valid rows: `rows` (the spreadsheet rows, an int64 array) and the columns, in order
    (the model's fields, then the per-language columns)."""

    rows: np.ndarray
    columns: dict[str, Coded]

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def of(cls, table: Table) -> CodedTable:
        """A `rows.Table` as coded columns."""
        return cls(np.asarray(table.columns["row"], dtype=np.int64),
                   {name: Coded.of(values) for name, values in table.columns.items() if name != "row"})

    def keep(self, mask: np.ndarray) -> CodedTable:
        """The rows where `mask` is true."""
        return CodedTable(self.rows[mask], {name: Coded(column.values, column.codes[mask], column.distinct)
                                            for name, column in self.columns.items()})

    def table(self) -> Table:
        """The rows as a `rows.Table` of Python values."""
        columns: dict[str, list[object]] = {"row": self.rows.tolist()}
        columns.update((name, column.tolist()) for name, column in self.columns.items())
        return Table(columns)

    def frame(self) -> pd.DataFrame:
        """The rows as `rows.Table.frame` makes them (same columns, values and dtypes)."""
        if not len(self):
            return self.table().frame()
        data = {"row": pd.Series(self.rows)}
        data.update((name, column.series()) for name, column in self.columns.items())
        return pd.DataFrame(data, columns=list(data))


def _distinct_texts(values: list[object]) -> bool:
    """Whether the values are strings (and None) none equal to another: then each is its own code."""
    return set(map(type, values)) <= {str, type(None)} and len(set(values)) == len(values)


def _lists(values: list[object]) -> bool:
    """Whether a column's values are lists (its first value that is not None is one)."""
    return type(next((value for value in values if value is not None), None)) is list


def duplicates(table: CodedTable, key: str, file: str) -> tuple[CodedTable, list[Problem]]:
    """Keep the first row of each `key` value; report each later one with the row of the first."""
    column = table.columns[key]
    codes = column.factorised()
    repeated = pd.Series(codes).duplicated().to_numpy()
    if not repeated.any():
        return table, []
    first = np.zeros(codes.max() + 1, dtype=np.int64)
    first[codes[~repeated]] = np.flatnonzero(~repeated)  # each value's first row, by code
    rows = table.rows
    problems = [Problem(file, int(rows[i]), key, f"duplicate {key} {column.values[column.codes[i]]!r} "
                                                 f"(first in row {int(rows[first[codes[i]]])})")
                for i in np.flatnonzero(repeated).tolist()]
    return table.keep(~repeated), problems


def unknown(column: Coded, known: Mapping[str, str]) -> tuple[np.ndarray, list[list[str]]]:
    """For a column of lists of ids: which rows name an id not in `known`, and, for each such row in
    order, the unknown ids. Every id is looked up once per distinct list; in a list whose every id is
    known, each becomes `known`'s own string for it (one string for an id, however many lists name it)."""
    found = cited(column, Known(list(known.values()), list(known)))
    return found.bad, found.named


@dataclass
class Known:
    """The ids a citation may name (a table's, in its order: `ids[p]` the one string of the id at
    position p), named by `keys` (`keys[p]` what a citation writes for it; by default the ids themselves;
    no key twice). Each key's position (`positions`) and the keys as Arrow text (`arrow`) are made when
    first asked for."""

    ids: list[str]
    keys: list[str] | None = None
    _made: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, ids: list[str]) -> Known:
        """The ids of a table's rows, in order (no id twice)."""
        return cls(ids)

    @property
    def positions(self) -> dict[str, int]:
        """Each key's position."""
        if "positions" not in self._made:
            keys = self.ids if self.keys is None else self.keys
            self._made["positions"] = dict(zip(keys, range(len(keys)), strict=True))
        return self._made["positions"]  # type: ignore[return-value]

    @property
    def arrow(self) -> pa.Array | None:
        """The keys as an Arrow array of text (None when one is not text Arrow can hold)."""
        if "arrow" not in self._made:
            self._made["arrow"] = _arrow_texts(self.ids if self.keys is None else self.keys)
        return self._made["arrow"]  # type: ignore[return-value]

    def look_up_all(self, names: list[list[object]]) -> list[np.ndarray]:
        """`look_up` of each list of `names`, by one look-up (the keys made into a hash table once)."""
        found = self.look_up(list(chain.from_iterable(names)))
        return np.split(found, np.cumsum([len(some) for some in names])[:-1].tolist())

    def look_up(self, names: list[object]) -> np.ndarray:
        """The position of each of `names` (-1: not a key): by Arrow's hash table when both are text, else
        by `positions`."""
        if names and self.arrow is not None and (wanted := _arrow_texts(names)) is not None:
            found = pc.index_in(wanted, value_set=self.arrow)
            return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
        return np.fromiter(map(self.positions.get, names, repeat(-1)), dtype=np.int64, count=len(names))


def _arrow_texts(values: list[object]) -> pa.Array | None:
    """`values` as an Arrow array of text, or None when one is not a string (or not one Arrow can hold:
    a lone surrogate)."""
    try:
        return pa.array(values, pa.large_string())
    except (pa.ArrowException, UnicodeEncodeError, TypeError):
        return None


@dataclass
class Cited:
    """What a column of lists of source ids cites (`cited`): the rows naming an unknown id (`bad`, a
    boolean array over the rows) with those ids (`named`, one list per such row, in order), and every
    citation of the other rows as two arrays: the citing row's position (`at`, in row order) and the
    cited source's position (`source`, in each list's order)."""

    bad: np.ndarray
    named: list[list[str]]
    at: np.ndarray
    source: np.ndarray


def cited_names(column: Coded) -> list[object]:
    """The ids a column of lists of source ids names: each distinct list's, in order (what `cited` looks
    up)."""
    return list(chain.from_iterable(cell or [] for cell in column.values))


def cited(column: Coded, known: Known, flat: np.ndarray | None = None) -> Cited:
    """Each row's cited ids looked up in `known`: once per distinct list, not per row. In a list whose
    every id is known, each becomes `known`'s own string for it (one string for an id, however many
    lists name it). `flat`: the look-up of `cited_names(column)` when done already (`Known.look_up_all`)."""
    ids = known.ids
    lists = [cell or [] for cell in column.values]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = known.look_up(cited_names(column)) if flat is None else flat
    if len(flat) != int(lengths.sum()):
        raise ValueError("the look-up is not of this column's ids")
    missing = flat < 0
    bad = np.zeros(len(lists), dtype=bool)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    if missing.any():
        nonempty = lengths > 0
        bad[nonempty] = np.logical_or.reduceat(missing, starts[nonempty])
    good = np.flatnonzero(~bad & (lengths > 0))
    own = take(ids, flat) if len(good) else []  # (a missing id's -1 takes the last: never read)
    # each good list becomes its slice of `own`: the slices made and set by C loops, not a Python one
    deque(map(column.values.__setitem__, good.tolist(),
              map(own.__getitem__, map(slice, starts[good].tolist(), ends[good].tolist()))), maxlen=0)
    rows = bad[column.codes]
    named = ([[i for i in lists[c] if i not in known.positions] for c in column.codes[rows].tolist()]
             if rows.any() else [])
    counts = np.where(bad, 0, lengths)[column.codes]  # each row's citations (none when it is dropped)
    at = np.repeat(np.arange(len(column.codes), dtype=np.int64), counts)
    within = np.arange(len(at), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return Cited(rows, named, at, flat[np.repeat(starts[column.codes], counts) + within])
