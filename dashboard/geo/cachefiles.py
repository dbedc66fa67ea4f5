"""Files kept in the cache folder: named by a key over what they were made from, written atomically.

The folder is KZ_CACHE_DIR when set, else `$XDG_CACHE_HOME/kz-crisis-map`, else `~/.cache/kz-crisis-map`,
never inside the repository. A file is written to a temporary file beside it and renamed into place, so
a reader never sees half a file; a folder that cannot be written only costs the work the file would
have saved. The oldest files of a kind are pruned (other checkouts may still want theirs).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import IO, TypeVar

from dashboard.data import atomic

T = TypeVar("T")

CACHE_ENV = "KZ_CACHE_DIR"
CACHE_NAME = "kz-crisis-map"

log = logging.getLogger(__name__)


def cache_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The folder for cached files: KZ_CACHE_DIR, else `$XDG_CACHE_HOME/kz-crisis-map`, else
    `~/.cache/kz-crisis-map`; None when there is no home folder to put it in."""
    if environ.get(CACHE_ENV):
        return Path(environ[CACHE_ENV]).expanduser()
    base = environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG specification: a relative path is to be ignored
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / CACHE_NAME


def kept(
    path: Path | None, read: Callable[[IO[bytes]], T], make: Callable[[], T],
    write: Callable[[T, IO[bytes]], None], what: str, keep: int, later: bool = False,
) -> tuple[T, Path | None, bool]:
    """The value read from the cache file `path` when there is one, else made and stored there.

    Returns the value, the file (None when there is no cache folder or it cannot be written) and whether
    the value was read. A file `read` cannot read (truncated, foreign, of another version: it raises)
    is replaced; a cache never stops the work it was to save. With `later`, a value made afresh is
    returned at once and stored by a thread of its own (`written` waits for it): the file named is
    the one being written, and a failure to write it is only logged.
    """
    if path is not None and path.is_file():
        try:
            with path.open("rb") as file:
                return read(file), path, True
        except Exception as err:
            log.warning("making %s afresh: cannot read %s (%s: %s)", what, path, type(err).__name__, err)
    value = make()
    if path is not None and later:
        thread = threading.Thread(target=_stored_aside, name=f"writing {path.name}",
                                  args=(path, lambda file: write(value, file), what, keep))
        _WRITING.append(thread)
        thread.start()
    elif path is not None and not store(path, lambda file: write(value, file), what, keep):
        path = None
    return value, path, False


_WRITING: list[threading.Thread] = []  # the files `kept(..., later=True)` is writing


def written(timeout: float | None = None) -> None:
    """Wait until the files being written by `kept(..., later=True)` are written (at most `timeout`
    seconds for each)."""
    for thread in list(_WRITING):
        thread.join(timeout)
    _WRITING[:] = [thread for thread in _WRITING if thread.is_alive()]


def _stored_aside(path: Path, write: Callable[[IO[bytes]], None], what: str, keep: int) -> None:
    try:
        store(path, write, what, keep)
    except Exception:  # a cache never stops the work: a thread of its own only says why
        log.exception("%s is not cached: writing %s failed", what, path)


def versions(packages: Iterable[str]) -> bytes:
    """The installed versions of `packages`, one line each, for a cache key ("(absent)" where missing)."""
    lines = []
    for package in packages:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "(absent)"
        lines.append(f"package {package} {version}\n")
    return "".join(lines).encode()


def store(path: Path, write: Callable[[IO[bytes]], None], what: str, keep: int) -> bool:
    """Write a file with `write` to `path` atomically, then drop all but the `keep` newest files of its
    kind (the same name before the key, the same suffix); False, with a warning naming `what`, when the
    folder cannot be written."""
    try:
        atomic.write_with(path, write)
    except (OSError, ValueError) as err:
        log.warning("%s is not cached: cannot write %s (%s)", what, path, err)
        return False
    _prune(path, keep)
    return True


def _prune(newest: Path, keep: int) -> None:
    """Remove all but the `keep` newest files of `newest`'s kind in its folder (never `newest` itself)."""
    kind = newest.name.rsplit("-", 1)[0]
    try:
        others = [p for p in newest.parent.glob(f"{kind}-*{newest.suffix}") if p != newest]
        others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[keep - 1:]:
            old.unlink(missing_ok=True)
    except OSError:  # another process pruned first, or the folder is read-only now: harmless
        pass
