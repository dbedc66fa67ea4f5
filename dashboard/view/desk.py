"""The editors' desk's tables: a data folder's tables as editors see them, and their edits as a change.

The desk shows each table (records, figures, events, sources) with its cells as the file holds them
(text) and its rows by id, each with its `version` (`changeset.row_version`). What the editor changed in
the shown rows becomes one `Edit` per row, made against the version shown (so a row changed meanwhile by
someone else is a conflict, never overwritten); new rows become `Addition`s, whose ids the change-set
core makes by the id rules when the `id` cell is left blank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.data.changeset import Addition, Change, Edit, row_version
from dashboard.i18n import N_

TABLES: dict[str, str] = {"records": N_("Records"), "figures": N_("Figures"), "events": N_("Events"),
                          "sources": N_("Sources")}
ID = "id"
VERSION = "version"
MAX_SHOWN = 500  # rows the desk shows of a table at once; the editor narrows larger tables by a search


def table_frame(folder: Path, table: str) -> pd.DataFrame:
    """A table of the data folder as the desk shows it: every cell as text (empty, never NaN), indexed by
    id, with each row's `version` as the last column."""
    frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    versions = [row_version(row) for row in frame.to_dict("records")]
    frame = frame.set_index(ID, drop=True)
    frame[VERSION] = versions
    return frame


def matching(frame: pd.DataFrame, needle: str, limit: int = MAX_SHOWN) -> pd.DataFrame:
    """The rows whose id or any cell contains `needle` (case-insensitive), at most `limit` of them."""
    text = needle.strip().lower()
    if text:
        hit = frame.index.str.lower().str.contains(text, regex=False)
        for column in frame.columns.drop(VERSION):
            hit |= frame[column].str.lower().str.contains(text, regex=False)
        frame = frame[hit]
    return frame.head(limit)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


@dataclass(frozen=True)
class Drafted:
    """What an editor changed in the shown tables: the row edits and the new rows."""

    edits: tuple[Edit, ...] = ()
    additions: tuple[Addition, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing was changed."""
        return not (self.edits or self.additions)

    def change(self, editor: str, reason: str, correction_en: str | None = None,
               correction_de: str | None = None) -> Change:
        """The change to plan or save."""
        return Change(list(self.edits), list(self.additions), editor, reason,
                      correction_en=correction_en or None, correction_de=correction_de or None)


def drafted(table: str, shown: pd.DataFrame, edited: pd.DataFrame) -> Drafted:
    """The edits and additions between the rows shown (`table_frame`) and what the editor made of them:
    an edit per changed row, against the version shown, naming only the changed fields; an addition per
    new row (its id left blank for the core to make, unless the editor gave one)."""
    edits, additions = [], []
    columns = [c for c in shown.columns if c != VERSION]
    for key, row in edited.iterrows():
        fields = {c: _cell(row.get(c)) for c in columns}
        if isinstance(key, str) and key in shown.index:
            before = shown.loc[key]
            changed = {c: v for c, v in fields.items() if v != _cell(before[c])}
            if changed:
                edits.append(Edit(table, key, changed, before[VERSION]))
        elif any(fields.values()):
            given = _cell(key) if isinstance(key, str) else ""
            additions.append(Addition(table, {ID: given, **{c: v for c, v in fields.items() if v}}))
    return Drafted(tuple(edits), tuple(additions))


def combined(parts: Iterable[Drafted]) -> Drafted:
    """The edits and additions of several tables as one change."""
    parts = list(parts)
    return Drafted(tuple(e for p in parts for e in p.edits), tuple(a for p in parts for a in p.additions))


def side_by_side(mine: Mapping[str, str], theirs: Mapping[str, object]) -> pd.DataFrame:
    """A conflict as the editor reads it: for each field the editor changed, their value and the one now
    in the data."""
    return pd.DataFrame({"field": list(mine), "yours": [mine[f] for f in mine],
                         "now": [_cell(theirs.get(f)) for f in mine]}).set_index("field")
