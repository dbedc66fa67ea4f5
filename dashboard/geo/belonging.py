"""Tables whose rows belong to a record (figures, events) and the citations of any table, as the
loader reads them: every blank id made, each row citing an unknown source or naming no loaded record
reported and left out, and the kept rows' citations (the citing row's spreadsheet row, the cited
source's position) found by the same look-up."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from dashboard.data.coded import Coded, CodedTable, Known, cited, duplicates
from dashboard.data.columnar import load_coded
from dashboard.data.ids import numbered
from dashboard.data.problems import Problem
from dashboard.data.readahead import Reader
from dashboard.data.rows import Table


def unread(problems: list[Problem], required: tuple[str, ...]) -> bool:
    """Whether a file could not be read as a whole, or lacks a required column: then it says nothing of
    the ids it holds."""
    return any(p.row == 0 or (p.row == 1 and p.column in required) for p in problems)


# The ids made for the rows of a table whose `id` is blank: from its columns and the rows' positions.
Made = Callable[[dict[str, Coded], np.ndarray], Iterable[str]]


# A table whose rows belong to a record (figures, events) as read: its valid rows, the problems met and
# the ids its rows are written with (None when the file says nothing of them).
Attached = tuple[CodedTable, list[Problem], Coded | None]


def attached(path: Path, read: Reader, model: type, required: tuple[str, ...],
             made: Made) -> Attached | None:
    """A table whose rows belong to a record, read by `read` (None for an absent file), every id filled
    in (`made` makes the blank ones, see `dashboard.data.ids`)."""
    if not path.exists():
        return None
    rows, problems = load_coded(path, model, required, read)
    blank = rows.columns["id"].blank()
    rows.columns["id"] = filled(rows.columns["id"], blank, made(rows.columns, blank))
    written = None if unread(problems, required) else rows.columns["id"]
    return rows, problems, written


def belonging(read: Attached | None, model: type, file: str, source_ids: Known, record_ids: set[str],
               flat: np.ndarray) -> tuple[CodedTable, list[Problem], Coded | None, Pairs]:
    """The rows of a table read by `attached` that are kept, the problems, the ids its rows are written
    with, and its citations (see `cited_rows`; `flat`, its cited ids looked up); an absent file is empty.
    A repeated id, a row citing an unknown source or naming no loaded record is reported, not kept."""
    if read is None:
        return CodedTable.of(Table.of([], model)), [], Coded([], np.empty(0, dtype=np.int64)), NO_PAIRS
    rows, problems, written = read
    rows, found, citations = cited_rows(rows, source_ids, file, flat)
    problems += found
    record = rows.columns["record"]
    orphan = ~record.within(record_ids)
    named = record.at(np.flatnonzero(orphan))
    problems += [Problem(file, row, "record", f"no loaded record has id {rid!r}")
                 for row, rid in zip(rows.rows[orphan].tolist(), named, strict=True)]
    rows, found = duplicates(rows.keep(~orphan), "id", file)
    return rows, problems + found, written, citations


def filled(ids: Coded, blank: np.ndarray, made: Iterable[str]) -> Coded:
    """A table's ids: each given id as it is, each blank one (at the positions `blank`) made (`made`: one
    for each blank, in row order) and numbered apart from every other id of the table (see
    `dashboard.data.ids`)."""
    if not len(blank):
        return ids
    taken = {str(given) for given in ids.held() if given}
    new = [numbered(base, taken) for base in made]
    codes = ids.codes.copy()
    codes[blank] = np.arange(len(ids.values), len(ids.values) + len(new))
    return Coded([*ids.values, *new], codes)


# A table's citations: each citing row's spreadsheet row and the cited source's position in the sources.
Pairs = tuple[np.ndarray, np.ndarray]
NO_PAIRS: Pairs = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))


def cited_rows(rows: CodedTable, source_ids: Known, file: str,
           flat: np.ndarray | None = None) -> tuple[CodedTable, list[Problem], Pairs]:
    """Keep rows whose every cited source exists in the sources table; the kept rows' citations, found
    by the same look-up (the citing row's spreadsheet row, the cited source's position; `flat`, the
    look-up done already, see `coded.cited`)."""
    found = cited(rows.columns["sources"], source_ids, flat)
    problems = [Problem(file, row, "sources", f"unknown source id(s): {', '.join(ids)}")
                for row, ids in zip(rows.rows[found.bad].tolist(), found.named, strict=True)]
    return (rows.keep(~found.bad) if problems else rows), problems, (rows.rows[found.at], found.source)
