"""What every export says about a record: its columns, its figures and its sources in full."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.data.schema import RECORD_COLUMNS, EventRow, FigureRow, RecordRow, SourceRow, localised_base
from dashboard.scene import Scene, cited_ids

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
    grouped by record once (not searched once per record), and each source written out once.

    `sources` are those a record's sources may be found in (by default the view's)."""

    def __init__(self, view: Scene, sources: pd.DataFrame | None = None) -> None:
        selection = view.selection
        self._figures = _by_record(selection.figures)
        self._events = _by_record(selection.events)
        self._none = (selection.figures.iloc[0:0], selection.events.iloc[0:0])
        self._sources = SourceDicts(selection.sources if sources is None else sources)

    def figures(self, record_id: str) -> pd.DataFrame:
        """The figures of one record known by the view's date, in figure order."""
        return self._figures.get(record_id, self._none[0])

    def events(self, record_id: str) -> pd.DataFrame:
        """The events at one record up to the view's date, in time order."""
        return self._events.get(record_id, self._none[1])

    def sources(self, record_id: str, own: Iterable[str]) -> list[dict[str, object]]:
        """Every source the record (citing `own`), one of its figures or one of its events cites, in full,
        in order of first citation (as `Scene.cited(record_id)` names them); those found."""
        return self._sources.of(cited_ids([own], self.figures(record_id)["sources"],
                                          self.events(record_id)["sources"]))


def _by_record(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The table's rows grouped by `record`, each group in the table's order."""
    return {str(rid): rows for rid, rows in table.groupby("record", sort=False)} if len(table) else {}


class SourceDicts:
    """Sources in full (`source_dicts`) from one table, indexed once, each written out once."""

    def __init__(self, sources: pd.DataFrame) -> None:
        self._by_id = sources.set_index("id")
        self._made: dict[str, dict[str, object]] = {}

    def of(self, ids: Iterable[str]) -> list[dict[str, object]]:
        """The sources of `ids` found in the table, in full, in the order given."""
        found = []
        for sid in ids:
            if sid not in self._made and sid in self._by_id.index:
                row = self._by_id.loc[sid]
                self._made[sid] = {"id": sid, **{k: plain(row[k]) for k in SOURCE_FIELDS[1:]}}
            if sid in self._made:
                found.append(self._made[sid])
        return found


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


def corrections_of_records(view: Scene) -> dict[str, list[int]]:
    """For each record of the view, the positions in `corrections_in_view` of the corrections that
    concern it (the same rule, record by record: the view's are the union of its records')."""
    logged = logged_corrections(view)
    records = view.selection.records
    in_view = np.flatnonzero(_concerning(logged, set(records["id"]), set(view.cited())))
    position = {int(at): n for n, at in enumerate(in_view)}
    out: dict[str, list[int]] = {}
    for rid in records["id"]:
        own = np.flatnonzero(_concerning(logged, {rid}, set(view.cited(rid))))
        out[str(rid)] = [position[int(at)] for at in own]
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


def correction_dicts(corrections: pd.DataFrame, record: str | None = None) -> list[dict[str, object]]:
    """Corrections as plain values (of one record when `record` is given), in every language they have."""
    if record is not None:
        corrections = corrections[corrections["record"] == record]
    columns = [*CORRECTION_FIELDS, *localised_columns(corrections, ("summary",))]
    return [{k: plain(c.get(k)) for k in columns} for _, c in corrections.iterrows()]
