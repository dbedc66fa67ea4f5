"""The curated supplement to the gazetteer (`geodata/gazetteer/`) and the geocoder built on it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dashboard.config import GAZETTEER_DIR
from dashboard.data.problems import Problem
from dashboard.data.rows import load_rows
from dashboard.data.schema import ALIAS_REQUIRED, PLACE_REQUIRED, AliasRow, PlaceRow
from dashboard.geo.geocoder import Alias, CuratedPlace, Geocoder, Place

PLACES_FILE = "places.csv"
ALIASES_FILE = "aliases.csv"


def read_supplement(
    directory: Path = GAZETTEER_DIR,
) -> tuple[list[tuple[int, PlaceRow]], list[tuple[int, AliasRow]], list[Problem]]:
    """Read and validate the curated places and aliases in `directory`."""
    places, problems = load_rows(directory / PLACES_FILE, PlaceRow, PLACE_REQUIRED)
    aliases, alias_problems = load_rows(directory / ALIASES_FILE, AliasRow, ALIAS_REQUIRED)
    return places, aliases, problems + alias_problems


def build_geocoder() -> Geocoder:
    """A new geocoder over the gazetteer and the repository's curated supplement (an empty memo)."""
    places, aliases, problems = read_supplement()
    if problems:
        raise ValueError("the curated gazetteer has problems:\n" + "\n".join(map(str, problems)))
    return Geocoder(
        curated=[
            CuratedPlace(
                Place(p.name, p.country, p.lat, p.lon, p.precision, "curated"), tuple(p.aliases)
            )
            for _, p in places
        ],
        aliases=[Alias(a.alias, a.name, a.country) for _, a in aliases],
    )


@cache
def default_geocoder() -> Geocoder:
    """The geocoder over the gazetteer and the curated supplement, built once per process."""
    return build_geocoder()
