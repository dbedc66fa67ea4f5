"""What every export says about a record: its columns, its figures and its sources in full."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

import numpy as np
import pandas as pd

from dashboard.data.schema import RECORD_COLUMNS, EventRow, FigureRow, RecordRow, SourceRow, localised_base
from dashboard.export.grouped import groups, shared_groups
from dashboard.memo import per_object
from dashboard.scene import Scene, cited_ids

T = TypeVar("T")
# Columns beyond records.csv's: the status on the view's date and where the coordinates came from.
DERIVED_COLUMNS: tuple[str, ...] = ("status", "coord_method", "coord_name")
SOURCE_FIELDS: tuple[str, ...] = tuple(SourceRow.model_fields)
FIGURE_FIELDS: tuple[str, ...] = tuple(f for f in FigureRow.model_fields if f != "record")
EVENT_FIELDS: tuple[str, ...] = tuple(f for f in EventRow.model_fields if f != "record")


def record_columns(records: pd.DataFrame) -> list[str]:
    """records.csv's columns, then the per-language ones the data has (`summary_de` …)."""
    return [*RECORD_COLUMNS, *localised_columns(records, RecordRow.LOCALISED)]


def figure_columns(figures: pd.DataFrame) -> list[str]:
    """A figure's fields, then the per-language ones the data has (`note_de` …)."""
    return [*FIGURE_FIELDS, *localised_columns(figures, FigureRow.LOCALISED)]


def event_columns(events: pd.DataFrame) -> list[str]:
    """An event's fields, then the per-language ones the data has (`summary_de` …)."""
    return [*EVENT_FIELDS, *localised_columns(events, EventRow.LOCALISED)]


def localised_columns(frame: pd.DataFrame, localised: tuple[str, ...]) -> list[str]:
    """The frame's per-language columns, in its order."""
    return [c for c in frame.columns if localised_base(str(c), localised) is not None]


def plain(value: object) -> object:
    """A JSON/CSV-friendly value: ISO dates and times, None for missing, lists kept."""
    if isinstance(value, list | tuple):
        return list(value)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


class RecordParts:
    """A view's figures, events and sources, record by record, as the exports write them: each table is
    grouped by record once (not searched once per record), its rows read out as plain mappings once, and
    each source written out once.

    `sources` are those a record's sources may be found in (by default the view's). With `reuse` (and
    the view's sources), what an export makes of a record, and each source written out, is kept for the
    next view of the same data (`reused`): for a caller that exports many views of one dataset (the
    edition's pieces), at the cost of holding them as long as the dataset lives."""

    def __init__(self, view: Scene, sources: pd.DataFrame | None = None, reuse: bool = False) -> None:
        # With `reuse`, grouped once for every export of the view (`shared_groups`).
        self._figures, self._events = (shared_groups if reuse else groups)(view)
        self._made = made_of_records(view.data) if reuse and sources is None else None
        self._view, self._given, self._reuse = view, sources, reuse
        self._rows: frozenset[int] | None = None
        self._source_dicts: SourceDicts | None = None  # made when a source is first asked for

    def _sources(self) -> SourceDicts:
        """The sources a record's may be found in, written out: the view's read at once."""
        if self._source_dicts is not None:
            return self._source_dicts
        selection, sources = self._view.selection, self._given
        if self._reuse and sources is None:  # the view's, of the data's table: once for every view
            made = shared_source_dicts(self._view.data.sources)
            self._rows = frozenset(selection.source_rows.tolist())
            made.make_at(self._rows)  # the view's, read at once
        else:
            made = SourceDicts(selection.sources if sources is None else sources)
            if sources is None:  # the view's: every one is cited, read at once
                made.make_at(range(len(made)))
        self._source_dicts = made
        return made

    def figures(self, record_id: str) -> list[dict[str, object]]:
        """The figures of one record known by the view's date, in figure order, each a row's cells."""
        return self._figures.of(record_id)

    def events(self, record_id: str) -> list[dict[str, object]]:
        """The events at one record up to the view's date, in time order, each a row's cells."""
        return self._events.of(record_id)

    def sources(self, record_id: str, own: Iterable[str]) -> list[dict[str, object]]:
        """Every source the record (citing `own`), one of its figures or one of its events cites, in full,
        in order of first citation (as `Scene.cited(record_id)` names them); those found."""
        made = self._sources()
        return made.of(self.cited(record_id, own), self._rows)

    def reused(self, kind: str, record_id: str, status: object, make: Callable[[], T]) -> T:
        """What `make()` makes of one record for the export `kind`, taken again from an earlier view of
        the same data when nothing it reads differs: the record's status (its row is the data's), its
        figures and its events (by their rows in the data's tables); the sources are the data's, and
        a shown record's corrections are all of its own, whatever the view."""
        if self._made is None:
            return make()
        key = (plain(status), self._figures.rows.get(record_id, ()), self._events.rows.get(record_id, ()))
        made = self._made.setdefault(kind, {})
        kept = made.get(record_id)
        if kept is not None and kept[0] == key:
            return kept[1]
        value = make()
        made[record_id] = (key, value)
        return value

    def cited(self, record_id: str, own: Iterable[str]) -> list[str]:
        """The ids the record (citing `own`), its figures and its events cite, in order of first citation
        (`Scene.cited(record_id)`, from the grouped rows)."""
        return cited_ids([own], self._figures.sources(record_id), self._events.sources(record_id))


def table_rows(table: pd.DataFrame, columns: Iterable[str] | None = None) -> list[dict[str, object]]:
    """The table's rows as mappings of its cells (of `columns` only, when given, those the table has),
    read column by column once instead of a Series made per row."""
    names = [c for c in (table.columns if columns is None else columns) if c in table.columns]
    cells = [table[c].tolist() for c in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*cells, strict=True)] if names else \
        [{} for _ in range(len(table))]


@per_object
def made_of_records(data: object) -> dict[str, dict[str, tuple[object, object]]]:
    """What the exports made of each record of one loaded dataset, by export and record id, with what
    it was made from (`RecordParts.reused`); forgotten with the dataset."""
    return {}


def rows_by_record(table: pd.DataFrame, key: str = "record") -> dict[object, list[dict[str, object]]]:
    """The table's rows (`table_rows`) grouped by `key`, each group in the table's order."""
    out: dict[object, list[dict[str, object]]] = {}
    for row in table_rows(table):
        out.setdefault(row[key], []).append(row)
    return out


class SourceDicts:
    """Sources in full (`source_dicts`) from one table, each written out once, when first asked for."""

    def __init__(self, sources: pd.DataFrame) -> None:
        self._sources = sources
        self._made: dict[str, dict[str, object]] = {}
        self._ids: list[str] = sources["id"].tolist()
        self._position: dict[str, int] = {sid: at for at, sid in enumerate(self._ids)}

    def __len__(self) -> int:
        return len(self._ids)

    def _make(self, ids: list[str]) -> None:
        """Write out the sources of `ids` (those not yet made) found in the table."""
        self.make_at([self._position[sid] for sid in dict.fromkeys(ids)
                      if sid not in self._made and sid in self._position])

    def make_at(self, positions: Iterable[int]) -> None:
        """Write out the sources at these positions of the table (those not yet made), read at once."""
        ids = self._ids
        found = [at for at in dict.fromkeys(positions) if ids[at] not in self._made]
        if not found:
            return
        rows = table_rows(self._sources.iloc[found], SOURCE_FIELDS[1:])
        for at, row in zip(found, rows, strict=True):
            self._made[ids[at]] = {"id": ids[at], **{k: plain(row.get(k)) for k in SOURCE_FIELDS[1:]}}

    def of(self, ids: Iterable[str], rows: frozenset[int] | None = None) -> list[dict[str, object]]:
        """The sources of `ids` found in the table (at one of its positions `rows`, when given), in full,
        in the order given."""
        ids = list(ids)
        if any(sid not in self._made for sid in ids):
            self._make(ids)
        made, position = self._made, self._position
        return [made[sid] for sid in ids if sid in made and (rows is None or position[sid] in rows)]


@per_object
def shared_source_dicts(sources: pd.DataFrame) -> SourceDicts:
    """One `SourceDicts` per loaded sources table, for every view and every export of it."""
    return SourceDicts(sources)


def source_dicts(sources: pd.DataFrame, ids: Iterable[str]) -> list[dict[str, object]]:
    """The sources of `ids` found in `sources`, in full, in the order given."""
    return SourceDicts(sources).of(ids)


CORRECTION_FIELDS: tuple[str, ...] = ("date", "table", "id", "sources")


def corrections_in_view(view: Scene) -> pd.DataFrame:
    """The corrections that concern the view: of its records (a record's own row, or one of its figures
    or events) and of the sources they cite; oldest first, with `record`."""
    return corrections_concerning(view, set(view.selection.records["id"]), set(view.cited()))


def corrections_concerning(view: Scene, shown: set[str], cited: set[str]) -> pd.DataFrame:
    """The logged corrections of these records (their own rows, their figures and events) and of these
    sources; oldest first, with `record`."""
    logged = logged_corrections(view)
    return logged[_concerning(logged, shown, cited)].reset_index(drop=True)


def corrections_of_records(view: Scene, reuse: bool = False) -> dict[str, list[int]]:
    """For each record of the view, the positions in `corrections_in_view` of the corrections that
    concern it (the same rule, record by record: the view's are the union of its records'). The log is
    grouped once by record and by source, each record's cited sources read from its grouped rows.
    With `reuse`, the view's figures and events are grouped once for all its exports (`shared_groups`)."""
    logged = logged_corrections(view)
    records = view.selection.records
    in_view = np.flatnonzero(_concerning(logged, set(records["id"]), set(view.cited())))
    position = {int(at): n for n, at in enumerate(in_view)}
    own_rows: dict[str, list[int]] = {}  # a record's own row, its figures and events (by `record`)
    source_rows: dict[object, list[int]] = {}  # a source's
    for at, (r, t, i) in enumerate(zip(logged["record"], logged["table"], logged["id"], strict=True)):
        if isinstance(r, str):
            own_rows.setdefault(r, []).append(at)
        if t == "sources":
            source_rows.setdefault(i, []).append(at)
    parts = RecordParts(view, reuse=reuse)
    out: dict[str, list[int]] = {}
    for rid, own in zip(records["id"], records["sources"], strict=True):
        found = set(own_rows.get(rid, ()))
        for sid in parts.cited(rid, own):
            found.update(source_rows.get(sid, ()))
        out[str(rid)] = [position[at] for at in sorted(found)]
    return out


def logged_corrections(view: Scene) -> pd.DataFrame:
    """Every logged correction, oldest first, with `record` (the record it concerns, None for a source):
    the scene's log (`Scene.corrections_log`, newest first) turned round."""
    return view.corrections_log.iloc[::-1].reset_index(drop=True)


def _concerning(logged: pd.DataFrame, shown: set[str], cited: set[str]) -> np.ndarray:
    """Which logged corrections concern these records and these sources: a record's own row, its figures
    and events (by `record`), and the sources cited."""
    return np.array([(isinstance(r, str) and r in shown) or (t == "sources" and i in cited)
                     for r, t, i in zip(logged["record"], logged["table"], logged["id"], strict=True)],
                    dtype=bool)


def correction_dicts(corrections: pd.DataFrame) -> list[dict[str, object]]:
    """Corrections as plain values, in every language they have."""
    return plain_dicts(table_rows(corrections), correction_columns(corrections))


def plain_dicts(rows: Iterable[Mapping[str, object]], fields: Iterable[str]) -> list[dict[str, object]]:
    """Each row's `fields` as plain values (`plain`), a missing one as None."""
    fields = list(fields)
    return [{k: plain(row.get(k)) for k in fields} for row in rows]


def correction_columns(corrections: pd.DataFrame) -> list[str]:
    """A correction's fields as the exports give them, then the per-language summaries it has."""
    return [*CORRECTION_FIELDS, *localised_columns(corrections, ("summary",))]

