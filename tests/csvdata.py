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


def stand_ins() -> dict[str, list[str]]:
    """Where more than three point records of records.csv land on one place, the sites there placed only
    at their city are drawn as one: the first to begin (then by id) -> the others, in id order."""
    records = table("records")
    points = records[~records["layer"].isin(["host", "contingent"])]
    where = where_geocoded(points)
    crowded = {place for place, count in where.value_counts().items() if count > MAX_AT_POINT}
    unplaced = (points["layer"].map(LAYER_OF) == "sites") & points["precision"].isin(APPROXIMATE)
    stands: dict[str, list[str]] = {}
    for place in crowded:
        here = points[(where == place) & unplaced]
        ordered = [rid for _, rid in sorted(zip(here["start"], here["id"], strict=True))]
        if len(ordered) > 1:
            stands[ordered[0]] = sorted(ordered[1:])
    return stands


def undrawn(codes: set[str], day: dt.date) -> set[str]:
    """Ids of the view's records drawn in no mark of their own (a stand-in is drawn for them)."""
    return view_records(codes, day) & {rid for rest in stand_ins().values() for rid in rest}


def drawn_view(codes: set[str], day: dt.date, layers: set[str] | None = None) -> set[str]:
    """Ids of the records whose marks a view draws: its records but those a stand-in is drawn for, and
    each stand-in that stands for one of its records (even when the view leaves the stand-in out)."""
    shown = view_records(codes, day, layers)
    stands = stand_ins()
    carried = {rid for rid, rest in stands.items() if shown.intersection(rest)}
    return (shown - {rid for rest in stands.values() for rid in rest}) | carried
