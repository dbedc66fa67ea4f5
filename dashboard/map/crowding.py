"""Crowded points: no point holds more than `MAX_AT_POINT` (`dashboard.geo.crowded`) drawn records.

A folder's data may put more records at one point than a reader can tell apart: a city's own record
and several sites that no public source places more precisely than the city. (The bundled data does
not, and `validate` names such a point.) Spreading them on a ring would draw each site somewhere it is
not. So, at a point that holds more than `MAX_AT_POINT` point records in the whole data
(a *crowded* point), the sites placed there only by their city (a site layer's record whose `precision`
is `city` or coarser: *unplaced*) are not drawn as marks of their own.
One of them, the first to begin, is drawn for all (`folded`), wherever a view shows any of them: its
tooltip says that more sites are listed in its details, and its details, like those of every record at
that point, list them by name (`listed_sites`). Their own details, the tables and links still show each
in full. So a crowded point draws its other records and one site, whatever the reader filters.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.geo.crowded import crowded
from dashboard.memo import per_object
from dashboard.vocabulary import layers_in

# Precisions that place a record only by its city, region or country: no position of its own.
AT_CITY = frozenset({"city", "region", "country"})
# Precisions that are not a sourced point (drawn hollow): a street is the record's own place, but not
# its spot on a street kilometres long.
APPROXIMATE = frozenset({"street"}) | AT_CITY
SITE_LAYERS = layers_in("sites")

Point = tuple[float, float]


def unplaced(records: pd.DataFrame) -> pd.Series:
    """The sites placed only by their city (or region, or country): no public source gives them a
    position of their own."""
    return records["layer"].isin(SITE_LAYERS) & records["precision"].isin(AT_CITY)


def crowded_points(records: pd.DataFrame) -> set[Point]:
    """The points that hold more than `MAX_AT_POINT` point records of `records` (the whole data)."""
    here = crowded(records)
    return set(zip(here["at_lat"], here["at_lon"], strict=True))


def _at(here: pd.DataFrame) -> dict[Point, list[tuple[str, str, bool]]]:
    """The crowded records by point: (id, start as ISO text or "", unplaced) each. Few rows: a loop."""
    at: dict[Point, list[tuple[str, str, bool]]] = {}
    for lat, lon, rid, start, site in zip(here["at_lat"], here["at_lon"], here["id"],
                                          here["start"], unplaced(here), strict=True):
        first = start.isoformat() if isinstance(start, dt.date) else ""
        at.setdefault((lat, lon), []).append((str(rid), first, bool(site)))
    return at


@per_object  # once per records table: a pass over every record
def listed_sites(records: pd.DataFrame) -> dict[str, list[str]]:
    """Each record at a crowded point of `records` (every record of the data) -> the unplaced sites at
    that point other than itself, by id, in id order. Records elsewhere are not keys."""
    listed: dict[str, list[str]] = {}
    for here in _at(crowded(records)).values():
        sites = sorted(rid for rid, _, site in here if site)
        listed.update({rid: [s for s in sites if s != rid] for rid, _, _ in here})
    return listed


@per_object  # once per records table: a pass over every record
def folded(every: pd.DataFrame) -> dict[str, list[str]]:
    """The unplaced sites drawn in no mark of their own, by the site drawn for them (its *stand-in*).

    At each point crowded in `every` (the whole data), the first unplaced site to begin (then by id)
    keeps its mark and stands for the others there, whose ids (in id order) it maps to. A view draws
    the stand-in wherever it shows the stand-in or any site it stands for, so the point keeps a mark
    whose details list them (`listed_sites`), whatever the reader filters; the rule depends on the data
    alone, so the app and the edition draw alike.
    """
    stands: dict[str, list[str]] = {}
    for here in _at(crowded(every)).values():
        first = sorted((start, rid) for rid, start, site in here if site)
        if len(first) > 1:
            (_, kept), *rest = first
            stands[kept] = sorted(rid for _, rid in rest)
    return stands
