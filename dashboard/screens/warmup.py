"""What the server does once at its start, before the first reader arrives.

A reader who opens the first link after a deploy would otherwise wait for everything a process does
once: compiling and importing the page's code, loading and geocoding the data, the charts of the view a
bare link opens. `lifespan` starts that work in a thread of its own as the server starts, while the
reader's browser is still loading Streamlit's page, in the order the page draws it: first what the page
draws before its map (the map page's imports, the data, the opening view's scene, the map's shapes and
the outlines its shaded areas are drawn from),
then what follows it (the sidebar's panels, drawn after the map though beside it on screen; the
templates; the chronology, the tab open at first; the charts).

Two threads making the same results at once would share one core and make them twice (`dashboard.memo`
lets two callers compute the same new key), so they take turns: the first script run waits until the
map's part is ready (`reader_arrives`), and the warm-up leaves what follows the map to that run, which
makes it after the map has been sent. Altair is imported only below the map (the charts), matplotlib
only for a still or a time-lapse asked for (the share area's embed snippet is `render.embed`).

The map's part runs with the cyclic garbage collector paused (`geo.collector`), from the thread's first
import (folium, pandas, pydantic … through `screens.bridge`) to the map's shapes: the imports alone make
some 250,000 objects, and every collection they set off walked the ones made before (a tenth of the
imports' processor time, which the first map waited for, since the reader's run waits for this part).
The data's own freeze (`freeze_long_lived`) then moves what the imports made out of the collector's
sight, with the few cycles among them (some 1,200 objects of 250,000).
"""

from __future__ import annotations

import ast
import compileall
import gc
import importlib
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

PACKAGE = Path(__file__).resolve().parent.parent
MAP_PAGE = PACKAGE / "screens" / "map.py"
_LOG = logging.getLogger(__name__)


@st.cache_resource
def freeze_long_lived() -> None:
    """Load the data once per process, then move it out of the garbage collector's sight.

    The data and the gazetteer index live as long as the process. Streamlit runs a full collection after
    every script run, and walking millions of long-lived objects each time made every rerun slower.
    No collection first: the data is loaded with the collector paused (`geo.collector`), and a collection
    then found 20 unreachable objects among 420,000 (100,000 records) while it took a quarter of a second
    of the first view; those few stay frozen with the data. Frozen before the collector runs again, so
    that its first pass does not walk every object the load made.
    """
    from dashboard.geo.collector import collector_paused
    from dashboard.screens.shared import dataset

    with collector_paused():
        dataset()
        gc.freeze()


@dataclass
class WarmUp:
    """One warm-up's progress, as the first reader's script run sees it."""

    opening_ready: threading.Event = field(default_factory=threading.Event)  # the map's part is done
    reader_arrived: threading.Event = field(default_factory=threading.Event)  # a script run began


_RUNNING: WarmUp | None = None  # the warm-up the server started (`lifespan`); None under AppTest
OPENING_WAIT_S = 120.0  # a first run waits at most this long for the warm-up's part of the map


def warm(progress: WarmUp | None = None) -> None:
    """Do the once-per-process work of the first script run, the map's part first: bytecode, the map
    page's imports, the data, the opening view's scene and the map's shapes around its opening extent
    (what a bare link opens, as the page draws it before its map). Then, until a reader's script run
    begins (which does the rest itself, in the page's order, rather than share the core with this
    thread or make the same results twice), what follows the map: the sidebar's panels, the templates,
    the chronology, the charts."""
    from dashboard.geo.collector import collector_paused

    progress = progress or WarmUp()
    try:
        with collector_paused():  # see the module's docstring
            _warm_the_map()
    finally:
        progress.opening_ready.set()
    for step in _BELOW_THE_MAP:
        if progress.reader_arrived.is_set():
            return
        step()


def _warm_the_map() -> None:
    # Python caches compiled modules beside their source unless told not to (PYTHONDONTWRITEBYTECODE);
    # compileall writes the package's caches either way, once, so that later starts skip compiling.
    compileall.compile_dir(PACKAGE, quiet=2, workers=1)
    for module in page_imports(MAP_PAGE):
        importlib.import_module(module)
    from dashboard.screens.bridge import import_map_component

    import_map_component()
    # Imported here, not at the top: the server imports this module before it listens.
    from dashboard.geo.regions import lakes_json
    from dashboard.map.basemap import world_file
    from dashboard.scene import CENTER, ZOOM, Bounds
    from dashboard.screens.shared import local_assets, records_in
    from dashboard.screens.views import view_scene, view_shapes
    from dashboard.view.link import View

    freeze_long_lived()
    opening = View()  # what a link without parameters opens
    records_in(opening.lang)
    local_assets()
    world_file()
    scene = view_scene(opening)
    drawn = view_shapes(scene, Bounds.around(*CENTER, ZOOM))  # the map's opening extent (map.map_bounds)
    for shapes in drawn.shapes.values():
        shapes.outlines()  # the shaded areas' outlines, without their lakes, written into the map's script
    lakes_json()  # the basemap's lakes, written into it too


def page_imports(page: Path) -> list[str]:
    """The modules a page's script imports at its top, in its order, and Streamlit's component API
    (streamlit-folium itself only with its frontend registered: `screens.bridge.import_map_component`)."""
    tree = ast.parse(page.read_text(encoding="utf-8"))
    modules = [alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names]
    modules += [node.module for node in tree.body if isinstance(node, ast.ImportFrom) and node.module
                and node.module != "__future__"]
    return [*modules, "streamlit.components.v1"]


def _panels() -> None:
    from dashboard.screens.views import view_scene
    from dashboard.view.link import View

    view_scene(View()).panels.withdrawal  # noqa: B018 -- the sidebar's panels, drawn after the map


def _templates() -> None:
    from dashboard.render.templating import environment

    templates = environment()
    for name in templates.list_templates():
        templates.get_template(name)


def _chronology() -> None:
    from dashboard.screens.views import view_scene
    from dashboard.view.link import View

    opening = View()
    view_scene(opening).chronology  # noqa: B018 -- the open tab


def _charts() -> None:
    from dashboard.screens.views import view_scene
    from dashboard.view.link import View

    view_scene(View()).charts  # noqa: B018 -- the charts of the opening view


# In the page's order below its map.
_BELOW_THE_MAP = (_panels, _templates, _chronology, _charts)


def reader_arrives() -> None:
    """Called at the start of every script run: the first waits until the warm-up the server started has
    prepared the opening view's map, instead of making the same results beside it, and tells it to
    leave the rest to the run. Returns at once when no warm-up is running (AppTest) or it is done."""
    progress = _RUNNING
    if progress is None or progress.reader_arrived.is_set():
        return
    progress.reader_arrived.set()
    progress.opening_ready.wait(timeout=OPENING_WAIT_S)


WARM_UP_THREAD = "warm-up"


def _warm_logged() -> None:
    from dashboard.geo.collector import collector_paused

    with collector_paused():  # the map's first imports (see the module's docstring)
        from dashboard.screens.bridge import quiet_outside_script_runs
    quiet_outside_script_runs(WARM_UP_THREAD)  # it fills the cached resources outside any script run
    try:
        warm(_RUNNING)
    except Exception:  # the first reader's run then does the work, and shows any error itself
        _LOG.exception("warming up the dashboard failed")


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    """The server's lifespan (`st.App(lifespan=...)`): check the settings (a refused one, such as an
    `[edition] url` outside the address allow-list, stops the server with its message), start warming
    up, and serve at once."""
    global _RUNNING
    from dashboard.config import ConfigError, load_config

    try:
        load_config()
    except ConfigError as err:
        _LOG.error("the dashboard does not start: %s", err)
        raise
    _RUNNING = WarmUp()
    threading.Thread(target=_warm_logged, name=WARM_UP_THREAD, daemon=True).start()
    yield
