"""Expectations read straight from the bundled CSV files, never through the dashboard's own code."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd

from dashboard.vocabulary import LAYERS
from tests.conftest import GEODATA

ALL_CODES = {"KZ", "RU", "BY", "AM", "TJ", "KG"}
# Which map group draws each layer is the vocabulary's configuration, not an expected output.
LAYER_OF = {key: layer.group for key, layer in LAYERS.items()}


def table(name: str, folder: Path = GEODATA) -> pd.DataFrame:
    """A bundled CSV (or one of a data folder like it) as text, blanks as empty strings."""
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def append_rows(folder: Path, name: str, rows: list[dict[str, str]]) -> list[int]:
    """Append `rows` (column -> text; missing columns blank) to a data folder's CSV, as an editor would;
    return their spreadsheet row numbers (the header is row 1)."""
    path = folder / f"{name}.csv"
    first = len(table(name, folder)) + 2
    with path.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    with path.open("a", newline="", encoding="utf-8") as f:
        csv.DictWriter(f, header, restval="", lineterminator="\n").writerows(rows)
    return list(range(first, first + len(rows)))


def view_records(codes: set[str], day: dt.date, layers: set[str] | None = None,
                 folder: Path = GEODATA) -> set[str]:
    """Ids of the records a view shows: in or about one of `codes`, begun by `day`, in `layers`."""
    records = table("records", folder)
    mask = (records["country"].isin(codes) | records["contingent"].isin(codes)) & (
        (records["start"] == "") | (records["start"] <= day.isoformat()))
    if layers is not None:
        mask &= records["layer"].map(LAYER_OF).isin(layers)
    # Before a state decided to send troops, neither its contingent nor its bases are shown (issue 33).
    later = {code for code, first in decision_days(folder).items() if first > day.isoformat()}
    mask &= ~(records["layer"].isin(["contingent", "troop_origin"]) & records["contingent"].isin(later))
    return set(records.loc[mask, "id"])


# Issue 25: no point holds more than three drawn records.
MAX_AT_POINT = 3
AT_CITY = {"city", "region", "country"}  # placed only by the city (or coarser): no position of its own
APPROXIMATE = {"street"} | AT_CITY  # not a sourced point: drawn hollow


def where_geocoded(records: pd.DataFrame) -> pd.Series:
    """Where each row lands, as records.csv says it: its given coordinates, else the (place or name,
    country) the gazetteer is asked for."""
    return pd.Series([(r.lat, r.lon) if r.lat else (r.place or r.name, r.country)
                      for r in records.itertuples()], index=records.index)


def crowded(folder: Path = GEODATA) -> dict[object, list[tuple[int, str]]]:
    """The places where more than three point records of records.csv land -> their (spreadsheet row,
    id), in row order (the header is row 1)."""
    records = table("records", folder)
    points = records[~records["layer"].isin(["host", "contingent"])]
    where = where_geocoded(points)
    return {place: [(int(row) + 2, str(points.at[row, "id"])) for row in points.index[where == place]]
            for place, count in where.value_counts().items() if count > MAX_AT_POINT}


def stand_ins(folder: Path = GEODATA) -> dict[str, list[str]]:
    """Where more than three point records of records.csv land on one place, the sites there placed only
    at their city are drawn as one: the first to begin (then by id) -> the others, in id order."""
    records = table("records", folder)
    points = records[~records["layer"].isin(["host", "contingent"])]
    where = where_geocoded(points)
    unplaced = (points["layer"].map(LAYER_OF) == "sites") & points["precision"].isin(AT_CITY)
    stands: dict[str, list[str]] = {}
    for place in crowded(folder):
        here = points[(where == place) & unplaced]
        ordered = [rid for _, rid in sorted(zip(here["start"], here["id"], strict=True))]
        if len(ordered) > 1:
            stands[ordered[0]] = sorted(ordered[1:])
    return stands


def undrawn(codes: set[str], day: dt.date, folder: Path = GEODATA) -> set[str]:
    """Ids of the view's records drawn in no mark of their own (a stand-in is drawn for them)."""
    folded = {rid for rest in stand_ins(folder).values() for rid in rest}
    return view_records(codes, day, folder=folder) & folded


def drawn_view(codes: set[str], day: dt.date, layers: set[str] | None = None,
               folder: Path = GEODATA) -> set[str]:
    """Ids of the records whose marks a view draws: its records but those a stand-in is drawn for, and
    each stand-in that stands for one of its records (even when the view leaves the stand-in out)."""
    shown = view_records(codes, day, layers, folder)
    stands = stand_ins(folder)
    carried = {rid for rid, rest in stands.items() if shown.intersection(rest)}
    return (shown - {rid for rest in stands.values() for rid in rest}) | carried


def decision_days(folder: Path = GEODATA) -> dict[str, str]:
    """Each contributing state's first dated step towards sending troops, from the CSV files: its
    contingent's start or deployment, the first event at the contingent, its bases' start."""
    records = table("records", folder)
    events = table("events", folder)
    days: dict[str, str] = {}
    contingents = records[records["layer"] == "contingent"]
    for row in contingents.itertuples():
        origins = records[(records["layer"] == "troop_origin") & (records["contingent"] == row.contingent)]
        dates = [row.start, row.deployed, *events.loc[events["record"] == row.id, "date"], *origins["start"]]
        dates = [d for d in dates if d]
        if dates:
            days[row.contingent] = min(dates)
    return days
