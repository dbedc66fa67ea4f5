"""What changed between two data folders: records, figures, events and sources added, removed or
changed, by id. An editor runs it (`python -m dashboard diff OLD NEW`) before publishing, to write the
corrections and updates logs.

Rows are compared as the loader types them (dates as dates, id lists as lists), so re-quoting a cell or
reordering rows is no change. Figures and events written before they had ids get the ids the loader
makes (`dashboard.data.ids`), so an old folder compares with a new one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.data.ids import event_key, figure_key, filled
from dashboard.data.parquet import table_file
from dashboard.data.rows import Table, load_table
from dashboard.data.schema import (
    EVENT_REQUIRED,
    FIGURE_REQUIRED,
    RECORD_REQUIRED,
    SOURCE_REQUIRED,
    EventRow,
    FigureRow,
    RecordRow,
    SourceRow,
)

TABLES: tuple[str, ...] = ("records", "figures", "events", "sources")
# What a changed figure is named by, beside its id: its old and new values of these.
FIGURE_NAMED_BY: tuple[str, ...] = ("record", "metric", "date", "value", "qualifier", "status")


class Unreadable(Exception):
    """A folder that is missing, or whose records cannot be read."""


@dataclass
class TableDiff:
    """One table's changes: ids added and removed, and the changed rows."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[dict[str, object]] = field(default_factory=list)


def _plain(value: object) -> object:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _rows(folder: Path, name: str) -> dict[str, dict[str, object]]:
    """One table of a folder, by id: each row's cells as the loader types them (`row` left out)."""
    models = {"records": (RecordRow, RECORD_REQUIRED), "figures": (FigureRow, FIGURE_REQUIRED),
              "events": (EventRow, EVENT_REQUIRED), "sources": (SourceRow, SOURCE_REQUIRED)}
    model, required = models[name]
    path = table_file(folder, "records")[0] if name == "records" else folder / f"{name}.csv"
    if not path.exists():
        if name == "records":
            raise Unreadable(f"{folder} has no records table")
        return {}
    table, problems = load_table(path, model, required)
    if name == "records" and not len(table) and any(p.row in (0, 1) for p in problems):
        raise Unreadable(f"{path} cannot be read: {problems[0].message}")
    c = table.columns
    if name == "figures":
        c["id"] = filled(c["id"], map(figure_key, c["record"], c["metric"], c["value"]))
    elif name == "events":
        c["id"] = filled(c["id"], map(event_key, c["date"], c["record"], c["kind"]))
    names = [n for n in c if n != "row"]
    rows: dict[str, dict[str, object]] = {}
    if not len(Table(c)):
        return rows
    for values in zip(*(c[n] for n in names), strict=True):
        # A repeated id keeps its first row, as `validate` and the app do (the later ones are problems).
        rows.setdefault(str(values[0]), {n: _plain(v) for n, v in zip(names, values, strict=True)})
    return rows


def load(folder: Path) -> dict[str, dict[str, dict[str, object]]]:
    """Every table of a folder, by id; `Unreadable` when it is missing or its records cannot be read."""
    if not folder.is_dir():
        raise Unreadable(f"{folder} is not a folder")
    try:
        return {name: _rows(folder, name) for name in TABLES}
    except OSError as err:
        raise Unreadable(f"{folder} cannot be read: {err}") from err


def diff(old: dict[str, dict[str, dict[str, object]]],
         new: dict[str, dict[str, dict[str, object]]]) -> dict[str, TableDiff]:
    """The changes from `old` to `new` (as `load` gives them), table by table."""
    out = {}
    for name in TABLES:
        before, after = old[name], new[name]
        changes = TableDiff(added=[i for i in after if i not in before],
                            removed=[i for i in before if i not in after])
        for rid in (i for i in after if i in before):
            a, b = before[rid], after[rid]
            fields = [k for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]
            if not fields:
                continue
            change: dict[str, object] = {"id": rid, "fields": fields}
            if name == "figures":
                change["old"] = {k: a.get(k) for k in FIGURE_NAMED_BY}
                change["new"] = {k: b.get(k) for k in FIGURE_NAMED_BY}
            changes.changed.append(change)
        out[name] = changes
    return out


def as_json(changes: dict[str, TableDiff]) -> dict[str, object]:
    """The changes as JSON-ready values."""
    return {name: {"added": d.added, "removed": d.removed, "changed": d.changed}
            for name, d in changes.items()}


def as_text(changes: dict[str, TableDiff]) -> str:
    """The changes for an editor to read: a line per table, then `+` added, `-` removed, `~` changed."""
    lines = []
    for name, d in changes.items():
        lines.append(f"{name}: {len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed")
        lines += [f"  + {i}" for i in d.added] + [f"  - {i}" for i in d.removed]
        for change in d.changed:
            line = f"  ~ {change['id']}"
            if name == "figures":
                old, new = change["old"], change["new"]
                line += (f": {new['record']} {new['metric']} {new['date']}, value {old['value']} -> "  # type: ignore[index]
                         f"{new['value']}")  # type: ignore[index]
                moved = [f"{k} {old[k]} -> {new[k]}" for k in FIGURE_NAMED_BY  # type: ignore[index]
                         if k != "value" and old[k] != new[k]]  # type: ignore[index]
                if moved:
                    line += f" ({'; '.join(moved)})"
            line += f" [{', '.join(map(str, change['fields']))}]"  # type: ignore[call-overload]
            lines.append(line)
    return "\n".join(lines)
