"""Giving every record a position: its own coordinates, or the gazetteer's, saying how each was found.

Given coordinates are checked against the country's outline: a pair that lies outside it while the
swapped pair lies inside is reported as swapped, not drawn in the wrong place.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
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
    or name, country): each distinct question goes to the geocoder once. Column by column: only the rows
    without coordinates are visited one by one (to group their questions). Called by `load_dataset`,
    which pauses the cyclic garbage collector while the frame and its points are made (`geo.collector`).
    """
    fields = ["row", *_FIELDS]
    localised = [name for name in rows.columns if name not in fields]
    columns = {name: rows.columns[name] for name in (*fields, *localised)}  # per-language ones last
    rows.columns = {}
    failed = _geocode(columns, geocoder)
    problems = [failed[i] for i in sorted(failed)]  # in row order
    if failed:
        keep = [i not in failed for i in range(len(columns["row"]))]
        columns = Table(columns).where(keep).columns
    frame = Table(columns).frame()
    del columns
    lat, lon = frame["lat"].to_numpy(dtype=float), frame["lon"].to_numpy(dtype=float)
    swapped = _swapped(frame["coord_method"].to_numpy(), frame["country"].to_numpy(), lat, lon)
    if swapped.any():
        problems += [Problem(RECORDS_FILE, int(r.row), "lat",
                             f"lat and lon look swapped: ({r.lat}, {r.lon}) is outside {r.country}, "
                             f"({r.lon}, {r.lat}) inside it") for r in frame[swapped].itertuples()]
        frame = frame[~swapped].reset_index(drop=True)
        lat, lon = lat[~swapped], lon[~swapped]
    # The frame is this function's own: no copy of its columns (a second of a million records').
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs=CRS, copy=False), problems


def _geocode(columns: dict[str, list], geocoder: Geocoder) -> dict[int, Problem]:
    """Fill in coordinates, method, matched name and precision, in place: given coordinates keep theirs
    (method `given` unless the file says otherwise, precision `point` unless given); the others are
    geocoded, one question per distinct (place or name, country). Returns, by position, a problem for
    each row that cannot be geocoded (its values are left as they were)."""
    lat, lon = _objects(columns["lat"]), _objects(columns["lon"])
    method, precision = _objects(columns["coord_method"]), _objects(columns["precision"])
    unplaced = np.equal(lat, None) | np.equal(lon, None)
    given = ~unplaced
    method[given & _blank(method)] = "given"
    precision[given & _blank(precision)] = "point"
    place, name, country = columns["place"], columns["name"], columns["country"]
    asked: dict[tuple[str, str], list[int]] = {}
    for i in np.flatnonzero(unplaced).tolist():
        asked.setdefault((place[i] or name[i], country[i]), []).append(i)
    matched = _objects(columns["coord_name"])
    failed: dict[int, Problem] = {}
    for (query, code), where in asked.items():  # in order of first appearance, as row by row would
        try:
            hit = geocoder.geocode(query, code)
        except GeocodeError as err:
            failed.update((i, Problem(RECORDS_FILE, columns["row"][i], "place" if place[i] else "name",
                                      f"cannot geocode: {err}")) for i in where)
            continue
        at = np.array(where)
        lat[at], lon[at], method[at], matched[at] = hit.lat, hit.lon, hit.method, hit.name
        precision[at[_blank(precision[at])]] = hit.precision
    for column, values in (("lat", lat), ("lon", lon), ("coord_method", method), ("precision", precision),
                           ("coord_name", matched)):
        columns[column] = values.tolist()
    return failed


def _objects(values: list) -> np.ndarray:
    """A column's cells as a NumPy array of the same Python objects."""
    return np.fromiter(values, dtype=object, count=len(values))


def _blank(values: np.ndarray) -> np.ndarray:
    """Where an object array holds None or an empty text (what `value or default` would replace)."""
    return np.equal(values, None) | np.equal(values, "")


def _swapped(method: np.ndarray, country: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Rows whose given coordinates fall outside their country while the swapped pair falls inside, as a
    boolean array: the given rows grouped by country, each group's points tested against its outline."""
    flagged = np.zeros(len(method), dtype=bool)
    given = np.flatnonzero(method == "given")
    codes, countries = pd.factorize(country[given])  # a missing country (code -1) is not checked
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(countries) + 1))
    for k, code in enumerate(countries):
        outline = country_geometry(str(code))
        if outline is None:
            continue
        at = given[order[bounds[k]:bounds[k + 1]]]
        outside = at[~contains_xy(outline, lon[at], lat[at])]
        flagged[outside] = contains_xy(outline, lat[outside], lon[outside])
    return flagged
