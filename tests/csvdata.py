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
