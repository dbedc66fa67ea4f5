"""The server's start: the warm-up prepares the opening view before the first reader asks for it."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import threading

import pytest

from dashboard.screens import views, warmup
from dashboard.screens.shared import data_version
from dashboard.view.link import View


@pytest.mark.slow  # over a second of the quick tier
def test_the_warm_up_prepares_what_a_bare_link_shows_and_writes_the_bytecode() -> None:
    warmup.warm()
    opening = View()
    # kept under the data's version (`shared.data_version`), as every result made from the data
    assert (data_version(), opening.countries, opening.date, opening.lang) in views.SCENES
    cached = sys.implementation.cache_tag
    assert (warmup.PACKAGE / "screens" / "__pycache__" / f"views.{cached}.pyc").is_file()
    # The page's first run then finds the opening view's map data kept, shared, not built again.
    kept = views.view_scene(opening)
    assert views.view_scene(opening) is kept
    # the map groups and the map extent a link restores play no part in the scene
    assert views.view_scene(View(opening.countries, opening.date, layers=("countries",), center=(43.2, 76.9),
                                 zoom=8)) is kept


def test_the_lifespan_serves_at_once_and_warms_up_in_a_thread_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The warm-up is held until the server has started serving, so that the test sees it still running
    # however fast it would be (with every cache warm it can finish within a few milliseconds).
    served = threading.Event()
    warmed: list[str] = []
    real = warmup._warm_logged

    def held() -> None:
        served.wait(timeout=60)
        warmed.append(threading.current_thread().name)
        real()

    monkeypatch.setattr(warmup, "_warm_logged", held)

    async def start() -> list[str]:
        async with warmup.lifespan(None):
            running = [t.name for t in threading.enumerate()]
            served.set()
            return running

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    seen: list[list[str]] = []
    runner = threading.Thread(target=lambda: seen.append(asyncio.run(start())))
    runner.start()
    runner.join(timeout=60)
    (running,) = seen
    assert "warm-up" in running
    for thread in threading.enumerate():
        if thread.name == "warm-up":
            thread.join(timeout=120)
            assert not thread.is_alive()
    assert warmed == ["warm-up"]


def test_a_first_run_waits_for_the_map_part_of_the_warm_up_and_leaves_it_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    progress = warmup.WarmUp()
    monkeypatch.setattr(warmup, "_RUNNING", progress)
    returned = threading.Event()
    reader = threading.Thread(target=lambda: (warmup.reader_arrives(), returned.set()))
    reader.start()
    assert progress.reader_arrived.wait(timeout=60)
    # It cannot return before the warm-up says the opening view's map is ready.
    assert not returned.is_set()
    progress.opening_ready.set()
    reader.join(timeout=60)
    assert returned.is_set()
    # Later runs do not wait at all, and with no warm-up running (AppTest) neither does the first.
    warmup.reader_arrives()
    monkeypatch.setattr(warmup, "_RUNNING", None)
    warmup.reader_arrives()


def test_the_warm_up_stops_below_the_map_once_a_reader_runs_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    done: list[str] = []
    monkeypatch.setattr(warmup, "_warm_the_map", lambda: done.append("map"))
    below = (lambda: done.append("tables"), lambda: done.append("charts"))
    monkeypatch.setattr(warmup, "_BELOW_THE_MAP", below)
    alone = warmup.WarmUp()
    warmup.warm(alone)
    assert done == ["map", "tables", "charts"] and alone.opening_ready.is_set()
    done.clear()
    joined = warmup.WarmUp()
    joined.reader_arrived.set()
    warmup.warm(joined)
    assert done == ["map"] and joined.opening_ready.is_set()


def test_a_failed_warm_up_still_lets_the_first_run_go_on(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise OSError("disk full")

    monkeypatch.setattr(warmup, "_warm_the_map", broken)
    progress = warmup.WarmUp()
    with pytest.raises(OSError):
        warmup.warm(progress)
    assert progress.opening_ready.is_set()


@pytest.mark.slow  # over a second of the quick tier
def test_the_map_page_imports_neither_the_charts_nor_the_stills_library() -> None:
    # What the first run imports before its map: the map page's imports (which the warm-up imports first).
    # Altair (the charts) and matplotlib (the stills, the social card) come after the map.
    modules = warmup.page_imports(warmup.MAP_PAGE)
    assert "dashboard.screens.views" in modules and "streamlit_folium" not in modules
    code = ("import importlib, sys\nfrom dashboard.screens import warmup\n"
            "for m in warmup.page_imports(warmup.MAP_PAGE): importlib.import_module(m)\n"
            "print(sorted({'altair', 'matplotlib', 'streamlit_folium'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=warmup.PACKAGE.parent, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.slow
def test_the_first_run_draws_the_opening_map_from_what_the_warm_up_made() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    views.SCENES.clear()
    views.DRAWN.clear()
    warmup.warm()
    assert len(views.SCENES) == 1 and len(views.DRAWN) == 1
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    # The page asked for the same view and map extent, so it made neither again.
    assert len(views.SCENES) == 1 and len(views.DRAWN) == 1


@pytest.mark.slow  # over a second of the quick tier
def test_without_a_server_the_warm_up_leaves_the_map_component_to_the_script_run() -> None:
    # Imported outside a script run, streamlit-folium's frontend is registered only with a running server
    # (the browser tests draw the map from a server whose warm-up imported it); without one, nothing is
    # imported, so the script run's own import registers it.
    code = ("import sys\nfrom dashboard.screens.bridge import import_map_component\n"
            "print(import_map_component(), 'streamlit_folium' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=warmup.PACKAGE.parent, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False False"


def test_the_warm_up_thread_fills_the_cached_resources_without_streamlit_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Streamlit warns of a missing script-run context when a cached resource runs outside a script run:
    the server's warm-up does that on purpose, so its thread's warnings (only) are dropped."""
    import streamlit as st

    from dashboard.screens import bridge

    @st.cache_resource(show_spinner="Loading…")
    def resource(key: str) -> str:
        return key

    def run(name: str) -> None:
        if name == warmup.WARM_UP_THREAD:
            bridge.quiet_outside_script_runs(name)
        thread = threading.Thread(target=resource, args=(name,), name=name)
        thread.start()
        thread.join()

    logger = logging.getLogger(bridge.SCRIPT_RUN_LOGGER)
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.WARNING, logger=bridge.SCRIPT_RUN_LOGGER):
            run(warmup.WARM_UP_THREAD)
            run("another")
    finally:
        logger.removeHandler(caplog.handler)
    warned = [r.threadName for r in caplog.records if bridge.MISSING_CONTEXT in r.getMessage()]
    assert warned == ["another"]  # the filter is the warm-up thread's alone, and the warning still comes


def test_the_map_part_of_the_warm_up_runs_with_the_collector_paused_and_the_rest_without(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The map's part makes its many objects without the cyclic collector's passes; what follows it (and
    # everything after the warm-up) runs with the collector as it was, also when the map's part fails.
    import gc

    seen: dict[str, bool] = {}
    monkeypatch.setattr(warmup, "_warm_the_map", lambda: seen.setdefault("map", gc.isenabled()))
    monkeypatch.setattr(warmup, "_BELOW_THE_MAP", (lambda: seen.setdefault("below", gc.isenabled()),))
    assert gc.isenabled()
    warmup.warm(warmup.WarmUp())
    assert seen == {"map": False, "below": True} and gc.isenabled()

    def broken() -> None:
        raise OSError("disk full")

    monkeypatch.setattr(warmup, "_warm_the_map", broken)
    with pytest.raises(OSError):
        warmup.warm(warmup.WarmUp())
    assert gc.isenabled()
