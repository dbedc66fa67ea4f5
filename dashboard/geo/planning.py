"""Planning a change of a data folder: the rows it edits, adds and removes, their new versions, the log
rows it appends, and every problem of the whole folder as it would be (the folder's own validation, run
on a scratch copy). Nothing is written; `dashboard.geo.saving` writes what a plan says. Part of the
editors' desk's core (`dashboard.geo.changeset`).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from dashboard.data import atomic, history
from dashboard.data.changeset import Change, Conflict, Plan, row_version
from dashboard.data.drafts import append_logs
from dashboard.data.guards import field_problems
from dashboard.data.ids import event_key, figure_key, numbered, record_key, source_key
from dashboard.data.problems import Problem
from dashboard.data.schema import RecordRow, Row
from dashboard.data.sheet import EDITED, LOGS, MODELS, Sheet, read_sheet
from dashboard.geo.validate import GAZETTEER_SUBDIR, validate_folder

MAX_ROWS = 200  # rows one change may touch (its log rows must fit their cells)
CHANGE = "change"  # the "file" of a problem with the change itself (no editor, no reason)


def model(table: str) -> type[Row]:
    """The row model of an edited table."""
    return RecordRow if table == "records" else MODELS[table]


def _made_id(table: str, fields: Mapping[str, str], taken: set[str]) -> str:
    cell = {k: str(v).strip() for k, v in fields.items()}
    if table == "figures":
        digits = cell.get("value", "").replace(",", "").replace("_", "")
        base = figure_key(cell.get("record", ""), cell.get("metric", ""), int(digits) if digits.isdigit()
                          else cell.get("value", ""))
    elif table == "events":
        base = event_key(cell.get("date", ""), cell.get("record", ""), cell.get("kind", ""))
    elif table == "records":
        base = record_key(cell.get("name", ""), cell.get("layer", ""))
    else:
        base = source_key(cell.get("publisher", ""), cell.get("date", ""))
    return numbered(base, taken)


def now_utc() -> dt.datetime:
    """Now, in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def plan(folder: str | os.PathLike[str], change: Change) -> Plan:
    """What saving `change` would do to `folder`, nothing written (see the module docstring)."""
    root = Path(folder)
    atomic.recover(root)
    return plan_locked(root, change, save_id="", now=now_utc())


def plan_locked(root: Path, change: Change, *, save_id: str, now: dt.datetime) -> Plan:
    """`plan`, for a caller that holds the folder's lock (or has recovered it)."""
    out = Plan()
    if not change.editor.strip():
        out.problems.append(Problem(CHANGE, 0, "editor", "name the editor"))
    if not change.reason.strip():
        out.problems.append(Problem(CHANGE, 0, "reason", "give a reason for the change"))
    if (change.correction_en is None) != (change.correction_de is None):
        out.problems.append(Problem(CHANGE, 0, "correction",
                                    "give the correction in both languages, or neither"))
    size = len(change.edits) + len(change.additions) + len(change.removals)
    if size > MAX_ROWS:
        out.problems.append(Problem(CHANGE, 0, "-", f"a change touches at most {MAX_ROWS} rows, not {size}"))
        return out
    sheets: dict[str, Sheet] = {}
    for table in (*EDITED, *LOGS):
        sheet, found = read_sheet(root, table)
        out.problems += found
        if sheet is not None:
            sheets[table] = sheet
    if len(sheets) < len(EDITED) + len(LOGS):
        return out
    changed: set[str] = set()
    log: list[tuple[str, str, str]] = []
    wanted = [e.table for e in (*change.edits, *change.additions, *change.removals)]
    for table in dict.fromkeys(wanted):
        if table not in EDITED:
            out.problems.append(Problem(CHANGE, 0, "table",
                                        f"unknown table {table!r} (use {', '.join(EDITED)})"))
    if "records" in wanted and (root / "records.parquet").exists():
        out.problems.append(Problem("records.parquet", 0, "-", "the desk changes CSV tables only; records "
                                                               "are read from records.parquet here"))
    if out.problems:
        return out

    for edit in change.edits:
        sheet = sheets[edit.table]
        ids = sheet.ids()
        index = ids.index(edit.id) if edit.id in ids else None
        if index is None:
            if edit.expect:
                out.conflicts.append(Conflict(edit.table, edit.id, edit.expect, None, None))
            else:
                out.problems.append(Problem(sheet.file, 0, "id", f"no row has id {edit.id!r}"))
            continue
        before = sheet.with_id(index, ids)
        current = row_version(before)
        if edit.expect and edit.expect != current:
            out.conflicts.append(Conflict(edit.table, edit.id, edit.expect, current, before))
            continue
        fields = {k: v for k, v in edit.fields.items() if k != "version"}
        if "id" in fields and str(fields["id"]).strip() != edit.id:
            out.problems.append(Problem(sheet.file, index + 2, "id", "an id is kept: corrections and links "
                                                                    "name the row by it"))
            continue
        found = field_problems(sheet.file, index + 2, fields, model(edit.table))
        out.problems += found
        if found:
            continue
        after = {**before, **{k: str(v).strip() for k, v in fields.items()}}
        if row_version(after) == row_version(before):
            continue  # the row as it is (a table shown and saved untouched): no change, nothing logged
        for column in after:
            sheet.add_column(column)
        sheet.rows[index] = after
        changed.add(edit.table)
        out.rows.append({"table": edit.table, "id": edit.id, "before": before, "after": after})
        log.append(("changed", edit.table, edit.id))

    for addition in change.additions:
        sheet = sheets[addition.table]
        fields = {k: str(v).strip() for k, v in addition.fields.items() if k != "version"}
        found = field_problems(sheet.file, len(sheet.rows) + 2, fields, model(addition.table))
        out.problems += found
        if found:
            continue
        rid = fields.get("id") or _made_id(addition.table, fields, set(sheet.ids()))
        after = {**fields, "id": rid}
        for column in after:
            sheet.add_column(column)
        sheet.rows.append(after)
        changed.add(addition.table)
        out.added.append((addition.table, rid))
        out.rows.append({"table": addition.table, "id": rid, "before": None, "after": after})
        log.append(("added", addition.table, rid))

    for removal in change.removals:
        sheet = sheets[removal.table]
        ids = sheet.ids()
        if removal.id not in ids:
            if removal.expect:
                out.conflicts.append(Conflict(removal.table, removal.id, removal.expect, None, None))
            else:
                out.problems.append(Problem(sheet.file, 0, "id", f"no row has id {removal.id!r}"))
            continue
        index = ids.index(removal.id)
        before = sheet.with_id(index, ids)
        if removal.expect and removal.expect != row_version(before):
            out.conflicts.append(Conflict(removal.table, removal.id, removal.expect, row_version(before),
                                          before))
            continue
        for other, own in enumerate(ids):  # made ids written down, so no other row's id moves
            if other != index and not sheet.rows[other].get("id", "").strip():
                sheet.add_column("id")
                sheet.rows[other]["id"] = own
        del sheet.rows[index]
        changed.add(removal.table)
        out.rows.append({"table": removal.table, "id": removal.id, "before": before, "after": None})
        log.append(("removed", removal.table, removal.id))

    if out.conflicts or out.problems or not log:
        if not log and not out.conflicts and not out.problems:
            out.problems.append(Problem(CHANGE, 0, "-", "the change changes nothing"))
        return out
    append_logs(out, change, sheets, log, now, save_id)
    changed |= {"updates"} | ({"corrections"} if out.corrections else set())
    changed |= {t for t, sheet in sheets.items() if sheet.legacy}  # saved as UTF-8, so the folder validates
    out.files = {sheets[t].file: sheets[t].to_bytes() for t in (*EDITED, *LOGS) if t in changed}
    out.touched = [(t, i) for _, t, i in log]
    out.versions = {(str(r["table"]), str(r["id"])): row_version(r["after"])  # type: ignore[arg-type]
                    for r in out.rows if r["after"] is not None}
    out.problems += _validated(root, out.files)
    return out


def _validated(root: Path, files: Mapping[str, bytes]) -> list[Problem]:
    """Every problem of the folder as it would be with `files` written: the folder's own validation, run
    on a copy beside nothing (unchanged files linked in)."""
    with tempfile.TemporaryDirectory(prefix="desk-") as scratch:
        would_be = Path(scratch) / root.name
        would_be.mkdir()
        for name in history.table_files(root):
            if name not in files:
                os.symlink((root / name).resolve(), would_be / name)
        for name, body in files.items():
            (would_be / name).write_bytes(body)
        if (root / GAZETTEER_SUBDIR).is_dir():
            os.symlink((root / GAZETTEER_SUBDIR).resolve(), would_be / GAZETTEER_SUBDIR)
        return validate_folder(would_be)
