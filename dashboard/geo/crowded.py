"""Points that hold more point records than a reader can tell apart (issue 25: at most three).

`validate` names each such point of a folder's records (`crowded_problems`); the map draws one anyway,
folding the sites placed there only by their city into one mark (`dashboard.map.crowding`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.problems import Problem
from dashboard.vocabulary import LAYERS

MAX_AT_POINT = 3  # point records at one point, at most
POINT_LAYERS = tuple(key for key, layer in LAYERS.items() if layer.mark != "area")


def crowded(records: pd.DataFrame) -> pd.DataFrame:
    """The point records (not countries) at a crowded point of `records`, with the point as the map
    draws it (`at_lat`, `at_lon`: five decimals, about a metre, as `layers.shared_points` groups).

    Counted on the columns: only the crowded rows are taken from `records` (a copy of every point record
    took seconds at a million records)."""
    lat, lon = records["lat"].to_numpy(dtype=float), records["lon"].to_numpy(dtype=float)
    points = np.flatnonzero(records["layer"].isin(POINT_LAYERS).to_numpy() & ~np.isnan(lat) & ~np.isnan(lon))
    at_lat, at_lon = lat[points].round(5), lon[points].round(5)
    ys, xs = pd.factorize(at_lat)[0], pd.factorize(at_lon)[0]
    groups = pd.factorize(ys * (int(xs.max(initial=0)) + 1) + xs)[0]  # one number per point
    many = np.bincount(groups, minlength=1)[groups] > MAX_AT_POINT
    return records.iloc[points[many]].assign(at_lat=at_lat[many], at_lon=at_lon[many])


def crowded_problems(records: pd.DataFrame, file: str) -> list[Problem]:
    """One problem per crowded point of `records` (loaded, with their spreadsheet `row`), at the row of
    its first record in `file`, naming every record there by id and row."""
    problems = []
    for (lat, lon), here in crowded(records).groupby(["at_lat", "at_lon"], sort=False):
        here = here.sort_values("row")
        named = ", ".join(f"{rid} (row {int(row)})" for rid, row in zip(here["id"], here["row"], strict=True))
        problems.append(Problem(file, int(here["row"].iloc[0]), "lat", (
            f"{len(here)} point records share one point ({lat:g}, {lon:g}): {named}; at most {MAX_AT_POINT} "
            "may: give a site the position a public source gives (an address, a street, a district or "
            "coordinates), or merge records that describe one site")))
    return problems
