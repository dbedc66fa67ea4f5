"""A view's figures and events grouped by record, as the exports read them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.scene import Scene


class RowsByRecord:
    """A table's rows (a view's figures or events) grouped by `record`, each group in the table's order:
    the cells read column by column once, a group's rows made mappings of them when first asked for.
    `rows` are the rows' positions in the data's table (`rows` by record: each group's)."""

    def __init__(self, table: pd.DataFrame, rows: np.ndarray) -> None:
        self._names = [str(c) for c in table.columns]
        self._cells = [table[c].tolist() for c in table.columns]
        self._cited = table["sources"].tolist()
        at: dict[object, list[int]] = {}
        for n, record in enumerate(table["record"].tolist()):
            at.setdefault(record, []).append(n)
        self._at = at
        positions = rows.tolist()
        self.rows: dict[object, tuple[int, ...]] = {record: tuple(positions[n] for n in ns)
                                                    for record, ns in at.items()}
        self._made: dict[object, list[dict[str, object]]] = {}

    def of(self, record: object) -> list[dict[str, object]]:
        """The record's rows as mappings of their cells."""
        made = self._made.get(record)
        if made is None:
            made = [dict(zip(self._names, [cells[n] for cells in self._cells], strict=True))
                    for n in self._at.get(record, ())]
            self._made[record] = made
        return made

    def sources(self, record: object) -> list[list[str]]:
        """The `sources` cell of each of the record's rows."""
        return [self._cited[n] for n in self._at.get(record, ())]


def groups(view: Scene) -> tuple[RowsByRecord, RowsByRecord]:
    """The view's figures and events grouped by record (`RowsByRecord`)."""
    selection = view.selection
    return (RowsByRecord(selection.figures, selection.figure_rows),
            RowsByRecord(selection.events, selection.event_rows))


_last_groups: list[tuple[object, tuple[RowsByRecord, RowsByRecord]]] = []  # of the last view asked


def shared_groups(view: Scene) -> tuple[RowsByRecord, RowsByRecord]:
    """`groups(view)`, kept for the next call on the same selection only: a caller that makes every
    export of many views in turn (the edition's pieces: the CSV, the GeoJSON and each record's
    corrections read the same groups) groups each view once, and no more than one view's is held."""
    if _last_groups and _last_groups[0][0] is view.selection:
        return _last_groups[0][1]
    made = groups(view)
    _last_groups[:] = [(view.selection, made)]
    return made
