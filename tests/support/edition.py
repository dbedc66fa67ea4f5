"""The published edition in tests: publish it with the command line, serve it with a plain static web
server, open it in a browser page."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Page

from tests.conftest import _free_port, run_cli

SUB_PATH = "kz-map"  # served under a sub-path: every address in the edition is relative


def publish_edition(root: Path, config: Path | None = None) -> Path:
    """Publish the edition into root/kz-map/ (with the data `config` names)."""
    folder = root / SUB_PATH
    env = {"DASHBOARD_CONFIG": str(config)} if config else None
    url = () if config else ("--url", "https://example.org/kz-map/")
    done = run_cli("publish", "-o", str(folder), *url, env=env)
    assert done.returncode == 0, done.stderr
    return folder


def serve_edition(folder: Path) -> Iterator[str]:
    """A plain static web server (Python's http.server) on the folder's parent; yields the edition's URL."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "--directory", str(folder.parent)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{folder.name}/"
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=2):
                break
        except OSError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def open_edition(page: Page, url: str) -> None:
    """Open the edition at `url` and wait until it says it is ready."""
    page.goto(url)
    page.wait_for_selector("body[data-ready]", state="attached", timeout=20_000)
