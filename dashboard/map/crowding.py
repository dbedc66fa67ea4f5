"""Crowded points: no point holds more than `MAX_AT_POINT` drawn records.

The data may put more records at one point than a reader can tell apart: in Almaty, the city's own
unrest record and five sites that no public source places more precisely than the city. Spreading them
on a ring would draw each site somewhere it is not. So, at a point that holds more than `MAX_AT_POINT`
point records in the whole data (a *crowded* point), the sites placed there only by their city (a site
layer's record whose `precision` is `city` or coarser: *unplaced*) are not drawn as marks of their own.
One of them, the first to begin, is drawn for all (`folded`), wherever a view shows any of them: its
tooltip says that more sites are listed in its details, and its details, like those of every record at
that point, list them by name (`listed_sites`). Their own details, the tables and links still show each
in full. So a crowded point draws its other records and one site, whatever the reader filters.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd

from dashboard.vocabulary import LAYERS, layers_in

MAX_AT_POINT = 3  # drawn records at one point, at most
APPROXIMATE = frozenset({"city", "region", "country"})  # precisions that are not a sourced point
POINT_LAYERS = tuple(key for key, layer in LAYERS.items() if layer.mark != "area")
SITE_LAYERS = layers_in("sites")

Point = tuple[float, float]


def point_of(lat: object, lon: object) -> Point:
    """A record's point as the map draws it (five decimals, about a metre)."""
    return round(float(lat), 5), round(float(lon), 5)  # type: ignore[arg-type]


def unplaced(records: pd.DataFrame) -> pd.Series:
    """The sites placed only by their city (or region, or country): no public source gives them a
    position of their own."""
    return records["layer"].isin(SITE_LAYERS) & records["precision"].isin(APPROXIMATE)


def _points(records: pd.DataFrame) -> pd.DataFrame:
    """The point records (not countries) that have coordinates."""
    points = records[records["layer"].isin(POINT_LAYERS)]
    return points[points["lat"].notna() & points["lon"].notna()]


def _by_point(records: pd.DataFrame) -> dict[Point, list[str]]:
    at: dict[Point, list[str]] = defaultdict(list)
    for rid, lat, lon in zip(records["id"], records["lat"], records["lon"], strict=True):
        at[point_of(lat, lon)].append(str(rid))
    return at


def crowded_points(records: pd.DataFrame) -> set[Point]:
    """The points that hold more than `MAX_AT_POINT` point records of `records` (the whole data)."""
    return {point for point, ids in _by_point(_points(records)).items() if len(ids) > MAX_AT_POINT}


def listed_sites(records: pd.DataFrame) -> dict[str, list[str]]:
    """Each record at a crowded point of `records` (every record of the data) -> the unplaced sites at
    that point other than itself, by id, in id order. Records elsewhere are not keys."""
    points = _points(records)
    crowded = crowded_points(records)
    unplaced_ids = set(points.loc[unplaced(points), "id"].astype(str))
    listed: dict[str, list[str]] = {}
    for point, ids in _by_point(points).items():
        if point in crowded:
            sites = sorted(rid for rid in ids if rid in unplaced_ids)
            listed.update({rid: [s for s in sites if s != rid] for rid in ids})
    return listed


def folded(every: pd.DataFrame) -> dict[str, list[str]]:
    """The unplaced sites drawn in no mark of their own, by the site drawn for them (its *stand-in*).

    At each point crowded in `every` (the whole data), the first unplaced site to begin (then by id)
    keeps its mark and stands for the others there, whose ids (in id order) it maps to. A view draws
    the stand-in wherever it shows the stand-in or any site it stands for, so the point keeps a mark
    whose details list them (`listed_sites`), whatever the reader filters; the rule depends on the data
    alone, so the app and the edition draw alike.
    """
    crowded = crowded_points(every)
    if not crowded:
        return {}
    points = _points(every)
    sites = points[unplaced(points)]
    first = {str(rid): str(start) if isinstance(start, dt.date) else ""
             for rid, start in zip(sites["id"], sites["start"], strict=True)}
    stands: dict[str, list[str]] = {}
    for point, ids in _by_point(sites).items():
        if point in crowded and len(ids) > 1:
            kept, *rest = sorted(ids, key=lambda rid: (first[rid], rid))
            stands[kept] = sorted(rest)
    return stands
