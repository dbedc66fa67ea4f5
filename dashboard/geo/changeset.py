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

import dataclasses
import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from dashboard.data import atomic, drafts, history
from dashboard.data.cells import split_ids
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
from dashboard.data.guards import cell_refusal
from dashboard.data.ids import event_key, figure_key, record_key, source_key
from dashboard.data.problems import Problem
from dashboard.data.schema import RecordRow, Row
from dashboard.data.sheet import EDITED, LOGS, MODELS, Sheet, file_name, read_sheet
from dashboard.geo.validate import GAZETTEER_SUBDIR, validate_folder

__all__ = [
    "Addition", "Change", "Conflict", "Conflicted", "Edit", "Plan", "Proposed", "Refused", "Removal",
    "Saved", "approve", "data_version", "plan", "proposals", "reject", "revert", "row_version", "rows",
    "save", "save_folder", "saves", "show",
]

MAX_ROWS = 1000  # rows one change may touch
CHANGE = "change"  # the "file" of a problem with the change itself (no editor, no reason)



def _model(table: str) -> type[Row]:
    return RecordRow if table == "records" else MODELS[table]


def _with_id(sheet: Sheet, index: int, ids: Sequence[str]) -> dict[str, str]:
    row = {c: sheet.rows[index].get(c, "") for c in sheet.columns}
    row["id"] = ids[index]
    return row


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
        row = _with_id(sheet, index, ids)
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


# ---------------------------------------------------------------------------------------------------------
# Planning a change


def _guarded(file: str, row: int, fields: Mapping[str, str], model: type[Row]) -> list[Problem]:
    problems = []
    for column, value in fields.items():
        if column == "version":
            continue
        if not model.knows(column) or column in model.EXPORTED:
            problems.append(Problem(file, row, column or "-", "unknown column"))
        elif not isinstance(value, str):
            problems.append(Problem(file, row, column, "a cell must be text"))
        elif refusal := cell_refusal(value):
            problems.append(Problem(file, row, column, refusal))
    return problems


def _made_id(table: str, fields: Mapping[str, str], taken: set[str]) -> str:
    cell = {k: str(v).strip() for k, v in fields.items()}
    if table == "figures":
        digits = cell.get("value", "").replace(",", "").replace("_", "")
        base = figure_key(cell.get("record", ""), cell.get("metric", ""), int(digits) if digits.isdigit()
                          else cell.get("value", ""))
    elif table == "events":
        base = event_key(cell.get("date", ""), cell.get("record", ""), cell.get("kind", ""))
    elif table == "records":
        base = record_key(cell.get("name", ""))
    else:
        base = source_key(cell.get("publisher", ""), cell.get("date", ""))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _cited(table: str, row: Mapping[str, str] | None, rid: str) -> list[str]:
    if table == "sources":
        return [rid]
    return list(split_ids((row or {}).get("sources", "")))  # type: ignore[arg-type]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def plan(folder: str | os.PathLike[str], change: Change) -> Plan:
    """What saving `change` would do to `folder`, nothing written (see the module docstring)."""
    root = Path(folder)
    atomic.recover(root)
    return _plan(root, change, save_id="", now=_now())


def _plan(root: Path, change: Change, *, save_id: str, now: dt.datetime) -> Plan:
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
        before = _with_id(sheet, index, ids)
        current = row_version(before)
        if edit.expect and edit.expect != current:
            out.conflicts.append(Conflict(edit.table, edit.id, edit.expect, current, before))
            continue
        fields = {k: v for k, v in edit.fields.items() if k != "version"}
        if "id" in fields and str(fields["id"]).strip() != edit.id:
            out.problems.append(Problem(sheet.file, index + 2, "id", "an id is kept: corrections and links "
                                                                    "name the row by it"))
            continue
        found = _guarded(sheet.file, index + 2, fields, _model(edit.table))
        out.problems += found
        if found:
            continue
        after = {**before, **{k: str(v).strip() for k, v in fields.items()}}
        for column in after:
            sheet.add_column(column)
        sheet.rows[index] = after
        changed.add(edit.table)
        out.rows.append({"table": edit.table, "id": edit.id, "before": before, "after": after})
        log.append(("changed", edit.table, edit.id))

    for addition in change.additions:
        sheet = sheets[addition.table]
        fields = {k: str(v).strip() for k, v in addition.fields.items() if k != "version"}
        found = _guarded(sheet.file, len(sheet.rows) + 2, fields, _model(addition.table))
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
        before = _with_id(sheet, index, ids)
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
    _log_rows(out, change, sheets, log, now, save_id)
    changed |= {"updates"} | ({"corrections"} if out.corrections else set())
    out.files = {sheets[t].file: sheets[t].to_bytes() for t in (*EDITED, *LOGS) if t in changed}
    out.touched = [(t, i) for _, t, i in log]
    out.versions = {(str(r["table"]), str(r["id"])): row_version(r["after"])  # type: ignore[arg-type]
                    for r in out.rows if r["after"] is not None}
    out.problems += _validated(root, out.files)
    return out


def _log_rows(out: Plan, change: Change, sheets: dict[str, Sheet], log: list[tuple[str, str, str]],
              now: dt.datetime, save_id: str) -> None:
    """Append the drafted corrections and the updates row (to the sheets and to `out`)."""
    records = {rid: row for rid, row in zip(sheets["records"].ids(), sheets["records"].rows, strict=True)}
    sources = {rid: row for rid, row in zip(sheets["sources"].ids(), sheets["sources"].rows, strict=True)}
    day = now.date().isoformat()
    given = change.correction_en is not None and change.correction_de is not None
    for entry in out.rows:
        before, after = entry["before"], entry["after"]
        if before is None or after is None:
            continue
        table, rid = str(entry["table"]), str(entry["id"])
        text = drafts.correction(table, rid, before, after, records, sources)  # type: ignore[arg-type]
        if given:
            text = {"summary_en": str(change.correction_en).strip(),
                    "summary_de": str(change.correction_de).strip()}
        if text is None:
            continue
        row = {"date": day, "table": table, "id": rid, **text,
               "sources": ";".join(_cited(table, after, rid))}  # type: ignore[arg-type]
        out.corrections.append(row)
    for row in out.corrections:
        out.problems += _guarded("corrections.csv", len(sheets["corrections"].rows) + 2, row,
                                 MODELS["corrections"])
        for column in row:
            sheets["corrections"].add_column(column)
        sheets["corrections"].rows.append(row)
    cited: dict[str, None] = {}
    for entry in out.rows:
        row = entry["after"] if entry["after"] is not None else entry["before"]
        cited.update(dict.fromkeys(_cited(str(entry["table"]), row, str(entry["id"]))))  # type: ignore[arg-type]
    out.update = {"date": day, "time": now.strftime("%H:%M:%S"), "editor": change.editor.strip(),
                  "save": save_id, "touched": "; ".join(f"{t}:{i}" for _, t, i in log),
                  **drafts.update(log, change.reason), "sources": ";".join(cited)}
    out.problems += _guarded("updates.csv", len(sheets["updates"].rows) + 2, out.update, MODELS["updates"])
    for column in out.update:
        sheets["updates"].add_column(column)
    sheets["updates"].rows.append(out.update)


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


# ---------------------------------------------------------------------------------------------------------
# Saving, history, review


def _landed(root: Path) -> list[str]:
    """The saves that landed, in the order of the updates log."""
    sheet, _ = read_sheet(root, "updates")
    if sheet is None:
        return []
    return [r.get("save", "").strip() for r in sheet.rows if r.get("save", "").strip()]


def _change_record(change: Change) -> dict[str, object]:
    return dataclasses.asdict(change)


def _change_of(record: Mapping[str, object]) -> Change:
    data = dict(record)
    return Change(edits=[Edit(**e) for e in data.pop("edits", [])],  # type: ignore[union-attr, arg-type]
                  additions=[Addition(**a) for a in data.pop("additions", [])],  # type: ignore[union-attr, arg-type]
                  removals=[Removal(**r) for r in data.pop("removals", [])],  # type: ignore[union-attr, arg-type]
                  **data)  # type: ignore[arg-type]


def save(folder: str | os.PathLike[str], change: Change, *, review: bool = False,
         now: dt.datetime | None = None) -> Saved | Refused | Conflicted | Proposed:
    """Save `change` (see the module docstring); nothing is written unless it is `Saved` (or `Proposed`)."""
    return _save(Path(folder), change, review=review, now=now, meta={"kind": "save"})


def _save(root: Path, change: Change, *, review: bool, now: dt.datetime | None,
          meta: Mapping[str, object]) -> Saved | Refused | Conflicted | Proposed:
    now = now or _now()
    save_id = history.new_id(now)
    with atomic.folder_lock(root):
        atomic._recover_locked(root)  # a commit another writer left half done counts (or not) first
        landed = set(_landed(root))
        for record in history.records(root, history.SAVES):
            if record.get("id") not in landed:  # a save whose writer died before its commit counted
                history.remove_record(root, history.SAVES, str(record.get("id")))
        if meta.get("proposal") and meta["proposal"] in {s.get("proposal") for s in _saves(root)}:
            return Refused([Problem("proposal", 0, "id", f"the proposal {meta['proposal']!r} is approved")])
        planned = _plan(root, change, save_id=save_id, now=now)
        if planned.conflicts:
            return Conflicted(planned.conflicts)
        if planned.problems:
            return Refused(planned.problems)
        if review:
            return _propose(root, change, planned, save_id, now)
        record = {"id": save_id, "time": now.isoformat(), "editor": change.editor.strip(),
                  "reason": change.reason.strip(), **meta, "rows": planned.rows,
                  "before": history.manifest(root), "after": history.manifest(root, planned.files)}
        history.write_record(root, history.SAVES, record)
        atomic.checkpoint("desk-recorded")
        atomic.commit(root, planned.files, locked=True)
    return Saved(save_id, planned.versions, planned.added, planned)


def saves(folder: str | os.PathLike[str]) -> list[dict[str, object]]:
    """Every save of the folder that landed, oldest first (see the module docstring)."""
    root = Path(folder)
    atomic.recover(root)
    return _saves(root)


def _saves(root: Path) -> list[dict[str, object]]:
    found = []
    for sid in _landed(root):
        record = history.read_record(root, history.SAVES, sid)
        if record is not None:
            found.append(record)
    return found


def _resolve(root: Path, spec: str) -> tuple[dict[str, object], str]:
    """The save a spec names (an id or its unique beginning; `^` at the end: the folder before it)."""
    wanted = spec.rstrip("^")
    matches = [s for s in saves(root) if str(s["id"]) == wanted] or \
              [s for s in saves(root) if str(s["id"]).startswith(wanted)]
    if len(matches) != 1:
        raise LookupError(f"{'no' if not matches else 'more than one'} save of {root} is named {wanted!r}")
    return matches[0], "before" if spec.endswith("^") else "after"


def save_folder(folder: str | os.PathLike[str], spec: str, target: str | os.PathLike[str]) -> Path:
    """The folder's tables as the save `spec` left them (`ID`) or found them (`ID^`), written to the new
    folder `target`; `LookupError` when no single save has that id."""
    root = Path(folder)
    record, side = _resolve(root, spec)
    return history.materialise(root, record[side], Path(target))  # type: ignore[arg-type]


def revert(folder: str | os.PathLike[str], save_id: str, editor: str, reason: str, *,
           now: dt.datetime | None = None) -> Saved | Refused | Conflicted:
    """Put back every row the save `save_id` touched as it was before it: a change of its own, refused as
    a conflict when one of those rows has changed since."""
    root = Path(folder)
    record, _ = _resolve(root, save_id)
    edits, additions, removals = [], [], []
    for entry in record["rows"]:  # type: ignore[attr-defined]
        table, rid, before, after = entry["table"], entry["id"], entry["before"], entry["after"]
        if before is None:
            removals.append(Removal(table, rid, row_version(after)))
        elif after is None:
            additions.append(Addition(table, before))
        else:
            fields = {k: before.get(k, "") for k in dict.fromkeys([*after, *before]) if k != "id"}
            edits.append(Edit(table, rid, fields, row_version(after)))
    change = Change(edits, additions, editor, reason, removals=removals)
    result = _save(root, change, review=False, now=now, meta={"kind": "revert", "reverts": record["id"]})
    assert not isinstance(result, Proposed)
    return result


def _propose(root: Path, change: Change, planned: Plan, pid: str, now: dt.datetime) -> Proposed:
    """Keep a change for review, each edit made against the version it was proposed on."""
    pinned = dataclasses.replace(change, edits=[
        dataclasses.replace(e, expect=e.expect or _version_before(planned, e.table, e.id))
        for e in change.edits])
    history.write_record(root, history.PROPOSALS, {
        "id": pid, "time": now.isoformat(), "author": change.editor.strip(), "reason": change.reason.strip(),
        "status": "pending", "change": _change_record(pinned), "rows": planned.rows,
        "corrections": planned.corrections})
    return Proposed(pid, planned)


def _version_before(planned: Plan, table: str, rid: str) -> str | None:
    for entry in planned.rows:
        if entry["table"] == table and entry["id"] == rid and entry["before"] is not None:
            return row_version(entry["before"])  # type: ignore[arg-type]
    return None


def proposals(folder: str | os.PathLike[str]) -> list[dict[str, object]]:
    """The proposals waiting for review, oldest first (`id`, `time`, `author`, `reason`, `change`, `rows`,
    `corrections`)."""
    root = Path(folder)
    atomic.recover(root)
    return _proposals(root)


def _proposals(root: Path) -> list[dict[str, object]]:
    done = {s.get("proposal") for s in _saves(root)}
    return [p for p in history.records(root, history.PROPOSALS)
            if p.get("status") == "pending" and p["id"] not in done]


def _pending(root: Path, proposal_id: str) -> dict[str, object] | Refused:
    record = next((p for p in _proposals(root) if p["id"] == proposal_id), None)
    if record is None:
        return Refused([Problem("proposal", 0, "id", f"no proposal waits with id {proposal_id!r}")])
    return record


def _same_person(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def approve(folder: str | os.PathLike[str], proposal_id: str, editor: str, *,
            now: dt.datetime | None = None) -> Saved | Refused | Conflicted:
    """Save a proposal: by an editor other than its author, logged with the approving editor; a conflict
    when a row it changes has changed since it was proposed."""
    root = Path(folder)
    atomic.recover(root)
    record = _pending(root, proposal_id)
    if isinstance(record, Refused):
        return record
    author = str(record["author"])
    if not editor.strip() or _same_person(editor, author):
        return Refused([Problem("proposal", 0, "editor",
                                "a proposal is approved by an editor other than its author")])
    change = dataclasses.replace(_change_of(record["change"]), editor=editor.strip())  # type: ignore[arg-type]
    result = _save(root, change, review=False, now=now,
                   meta={"kind": "approval", "proposal": proposal_id, "author": author})
    assert not isinstance(result, Proposed)
    return result


def reject(folder: str | os.PathLike[str], proposal_id: str, editor: str, reason: str) -> Refused | None:
    """Set a proposal aside (kept in the history, never applied); None when done."""
    root = Path(folder)
    with atomic.folder_lock(root):
        atomic._recover_locked(root)
        record = _pending(root, proposal_id)
        if isinstance(record, Refused):
            return record
        history.write_record(root, history.PROPOSALS, {**record, "status": "rejected",
                                                        "rejected_by": editor.strip(), "rejection": reason})
    return None

