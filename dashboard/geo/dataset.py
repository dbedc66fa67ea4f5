"""Loading a geodata folder: sources, records and figures, validated, cross-checked and geocoded.

Nothing is dropped silently: every row that cannot be used is named in `Dataset.problems`, and
every valid row is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.data.problems import Problem
from dashboard.data.rows import duplicates, load_rows
from dashboard.data.schema import (
    FIGURE_REQUIRED,
    RECORD_REQUIRED,
    SOURCE_REQUIRED,
    FigureRow,
    RecordRow,
    SourceRow,
)
from dashboard.geo.geocoder import Geocoder
from dashboard.geo.locate import RECORDS_FILE, locate

SOURCES_FILE = "sources.csv"
FIGURES_FILE = "figures.csv"


@dataclass
class Dataset:
    """A loaded geodata folder."""

    records: gpd.GeoDataFrame
    sources: pd.DataFrame
    figures: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def load_dataset(directory: Path, geocoder: Geocoder) -> Dataset:
    """Load the folder's sources, records and figures; geocode records that have no coordinates.

    Records get `row` (spreadsheet row), `coord_method` (given, curated, exact, alias, fuzzy),
    `coord_name` (what the gazetteer matched) and `precision`; figures get `row`.
    """
    problems: list[Problem] = []

    source_rows, found = load_rows(directory / SOURCES_FILE, SourceRow, SOURCE_REQUIRED)
    problems += found
    source_rows, found = duplicates(source_rows, "id", SOURCES_FILE)
    problems += found
    source_ids = {s.id for _, s in source_rows}

    record_rows, found = load_rows(directory / RECORDS_FILE, RecordRow, RECORD_REQUIRED)
    problems += found
    record_rows, found = duplicates(record_rows, "id", RECORDS_FILE)
    problems += found
    record_rows, found = _cited(record_rows, source_ids, RECORDS_FILE)
    problems += found
    records, found = locate(record_rows, geocoder)
    problems += found
    record_ids = set(records["id"])
    problems += _dangling_arrivals(records, record_ids)

    figure_rows: list[tuple[int, FigureRow]] = []
    if (directory / FIGURES_FILE).exists():
        figure_rows, found = load_rows(directory / FIGURES_FILE, FigureRow, FIGURE_REQUIRED)
        problems += found
        figure_rows, found = _cited(figure_rows, source_ids, FIGURES_FILE)
        problems += found
        kept = []
        for row, fig in figure_rows:
            if fig.record in record_ids:
                kept.append((row, fig))
            else:
                problems.append(Problem(FIGURES_FILE, row, "record",
                                        f"no loaded record has id {fig.record!r}"))
        figure_rows = kept

    return Dataset(
        records=records,
        sources=_frame(source_rows, SourceRow),
        figures=_frame(figure_rows, FigureRow),
        problems=sorted(problems),
    )


def _cited(rows: list, source_ids: set[str], file: str) -> tuple[list, list[Problem]]:
    """Keep rows whose every cited source exists in the sources table."""
    kept, problems = [], []
    for row, item in rows:
        unknown = [s for s in item.sources if s not in source_ids]
        if unknown:
            problems.append(Problem(file, row, "sources",
                                    f"unknown source id(s): {', '.join(unknown)}"))
        else:
            kept.append((row, item))
    return kept, problems


def _dangling_arrivals(records: pd.DataFrame, record_ids: set[str]) -> list[Problem]:
    """Report `arrival` references to records that do not exist (the record itself stays)."""
    bad = records[records["arrival"].notna() & ~records["arrival"].isin(record_ids)]
    return [
        Problem(RECORDS_FILE, int(r.row), "arrival", f"no loaded record has id {r.arrival!r}")
        for r in bad.itertuples()
    ]


def _frame(rows: list, model: type) -> pd.DataFrame:
    """The rows as a table: `row`, the model's columns, then any per-language columns."""
    frame = pd.DataFrame([{"row": row, **item.model_dump()} for row, item in rows])
    columns = ["row", *model.model_fields]
    return frame.reindex(columns=[*columns, *(c for c in frame.columns if c not in columns)])
