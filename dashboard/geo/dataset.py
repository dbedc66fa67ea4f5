"""Loading a geodata folder: sources, records and figures, validated, cross-checked and geocoded.

Nothing is dropped silently: every row that cannot be used is named in `Dataset.problems`, and
every valid row is kept.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.data.atomic import recover
from dashboard.data.coded import Coded, CodedTable, Known, cited_names, duplicates
from dashboard.data.columnar import load_coded
from dashboard.data.ids import alias_problems, event_key, figure_key
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
from dashboard.geo.belonging import attached, belonging, cited_rows, unread
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
        "records": None if unread(found, RECORD_REQUIRED) else coded_records.columns["id"]}
    coded_records, found = duplicates(coded_records, "id", records_file)
    problems += found
    coded_records, found, record_citations = cited_rows(coded_records, source_ids, records_file)
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
    figures = attached(figures_path, read, FigureRow, FIGURE_REQUIRED, lambda c, at: map(
        figure_key, c["record"].at(at), c["metric"].at(at), c["value"].at(at)))
    events = attached(events_path, read, EventRow, EVENT_REQUIRED, lambda c, at: map(
        event_key, c["date"].at(at), c["record"].at(at), c["kind"].at(at)))
    # the citations of both looked up at once: the sources' ids are made into a hash table once for the two
    figure_flat, event_flat = source_ids.look_up_all(
        [[] if table is None else cited_names(table[0].columns["sources"]) for table in (figures, events)])
    figure_rows, found, written["figures"], figure_citations = belonging(
        figures, FigureRow, figures_path.name, *known, figure_flat)
    problems += found
    event_rows, found, written["events"], event_citations = belonging(
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


def _log(path: Path, model: type, required: tuple[str, ...],
         source_ids: Known) -> tuple[CodedTable, list[Problem]]:
    """The valid rows of a log (corrections, updates); an absent file is empty."""
    if not path.exists():
        return CodedTable.of(Table.of([], model)), []
    rows, problems = load_coded(path, model, required)
    rows, found, _ = cited_rows(rows, source_ids, path.name)
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
