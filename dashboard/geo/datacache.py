"""A loaded data folder kept in the cache folder, so that a restart or a deploy does not load it again.

Loading, validating and geocoding 100,000 records takes seconds; reading back what that gave takes a
tenth of that. `cached_dataset` keeps the loaded `Dataset` in the cache folder (`cachefiles`), in a file
named by a key over what it was made from, each by content or by version: the bytes of the folder's
tables, the gazetteer index's own key (geocoding depends on it), DATASET_VERSION, and the versions of
the packages that read, build and store the tables. A change to any of them loads afresh, so an
editor's change to a file is always read; a file that cannot be read is loaded afresh too.

The key does not cover the source of our own modules: a comment or docstring edited, or code moved,
keeps the cache. Bump DATASET_VERSION whenever a change to the code that loads, validates or geocodes
changes what a folder loads as (a rule, a column, a type, a problem's wording).

The file holds the loaded tables as Arrow tables, column by column (`geo/framefile.py`: the tables' types,
lists, dates and geometry come back as loaded), with the problems and the key as JSON; reading it runs no
code, unlike a pickle. It is read only from the user's own cache folder and only under the key it was
written with.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO

from dashboard.data.atomic import recover
from dashboard.data.problems import Problem
from dashboard.geo.cachefiles import cache_folder, kept, versions
from dashboard.geo.collector import collector_paused
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.framefile import read_frames, write_frames
from dashboard.geo.gazetteer import default_geocoder, index_key
from dashboard.geo.geocoder import Geocoder

DATASET_VERSION = 5  # what a folder loads as, and the file's layout (see the module docstring)
DATASET_PREFIX = "dataset-"
KEEP_DATASETS = 3  # data folders kept in the cache folder (other folders and checkouts), newest first
TABLE_SUFFIXES = (".csv", ".parquet")
# The packages whose code reads, builds and stores the tables: decoding, parsing, validation, country
# names, geometry.
DATASET_PACKAGES = ("pandas", "numpy", "pyarrow", "pydantic", "pydantic-core", "geopandas", "shapely",
                    "countryinfo", "pycountry", "babel")


@dataclass(frozen=True)
class DatasetSource:
    """Where a dataset came from."""

    key: str  # the cache key of the inputs
    path: Path | None  # the cache file, or None when there is no usable cache folder
    loaded: bool  # read from `path` (True) or loaded from the data folder in this process (False)


def dataset_key(directory: Path) -> str:
    """The SHA-256 of the data and the versions a dataset is made from (see the module docstring): each
    table file's own SHA-256, in name order."""
    digest = hashlib.sha256(f"dataset {DATASET_VERSION}\n".encode())
    paths = sorted(p for p in directory.iterdir() if p.suffix in TABLE_SUFFIXES and p.is_file())
    with ThreadPoolExecutor(max_workers=max(1, min(len(paths), os.cpu_count() or 1))) as pool:
        for path, file_digest in zip(paths, pool.map(_file_digest, paths), strict=True):
            digest.update(f"file {path.name}\n".encode())
            digest.update(file_digest)
    digest.update(f"gazetteer {index_key()}\n".encode())
    digest.update(versions(DATASET_PACKAGES))
    return digest.hexdigest()


def _file_digest(path: Path) -> bytes:
    """The SHA-256 of a file's bytes, read in pieces (hashlib lets other threads run while it hashes,
    so the files of a folder are hashed on every core at once)."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").digest()


def cached_dataset(
    directory: Path, folder: Path | None = None, geocoder: Callable[[], Geocoder] = default_geocoder,
    later: bool = False,
) -> tuple[Dataset, DatasetSource]:
    """The data folder at `directory`, read back from the cache `folder` (by default `cache_folder()`)
    when it holds a file for the current inputs, else loaded (geocoding with `geocoder()`) and stored;
    with `later`, stored by a thread of its own while the caller goes on (`cachefiles.written` waits
    for it): the app's first view does not wait for the file."""
    recover(directory)  # a change committed half-way by a process that died counts (or not) first
    key = dataset_key(directory)
    folder = cache_folder() if folder is None else folder
    path = None if folder is None else folder / f"{DATASET_PREFIX}{key[:32]}.zip"

    def read(file: IO[bytes]) -> Dataset:
        frames, meta = read_frames(file)
        if meta.get("key") != key:
            raise ValueError("the file holds another dataset")
        problems = [Problem(*problem) for problem in meta["problems"]]  # type: ignore[union-attr]
        return Dataset(**frames, problems=problems)  # type: ignore[arg-type]

    def write(data: Dataset, file: IO[bytes]) -> None:
        frames = {f.name: getattr(data, f.name) for f in fields(data) if f.name != "problems"}
        problems = [[p.file, p.row, p.column, p.message] for p in data.problems]
        write_frames(file, frames, {"key": key, "problems": problems})

    with collector_paused():  # millions of new objects, hardly a cycle among them (`geo.collector`)
        data, path, loaded = kept(path, read, lambda: load_dataset(directory, geocoder()), write,
                                  "the loaded data folder", KEEP_DATASETS, later)
    return data, DatasetSource(key, path, loaded)
