"""The one way the project writes files: whole or not at all.

Every file goes to a temporary file in its target's folder, is flushed and fsynced, and is then renamed
over the target, so a reader (or a process killed half-way) sees the old file or the new one, never a
part. A folder (the published edition) is built beside the old one and swapped in; several files of one
change (the tables of a data folder) are committed together through a journal, so that after a crash the
folder is wholly the old one or, once the journal is written, wholly the new one. A lock guards each
target against a second writer.

- `write_file(path, data)` / `write_with(path, writer)`: one file.
- `commit(folder, files)`: several files of one folder, all or none; `recover(folder)` finishes or undoes
  a commit that a crash interrupted (called by `commit` itself and by the readers of the folder).
- `swap_folder(target, build)`: a folder built beside `target` and swapped in.
- `Lock(path)`: an inter-process lock (`flock`) on a target.

Modelled on SQLite's atomic commit: write to the side, fsync, rename, fsync the folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO

from dashboard.data.lock import Lock, Locked

__all__ = ["Lock", "Locked", "checkpoint", "commit", "folder_lock", "recover", "swap_folder", "write_file",
           "write_with"]

JOURNAL = ".commit-journal.json"
TEMPORARY = ".tmp-"

FOLDER_LOCK = ".commit"
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, at import, before any thread could create a file meanwhile


def checkpoint(step: str) -> None:
    """A named point between two writes (`before-rename`, `after-temporary`, `before-journal`,
    `after-journal`, `mid-rename`, `before-swap`, `after-swap`; the edition adds `edition-begun` and
    `edition-data` inside its build). Does nothing; crash tests replace it in a child process
    to kill the writer at exactly that point, as SQLite's tests do."""


def fsync_folder(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _written_aside(path: Path, writer: Callable[[IO[bytes]], None]) -> Path:
    """Write a temporary file beside `path` with `writer`, flushed and fsynced; its path. On any failure
    the temporary file is removed and the error raised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f"{TEMPORARY}{path.name}.",
                                         delete=False) as handle:
            temporary = Path(handle.name)
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_UMASK
        os.chmod(temporary, mode)
    except BaseException:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise
    return temporary


def write_with(path: str | os.PathLike[str], writer: Callable[[IO[bytes]], None]) -> None:
    """Write `path` whole or not at all: `writer` fills a temporary file beside it, which is fsynced and
    renamed over `path`. On failure (a full disk, an interruption) the old file is left as it was and
    nothing else remains. A symbolic link is followed (the file it names is replaced); a device, pipe or
    socket is written to directly (there is nothing to replace); a folder raises `IsADirectoryError`."""
    target = _real(Path(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if mode is not None and not stat.S_ISREG(mode):
        # A device, a pipe or a socket (/dev/stdout, /dev/full, a named pipe): there is no file to
        # replace, and renaming over it would replace the device itself; it is written to as it is.
        with open(target, "wb") as handle:
            writer(handle)
        return
    temporary = _written_aside(target, writer)
    try:
        checkpoint("before-rename")
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)


def _real(path: Path) -> Path:
    """The file a symbolic link names (followed to its end), so that the file is replaced, not the link."""
    return path.resolve() if path.is_symlink() else path


def write_file(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write `data` (text as UTF-8) to `path` whole or not at all (see `write_with`)."""
    body = data.encode("utf-8") if isinstance(data, str) else data
    write_with(path, lambda handle: handle.write(body))


def _journal_write(folder: Path, renames: list[tuple[str, str]]) -> None:
    """Write the journal that makes a commit count (itself atomically)."""
    body = json.dumps({"renames": renames}, ensure_ascii=False).encode("utf-8")
    write_file(folder / JOURNAL, body)


def recover(folder: str | os.PathLike[str]) -> bool:
    """Finish or undo a commit that a crash interrupted; True when there was one.

    A journal means the commit counts: every temporary file it names that is still there is renamed over
    its target (roll forward). Temporary files without a journal belong to a commit that never counted,
    and are removed. Takes the folder's lock; callers that hold it call `_recover_locked`."""
    root = Path(folder)
    if not (root / JOURNAL).exists() and not any(root.glob(f"{TEMPORARY}*")):
        return False
    try:
        with folder_lock(root):
            return _recover_locked(root)
    except PermissionError:
        return False  # a read-only folder: nothing can have been half-written by us


def _recover_locked(root: Path) -> bool:
    journal = root / JOURNAL
    found = False
    if journal.exists():
        found = True
        try:
            renames = json.loads(journal.read_text(encoding="utf-8"))["renames"]
        except (OSError, ValueError, KeyError, TypeError):
            renames = []  # a journal is written atomically: unreadable means it never counted
        for temporary, target in renames:
            source = root / temporary
            if source.exists():
                os.replace(source, root / target)
        fsync_folder(root)
        journal.unlink(missing_ok=True)
        fsync_folder(root)
    for stray in root.glob(f"{TEMPORARY}*"):
        found = True
        if stray.is_dir():
            shutil.rmtree(stray, ignore_errors=True)
        else:
            stray.unlink(missing_ok=True)
    return found


def folder_lock(folder: str | os.PathLike[str], *, timeout: float = 30.0) -> Lock:
    """The lock that `commit` takes on a folder: hold it around a read, check and write of the folder
    (then call `commit(..., locked=True)`), so that no other writer commits in between."""
    return Lock(Path(folder) / FOLDER_LOCK, timeout=timeout)


def commit(folder: str | os.PathLike[str], files: Mapping[str, bytes], *, timeout: float = 30.0,
           locked: bool = False) -> None:
    """Write several files of one folder (names relative to it) all together or not at all.

    Each file is written beside its target and fsynced; then a journal naming the renames is written
    atomically, which is the moment the commit counts; then the files are renamed and the journal removed.
    A crash before the journal leaves the old files (the temporaries are removed by `recover`); a crash
    after it is finished by `recover`. Takes the folder's lock (`Locked` after `timeout` seconds) unless
    the caller already holds it (`locked=True`, inside `with folder_lock(folder):`)."""
    root = Path(folder)
    with contextlib.nullcontext() if locked else folder_lock(root, timeout=timeout):
        _commit_locked(root, files)


def _commit_locked(root: Path, files: Mapping[str, bytes]) -> None:
    _recover_locked(root)
    renames: list[tuple[str, str]] = []
    try:
        for name, body in files.items():
            temporary = _written_aside(root / name, lambda handle, body=body: handle.write(body))
            renames.append((temporary.name, name))
            checkpoint("after-temporary")
        fsync_folder(root)
        checkpoint("before-journal")
        _journal_write(root, renames)
    except BaseException:
        for temporary, _ in renames:
            (root / temporary).unlink(missing_ok=True)
        raise
    checkpoint("after-journal")
    for index, (temporary, name) in enumerate(renames):
        os.replace(root / temporary, root / name)
        if index == 0:
            checkpoint("mid-rename")
    fsync_folder(root)
    (root / JOURNAL).unlink(missing_ok=True)
    fsync_folder(root)


_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux `renameat2` with RENAME_EXCHANGE); False where unsupported."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(first))


@contextlib.contextmanager
def _building(target: Path) -> Iterator[Path]:
    """A new empty folder beside `target`, removed if the build does not finish."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f"{TEMPORARY}{target.name}."))
    try:
        # mkdtemp makes a private folder (0700); the new version gets the old one's mode, or the usual
        # one, so that a web server that read the old folder reads the new one too.
        os.chmod(staging, target.stat().st_mode & 0o7777 if target.is_dir() else 0o777 & ~_UMASK)
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_folder(target: str | os.PathLike[str], build: Callable[[Path], None], *,
                timeout: float = 0.0) -> None:
    """Build a new version of the folder `target` beside it with `build(folder)`, then swap it in.

    Readers see the old folder whole until the swap and the new one whole after it: the swap is one
    `renameat2(RENAME_EXCHANGE)` on Linux (elsewhere two renames, with a moment in which `target` is
    missing but never half-written). The old version is removed only after the swap. A second writer
    of the same target waits `timeout` seconds, then `Locked` is raised; it never touches this one's work."""
    final = Path(target)
    with Lock(final, timeout=timeout):
        for stale in final.parent.glob(f"{TEMPORARY}{final.name}.*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a writer that was killed
        _swap_locked(final, build)


def _swap_locked(final: Path, build: Callable[[Path], None]) -> None:
    with _building(final) as staging:
        build(staging)
        for path in sorted(staging.rglob("*"), reverse=True):
            if path.is_file():
                with open(path, "rb") as handle:
                    os.fsync(handle.fileno())
        fsync_folder(staging)
        checkpoint("before-swap")
        if final.exists() and _exchange(staging, final):
            old = staging
        elif final.exists():
            old = final.parent / f"{TEMPORARY}{final.name}.old-{os.getpid()}"
            os.replace(final, old)
            os.replace(staging, final)
        else:
            os.replace(staging, final)
            old = None
        fsync_folder(final.parent)
        checkpoint("after-swap")
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
