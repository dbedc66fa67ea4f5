"""Loading a geodata folder: sources, records and figures, validated, cross-checked and geocoded.

Nothing is dropped silently: every row that cannot be used is named in `Dataset.problems`, and
every valid row is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.data.ids import alias_problems, event_key, figure_key, filled
from dashboard.data.parquet import table_file
from dashboard.data.problems import Problem
from dashboard.data.rows import Table, duplicates, load_table
from dashboard.data.schema import (
    CORRECTION_REQUIRED,
    EVENT_REQUIRED,
    FIGURE_REQUIRED,
    RECORD_REQUIRED,
    SOURCE_REQUIRED,
    UPDATE_REQUIRED,
    CorrectionRow,
    EventRow,
    FigureRow,
    RecordRow,
    SourceRow,
    UpdateRow,
)
from dashboard.geo.geocoder import Geocoder
from dashboard.geo.locate import RECORDS_FILE, locate

SOURCES_FILE = "sources.csv"
FIGURES_FILE = "figures.csv"
EVENTS_FILE = "events.csv"
CORRECTIONS_FILE = "corrections.csv"
UPDATES_FILE = "updates.csv"


@dataclass
class Dataset:
    """A loaded geodata folder."""

    records: gpd.GeoDataFrame
    sources: pd.DataFrame
    figures: pd.DataFrame
    events: pd.DataFrame = field(default_factory=lambda: Table.of([], EventRow).frame())
    problems: list[Problem] = field(default_factory=list)
    # What was corrected (date, table, id, summary_<lang>, sources) and what was added (date,
    # summary_<lang>, sources), newest last; empty when the folder keeps no logs.
    corrections: pd.DataFrame = field(default_factory=lambda: Table.of([], CorrectionRow).frame())
    updates: pd.DataFrame = field(default_factory=lambda: Table.of([], UpdateRow).frame())

    def aliases(self) -> dict[str, str]:
        """Old record ids (renamed or merged records) -> the id of the record that has them now."""
        if "aliases" not in self.records.columns:
            return {}
        pairs = zip(self.records["id"], self.records["aliases"], strict=True)
        return {alias: str(rid) for rid, names in pairs
                for alias in (names if isinstance(names, list | tuple) else ())}


def load_dataset(directory: Path, geocoder: Geocoder) -> Dataset:
    """Load the folder's sources, records, figures and events; geocode records that have no coordinates.

    Records get `row` (spreadsheet row), `coord_method` (given, curated, exact, alias, fuzzy),
    `coord_name` (what the gazetteer matched) and `precision`; figures and events get `row`. Events are
    in time order. The records come from records.parquet when the folder has one (a records.csv beside it
    is reported as ignored), else from records.csv; their problems name the file read.
    """
    problems: list[Problem] = []

    source_rows, found = load_table(directory / SOURCES_FILE, SourceRow, SOURCE_REQUIRED)
    problems += found
    source_rows, found = duplicates(source_rows, "id", SOURCES_FILE)
    problems += found
    source_ids = set(source_rows.columns["id"])

    records_path, found = table_file(directory, Path(RECORDS_FILE).stem)
    problems += found
    records_file = records_path.name
    record_rows, found = load_table(records_path, RecordRow, RECORD_REQUIRED)
    problems += found
    record_rows, found = duplicates(record_rows, "id", records_file)
    problems += found
    record_rows, found = _cited(record_rows, source_ids, records_file)
    problems += found
    records, found = locate(record_rows, geocoder)
    problems += [replace(p, file=records_file) if p.file == RECORDS_FILE else p for p in found]
    record_ids = set(records["id"])
    problems += _dangling_arrivals(records, record_ids, records_file)

    if "aliases" in record_rows.columns:
        problems += alias_problems(record_rows.columns["row"], record_rows.columns["id"],
                                   record_rows.columns["aliases"], records_file)

    known = (source_ids, record_ids)
    figure_rows, found = _attached(directory / FIGURES_FILE, FigureRow, FIGURE_REQUIRED, *known)
    problems += found
    f = figure_rows.columns
    made = map(figure_key, f["record"], f["metric"], f["value"])
    figure_rows, found = _with_ids(figure_rows, FIGURES_FILE, made)
    problems += found
    event_rows, found = _attached(directory / EVENTS_FILE, EventRow, EVENT_REQUIRED, *known)
    problems += found
    event_rows, found = _with_ids(event_rows, EVENTS_FILE, map(
        event_key, event_rows.columns["date"], event_rows.columns["record"], event_rows.columns["kind"]))
    problems += found

    named = {"records": record_ids | {a for names in record_rows.columns.get("aliases", []) for a in names},
             "figures": set(figure_rows.columns["id"]), "events": set(event_rows.columns["id"]),
             "sources": source_ids}
    corrections, found = _log(directory / CORRECTIONS_FILE, CorrectionRow, CORRECTION_REQUIRED, source_ids)
    problems += found
    corrections, found = _naming(corrections, named, CORRECTIONS_FILE)
    problems += found
    updates, found = _log(directory / UPDATES_FILE, UpdateRow, UPDATE_REQUIRED, source_ids)
    problems += found

    return Dataset(
        records=records,
        sources=source_rows.frame(),
        figures=figure_rows.frame(),
        events=event_rows.frame().sort_values(["date", "time"], na_position="first", kind="stable",
                                              ignore_index=True),
        problems=sorted(problems),
        corrections=corrections.frame().sort_values("date", kind="stable", ignore_index=True),
        updates=updates.frame().sort_values("date", kind="stable", ignore_index=True),
    )


def _with_ids(rows: Table, file: str, made: object) -> tuple[Table, list[Problem]]:
    """The rows with every id filled in (`dashboard.data.ids`); a repeated id is reported and its later
    rows are not kept."""
    rows.columns["id"] = filled(rows.columns["id"], made)  # type: ignore[arg-type]
    return duplicates(rows, "id", file)


def _log(path: Path, model: type, required: tuple[str, ...],
         source_ids: set[str]) -> tuple[Table, list[Problem]]:
    """The valid rows of a log (corrections, updates); an absent file is empty."""
    if not path.exists():
        return Table.of([], model), []
    rows, problems = load_table(path, model, required)
    rows, found = _cited(rows, source_ids, path.name)
    return rows, problems + found


def _naming(rows: Table, named: dict[str, set[str]], file: str) -> tuple[Table, list[Problem]]:
    """Keep the corrections whose id names a row of their table (a record also by an old id)."""
    keep, problems = [], []
    for row, table, rid in zip(rows.columns["row"], rows.columns["table"], rows.columns["id"], strict=True):
        keep.append(rid in named[str(table)])
        if not keep[-1]:
            problems.append(Problem(file, int(row), "id", f"no row of {table}.csv has id {rid!r}"))
    return (rows.where(keep) if problems else rows), problems


def _attached(path: Path, model: type, required: tuple[str, ...], source_ids: set[str],
              record_ids: set[str]) -> tuple[Table, list[Problem]]:
    """The valid rows of a table whose rows belong to a record (figures, events); an absent file is
    empty. A row citing an unknown source or naming no loaded record is reported, not kept."""
    if not path.exists():
        return Table.of([], model), []
    rows, problems = load_table(path, model, required)
    rows, found = _cited(rows, source_ids, path.name)
    problems += found
    keep = []
    for row, record in zip(rows.columns["row"], rows.columns["record"], strict=True):
        keep.append(record in record_ids)
        if not keep[-1]:
            problems.append(Problem(path.name, int(row), "record", f"no loaded record has id {record!r}"))
    return rows.where(keep), problems


def _cited(rows: Table, source_ids: set[str], file: str) -> tuple[Table, list[Problem]]:
    """Keep rows whose every cited source exists in the sources table."""
    keep, problems = [], []
    for row, cited in zip(rows.columns["row"], rows.columns["sources"], strict=True):
        unknown = [s for s in cited if s not in source_ids]
        keep.append(not unknown)
        if unknown:
            problems.append(Problem(file, int(row), "sources", f"unknown source id(s): {', '.join(unknown)}"))
    return (rows.where(keep) if problems else rows), problems


def _dangling_arrivals(records: pd.DataFrame, record_ids: set[str], file: str) -> list[Problem]:
    """Report `arrival` references to records that do not exist (the record itself stays)."""
    bad = records[records["arrival"].notna() & ~records["arrival"].isin(record_ids)]
    return [
        Problem(file, int(r.row), "arrival", f"no loaded record has id {r.arrival!r}")
        for r in bad.itertuples()
    ]
