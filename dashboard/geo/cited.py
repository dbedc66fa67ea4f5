"""The citations a load found: for each loaded table, the source row each of its citations names.

Loading a folder looks every cited id up in the sources table once, to report the unknown ones
(`data.coded.cited`); what that look-up finds is kept here with the two frames (`memo.per_object`), so
that a view's selection reads the (citing row, cited source row) pairs instead of looking every id up again.
A pair of frames the loader did not make (a table read back from the cache file, or one a caller made)
has none kept: the view finds its citations itself (`view.selection.citations`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.memo import per_object


def keep(sources: pd.DataFrame, table: pd.DataFrame, rows: np.ndarray, source: np.ndarray) -> None:
    """Keep `table`'s citations of `sources`, given as the citing row's spreadsheet row (`rows`, the
    table's `row` column) and the cited source's position in `sources`; citations of rows the table
    does not hold (dropped after the look-up) are left out. Nothing is kept when `row` repeats."""
    held = table["row"].to_numpy(dtype=np.int64)
    where = np.full(int(max(held.max(initial=0), rows.max(initial=0))) + 1, -1, dtype=np.int64)
    where[held] = np.arange(len(held))
    if not np.array_equal(where[held], np.arange(len(held))):  # a row twice: which is which is unknown
        return
    at = where[rows]
    found = at >= 0
    order = np.argsort(at[found], kind="stable")  # in the table's order, each list in its own order
    _held(sources, table)["pairs"] = narrowed(sources, table, at[found][order], source[found][order])


def narrowed(sources: pd.DataFrame, table: pd.DataFrame, at: np.ndarray,
             source: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Citation pairs (the citing row's position in `table`, the cited source's in `sources`) as 32-bit
    positions when both tables allow: half the bytes for every view to read."""
    index = np.int32 if max(len(table), len(sources)) < 2**31 else np.int64
    return at.astype(index), source.astype(index)


def found(sources: pd.DataFrame, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """The pairs `keep` kept for these two frames (the citing row's position in `table`, the cited
    source's position in `sources`), or None."""
    return _held(sources, table).get("pairs")


@per_object
def _held(sources: pd.DataFrame, table: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """What is kept for these two frames, for as long as both live (`memo.clear()` forgets it: the view
    then finds the citations itself)."""
    return {}
