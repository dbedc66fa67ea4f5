"""Expectations read straight from the bundled CSV files, never through the dashboard's own code."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.vocabulary import LAYERS
from tests.conftest import GEODATA

ALL_CODES = {"KZ", "RU", "BY", "AM", "TJ", "KG"}
# Which map group draws each layer is the vocabulary's configuration, not an expected output.
LAYER_OF = {key: layer.group for key, layer in LAYERS.items()}


def table(name: str) -> pd.DataFrame:
    """A bundled CSV as text, blanks as empty strings."""
    return pd.read_csv(GEODATA / f"{name}.csv", dtype=str, keep_default_na=False)


def view_records(codes: set[str], day: dt.date, layers: set[str] | None = None) -> set[str]:
    """Ids of the records a view shows: in or about one of `codes`, begun by `day`, in `layers`."""
    records = table("records")
    mask = (records["country"].isin(codes) | records["contingent"].isin(codes)) & (
        (records["start"] == "") | (records["start"] <= day.isoformat()))
    if layers is not None:
        mask &= records["layer"].map(LAYER_OF).isin(layers)
    return set(records.loc[mask, "id"])


# Issue 25: no point holds more than three drawn records.
MAX_AT_POINT = 3
APPROXIMATE = {"city", "region", "country"}


def where_geocoded(records: pd.DataFrame) -> pd.Series:
    """Where each row lands, as records.csv says it: its given coordinates, else the (place or name,
    country) the gazetteer is asked for."""
    return pd.Series([(r.lat, r.lon) if r.lat else (r.place or r.name, r.country)
                      for r in records.itertuples()], index=records.index)


def undrawn(codes: set[str], day: dt.date) -> set[str]:
    """Ids of the view's records that are drawn in no mark of their own: where more than three point
    records of records.csv land on one place, the sites there placed only at their city are drawn as
    one, the first to begin (then by id) standing for the others."""
    records = table("records")
    points = records[~records["layer"].isin(["host", "contingent"])]
    where = where_geocoded(points)
    crowded = {place for place, count in where.value_counts().items() if count > MAX_AT_POINT}
    shown = view_records(codes, day)
    unplaced = (points["layer"].map(LAYER_OF) == "sites") & points["precision"].isin(APPROXIMATE)
    left: set[str] = set()
    for place in crowded:
        here = points[(where == place) & unplaced & points["id"].isin(shown)]
        ordered = sorted(zip(here["start"], here["id"], strict=True))
        left.update(rid for _, rid in ordered[1:])
    return left


def drawn_view(codes: set[str], day: dt.date, layers: set[str] | None = None) -> set[str]:
    """Ids of the records a view draws, each in a mark of its own (`view_records` but `undrawn`)."""
    return view_records(codes, day, layers) - undrawn(codes, day)
