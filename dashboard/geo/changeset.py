"""The change-set core of the editors' desk: row edits, additions and removals across a data folder's
tables, validated as a whole, written all together or not at all, logged, kept and reversible.

Both the desk page (`/desk`) and the command line (`python -m dashboard show|edit|history|revert|approve`)
use it; `docs/desk.md` describes it for editors. What a change is (its types, a row's version) is
`dashboard.data.changeset`, re-exported here; what it does to a folder is here, in the geo layer, because
a change is validated with the folder's own validation (`dashboard.geo.validate.validate_folder`), which
geocodes, and layers import downwards only.

The API (names kept stable for the desk page):

- `row_version(row) -> str`: a short hash of a row's cells (column order and blank cells do not count).
- `show(folder, table, id) -> dict`: the row's cells as written, its `id` and its `version`;
  `LookupError` when no row has that id. `rows(folder, table) -> list[dict]`: every row so.
- `Edit(table, id, fields, expect=None)`, `Addition(table, fields)` (the id made by the id rules when
  absent: `dashboard.data.ids`), `Removal(table, id, expect=None)`;
  `Change(edits, additions, editor, reason, correction_en=None, correction_de=None, removals=())`.
- `plan(folder, change) -> Plan`: what saving would do, nothing written: `.problems` (every problem of
  the whole folder as it would be, `FILE:ROW:COLUMN: message`), `.conflicts` (`Conflict`: a row whose
  version is no longer the one the editor started from, with the current row), `.corrections` (the
  drafted correction rows, both languages), `.update` (the drafted updates row), `.touched`
  ((table, id) pairs), `.versions` ((table, id) -> version after the change), `.added`.
- `save(folder, change, review=False) -> Saved | Refused | Conflicted | Proposed`: under the folder's
  lock, re-reads the folder, checks the versions, validates, then commits every touched table,
  `updates.csv` and `corrections.csv` in one atomic commit (`dashboard.data.atomic`); keeps the save in
  the folder's history (`dashboard.data.history`). With `review=True` (`[desk] review` in config.toml)
  the change is kept as a proposal instead, which readers do not see.
- `saves(folder) -> list[dict]`: every save, oldest first (`id`, `time`, `editor`, `reason`, `kind`
  save | revert | approval, `rows` touched each with `before` and `after`, `author` and `proposal` of an
  approval, `reverts` of a revert). `save_folder(folder, spec, target)`: the folder's tables as a save
  left them (`ID`) or found them (`ID^`), written to `target` (for `diff`).
- `revert(folder, save_id, editor, reason) -> Saved | Refused | Conflicted`: puts back the rows a save
  touched, as a change of its own (logged, and itself revertible).
- `proposals(folder) -> list[dict]`, `approve(folder, proposal_id, editor)` (refused for the proposal's
  own author; logged like any save), `reject(folder, proposal_id, editor, reason)`.
- `data_version(folder) -> str`: changes whenever a table file does (from sizes and times, cheap): the
  app keys its caches by it, so a saved change shows without a restart.

Every value written passes `dashboard.data.guards` (formula cells, size, control characters, UTF-8).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from dashboard.data import atomic, history
from dashboard.data.changeset import (
    Addition,
    Change,
    Conflict,
    Conflicted,
    Edit,
    Plan,
    Proposed,
    Refused,
    Removal,
    Saved,
    row_version,
)
from dashboard.data.sheet import EDITED, file_name, read_sheet
from dashboard.geo.planning import plan
from dashboard.geo.review import approve, proposals, reject, revert
from dashboard.geo.saving import save, save_folder, saves

__all__ = [
    "Addition", "Change", "Conflict", "Conflicted", "Edit", "Plan", "Proposed", "Refused", "Removal",
    "Saved", "approve", "data_version", "plan", "proposals", "reject", "revert", "row_version", "rows",
    "save", "save_folder", "saves", "show",
]


def rows(folder: str | os.PathLike[str], table: str) -> list[dict[str, str]]:
    """Every row of `table` as written (ids filled in as the loader fills them), each with its `version`."""
    root = Path(folder)
    atomic.recover(root)
    sheet, problems = read_sheet(root, _table(table))
    if sheet is None:
        raise LookupError("; ".join(map(str, problems)))
    ids = sheet.ids()
    listed = []
    for index in range(len(sheet.rows)):
        row = sheet.with_id(index, ids)
        listed.append({**row, "version": row_version(row)})
    return listed


def show(folder: str | os.PathLike[str], table: str, rid: str) -> dict[str, str]:
    """One row of `table` as written, with its `id` and `version`; `LookupError` when there is none."""
    for row in rows(folder, table):
        if row["id"] == rid:
            return row
    raise LookupError(f"{file_name(table)} has no row with id {rid!r}")


def _table(table: str) -> str:
    if table not in EDITED:
        raise LookupError(f"unknown table {table!r} (use {', '.join(EDITED)})")
    return table


def data_version(folder: str | os.PathLike[str]) -> str:
    """A key that changes whenever a table file of the folder does (names, sizes, modification times),
    cheap enough to ask on every script run."""
    root = Path(folder)
    digest = hashlib.sha256()
    try:
        for name in history.table_files(root):
            stat = (root / name).stat()
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\n".encode())
    except OSError:
        digest.update(b"unreadable")
    return digest.hexdigest()[:16]
