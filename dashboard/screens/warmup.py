"""What the server does once at its start, before the first reader arrives.

A reader who opens the first link after a deploy would otherwise wait for everything a process does
once: compiling and importing the page's code, loading and geocoding the data, the charts of the view a
bare link opens. `lifespan` starts that work in a thread of its own as the server starts, while the
reader's browser is still loading Streamlit's page; the first script run then finds it done, or waits
for the part still under way (Streamlit's caches let one caller compute a value and the others wait).
"""

from __future__ import annotations

import compileall
import gc
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

PACKAGE = Path(__file__).resolve().parent.parent
_LOG = logging.getLogger(__name__)


@st.cache_resource
def freeze_long_lived() -> None:
    """Load the data once per process, then move it out of the garbage collector's sight.

    The data and the gazetteer index live as long as the process. Streamlit runs a full collection after
    every script run, and walking millions of long-lived objects each time made every rerun slower.
    """
    from dashboard.screens.shared import dataset

    dataset()
    gc.collect()
    gc.freeze()


def warm() -> None:
    """Do the once-per-process work of the first script run: bytecode, imports, data, and what the view a
    bare link opens shows (in the page's order: its map, its tables, its charts)."""
    # Python caches compiled modules beside their source unless told not to (PYTHONDONTWRITEBYTECODE);
    # compileall writes the package's caches either way, once, so that later starts skip compiling.
    compileall.compile_dir(PACKAGE, quiet=2, workers=1)
    # Imported here, not at the top: the server imports this module before it listens.
    from dashboard.map.basemap import world_file
    from dashboard.render.templating import environment
    from dashboard.screens.over_time import chart_specs
    from dashboard.screens.shared import local_assets, records_in
    from dashboard.screens.views import view_scene, view_texts
    from dashboard.view.link import View

    freeze_long_lived()
    opening = View()  # what a link without parameters opens
    records_in(opening.lang)
    local_assets()
    world_file()
    view_scene(opening.countries, opening.date, opening.lang).panels.withdrawal  # noqa: B018 -- computed
    templates = environment()
    for name in templates.list_templates():
        templates.get_template(name)
    view_texts(opening.countries, opening.date, opening.lang)
    chart_specs(opening.countries, opening.date, opening.lang)


def _warm_logged() -> None:
    try:
        warm()
    except Exception:  # the first reader's run then does the work, and shows any error itself
        _LOG.exception("warming up the dashboard failed")


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    """The server's lifespan (`st.App(lifespan=...)`): start warming up, and serve at once."""
    threading.Thread(target=_warm_logged, name="warm-up", daemon=True).start()
    yield
