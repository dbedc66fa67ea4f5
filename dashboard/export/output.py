"""Checks on an output file named on the command line, made before any work: does its name agree with
the format, and can it be written there?"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from dashboard.data.atomic import write_file
from dashboard.data.failures import reason
from dashboard.export.formats import formats

# Endings that name a kind of file for certain: an output name ending in one of them that is not the
# format's own contradicts the format.
OTHER_ENDINGS = frozenset({"jpg", "jpeg", "gif", "webp", "tif", "tiff", "bmp", "eps", "ps", "mp4", "webm",
                           "mov", "avi", "txt", "json", "xlsx", "xls", "parquet"})


def known_endings() -> frozenset[str]:
    """Every file ending that names a kind of file: the export formats' and the common others."""
    return OTHER_ENDINGS | {spec.extension for spec, _ in formats().values()}


def ending(path: str) -> str:
    """The file name's ending, lower case, without its dot ("" when it has none)."""
    return Path(path).suffix.lower().lstrip(".")


def format_of(path: str) -> str | None:
    """The export format a file name's ending names, if any."""
    end = ending(path)
    return next((key for key, (spec, _) in formats().items() if spec.extension == end), None)


def contradiction(path: str, allowed: Iterable[str]) -> str | None:
    """Why the file name `path` contradicts the formats whose endings are `allowed`, or None: its ending
    names another kind of file."""
    allowed = tuple(allowed)
    end = ending(path)
    if end and end not in allowed and end in known_endings():
        return f"{path} names a .{end} file, but this writes {' or '.join('.' + a for a in allowed)}"
    return None


def unwritable(path: str) -> str | None:
    """Why `path` cannot be written, or None: a missing or read-only folder, or a folder in its place."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        return f"cannot write {path}: it is a folder"
    if not folder.is_dir():
        return f"cannot write {path}: the folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        return f"cannot write {path}: permission denied"
    return None


def output_problem(path: str | None, endings: tuple[str, ...]) -> str | None:
    """What is wrong with the output file named (None: standard output), before any work: its name, or
    where it goes."""
    if path is None:
        return None
    return contradiction(path, endings) or unwritable(path)


def written(command: str, path: str | None, body: bytes) -> int:
    """Write `body` to `path` (standard output when None) whole or not at all, so that an old file
    survives a full disk or a Ctrl-C; the exit status, after a clear message when that fails."""
    if path is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return 0
    try:
        write_file(path, body)
    except OSError as err:
        print(f"{command}: cannot write {path}: {reason(err)}", file=sys.stderr)
        return 2
    return 0
