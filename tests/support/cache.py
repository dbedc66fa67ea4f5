"""A fresh interpreter run over a copy of the package whose cache-deciding modules have edited docstrings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dashboard
from dashboard.geo.cachefiles import CACHE_ENV
from tests.conftest import GEODATA

PACKAGE = Path(dashboard.__file__).resolve().parent
# Modules whose code decides what a cache file holds; their docstrings are edited in a copy below.
EDITED = ("data/schema.py", "data/cells.py", "data/names.py", "data/countries.py", "geo/index.py",
          "geo/dataset.py", "geo/datacache.py", "geo/gazetteer.py", "vocabulary.py")


def in_edited_copy(tmp_path: Path, code: str) -> str:
    """The output of `code`, run by a fresh interpreter over a copy of the package in which every module
    of EDITED has an edited docstring (and a new comment): what an editor's tidying leaves."""
    copy = tmp_path / "edited" / "dashboard"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copytree(GEODATA / "gazetteer", copy.parent / "geodata" / "gazetteer")  # the same supplement
    for name in EDITED:
        module = copy / name
        text = module.read_text(encoding="utf-8")
        assert text.startswith('"""'), name
        module.write_text('"""Edited: a reworded docstring.\n\n' + text[3:] + "\n# A new comment.\n",
                          encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", code], cwd=copy.parent, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(copy.parent),
                               CACHE_ENV: str(tmp_path / "cache")}, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert f"{copy}" in done.stdout  # the copy's code ran, not the checkout's
    return done.stdout
