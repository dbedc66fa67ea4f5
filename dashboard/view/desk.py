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

from dashboard.data.changeset import Addition, Change, Edit
from dashboard.data.problems import Problem
from dashboard.geo import changeset
from dashboard.i18n import N_, Translator

TABLES: dict[str, str] = {"records": N_("Records"), "figures": N_("Figures"), "events": N_("Events"),
                          "sources": N_("Sources")}
ID = "id"
VERSION = "version"
MAX_SHOWN = 500  # rows the desk shows of a table at once; the editor narrows larger tables by a search


def table_frame(folder: Path, table: str) -> pd.DataFrame:
    """A table of the data folder as the desk shows it: every cell as written (text, empty never NaN),
    indexed by id, with each row's `version` as the last column."""
    listed = changeset.rows(folder, table)
    frame = pd.DataFrame(listed, dtype=str).fillna("") if listed else pd.DataFrame(columns=[ID, VERSION])
    frame = frame.set_index(ID, drop=True)
    return frame[[*(c for c in frame.columns if c != VERSION), VERSION]]


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


def side_by_side(mine: Mapping[str, str], was: Mapping[str, object] | None,
                 now: Mapping[str, object] | None) -> pd.DataFrame:
    """A conflict as the editor reads it: for each field the editor changed, the value they started from,
    their own, and the one now in the data (a row removed meanwhile has none)."""
    was, now = was or {}, now or {}
    return pd.DataFrame({"field": list(mine), "was": [_cell(was.get(f)) for f in mine],
                         "yours": [mine[f] for f in mine],
                         "now": [_cell(now.get(f)) for f in mine]}).set_index("field")


def problem_text(problem: Problem, tr: Translator) -> str:
    """A problem as the desk lists it: the table's file, the row (as a spreadsheet counts) and the field
    it concerns, then what is wrong; a problem of the change as a whole names neither."""
    if problem.row <= 0:
        return problem.message if problem.column in ("", "reason", "editor") else \
            f"{problem.file} · {problem.column}: {problem.message}"
    return tr("{file}, row {row}, {field}: {message}", file=problem.file, row=problem.row,
              field=problem.column, message=problem.message)


def draft_text(draft: Drafted) -> str:
    """The rows a draft edits and adds, named by table and id (an added row by its id when given)."""
    named = [f"{e.table} {e.id}" for e in draft.edits]
    named += [f"+ {a.table} {a.fields.get(ID) or ''}".rstrip() for a in draft.additions]
    return ", ".join(named)


def own_fields(draft: Drafted, table: str, rid: str) -> dict[str, str]:
    """The fields the editor changed in one row of the draft."""
    return {k: v for e in draft.edits if e.table == table and e.id == rid for k, v in e.fields.items()}


def save_text(save: Mapping[str, object]) -> str:
    """A save of the history as text: each row it touched, with the cells that changed, before -> after."""
    lines = []
    for row in save.get("rows", ()) or ():
        before, after = row.get("before") or {}, row.get("after") or {}
        lines.append(f"{row.get('table')} {row.get('id')}:"
                     + (" added" if not before else " removed" if not after else ""))
        for key in sorted(set(before) | set(after)):
            if before and after and _cell(before.get(key)) != _cell(after.get(key)):
                lines.append(f"  {key}: {_cell(before.get(key))!r} -> {_cell(after.get(key))!r}")
    return "\n".join(lines)
