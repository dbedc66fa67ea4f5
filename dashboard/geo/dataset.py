"""Loading a geodata folder: sources, records and figures, validated, cross-checked and geocoded.

Nothing is dropped silently: every row that cannot be used is named in `Dataset.problems`, and
every valid row is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.data.atomic import recover
from dashboard.data.coded import Coded, CodedTable, Known, cited, cited_names, duplicates
from dashboard.data.columnar import load_coded
from dashboard.data.ids import alias_problems, event_key, figure_key, numbered
from dashboard.data.parquet import table_file
from dashboard.data.problems import Problem
from dashboard.data.readahead import ReadAhead, Reader
from dashboard.data.regions import REGION_REQUIRED, RegionRow
from dashboard.data.rows import Table
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
from dashboard.geo import cited as kept_citations
from dashboard.geo.collector import collector_paused
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
TABLE_FILES = (SOURCES_FILE, RECORDS_FILE, FIGURES_FILE, EVENTS_FILE)  # read in this order


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
    in time order. Each table comes from its Parquet file when the folder has one (records.parquet; a
    records.csv beside it is reported as ignored), else from its CSV file; its problems name the file read.

    A change the editors' desk was committing when its process died is finished (or undone) first
    (`atomic.recover`: a look for its journal, nothing more, when there is none).
    """
    recover(directory)
    problems: list[Problem] = []
    paths = [_found(directory, name, problems) for name in TABLE_FILES]
    # millions of new objects, no cycles among them; each table's file read while the one before is checked
    with collector_paused(), ReadAhead(paths) as ahead:
        return _loaded(directory, geocoder, problems, paths, ahead.read)


def _loaded(directory: Path, geocoder: Geocoder, problems: list[Problem], paths: list[Path],
            read: Reader) -> Dataset:
    sources_path, records_path, figures_path, events_path = paths
    source_rows, found = load_coded(sources_path, SourceRow, SOURCE_REQUIRED, read)
    problems += found
    source_rows, found = duplicates(source_rows, "id", sources_path.name)
    problems += found
    # Each source's id (its one string) and its position in the sources table, where citations point.
    source_ids = Known.of(source_rows.columns["id"].tolist())  # type: ignore[arg-type]

    records_file = records_path.name
    coded_records, found = load_coded(records_path, RecordRow, RECORD_REQUIRED, read)
    problems += found
    # The ids a correction may name (loaded or not; a set made only for a correction to check); None for
    # a table whose file could not be read.
    written: dict[str, Coded | None] = {
        "records": None if _unread(found, RECORD_REQUIRED) else coded_records.columns["id"]}
    coded_records, found = duplicates(coded_records, "id", records_file)
    problems += found
    coded_records, found, record_citations = _cited(coded_records, source_ids, records_file)
    problems += found
    record_rows = coded_records.table()
    # Read before `locate` takes the columns: an alias must name one record, and a correction may name a
    # record by an old id.
    alias_lists = record_rows.columns.get("aliases", [])
    if alias_lists:
        problems += alias_problems(record_rows.columns["row"], record_rows.columns["id"], alias_lists,
                                   records_file)
    aliases = {a for names in alias_lists for a in names}
    del alias_lists
    records, found = locate(record_rows, geocoder)
    problems += [replace(p, file=records_file) if p.file == RECORDS_FILE else p for p in found]
    record_ids = set(records["id"])
    problems += _dangling_arrivals(records, record_ids, records_file)

    known = (source_ids, record_ids)
    figures = _attached(figures_path, read, FigureRow, FIGURE_REQUIRED, lambda c, at: map(
        figure_key, c["record"].at(at), c["metric"].at(at), c["value"].at(at)))
    events = _attached(events_path, read, EventRow, EVENT_REQUIRED, lambda c, at: map(
        event_key, c["date"].at(at), c["record"].at(at), c["kind"].at(at)))
    # the citations of both looked up at once: the sources' ids are made into a hash table once for the two
    figure_flat, event_flat = source_ids.look_up_all(
        [[] if table is None else cited_names(table[0].columns["sources"]) for table in (figures, events)])
    figure_rows, found, written["figures"], figure_citations = _belonging(
        figures, FigureRow, figures_path.name, *known, figure_flat)
    problems += found
    event_rows, found, written["events"], event_citations = _belonging(
        events, EventRow, events_path.name, *known, event_flat)
    problems += found

    corrections_path = _found(directory, CORRECTIONS_FILE, problems)
    corrections, found = _log(corrections_path, CorrectionRow, CORRECTION_REQUIRED, source_ids)
    problems += found
    if len(corrections):
        # A correction names a row written in its table (whether or not the row loaded: a row that did
        # not is reported on its own), or a record by an old id.
        named: dict[str, Collection[object] | None] = {
            table: None if ids is None else ids.held() | (aliases if table == "records" else set())
            for table, ids in written.items()}
        named["sources"] = source_ids.positions
        corrections, found = _naming(corrections.table(), named, corrections_path.name)
        problems += found
    updates_path = _found(directory, UPDATES_FILE, problems)
    updates, found = _log(updates_path, UpdateRow, UPDATE_REQUIRED, source_ids)
    problems += found
    regions, found = _log(directory / REGIONS_FILE, RegionRow, REGION_REQUIRED, source_ids)
    problems += found
    regions, found = duplicates(regions, "id", REGIONS_FILE)
    problems += found
    regions, found = _shaped(regions.table(), REGIONS_FILE)
    problems += found

    data = Dataset(
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
    for table, (rows, source) in ((data.records, record_citations), (data.figures, figure_citations),
                                  (data.events, event_citations)):
        kept_citations.keep(data.sources, table, rows, source)
    return data


def _found(directory: Path, name: str, problems: list[Problem]) -> Path:
    """The file that holds table `name` (`figures.csv`): its Parquet version when there is one (see
    `parquet.table_file`, whose problem is added to `problems`), else the CSV file, present or not."""
    path, found = table_file(directory, Path(name).stem)
    problems += found
    return path


def _unread(problems: list[Problem], required: tuple[str, ...]) -> bool:
    """Whether a file could not be read as a whole, or lacks a required column: then it says nothing of
    the ids it holds."""
    return any(p.row == 0 or (p.row == 1 and p.column in required) for p in problems)


def _log(path: Path, model: type, required: tuple[str, ...],
         source_ids: Known) -> tuple[CodedTable, list[Problem]]:
    """The valid rows of a log (corrections, updates); an absent file is empty."""
    if not path.exists():
        return CodedTable.of(Table.of([], model)), []
    rows, problems = load_coded(path, model, required)
    rows, found, _ = _cited(rows, source_ids, path.name)
    return rows, problems + found


def _naming(rows: Table, named: Mapping[str, Collection[object] | None],
            file: str) -> tuple[Table, list[Problem]]:
    """Keep the corrections whose id names a row of their table (a record also by an old id); those of a
    table whose file could not be read are kept unchecked (the file's problem is reported)."""
    keep, problems = [], []
    for row, table, rid in zip(rows.columns["row"], rows.columns["table"], rows.columns["id"], strict=True):
        ids = named[str(table)]
        keep.append(ids is None or rid in ids)
        if not keep[-1]:
            problems.append(Problem(file, int(row), "id", f"no row of {table}.csv has id {rid!r}"))
    return (rows.where(keep) if problems else rows), problems


# The ids made for the rows of a table whose `id` is blank: from its columns and the rows' positions.
Made = Callable[[dict[str, Coded], np.ndarray], Iterable[str]]


# A table whose rows belong to a record (figures, events) as read: its valid rows, the problems met and
# the ids its rows are written with (None when the file says nothing of them).
Attached = tuple[CodedTable, list[Problem], Coded | None]


def _attached(path: Path, read: Reader, model: type, required: tuple[str, ...],
              made: Made) -> Attached | None:
    """A table whose rows belong to a record, read by `read` (None for an absent file), every id filled
    in (`made` makes the blank ones, see `dashboard.data.ids`)."""
    if not path.exists():
        return None
    rows, problems = load_coded(path, model, required, read)
    blank = rows.columns["id"].blank()
    rows.columns["id"] = _filled(rows.columns["id"], blank, made(rows.columns, blank))
    written = None if _unread(problems, required) else rows.columns["id"]
    return rows, problems, written


def _belonging(attached: Attached | None, model: type, file: str, source_ids: Known, record_ids: set[str],
               flat: np.ndarray) -> tuple[CodedTable, list[Problem], Coded | None, Pairs]:
    """The rows of a table read by `_attached` that are kept, the problems, the ids its rows are written
    with, and its citations (see `_cited`; `flat`, its cited ids looked up); an absent file is empty.
    A repeated id, a row citing an unknown source or naming no loaded record is reported, not kept."""
    if attached is None:
        return CodedTable.of(Table.of([], model)), [], Coded([], np.empty(0, dtype=np.int64)), _NO_PAIRS
    rows, problems, written = attached
    rows, found, citations = _cited(rows, source_ids, file, flat)
    problems += found
    record = rows.columns["record"]
    orphan = ~record.within(record_ids)
    named = record.at(np.flatnonzero(orphan))
    problems += [Problem(file, row, "record", f"no loaded record has id {rid!r}")
                 for row, rid in zip(rows.rows[orphan].tolist(), named, strict=True)]
    rows, found = duplicates(rows.keep(~orphan), "id", file)
    return rows, problems + found, written, citations


def _filled(ids: Coded, blank: np.ndarray, made: Iterable[str]) -> Coded:
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
_NO_PAIRS: Pairs = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))


def _cited(rows: CodedTable, source_ids: Known, file: str,
           flat: np.ndarray | None = None) -> tuple[CodedTable, list[Problem], Pairs]:
    """Keep rows whose every cited source exists in the sources table; the kept rows' citations, found
    by the same look-up (the citing row's spreadsheet row, the cited source's position; `flat`, the
    look-up done already, see `coded.cited`)."""
    found = cited(rows.columns["sources"], source_ids, flat)
    problems = [Problem(file, row, "sources", f"unknown source id(s): {', '.join(ids)}")
                for row, ids in zip(rows.rows[found.bad].tolist(), found.named, strict=True)]
    return (rows.keep(~found.bad) if problems else rows), problems, (rows.rows[found.at], found.source)


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
