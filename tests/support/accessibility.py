"""axe-core in the real browser: fetched from the npm registry at a pinned version and integrity, run
on the dashboard page and inside the map's frame."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from playwright.sync_api import Frame, Page

from dashboard.map.assets import fetch_package
from tests.conftest import REPO

AXE_VERSION = "4.14.1"
AXE_INTEGRITY = ("sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37O"
                 "gudVGtQ==")
AXE_DIR = REPO / ".cache" / f"axe-core-{AXE_VERSION}"
BLOCKING = ("serious", "critical")


@cache
def axe_source() -> str:
    """axe.min.js, downloaded once into .cache/ (never committed)."""
    script = AXE_DIR / "axe.min.js"
    if not script.is_file():
        fetch_package("axe-core", AXE_VERSION, "", AXE_INTEGRITY, AXE_DIR)
    return Path(script).read_text(encoding="utf-8")


def violations(target: Page | Frame) -> list[dict]:
    """axe-core's violations in one document (the page, or the map's frame), every rule on."""
    if not target.evaluate("() => typeof window.axe !== 'undefined'"):
        target.add_script_tag(content=axe_source())
    return target.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations'], iframes: false});
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
        }));
    }""")


def blocking(found: list[dict]) -> list[dict]:
    """The serious and critical ones."""
    return [v for v in found if v["impact"] in BLOCKING]
