"""The loaded data folder kept in the cache folder: stored, read back the same, loaded afresh on change."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from dashboard.geo import datacache
from dashboard.geo.cachefiles import versions, written
from dashboard.geo.datacache import DATASET_PREFIX, cached_dataset, dataset_key
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.gazetteer import default_geocoder
from dashboard.geo.geocoder import Geocoder
from tests.conftest import GEODATA
from tests.support.cache import in_edited_copy


class _Counting:
    """The geocoder factory, counting how often a load needed it (a read-back needs none)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Geocoder:
        self.calls += 1
        return default_geocoder()


def _same(a: Dataset, b: Dataset) -> None:
    for name in ("records", "sources", "figures", "events"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
        assert type(getattr(a, name)) is type(getattr(b, name))
    assert a.problems == b.problems


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the bundled data folder and an empty cache folder."""
    return shutil.copytree(GEODATA, tmp_path / "geodata"), tmp_path / "cache"


def test_the_first_start_loads_and_stores_the_next_reads_it_back_the_same(folders: tuple[Path, Path]) -> None:
    data_dir, cache = folders
    factory = _Counting()
    first, source = cached_dataset(data_dir, cache, factory)
    assert not source.loaded and factory.calls == 1
    assert source.path is not None and source.path.is_file()
    assert [p.name for p in cache.iterdir()] == [source.path.name]  # no temporary file left
    assert source.path.name.startswith(DATASET_PREFIX)
    again, second = cached_dataset(data_dir, cache, factory)
    assert second.loaded and second.path == source.path and factory.calls == 1  # no geocoder needed
    _same(again, first)
    _same(again, load_dataset(data_dir, default_geocoder()))
    assert isinstance(again.records.at[0, "sources"], list)  # lists and dates come back as loaded


def test_an_edited_data_file_is_loaded_afresh(folders: tuple[Path, Path]) -> None:
    data_dir, cache = folders
    before, source = cached_dataset(data_dir, cache)
    records = data_dir / "records.csv"
    lines = records.read_text(encoding="utf-8").splitlines(keepends=True)
    records.write_text("".join(lines[:-1]), encoding="utf-8")  # the editor deletes the last record
    after, changed = cached_dataset(data_dir, cache)
    assert not changed.loaded and changed.key != source.key
    assert len(after.records) == len(before.records) - 1
    _same(after, load_dataset(data_dir, default_geocoder()))
    assert dataset_key(data_dir) == changed.key


def test_a_damaged_or_foreign_file_is_loaded_afresh_and_replaced(folders: tuple[Path, Path]) -> None:
    data_dir, cache = folders
    first, source = cached_dataset(data_dir, cache)
    assert source.path is not None
    source.path.write_bytes(source.path.read_bytes()[:100])  # truncated
    again, second = cached_dataset(data_dir, cache)
    assert not second.loaded and second.path == source.path
    _same(again, first)
    assert cached_dataset(data_dir, cache)[1].loaded  # replaced by a whole file


def test_a_cache_folder_that_cannot_be_written_costs_only_the_load(folders: tuple[Path, Path]) -> None:
    data_dir, cache = folders
    cache.write_text("not a folder")  # unwritable even for root, unlike a folder without write bits
    data, source = cached_dataset(data_dir, cache)
    assert source.path is None and not source.loaded
    _same(data, load_dataset(data_dir, default_geocoder()))


def test_stored_later_the_data_is_the_same_and_the_file_follows(folders: tuple[Path, Path],
                                                                caplog: pytest.LogCaptureFixture) -> None:
    # As the app loads it: the file is written by a thread of its own while the first view goes on.
    data_dir, cache = folders
    first, source = cached_dataset(data_dir, cache, later=True)
    assert not source.loaded and source.path is not None
    written(timeout=60)
    assert [p.name for p in cache.iterdir()] == [source.path.name]  # no temporary file left
    again, second = cached_dataset(data_dir, cache, later=True)
    assert second.loaded and second.path == source.path
    _same(again, first)
    # A folder that cannot be written: the data all the same, the failure only logged by the thread.
    blocked = cache.parent / "blocked"
    blocked.write_text("not a folder")
    data, _ = cached_dataset(data_dir, blocked, later=True)
    written(timeout=60)
    _same(data, first)
    assert "is not cached" in caplog.text and blocked.is_file()


@pytest.mark.slow  # over a second of the quick tier
def test_an_edited_docstring_keeps_the_stored_dataset(folders: tuple[Path, Path], tmp_path: Path) -> None:
    data_dir, cache = folders
    _, source = cached_dataset(data_dir, cache)
    out = in_edited_copy(tmp_path, (
        "import dashboard; from pathlib import Path; from dashboard.geo.datacache import cached_dataset\n"
        f"_, source = cached_dataset(Path({str(data_dir)!r}), Path({str(cache)!r}))\n"
        "print(dashboard.__file__, source.loaded, source.key)\n"))
    assert out.split()[1:] == ["True", source.key]


def test_a_new_format_version_or_new_data_loads_afresh(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, cache = folders
    _, source = cached_dataset(data_dir, cache)
    monkeypatch.setattr(datacache, "DATASET_VERSION", datacache.DATASET_VERSION + 1)
    _, bumped = cached_dataset(data_dir, cache)
    assert not bumped.loaded and bumped.key != source.key and bumped.path != source.path
    assert cached_dataset(data_dir, cache)[1].loaded  # stored under the new version's key
    monkeypatch.undo()
    assert cached_dataset(data_dir, cache)[1].loaded  # the first file is still there, and still valid
    (data_dir / "sources.csv").write_bytes((data_dir / "sources.csv").read_bytes() + b"\n")
    assert dataset_key(data_dir) != source.key  # a byte more in any table is new data


def test_the_key_names_the_packages_versions() -> None:
    stated = versions(datacache.DATASET_PACKAGES).decode()
    for package, version in (("pandas", pd.__version__), ("numpy", np.__version__),
                             ("pyarrow", pa.__version__)):
        assert f"package {package} {version}\n" in stated
