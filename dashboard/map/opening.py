"""What the map must show when it opens: the host country and every troop route.

The map opens at `styles.CENTER` and `styles.ZOOM`. A screen too narrow to show these bounds at that
zoom (a phone) fits them instead: the app's map (`basemap.OpeningFit`) and the published edition's
(`start.bounds`) both open so.
"""

from __future__ import annotations

import json

import pandas as pd

from dashboard.data.countries import HOST
from dashboard.geo.outlines import outline_json
from dashboard.vocabulary import LAYERS

FLOWS = tuple(key for key, layer in LAYERS.items() if layer.mark == "flow")  # layers drawn as routes


def opening_bounds(records: pd.DataFrame) -> list[list[float]]:
    """`[[south, west], [north, east]]` around the host country's outline and both ends of every route
    (a flow layer's record and the record it arrived at) that has coordinates."""
    points = _positions(json.loads(outline_json(HOST)))  # [lon, lat]
    routes = records[records["layer"].isin(FLOWS)]
    arrivals = records[records["id"].isin(set(routes["arrival"].dropna()))]
    for frame in (routes, arrivals):
        placed = frame.dropna(subset=["lat", "lon"])
        points += [[float(lon), float(lat)] for lat, lon in zip(placed["lat"], placed["lon"], strict=True)]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _positions(geometry: object) -> list[list[float]]:
    """Every [lon, lat] position in a GeoJSON object."""
    if isinstance(geometry, list) and geometry and all(isinstance(x, int | float) for x in geometry):
        return [[float(geometry[0]), float(geometry[1])]]
    if isinstance(geometry, list):
        return [p for item in geometry for p in _positions(item)]
    if isinstance(geometry, dict):
        return [p for key, value in geometry.items() if key != "properties" for p in _positions(value)]
    return []
