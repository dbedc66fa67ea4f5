"""The code base stays clean: ruff for the Python, Biome for the browser code (run as part of the suite so
CI enforces them)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

BIOME = REPO / "node_modules" / ".bin" / "biome"
BROWSER_CODE = REPO / "dashboard" / "publish" / "static"
MAX_MODULE_LINES = 250


def test_ruff_finds_nothing() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=REPO,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_biome_finds_nothing_in_the_browser_code() -> None:
    """Biome (pinned in package.json and package-lock.json, installed with `npm ci`) lints the edition's
    ES modules and the drawing code the app shares with it (`biome.json`; compact.js is inlined into
    folium's script by the app, so it keeps its function expressions). Without Biome installed the test
    is skipped with how to install it; under CI (`CI=true`) it fails instead."""
    if not BIOME.exists():
        message = f"Biome is not installed ({BIOME.relative_to(REPO)}): run `npm ci` in the repository"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run([str(BIOME), "lint", "--error-on-warnings", "--colors=off"], cwd=REPO,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_edition_is_modules_of_one_concern_each_and_none_is_long() -> None:
    """The edition's code is ES modules of one concern each, none over 250 lines; one `fill()`."""
    modules = {p.name: p.read_text(encoding="utf-8") for p in BROWSER_CODE.glob("*.js")}
    for concern in ("link", "map", "panels", "chronology", "charts", "tables", "downloads"):
        assert f"{concern}.js" in modules
    lines = {name: len(text.splitlines()) for name, text in modules.items()}
    assert {name: n for name, n in lines.items() if n > MAX_MODULE_LINES} == {}
    defines_fill = [name for name, text in modules.items() if "function fill(" in text or "fill = (" in text]
    assert defines_fill == ["fill.js"]
