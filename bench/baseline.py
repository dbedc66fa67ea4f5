"""The usual approach, for comparison: row-wise filtering, a folium Marker with a popup per record,
the whole map rebuilt on every rerun and handed to st_folium as one map (so it remounts)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable

import folium
import pandas as pd

from dashboard.geo.geocoder import GeocodeError, Geocoder


def filter_rows(records: pd.DataFrame, countries: Iterable[str], as_of: dt.date) -> pd.DataFrame:
    """Row by row, as a first version usually does it."""
    chosen = set(countries)

    def keep(row: pd.Series) -> bool:
        start = row["start"]
        known = not isinstance(start, dt.date) or start <= as_of
        return known and (row["country"] in chosen or row["contingent"] in chosen)

    return records[records.apply(keep, axis=1)] if len(records) else records


def build_map(records: pd.DataFrame) -> folium.Map:
    """One folium.Marker with a tooltip and a popup per record."""
    fmap = folium.Map(location=(47.0, 62.0), zoom_start=4)
    for row in records.itertuples(index=False):
        text = html.escape(str(row.name))
        folium.Marker((row.lat, row.lon), tooltip=text,
                      popup=folium.Popup(f"<b>{text}</b><br>{html.escape(str(row.layer))}")).add_to(fmap)
    return fmap


def geocode_rows(geocoder: Geocoder, names: Iterable[tuple[str, str]]) -> int:
    """Resolve every row on its own (no memo): the usual per-row geocoding loop."""
    found = 0
    for name, country in names:
        try:
            geocoder._resolve(name, country)
            found += 1
        except GeocodeError:
            pass
    return found
