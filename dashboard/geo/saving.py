"""Saving a planned change: under the folder's lock, the folder read again, versions checked, the change
validated, then every touched table and both logs committed at once (`dashboard.data.atomic`) and the
save kept in the folder's history (`dashboard.data.history`); or, under review, kept as a proposal.
Part of the editors' desk's core (`dashboard.geo.changeset`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

from dashboard.data import atomic, history
from dashboard.data.changeset import (
    Addition,
    Change,
    Conflicted,
    Edit,
    Plan,
    Proposed,
    Refused,
    Removal,
    Saved,
    row_version,
)
from dashboard.data.problems import Problem
from dashboard.data.sheet import read_sheet
from dashboard.geo.planning import now_utc, plan_locked


def _landed(root: Path) -> list[str]:
    """The saves that landed, in the order of the updates log."""
    sheet, _ = read_sheet(root, "updates")
    if sheet is None:
        return []
    return [r.get("save", "").strip() for r in sheet.rows if r.get("save", "").strip()]


def _change_record(change: Change) -> dict[str, object]:
    return dataclasses.asdict(change)


def change_of(record: Mapping[str, object]) -> Change:
    """A change kept as JSON (a proposal's) as a `Change`."""
    data = dict(record)
    return Change(edits=[Edit(**e) for e in data.pop("edits", [])],  # type: ignore[union-attr, arg-type]
                  additions=[Addition(**a) for a in data.pop("additions", [])],  # type: ignore[union-attr, arg-type]
                  removals=[Removal(**r) for r in data.pop("removals", [])],  # type: ignore[union-attr, arg-type]
                  **data)  # type: ignore[arg-type]


def save(folder: str | os.PathLike[str], change: Change, *, review: bool = False,
         now: dt.datetime | None = None) -> Saved | Refused | Conflicted | Proposed:
    """Save `change` (see the module docstring); nothing is written unless it is `Saved` (or `Proposed`)."""
    return save_with(Path(folder), change, review=review, now=now, meta={"kind": "save"})


def save_with(root: Path, change: Change, *, review: bool, now: dt.datetime | None,
              meta: Mapping[str, object]) -> Saved | Refused | Conflicted | Proposed:
    """`save`, with `meta` kept in the save's record (`kind`, and `reverts`, `proposal`, `author`)."""
    now = now or now_utc()
    save_id = history.new_id(now)
    with atomic.folder_lock(root):
        atomic._recover_locked(root)  # a commit another writer left half done counts (or not) first
        landed = set(_landed(root))
        for record in history.records(root, history.SAVES):
            if record.get("id") not in landed:  # a save whose writer died before its commit counted
                history.remove_record(root, history.SAVES, str(record.get("id")))
        if meta.get("proposal") and meta["proposal"] in {s.get("proposal") for s in saves_of(root)}:
            approved = f"the proposal {meta['proposal']!r} is approved already"
            return Refused([Problem("proposal", 0, "id", approved)])
        planned = plan_locked(root, change, save_id=save_id, now=now)
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
    return saves_of(root)


def saves_of(root: Path) -> list[dict[str, object]]:
    """`saves`, for a caller that holds the folder's lock (or has recovered it)."""
    found = []
    for sid in _landed(root):
        record = history.read_record(root, history.SAVES, sid)
        if record is not None:
            found.append(record)
    return found


def resolve(root: Path, spec: str) -> tuple[dict[str, object], str]:
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
    record, side = resolve(root, spec)
    return history.materialise(root, record[side], Path(target))  # type: ignore[arg-type]


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
