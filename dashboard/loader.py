"""Loading a geodata folder: sources, records and figures, validated, cross-checked and geocoded.

Nothing is dropped silently: every row that cannot be used is named in `Dataset.problems`, and
every valid row is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely import contains_xy

from dashboard.geocoder import GeocodeError, Geocoder
from dashboard.outlines import country_geometry
from dashboard.problems import Problem
from dashboard.rows import duplicates, load_rows
from dashboard.schema import (
    FIGURE_REQUIRED,
    RECORD_REQUIRED,
    SOURCE_REQUIRED,
    FigureRow,
    RecordRow,
    SourceRow,
)

RECORDS_FILE = "records.csv"
SOURCES_FILE = "sources.csv"
FIGURES_FILE = "figures.csv"
CRS = "EPSG:4326"


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
    records, found = _locate(record_rows, geocoder)
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


def _locate(
    rows: list[tuple[int, RecordRow]], geocoder: Geocoder
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Give every record coordinates, from its own lat/lon or from the geocoder.

    Consumes `rows` (each model is released once read) and fills columns directly, so that a file of
    100,000 rows never holds its models and a second copy of them as dicts at the same time.
    """
    names = ["row", *RecordRow.model_fields, "coord_method", "coord_name"]
    columns: dict[str, list[object]] = {name: [] for name in names}
    problems: list[Problem] = []
    for i, (row, rec) in enumerate(rows):
        rows[i] = None  # type: ignore[call-overload]  # release the model as we go
        data = dict(rec)
        if rec.lat is not None and rec.lon is not None:
            data.update(coord_method="given", coord_name=None, precision=rec.precision or "point")
        else:
            query = rec.place or rec.name
            try:
                hit = geocoder.geocode(query, rec.country)
            except GeocodeError as err:
                problems.append(Problem(RECORDS_FILE, row, "place" if rec.place else "name",
                                        f"cannot geocode: {err}"))
                continue
            data.update(lat=hit.lat, lon=hit.lon, coord_method=hit.method, coord_name=hit.name,
                        precision=rec.precision or hit.precision)
        data["row"] = row
        for name in names:
            columns[name].append(data[name])
    rows.clear()
    frame = pd.DataFrame(columns, columns=names)
    del columns
    swapped = _swapped(frame)
    problems += [Problem(RECORDS_FILE, int(r.row), "lat",
                         f"lat and lon look swapped: ({r.lat}, {r.lon}) is outside {r.country}, "
                         f"({r.lon}, {r.lat}) inside it") for r in frame[swapped].itertuples()]
    frame = frame[~swapped].reset_index(drop=True)
    geometry = gpd.points_from_xy(frame["lon"].astype(float), frame["lat"].astype(float))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS), problems


def _swapped(frame: pd.DataFrame) -> pd.Series:
    """Rows whose given coordinates fall outside their country while the swapped pair falls inside."""
    flagged = pd.Series(False, index=frame.index)
    given = frame[frame["coord_method"] == "given"]
    for code, index in given.groupby("country").groups.items():
        outline = country_geometry(str(code))
        if outline is None:
            continue
        lat = given.loc[index, "lat"].to_numpy(dtype=float)
        lon = given.loc[index, "lon"].to_numpy(dtype=float)
        flagged[index] = ~contains_xy(outline, lon, lat) & contains_xy(outline, lat, lon)
    return flagged


def _dangling_arrivals(records: pd.DataFrame, record_ids: set[str]) -> list[Problem]:
    """Report `arrival` references to records that do not exist (the record itself stays)."""
    bad = records[records["arrival"].notna() & ~records["arrival"].isin(record_ids)]
    return [
        Problem(RECORDS_FILE, int(r.row), "arrival", f"no loaded record has id {r.arrival!r}")
        for r in bad.itertuples()
    ]


def _frame(rows: list, model: type) -> pd.DataFrame:
    columns = ["row", *model.model_fields]
    return pd.DataFrame([{"row": row, **item.model_dump()} for row, item in rows], columns=columns)
