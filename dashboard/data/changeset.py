"""What a change of a data folder is: row edits, additions and removals, made against each row's version,
and what saving one gives (saved, refused, conflicted, proposed).

These are the types and the row version only; what a change does to a folder (planning, validation,
saving, history, review) is `dashboard.geo.changeset`, which re-exports everything here. The view layer
and the desk page may use these types directly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dashboard.data.problems import Problem


def row_version(row: Mapping[str, object]) -> str:
    """A short hash of a row's content: the same for the same cells whatever their column order, and
    blank cells count as absent (a column added to the file changes no row's version)."""
    cells = sorted((str(k), str(v).strip()) for k, v in row.items() if v is not None and str(v).strip())
    body = json.dumps(cells, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(body).hexdigest()[:12]


@dataclass(frozen=True)
class Edit:
    """New text for some cells of one row, made against the row's `expect`ed version (None: any)."""

    table: str
    id: str
    fields: Mapping[str, str]
    expect: str | None = None


@dataclass(frozen=True)
class Addition:
    """A new row; its id is made by the id rules when `fields` has none."""

    table: str
    fields: Mapping[str, str]


@dataclass(frozen=True)
class Removal:
    """A row taken out (a revert of an addition), made against its `expect`ed version (None: any)."""

    table: str
    id: str
    expect: str | None = None


@dataclass(frozen=True)
class Change:
    """One change of a data folder, saved whole or not at all. `correction_en`/`correction_de` replace the
    drafted correction text (both or neither)."""

    edits: Sequence[Edit] = ()
    additions: Sequence[Addition] = ()
    editor: str = ""
    reason: str = ""
    correction_en: str | None = None
    correction_de: str | None = None
    removals: Sequence[Removal] = ()


@dataclass(frozen=True)
class Conflict:
    """A row changed since the editor read it: the version expected, the current one (None: the row is
    gone) and the current row."""

    table: str
    id: str
    expected: str
    current: str | None
    current_row: dict[str, str] | None


@dataclass
class Plan:
    """What saving a change would do (see the module docstring)."""

    problems: list[Problem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    corrections: list[dict[str, str]] = field(default_factory=list)
    update: dict[str, str] = field(default_factory=dict)
    touched: list[tuple[str, str]] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)
    versions: dict[tuple[str, str], str] = field(default_factory=dict)
    rows: list[dict[str, object]] = field(default_factory=list)  # table, id, before, after
    files: dict[str, bytes] = field(default_factory=dict)  # the files the commit writes


@dataclass(frozen=True)
class Saved:
    """A change saved: its id in the history, and the versions of the rows it touched."""

    save_id: str
    versions: dict[tuple[str, str], str]
    added: list[tuple[str, str]]
    plan: Plan


@dataclass(frozen=True)
class Refused:
    """A change refused: the problems the folder would have. Nothing was written."""

    problems: list[Problem]


@dataclass(frozen=True)
class Conflicted:
    """A change refused because rows changed since the editor read them. Nothing was written."""

    conflicts: list[Conflict]


@dataclass(frozen=True)
class Proposed:
    """A change kept for review (`[desk] review = true`): readers do not see it until it is approved."""

    proposal_id: str
    plan: Plan
