"""Giving every record a position: its own coordinates, or the gazetteer's, saying how each was found.

Given coordinates are checked against the country's outline: a pair that lies outside it while the
swapped pair lies inside is reported as swapped, not drawn in the wrong place.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import geopandas as gpd
import pandas as pd
from shapely import contains_xy

from dashboard.data.problems import Problem
from dashboard.data.rows import Table
from dashboard.data.schema import RECORD_COLUMNS
from dashboard.geo.geocoder import GeocodeError, Geocoder
from dashboard.geo.outlines import country_geometry

RECORDS_FILE = "records.csv"
CRS = "EPSG:4326"
_FIELDS = (*RECORD_COLUMNS, "coord_method", "coord_name")  # the model's values that become columns


def locate(rows: Table, geocoder: Geocoder) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Give every record coordinates, from its own lat/lon or from the geocoder.

    Consumes `rows` (its columns become the frame's). Records without coordinates are grouped by (place
    or name, country): each distinct question goes to the geocoder once.
    """
    fields = ["row", *_FIELDS]
    localised = [name for name in rows.columns if name not in fields]
    columns = {name: rows.columns[name] for name in (*fields, *localised)}  # per-language ones last
    rows.columns = {}
    with collector_paused():
        failed = _geocode(columns, geocoder)
        problems = [failed[i] for i in sorted(failed)]  # in row order
        if failed:
            keep = [i not in failed for i in range(len(columns["row"]))]
            columns = Table(columns).where(keep).columns
        frame = Table(columns).frame()
        del columns
    swapped = _swapped(frame)
    problems += [Problem(RECORDS_FILE, int(r.row), "lat",
                         f"lat and lon look swapped: ({r.lat}, {r.lon}) is outside {r.country}, "
                         f"({r.lon}, {r.lat}) inside it") for r in frame[swapped].itertuples()]
    frame = frame[~swapped].reset_index(drop=True)
    geometry = gpd.points_from_xy(frame["lon"].astype(float), frame["lat"].astype(float))
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS), problems


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a hundred thousand new tuples and lists (no cycles) would
    otherwise make it walk every live object again and again."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


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
