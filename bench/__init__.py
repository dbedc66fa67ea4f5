"""Benchmarks (see docs/performance.md). Every script works in a cache folder of its own."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dashboard.geo.cachefiles import CACHE_ENV


def own_cache_folder() -> Path:
    """Point the cache folder (KZ_CACHE_DIR) at the benchmarks' own, unless one is given, before anything
    reads it, and return it. The scripts forget loaded data folders there to time a first view after a
    data change: never in a reader's cache folder, where other checkouts keep theirs. Servers and
    processes the scripts start inherit it."""
    folder = os.environ.get(CACHE_ENV) or str(Path(tempfile.gettempdir()) / "kz-crisis-map-bench")
    os.environ[CACHE_ENV] = folder
    return Path(folder)
