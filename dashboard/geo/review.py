"""Changes made from saved ones: a revert (the rows a save touched put back) and the review of proposals
(`[desk] review = true`: approved by an editor other than the author, or set aside). Each is saved like
any change. Part of the editors' desk's core (`dashboard.geo.changeset`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

from dashboard.data import atomic, history
from dashboard.data.changeset import (
    Addition,
    Change,
    Conflicted,
    Edit,
    Proposed,
    Refused,
    Removal,
    Saved,
    row_version,
)
from dashboard.data.problems import Problem
from dashboard.geo.saving import change_of, resolve, save_with, saves_of


def revert(folder: str | os.PathLike[str], save_id: str, editor: str, reason: str, *,
           now: dt.datetime | None = None) -> Saved | Refused | Conflicted:
    """Put back every row the save `save_id` touched as it was before it: a change of its own, refused as
    a conflict when one of those rows has changed since."""
    root = Path(folder)
    record, _ = resolve(root, save_id)
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
    result = save_with(root, change, review=False, now=now, meta={"kind": "revert", "reverts": record["id"]})
    assert not isinstance(result, Proposed)
    return result


def proposals(folder: str | os.PathLike[str]) -> list[dict[str, object]]:
    """The proposals waiting for review, oldest first (`id`, `time`, `author`, `reason`, `change`, `rows`,
    `corrections`)."""
    root = Path(folder)
    atomic.recover(root)
    return _proposals(root)


def _proposals(root: Path) -> list[dict[str, object]]:
    done = {s.get("proposal") for s in saves_of(root)}
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
    change = dataclasses.replace(change_of(record["change"]), editor=editor.strip())  # type: ignore[arg-type]
    result = save_with(root, change, review=False, now=now,
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
