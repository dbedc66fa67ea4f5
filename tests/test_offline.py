"""The quick tier needs no network: a fresh clone passes it with every proxy pointing nowhere.

The clone is this checkout's commit (HEAD), its environment synced from uv's cache alone; the quick tier
then runs with every proxy variable pointing at a closed port (so any request that leaves the machine is
refused), uv offline, an empty cache folder (no gazetteer index, no loaded data) and no map files
(`dashboard/static/vendor/` is never committed). Uncommitted changes are not part of the clone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.support.gold import dpa_report_path

DEAD = "http://127.0.0.1:9"  # the discard port: nothing listens there, so every connection is refused
PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
# The quick tier; it leaves this test out, so the run cannot recurse.
QUICK = "not browser and not slow"
# Variables of the outer run that would point the inner one at this checkout or its caches.
OUTER = ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONPATH", "PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST",
         "KZ_CACHE_DIR", "DASHBOARD_CONFIG", "NO_PROXY", "no_proxy")


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_the_quick_tier_passes_in_a_fresh_clone_with_no_network(tmp_path: Path) -> None:
    uv, git = shutil.which("uv"), shutil.which("git")
    assert uv and git, "the test needs uv and git on PATH"
    env = {key: value for key, value in os.environ.items() if key not in OUTER}
    # uv's cache holds the locked packages; find it before the cache folder is swapped for an empty one.
    uv_cache = _run([uv, "cache", "dir"], REPO, env).stdout.strip()
    assert uv_cache, "uv names no cache folder"

    head = _run([git, "rev-parse", "HEAD"], REPO, env).stdout.strip()
    clone = tmp_path / "clone"
    cloned = _run([git, "clone", "--quiet", "--no-checkout", str(REPO), str(clone)], tmp_path, env)
    assert cloned.returncode == 0, cloned.stderr
    checkout = _run([git, "checkout", "--quiet", "--detach", head], clone, env)
    assert checkout.returncode == 0, checkout.stderr
    vendor = clone / "dashboard" / "static" / "vendor"
    assert not vendor.exists()

    empty_cache = tmp_path / "cache"
    empty_cache.mkdir()
    env.update({name: DEAD for name in PROXIES})
    env.update(UV_OFFLINE="1", UV_CACHE_DIR=uv_cache, XDG_CACHE_HOME=str(empty_cache),
               NO_PROXY="localhost,127.0.0.1,::1", no_proxy="localhost,127.0.0.1,::1")
    # The dpa report lies beside this checkout, not beside the clone. Without it, the inner run skips
    # (or, under CI, fails) the tests that read it, as this one would.
    with contextlib.suppress(FileNotFoundError):
        env["DPA_REPORT"] = str(dpa_report_path())

    # The browser code's linter, which setup installs (`npm ci`) as uv installs the packages: the clone
    # uses this checkout's, so its lint test runs (and, under CI, does not fail for want of it).
    if (REPO / "node_modules").is_dir():
        (clone / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    synced = _run([uv, "sync", "--frozen", "--offline"], clone, env)
    assert synced.returncode == 0, synced.stderr
    quick = _run([uv, "run", "--frozen", "pytest", "-m", QUICK, "-q"], clone, env)
    assert quick.returncode == 0, f"{quick.stdout[-8000:]}\n{quick.stderr[-2000:]}"
    assert " passed" in quick.stdout.splitlines()[-1]
    assert not vendor.exists(), "the quick tier fetched the map's files"
