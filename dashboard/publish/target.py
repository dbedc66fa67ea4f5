"""Where an edition may be published: a new or empty folder, or a previous edition (marked by
`MARKER`), never a folder of other files unless forced, never the current or home folder."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from dashboard.data.failures import Refused

# The file that marks a folder as an edition (so a later publish may replace it), and everything an
# edition holds at its top: a folder with anything else in it is not replaced without `force`.
MARKER = ".kz-edition"
EDITION_NAMES = frozenset({MARKER, "index.html", "embed.html", "assets", "data", "cards"})
_HASHED = re.compile(r"[\w-]+\.[0-9a-f]{12}\.[a-z]+(?:\.gz)?")  # a file `_Hashed` names
_MODULES = re.compile(r"modules\.[0-9a-f]{12}")  # the folder `_modules` names


class TargetRefused(Refused):
    """The folder named cannot take the edition (a file, a folder of other files); str(err)."""


def foreign_files(folder: Path) -> list[str]:
    """The files and folders in `folder` that no edition writes (paths relative to it, sorted): names at
    its top other than an edition's, and in `assets/`, `data/` and `cards/` names that are not
    content-hashed (`stem.<12 hex>.ext`, and its `.gz`), but for Leaflet's `assets/images/` and the
    ES modules' `assets/modules.<12 hex>/`."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        top = relative.parts[0]
        if top not in EDITION_NAMES:
            if len(relative.parts) == 1:
                found.append(str(relative))
        elif top in ("assets", "data", "cards") and len(relative.parts) > 1:
            copied = relative.parts[:2] == ("assets", "images") or (  # Leaflet's images, the ES modules
                top == "assets" and _MODULES.fullmatch(relative.parts[1]) is not None)
            if not copied and not _HASHED.fullmatch(relative.name):
                found.append(str(relative))
        elif top in (MARKER, "index.html", "embed.html") and path.is_dir():
            found.append(str(relative))
    return sorted(found)


def is_edition(folder: Path) -> bool:
    """Whether `folder` holds a previous edition and nothing else: the marker that `publish` writes (or,
    for editions published before it did, an `index.html` naming the edition's data version), and no
    file that an edition does not write (`foreign_files`)."""
    try:
        if foreign_files(folder):
            return False
        if (folder / MARKER).is_file():
            return True
        page = folder / "index.html"
        return page.is_file() and "kz-edition/" in page.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def check_target(out: Path, force: bool = False) -> None:
    """Refuse a folder the edition may not go to, before any work (`TargetRefused`; an `OSError` where
    the folder beside which it is built cannot be written): a file; the current folder, one that
    holds it or the home folder (even with `force`); or a folder that holds other files than a previous
    edition (unless `force`). (An empty name is the command line's to refuse:
    `Path("")` is the current folder.)"""
    if out.exists() and not out.is_dir():
        raise TargetRefused(f"{out} is not a folder")
    real, here = out.resolve(), Path.cwd().resolve()
    if real in (here, *here.parents, Path.home().resolve()):  # even with --force: never swap these away
        raise TargetRefused(f"{out} is the current folder, one that holds it, or the home folder; "
                            "publish into a folder of its own, e.g. -o site")
    if out.is_dir() and not force and any(out.iterdir()) and not is_edition(out):
        others = foreign_files(out)
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        what = f"files that are not a previous edition: {shown}" if others else f"no {MARKER} marker"
        raise TargetRefused(f"{out} is not empty and not a previous edition ({what}); publish into an "
                            "empty or new folder, or give --force to replace what it holds")
    parent = real.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=parent):  # the edition is built beside the folder: can it be?
            pass
    except OSError as err:
        raise TargetRefused(f"cannot write {out}: the folder it is built beside ({parent}) cannot be "
                            f"written: {err.strerror or err}") from err
