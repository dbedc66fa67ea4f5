"""Points that hold more point records than a reader can tell apart (issue 25: at most three).

`validate` names each such point of a folder's records (`crowded_problems`); the map draws one anyway,
folding the sites placed there only by their city into one mark (`dashboard.map.crowding`).
"""

from __future__ import annotations

import pandas as pd

from dashboard.data.problems import Problem
from dashboard.vocabulary import LAYERS

MAX_AT_POINT = 3  # point records at one point, at most
POINT_LAYERS = tuple(key for key, layer in LAYERS.items() if layer.mark != "area")


def crowded(records: pd.DataFrame) -> pd.DataFrame:
    """The point records (not countries) at a crowded point of `records`, with the point as the map
    draws it (`at_lat`, `at_lon`: five decimals, about a metre, as `layers.shared_points` groups)."""
    points = records[records["layer"].isin(POINT_LAYERS) & records["lat"].notna() & records["lon"].notna()]
    keyed = points.assign(at_lat=points["lat"].astype(float).round(5),
                          at_lon=points["lon"].astype(float).round(5))
    sizes = keyed.groupby(["at_lat", "at_lon"])["id"].transform("size")
    return keyed[sizes > MAX_AT_POINT]


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
