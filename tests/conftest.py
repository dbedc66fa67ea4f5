"""Shared fixtures: repository paths, the real geocoder, a real `streamlit run` server, Chromium.

Tiers: a test that drives a real server or browser is marked `browser` (by the fixtures it uses); one that
runs the whole app headless (`AppTest.from_file`, or a fixture that does) is marked `app` (found in its
source, so a new one is marked too) and `slow`; one that works at scale is marked `slow`, as is one that
needs the map's files from the npm registry (`map_assets`) and one that takes over a second. The quick
tier, `uv run pytest -m "not browser and not slow"`, gives feedback in under a minute, with no network.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from dashboard.__main__ import main
from dashboard.geo.gazetteer import default_geocoder
from dashboard.geo.geocoder import Geocoder
from tests.support.gold import dpa_report_path

REPO = Path(__file__).resolve().parent.parent
GEODATA = REPO / "geodata"
SCREENSHOTS = REPO / "docs"  # the README's pictures
APP = REPO / "dashboard" / "site.py"  # the pages, for AppTest
SERVER = REPO / "dashboard" / "app.py"  # what `streamlit run` serves
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


# Fixtures that start a real server or browser: a test that uses one is a `browser` test.
BROWSER_FIXTURES = frozenset({"browser", "server", "start_server", "offline_page", "phone_page"})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-screenshots", action="store_true",
                     help="write the README's screenshots (docs/*.png) from this run")


# Fixtures that run the whole app headless (AppTest on a data folder of their own).
APP_FIXTURES = frozenset({"app_on", "large_app"})
WHOLE_APP = "AppTest.from_file("  # in a test's source: it runs the whole app headless


def _runs_the_whole_app(item: pytest.Item) -> bool:
    if APP_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    function = getattr(item, "function", None)
    try:
        return function is not None and WHOLE_APP in inspect.getsource(function)
    except (OSError, TypeError):
        return False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        elif "map_assets" in getattr(item, "fixturenames", ()):  # fetched from the npm registry
            item.add_marker(pytest.mark.slow)
        if _runs_the_whole_app(item):  # its own marker, and out of the quick tier
            item.add_marker(pytest.mark.app)
            item.add_marker(pytest.mark.slow)


def require_dpa_report() -> Path:
    """The dpa report's path. Absent, the test is skipped with where to put it; under CI it fails."""
    try:
        return dpa_report_path()
    except FileNotFoundError as err:
        message = (f"{err}. The report is licensed text kept outside the repository: put it at "
                   f"../shared/sources/dpa-2022-01-13.txt (beside the checkout) or set DPA_REPORT.")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def map_assets() -> None:
    """The map's front-end files and the seas, fetched from the npm registry when missing (never
    committed). Only the tests that serve or embed them ask for it (every browser test does, through its
    fixtures), so the quick tier needs no network; without the seas the map draws no water."""
    from dashboard.map.assets import AssetError, assets_available, fetch_assets, fetch_seas, seas_file

    if not assets_available():
        fetch_assets()
    assert assets_available()
    if seas_file() is None:
        with contextlib.suppress(AssetError):
            fetch_seas()


# Synthetic records beside the seven fixed ones `write_synthetic` always adds (host, contingents …).
LARGE_SYNTHETIC = 99_993


@pytest.fixture(scope="session")
def large_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One synthetic folder of 100,000 location records in the documented format, shared by every test
    that works at that scale (copy it before changing it); returns its config.toml."""
    from bench.synthetic import write_synthetic

    return write_synthetic(tmp_path_factory.mktemp("large"), LARGE_SYNTHETIC)


@pytest.fixture(scope="session")
def geocoder() -> Geocoder:
    """The real geocoder: GeoNames gazetteer plus the repository's curated supplement."""
    return default_geocoder()


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m dashboard ARGS` in this process (`main([...])`), with `env` set meanwhile.

    The same code as the command line, without a fresh interpreter and gazetteer index per call;
    `test_the_command_line_runs_as_a_module` runs the real `python -m dashboard` once.
    """
    out, err = io.BytesIO(), io.StringIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    saved = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code if isinstance(exit_.code, int) else 2
        stdout.flush()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return subprocess.CompletedProcess(["python -m dashboard", *args], code, out.getvalue().decode("utf-8"),
                                       err.getvalue())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running `streamlit run dashboard/app.py` process."""

    def __init__(self, url: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.url = url
        self.process = process
        self.log = log


@pytest.fixture(scope="session")
def start_server(tmp_path_factory: pytest.TempPathFactory,
                 map_assets: None) -> Iterator[Callable[..., Server]]:
    """Start real Streamlit servers on free localhost ports; all are stopped at the end."""
    started: list[Server] = []

    def start(config: Path | None = None, *extra: str, base_path: str = "",
              secrets: Callable[[str], str] | None = None) -> Server:
        """`secrets(url)`: the secrets.toml the server reads (written to a temporary file), made from the
        address it will serve at (a sign-in's redirect address names it)."""
        port = _free_port()
        log = tmp_path_factory.mktemp("server") / "streamlit.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "DASHBOARD_TEST_HOOKS": "1"}
        if config is not None:
            env["DASHBOARD_CONFIG"] = str(config)
        if secrets is not None:
            secrets_file = log.with_name("secrets.toml")
            secrets_file.write_text(secrets(f"http://127.0.0.1:{port}"), encoding="utf-8")
            extra = ("--secrets.files", str(secrets_file), *extra)
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(SERVER), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.baseUrlPath", base_path, *extra],
            cwd=REPO, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = Server(f"http://127.0.0.1:{port}" + (f"/{base_path}/" if base_path else ""), process, log)
        started.append(server)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"streamlit exited early:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{server.url.rstrip('/')}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        return server
            except OSError:
                time.sleep(0.3)
        pytest.fail(f"streamlit did not become healthy:\n{log.read_text()}")

    yield start
    for server in started:
        if server.process.poll() is None:
            os.killpg(server.process.pid, signal.SIGTERM)
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def server(start_server: Callable[..., Server]) -> Server:
    """The dashboard on its bundled data."""
    return start_server()


@pytest.fixture(scope="session")
def browser(map_assets: None) -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright. Fails (never skips) when it is missing."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OfflinePage:
    """A page whose requests outside localhost are blocked and recorded."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.outside: list[str] = []
        self.console_errors: list[str] = []


def offline(browser: object, width: int = 1400, height: int = 900, bypass_csp: bool = False,
            color_scheme: str = "light") -> OfflinePage:
    """A fresh browser context of the given viewport that may only talk to localhost (and read local
    files); close it with `.page.context.close()`. `bypass_csp` lets a test inject its own scripts (axe)
    into a page whose Content-Security-Policy forbids inline scripts. `color_scheme` is what the page's
    `prefers-color-scheme` reports ("light" or "dark")."""
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=bypass_csp,
                                  color_scheme=color_scheme)
    page = context.new_page()
    wrapped = OfflinePage(page)

    def guard(route: object) -> None:
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "file:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            wrapped.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda m: m.type == "error" and wrapped.console_errors.append(m.text))
    return wrapped


@pytest.fixture
def offline_page(browser: object) -> Iterator[OfflinePage]:
    """A desktop-sized offline page (1400 x 900)."""
    wrapped = offline(browser)
    yield wrapped
    wrapped.page.context.close()


@pytest.fixture
def phone_page(browser: object) -> Iterator[OfflinePage]:
    """A phone-sized offline page (390 x 844)."""
    wrapped = offline(browser, 390, 844)
    yield wrapped
    wrapped.page.context.close()


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory, map_assets: None) -> Path:
    """The edition of the bundled data, published once per test run (`tests.support.edition`): the tests
    only read it (a test that changes an edition changes a copy)."""
    from tests.support.edition import publish_edition

    return publish_edition(tmp_path_factory.mktemp("edition"))


@pytest.fixture(scope="session")
def edition(published: Path) -> Iterator[str]:
    """The published edition served by a plain static web server; its URL."""
    from tests.support.edition import serve_edition

    yield from serve_edition(published)
