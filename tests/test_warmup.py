"""The server's start: the warm-up prepares the opening view before the first reader asks for it."""

from __future__ import annotations

import asyncio
import sys
import threading

import pytest

from dashboard.screens import views, warmup
from dashboard.view.link import View


def test_the_warm_up_prepares_what_a_bare_link_shows_and_writes_the_bytecode() -> None:
    warmup.warm()
    opening = View()
    assert (opening.countries, opening.date, opening.lang) in views.SCENES
    cached = sys.implementation.cache_tag
    assert (warmup.PACKAGE / "screens" / "__pycache__" / f"views.{cached}.pyc").is_file()
    # The page's first run then finds the opening view's map data kept, shared, not built again.
    kept = views.view_scene(opening.countries, opening.date, opening.lang)
    assert views.view_scene(opening.countries, opening.date, opening.lang) is kept


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
