"""Giving every record a position: its own coordinates, or the gazetteer's, saying how each was found.

Given coordinates are checked against the country's outline: a pair that lies outside it while the
swapped pair lies inside is reported as swapped, not drawn in the wrong place.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from operator import itemgetter

import geopandas as gpd
import pandas as pd
from shapely import contains_xy

from dashboard.data.problems import Problem
from dashboard.data.schema import RECORD_COLUMNS, RecordRow
from dashboard.geo.geocoder import GeocodeError, Geocoder
from dashboard.geo.outlines import country_geometry

RECORDS_FILE = "records.csv"
CRS = "EPSG:4326"
_FIELDS = (*RECORD_COLUMNS, "coord_method", "coord_name")  # the model's values that become columns


def locate(
    rows: list[tuple[int, RecordRow]], geocoder: Geocoder
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Give every record coordinates, from its own lat/lon or from the geocoder.

    Consumes `rows` (each model is released once its values are read), so that a file of 100,000 rows
    never holds its models and a second copy of them at the same time. Records without coordinates are
    grouped by (place or name, country): each distinct question goes to the geocoder once.
    """
    names = ["row", *_FIELDS]
    with _collector_paused():
        values, extras = _values(rows)
        columns: dict[str, list] = {name: [] for name in names}
        if values:
            columns = dict(zip(names, map(list, zip(*values, strict=True)), strict=True))
        del values
        failed = _geocode(columns, geocoder)
        problems = [failed[i] for i in sorted(failed)]  # in row order
        if failed:
            kept = [i for i in range(len(extras)) if i not in failed]
            columns = {name: [column[i] for i in kept] for name, column in columns.items()}
            extras = [extras[i] for i in kept]
        localised = _localised(extras)  # per-language columns (`summary_de`), in file order
        del extras
        frame = pd.DataFrame({**columns, **localised}, columns=[*names, *localised])
        del columns, localised
    swapped = _swapped(frame)
    problems += [Problem(RECORDS_FILE, int(r.row), "lat",
                         f"lat and lon look swapped: ({r.lat}, {r.lon}) is outside {r.country}, "
                         f"({r.lon}, {r.lat}) inside it") for r in frame[swapped].itertuples()]
    frame = frame[~swapped].reset_index(drop=True)
    geometry = gpd.points_from_xy(frame["lon"].astype(float), frame["lat"].astype(float))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS), problems


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a hundred thousand new tuples and lists (no cycles) would
    otherwise make it walk every live model again and again."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _values(rows: list[tuple[int, RecordRow]]) -> tuple[list[tuple], list[dict | None]]:
    """Each row's number and _FIELDS values, and its per-language values (None when it has none),
    emptying `rows` as it goes."""
    fields = itemgetter(*_FIELDS)
    values: list[tuple] = []
    extras: list[dict | None] = []  # the model's own dict of per-language values, not a copy
    for i, (row, rec) in enumerate(rows):
        rows[i] = None  # type: ignore[call-overload]  # release the model as we go
        values.append((row, *fields(vars(rec))))
        extras.append(rec.model_extra or None)
    rows.clear()
    return values, extras


def _geocode(columns: dict[str, list], geocoder: Geocoder) -> dict[int, Problem]:
    """Fill in coordinates, method, matched name and precision, in place: given coordinates keep theirs
    (method `given` unless the file says otherwise, precision `point` unless given); the others are
    geocoded, one question per distinct (place or name, country). Returns, by position, a problem for
    each row that cannot be geocoded (its values are left as they were)."""
    lat, lon, precision = columns["lat"], columns["lon"], columns["precision"]
    method, matched = columns["coord_method"], columns["coord_name"]
    place, name, country = columns["place"], columns["name"], columns["country"]
    asked: dict[tuple[str, str], list[int]] = {}
    for i, (y, x) in enumerate(zip(lat, lon, strict=True)):
        if y is not None and x is not None:
            method[i] = method[i] or "given"
            precision[i] = precision[i] or "point"
        else:
            asked.setdefault((place[i] or name[i], country[i]), []).append(i)
    failed: dict[int, Problem] = {}
    for (query, code), where in asked.items():  # in order of first appearance, as row by row would
        try:
            hit = geocoder.geocode(query, code)
        except GeocodeError as err:
            failed.update((i, Problem(RECORDS_FILE, columns["row"][i], "place" if place[i] else "name",
                                      f"cannot geocode: {err}")) for i in where)
            continue
        for i in where:
            lat[i], lon[i], method[i], matched[i] = hit.lat, hit.lon, hit.method, hit.name
            precision[i] = precision[i] or hit.precision
    return failed


def _localised(extras: list[dict | None]) -> dict[str, list[object]]:
    """Per-language columns, in order of first appearance, one value per row (None where a row has none)."""
    order = dict.fromkeys(name for extra in extras if extra for name in extra)
    return {name: [extra.get(name) if extra else None for extra in extras] for name in order}


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
