"""A real `streamlit run` server for the benchmark and the load test."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@contextmanager
def serve(
    config: Path | None = None, timeout_s: float = 120,
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Run the dashboard on a free localhost port (on `config`'s data, else the bundled data);
    yield the process and its URL once healthy; stop it afterwards."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # The test hooks tell the benchmark which view the map drew (window.__kzView, __kzLayerBuilds).
    env = {**os.environ, "DASHBOARD_TEST_HOOKS": "1", **({"DASHBOARD_CONFIG": str(config)} if config else {})}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.5)
        yield server, url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
