"""Some rows of a table, named by their positions, with columns of their own: a view's records without a
copy of them.

A view shows tens of thousands of records. Copying their rows into a frame of their own on every view
costs a pass over every cell of them; most readers want a few columns of a few of the rows (the
contingents, the unrest places with a toll, the points around the map). `Rows` keeps the positions and
reads the table's columns as arrays (`view.arrays.columns`, made once per table); `frame` copies only the
rows and columns a reader asks for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import numpy as np
import pandas as pd

from dashboard.view.arrays import among_codes, columns


class Rows:
    """The rows of `table` at the positions `at`, in that order; `own` holds columns of their own, one
    value per position (a contingent's status on the date, a circle's size), which `frame` adds."""

    def __init__(self, table: pd.DataFrame, at: np.ndarray,
                 own: Mapping[str, np.ndarray] | None = None) -> None:
        self.table = table
        self.at = np.asarray(at, dtype=np.int64)
        self.own: Mapping[str, np.ndarray] = own if isinstance(own, _Taken) else dict(own or {})
        self._values: dict[str, np.ndarray] = {}
        self._codes: dict[str, tuple[np.ndarray, pd.Index]] = {}
        self._isin: dict[tuple[str, tuple[object, ...]], np.ndarray] = {}

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Rows:
        """Every row of `frame`, its columns all its own table's."""
        return cls(frame, np.arange(len(frame)))

    def __len__(self) -> int:
        return len(self.at)

    def values(self, column: str) -> np.ndarray:
        """The column's value at each row, as an array (no row copied but this column's cells)."""
        if column in self.own:
            return self.own[column]
        if column not in self._values:
            self._values[column] = columns(self.table).values(column)[self.at]
        return self._values[column]

    def has(self, column: str) -> bool:
        """Whether the rows have this column (the table's or their own)."""
        return column in self.own or column in self.table.columns

    def codes(self, column: str) -> tuple[np.ndarray, pd.Index]:
        """The table column's value at each row as an integer code (-1: missing), and the distinct values
        the codes stand for (`view.arrays.columns`)."""
        if column not in self._codes:  # the panels, the map and the text ask for the layers many times
            codes, uniques = columns(self.table).codes(column)
            self._codes[column] = (codes[self.at], uniques)
        return self._codes[column]

    def isin(self, column: str, wanted: Iterable[object]) -> np.ndarray:
        """Which rows hold one of `wanted` in `column`, as a boolean array over the rows (a copy of the one
        kept for the next reader who asks the same)."""
        wanted = tuple(wanted)
        key = (column, wanted)
        if key not in self._isin:
            if column in self.own:
                self._isin[key] = pd.Series(self.own[column], dtype=object).isin(list(wanted)).to_numpy()
            else:
                self._isin[key] = among_codes(*self.codes(column), wanted)
        return self._isin[key].copy()

    def where(self, keep: np.ndarray) -> Rows:
        """The rows where `keep` (a boolean array over the rows) is true, with their own columns (each
        taken from these rows' when first read)."""
        return Rows(self.table, self.at[keep], _Taken(self.own, keep))

    def frame(self, only: Iterable[str] | None = None) -> pd.DataFrame:
        """The rows as a frame of their own (a copy of these rows only): every column of the table, or
        `only` those, then the rows' own columns (those asked for)."""
        if only is None:
            out = self.table.iloc[self.at]
            return out.assign(**self.own) if self.own else out
        index = self.table.index[self.at]
        return pd.DataFrame({name: pd.Series(self.values(name), index=index, dtype=self.values(name).dtype)
                             for name in only if self.has(name)}, index=index)


class _Taken(Mapping[str, np.ndarray]):
    """Some rows' own columns, as rows where `keep` takes them: each column taken on first use (most
    readers of a few of the rows read none of them, or one)."""

    def __init__(self, own: Mapping[str, np.ndarray], keep: np.ndarray) -> None:
        self._own, self._keep = own, keep
        self._taken: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._taken:
            self._taken[name] = self._own[name][self._keep]
        return self._taken[name]

    def __contains__(self, name: object) -> bool:
        return name in self._own

    def __iter__(self) -> Iterator[str]:
        return iter(self._own)

    def __len__(self) -> int:
        return len(self._own)
