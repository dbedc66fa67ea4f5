"""Benchmarks (see docs/performance.md). Every script works in a cache folder of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from dashboard.geo.cachefiles import CACHE_ENV


def own_cache_folder(index: bool = False) -> Path:
    """Point the cache folder (KZ_CACHE_DIR) at the benchmarks' own, unless one is given, before anything
    reads it, and return it. The scripts forget loaded data folders there to time a first view after a
    data change: never in a reader's cache folder, where other checkouts keep theirs. Servers and
    processes the scripts start inherit it.

    With `index`, the gazetteer index is made there first, in a process of its own, when it is not yet:
    a reader's folder holds it after the first start, and a script timing a first view after a data
    change would otherwise time making it in its first figure."""
    folder = os.environ.get(CACHE_ENV) or str(Path(tempfile.gettempdir()) / "kz-crisis-map-bench")
    os.environ[CACHE_ENV] = folder
    if index:
        subprocess.run([sys.executable, "-c", "from dashboard.geo.gazetteer import cached_geocoder; "
                        "cached_geocoder()"], check=True)
    return Path(folder)
