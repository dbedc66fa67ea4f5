"""Every save of a data folder kept, in the folder's `.history/` (which the loader never reads).

- `.history/blobs/<sha256>`: the bytes of a table file as some save left it (or found it), stored once
  however many saves share them.
- `.history/saves/<save id>.json`: one save: when, who, why, the rows it touched (each before and
  after) and a manifest of every table file of the folder before and after it (file name -> blob).
- `.history/proposals/<proposal id>.json`: a change waiting for review (`[desk] review = true`).

A save's record is written before the change is committed, and it counts only once the change has
landed: `updates.csv` names the save in its `save` column, in the same atomic commit as the tables. A
record whose save never landed (the writer died before the commit counted) is ignored, and removed by the
next save. Every file here is written whole or not at all (`dashboard.data.atomic`); blobs are copies,
never links, so a table edited in place by hand cannot change the history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

from dashboard.data import atomic

HISTORY = ".history"
BLOBS = "blobs"
SAVES = "saves"
PROPOSALS = "proposals"
TABLE_SUFFIXES = (".csv", ".parquet")


def history_dir(folder: Path) -> Path:
    """Where `folder` keeps its history."""
    return folder / HISTORY


def new_id(now: dt.datetime) -> str:
    """A new save or proposal id: the UTC time to the second, then random letters (`20220113-101500-3fa9`)."""
    return f"{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def table_files(folder: Path) -> list[str]:
    """The table files of a data folder (its CSV and Parquet files, not hidden ones), by name."""
    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and p.suffix in TABLE_SUFFIXES and not p.name.startswith("."))


def store(folder: Path, body: bytes) -> str:
    """Keep `body` among the folder's blobs (once); its name."""
    name = hashlib.sha256(body).hexdigest()
    path = history_dir(folder) / BLOBS / name
    if not path.exists():
        atomic.write_file(path, body)
    return name


def manifest(folder: Path, replaced: Mapping[str, bytes] | None = None) -> dict[str, str]:
    """Every table file of `folder` (with the bytes in `replaced` instead of the file's own, and the files
    it adds) kept as a blob: file name -> blob."""
    replaced = replaced or {}
    names = sorted({*table_files(folder), *replaced})
    return {name: store(folder, replaced[name] if name in replaced else (folder / name).read_bytes())
            for name in names}


def write_record(folder: Path, kind: str, record: Mapping[str, object]) -> None:
    """Write a save's or a proposal's record (`kind` SAVES or PROPOSALS), named by its `id`."""
    body = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    atomic.write_file(history_dir(folder) / kind / f"{record['id']}.json", body)


def read_record(folder: Path, kind: str, rid: str) -> dict[str, object] | None:
    """A save's or proposal's record, or None when there is none by that id (or it cannot be read)."""
    if not rid or "/" in rid or rid.startswith("."):
        return None
    path = history_dir(folder) / kind / f"{rid}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def records(folder: Path, kind: str) -> list[dict[str, object]]:
    """Every readable record of one kind, by id."""
    found = []
    for path in sorted((history_dir(folder) / kind).glob("*.json")):
        record = read_record(folder, kind, path.stem)
        if record is not None:
            found.append(record)
    return found


def remove_record(folder: Path, kind: str, rid: str) -> None:
    """Remove a record (a save that never landed)."""
    (history_dir(folder) / kind / f"{rid}.json").unlink(missing_ok=True)


def materialise(folder: Path, files: Mapping[str, str], target: Path) -> Path:
    """Write the table files a manifest names (from the blobs) into the new folder `target`; `target`."""
    target.mkdir(parents=True)
    for name, blob in files.items():
        shutil.copyfile(history_dir(folder) / BLOBS / blob, target / name)
    return target
