"""The loader's checks across tables, done the plain way: on each table's rows as the reference validator
gives them (`rows.load_table`), one row at a time, for comparison with `geo.dataset.load_dataset`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dashboard.data.ids import event_key, figure_key, filled
from dashboard.data.problems import Problem
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


def duplicates(table: Table, file: str) -> tuple[Table, list[Problem]]:
    """The first row of each id kept, the later ones reported."""
    first: dict[object, int] = {}
    keep, problems = [], []
    for row, rid in zip(table.columns["row"], table.columns["id"], strict=True):
        keep.append(rid not in first)
        if keep[-1]:
            first[rid] = int(row)  # type: ignore[call-overload]
        else:
            message = f"duplicate id {rid!r} (first in row {first[rid]})"
            problems.append(Problem(file, int(row), "id", message))  # type: ignore[call-overload]
    return table.where(keep), problems


def cited(table: Table, known: set[str], file: str) -> tuple[Table, list[Problem]]:
    """The rows whose every source is known kept; the others reported."""
    keep, problems = [], []
    for row, sources in zip(table.columns["row"], table.columns["sources"], strict=True):
        unknown = [s for s in sources if s not in known]  # type: ignore[attr-defined]
        keep.append(not unknown)
        if unknown:
            problems.append(Problem(file, int(row), "sources", f"unknown source id(s): {', '.join(unknown)}"))
    return table.where(keep), problems


def attached(table: Table, made: Callable[[dict], object], sources: set[str], records: set[str],
             file: str) -> tuple[Table, list[Problem]]:
    """Ids filled in, then rows citing unknown sources, naming no record or repeating an id reported."""
    table.columns["id"] = filled(table.columns["id"], made(table.columns))  # type: ignore[arg-type]
    table, problems = cited(table, sources, file)
    keep = [record in records for record in table.columns["record"]]
    pairs = zip(table.columns["row"], table.columns["record"], keep, strict=True)
    problems += [Problem(file, int(row), "record", f"no loaded record has id {record!r}")  # type: ignore[call-overload]
                 for row, record, kept in pairs if not kept]
    table, found = duplicates(table.where(keep), file)
    return table, problems + found


def reference(folder: Path) -> tuple[dict[str, Table], list[Problem]]:
    """Sources, records (before geocoding), figures and events of a folder of CSV files, and every problem
    of their reading, validation and cross-checks."""
    tables, problems = {}, []
    for name, model, required in (("sources", SourceRow, SOURCE_REQUIRED),
                                  ("records", RecordRow, RECORD_REQUIRED),
                                  ("figures", FigureRow, FIGURE_REQUIRED),
                                  ("events", EventRow, EVENT_REQUIRED)):
        tables[name], found = load_table(folder / f"{name}.csv", model, required)
        problems += found
    tables["sources"], found = duplicates(tables["sources"], "sources.csv")
    problems += found
    source_ids = set(tables["sources"].columns["id"])  # type: ignore[arg-type]
    tables["records"], found = duplicates(tables["records"], "records.csv")
    problems += found
    tables["records"], found = cited(tables["records"], source_ids, "records.csv")
    problems += found
    record_ids = set(tables["records"].columns["id"])  # type: ignore[arg-type]
    tables["figures"], found = attached(tables["figures"], lambda c: map(figure_key, c["record"], c["metric"],
                                        c["value"]), source_ids, record_ids, "figures.csv")
    problems += found
    tables["events"], found = attached(tables["events"], lambda c: map(event_key, c["date"], c["record"],
                                       c["kind"]), source_ids, record_ids, "events.csv")
    return tables, problems + found
