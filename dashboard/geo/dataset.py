"""Loading a geodata folder: sources, records and figures, validated, cross-checked and geocoded.

Nothing is dropped silently: every row that cannot be used is named in `Dataset.problems`, and
every valid row is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.data.atomic import recover
from dashboard.data.ids import alias_problems, event_key, figure_key, filled
from dashboard.data.parquet import table_file
from dashboard.data.problems import Problem
from dashboard.data.regions import REGION_REQUIRED, RegionRow
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
from dashboard.geo.regions import REGIONS_FILE as REGION_SHAPES
from dashboard.geo.regions import region_codes
from dashboard.memo import per_object

SOURCES_FILE = "sources.csv"
FIGURES_FILE = "figures.csv"
EVENTS_FILE = "events.csv"
CORRECTIONS_FILE = "corrections.csv"
UPDATES_FILE = "updates.csv"
REGIONS_FILE = "regions.csv"


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
    # What held in which region from when to when (regions.csv: id, region, status, from, to, sources,
    # note_<lang>); empty when the folder has no such table.
    regions: pd.DataFrame = field(default_factory=lambda: Table.of([], RegionRow).frame())

    def aliases(self) -> dict[str, str]:
        """Old record ids (renamed or merged records) -> the id of the record that has them now (made once
        per records table; not to be changed by the caller)."""
        return _aliases(self.records)


@per_object
def _aliases(records: pd.DataFrame) -> dict[str, str]:
    if "aliases" not in records.columns:
        return {}
    pairs = zip(records["id"], records["aliases"], strict=True)
    return {alias: str(rid) for rid, names in pairs
            for alias in (names if isinstance(names, list | tuple) else ())}


def load_dataset(directory: Path, geocoder: Geocoder) -> Dataset:
    """Load the folder's sources, records, figures and events; geocode records that have no coordinates.

    Records get `row` (spreadsheet row), `coord_method` (given, curated, exact, alias, fuzzy),
    `coord_name` (what the gazetteer matched) and `precision`; figures and events get `row`. Events are
    in time order. The records come from records.parquet when the folder has one (a records.csv beside it
    is reported as ignored), else from records.csv; their problems name the file read.

    A change the editors' desk was committing when its process died is finished (or undone) first
    (`atomic.recover`: a look for its journal, nothing more, when there is none).
    """
    recover(directory)
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
    # The ids a correction may name (loaded or not); None for a table whose file could not be read.
    written: dict[str, set[str] | None] = {
        "records": None if _unread(found, RECORD_REQUIRED) else set(record_rows.columns["id"])}
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
    figure_rows, found, written["figures"] = _attached(
        directory / FIGURES_FILE, FigureRow, FIGURE_REQUIRED, *known,
        lambda c: map(figure_key, c["record"], c["metric"], c["value"]))
    problems += found
    event_rows, found, written["events"] = _attached(
        directory / EVENTS_FILE, EventRow, EVENT_REQUIRED, *known,
        lambda c: map(event_key, c["date"], c["record"], c["kind"]))
    problems += found

    # A correction names a row written in its table (whether or not the row loaded: a row that did not
    # is reported on its own), or a record by an old id.
    aliases = {a for names in record_rows.columns.get("aliases", []) for a in names}
    records_named = written["records"]
    named = {"records": None if records_named is None else records_named | aliases,
             "figures": written["figures"], "events": written["events"], "sources": source_ids}
    corrections, found = _log(directory / CORRECTIONS_FILE, CorrectionRow, CORRECTION_REQUIRED, source_ids)
    problems += found
    corrections, found = _naming(corrections, named, CORRECTIONS_FILE)
    problems += found
    updates, found = _log(directory / UPDATES_FILE, UpdateRow, UPDATE_REQUIRED, source_ids)
    problems += found
    regions, found = _log(directory / REGIONS_FILE, RegionRow, REGION_REQUIRED, source_ids)
    problems += found
    regions, found = duplicates(regions, "id", REGIONS_FILE)
    problems += found
    regions, found = _shaped(regions, REGIONS_FILE)
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
        regions=regions.frame(),
    )


def _unread(problems: list[Problem], required: tuple[str, ...]) -> bool:
    """Whether a file could not be read as a whole, or lacks a required column: then it says nothing of
    the ids it holds."""
    return any(p.row == 0 or (p.row == 1 and p.column in required) for p in problems)


def _log(path: Path, model: type, required: tuple[str, ...],
         source_ids: set[str]) -> tuple[Table, list[Problem]]:
    """The valid rows of a log (corrections, updates); an absent file is empty."""
    if not path.exists():
        return Table.of([], model), []
    rows, problems = load_table(path, model, required)
    rows, found = _cited(rows, source_ids, path.name)
    return rows, problems + found


def _naming(rows: Table, named: dict[str, set[str] | None], file: str) -> tuple[Table, list[Problem]]:
    """Keep the corrections whose id names a row of their table (a record also by an old id); those of a
    table whose file could not be read are kept unchecked (the file's problem is reported)."""
    keep, problems = [], []
    for row, table, rid in zip(rows.columns["row"], rows.columns["table"], rows.columns["id"], strict=True):
        ids = named[str(table)]
        keep.append(ids is None or rid in ids)
        if not keep[-1]:
            problems.append(Problem(file, int(row), "id", f"no row of {table}.csv has id {rid!r}"))
    return (rows.where(keep) if problems else rows), problems


def _attached(path: Path, model: type, required: tuple[str, ...], source_ids: set[str],
              record_ids: set[str], made: Callable[[dict], Iterable[str]],
              ) -> tuple[Table, list[Problem], set[str] | None]:
    """The valid rows of a table whose rows belong to a record (figures, events), and the ids of its
    valid rows; an absent file is empty. Every id is filled in (`made` makes the blank ones, see
    `dashboard.data.ids`); a repeated id, a row citing an unknown source or naming no loaded record is
    reported, not kept."""
    if not path.exists():
        return Table.of([], model), [], set()
    rows, problems = load_table(path, model, required)
    rows.columns["id"] = filled(rows.columns["id"], made(rows.columns))  # type: ignore[arg-type]
    written = None if _unread(problems, required) else set(rows.columns["id"])
    rows, found = _cited(rows, source_ids, path.name)
    problems += found
    keep = []
    for row, record in zip(rows.columns["row"], rows.columns["record"], strict=True):
        keep.append(record in record_ids)
        if not keep[-1]:
            problems.append(Problem(path.name, int(row), "record", f"no loaded record has id {record!r}"))
    rows, found = duplicates(rows.where(keep), "id", path.name)
    return rows, problems + found, written


def _cited(rows: Table, source_ids: set[str], file: str) -> tuple[Table, list[Problem]]:
    """Keep rows whose every cited source exists in the sources table."""
    keep, problems = [], []
    for row, cited in zip(rows.columns["row"], rows.columns["sources"], strict=True):
        unknown = [s for s in cited if s not in source_ids]
        keep.append(not unknown)
        if unknown:
            problems.append(Problem(file, int(row), "sources", f"unknown source id(s): {', '.join(unknown)}"))
    return (rows.where(keep) if problems else rows), problems


def _shaped(rows: Table, file: str) -> tuple[Table, list[Problem]]:
    """Keep the rows whose region has a shape in the boundaries file (`dashboard.geo.regions`)."""
    known = region_codes()
    keep = [code in known for code in rows.columns["region"]]
    problems = [Problem(file, int(row), "region", f"no shape in {REGION_SHAPES.name} has code {code!r}")
                for row, code, kept in zip(rows.columns["row"], rows.columns["region"], keep, strict=True)
                if not kept]
    return (rows.where(keep) if problems else rows), problems


def _dangling_arrivals(records: pd.DataFrame, record_ids: set[str], file: str) -> list[Problem]:
    """Report `arrival` references to records that do not exist (the record itself stays)."""
    bad = records[records["arrival"].notna() & ~records["arrival"].isin(record_ids)]
    return [
        Problem(file, int(r.row), "arrival", f"no loaded record has id {r.arrival!r}")
        for r in bad.itertuples()
    ]
