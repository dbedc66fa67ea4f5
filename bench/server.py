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
    config: Path | None = None, timeout_s: float = 120, cpus: set[int] | None = None,
    repo: Path = REPO, script: str = "dashboard/app.py",
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Run the dashboard on a free localhost port (on `config`'s data, else the bundled data);
    yield the process and its URL once healthy; stop it afterwards. With `cpus`, the server runs on
    those cores only (`sched_setaffinity`, as `taskset` does), so a load client can keep to the others.
    `repo` serves another checkout's code (an earlier commit, for a before/after comparison); `script`
    another page of it (`bench/bare_app.py`, Streamlit's floor)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # The test hooks tell the benchmark which view the map drew (window.__kzView, __kzLayerBuilds).
    env = {**os.environ, "DASHBOARD_TEST_HOOKS": "1", **({"DASHBOARD_CONFIG": str(config)} if config else {})}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=repo, env={**env, "PYTHONPATH": str(repo)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None)
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
                time.sleep(0.05)
        yield server, url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
