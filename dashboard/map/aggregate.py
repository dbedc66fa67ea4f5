"""Keeping what the map draws bounded: only what is in view, and grid cells when that is too much.

The server decides, for the reader's current view (bounds and zoom, reported by the map): if at most
`MAX_POINTS` point records fall in the padded view they are drawn one by one; otherwise they are
counted into square grid cells sized to the view, and each cell is drawn as one circle with its count.
Panning or zooming reruns the map fragment, which recomputes this for the new view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_POINTS = 1500
CELLS_ACROSS = 48
PAD = 0.5  # share of the view's size added on each side
DENSE_KEYS = 1 << 22  # (group, cell) keys counted by an array of them up to this many, else hashed


@dataclass(frozen=True)
class Bounds:
    """A lat/lon box (south, west, north, east)."""

    south: float
    west: float
    north: float
    east: float

    @classmethod
    def around(cls, lat: float, lon: float, zoom: int) -> Bounds:
        """A view of about 1000 x 620 pixels at `zoom` centred on (lat, lon), before the map reports."""
        width = 360 / 2**zoom * 1000 / 256
        height = width * 0.62 * math.cos(math.radians(lat))
        return cls(lat - height / 2, lon - width / 2, lat + height / 2, lon + width / 2)

    def padded(self, share: float = PAD) -> Bounds:
        """The box grown by `share` of its size on every side."""
        dy, dx = (self.north - self.south) * share, (self.east - self.west) * share
        return Bounds(self.south - dy, self.west - dx, self.north + dy, self.east + dx)

    def contains(self, lat: pd.Series, lon: pd.Series) -> pd.Series:
        """Which of the points lie in the box."""
        return lat.between(self.south, self.north) & lon.between(self.west, self.east)


def cell_size(bounds: Bounds, across: int = CELLS_ACROSS) -> float:
    """The side of a grid cell in degrees: the view's larger side over `across`, rounded to a power
    of two so that cells stay put while the reader pans at one zoom level."""
    side = max(bounds.north - bounds.south, bounds.east - bounds.west) / across
    return 2.0 ** math.floor(math.log2(side)) if side > 0 else 1.0


def cells(points: pd.DataFrame, size: float) -> pd.DataFrame:
    """Count `points` (columns lat, lon, group) into square cells of `size` degrees.

    One row per (group, cell): the mean position of its points and their number, most populous first.
    """
    if points.empty:
        return pd.DataFrame(columns=["group", "lat", "lon", "count"])
    lat, lon = points["lat"].to_numpy(dtype=float), points["lon"].to_numpy(dtype=float)
    key_y = np.floor(lat / size).astype(np.int64)
    key_x = np.floor(lon / size).astype(np.int64)
    groups, names = pd.factorize(points["group"])  # a categorical column: from its codes
    # One integer per (group, cell), numbered in order of first appearance; then sums by bincount.
    span_y, span_x = int(key_y.max() - key_y.min()) + 1, int(key_x.max() - key_x.min()) + 1
    key = (groups.astype(np.int64) * span_y + (key_y - key_y.min())) * span_x + (key_x - key_x.min())
    span = len(names) * span_y * span_x
    if span <= DENSE_KEYS and groups.min() >= 0:  # the usual view: counted by key, no hash of them
        first = np.full(span, len(key))
        first[key[::-1]] = np.arange(len(key))[::-1]  # each key's first point
        keys = np.flatnonzero(first < len(key))
        keys = keys[np.argsort(first[keys], kind="stable")]  # in order of first appearance
        count = np.bincount(key, minlength=span)[keys]
        lat_sum, lon_sum = np.bincount(key, lat, span)[keys], np.bincount(key, lon, span)[keys]
    else:
        cell, keys = pd.factorize(key)
        count = np.bincount(cell)
        lat_sum, lon_sum = np.bincount(cell, lat), np.bincount(cell, lon)
    frame = pd.DataFrame({"group": np.asarray(names, dtype=object)[keys // (span_y * span_x)],
                          "lat": lat_sum / count, "lon": lon_sum / count, "count": count})
    return frame.sort_values("count", ascending=False, ignore_index=True)
