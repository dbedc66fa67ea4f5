"""The pages' reliance on Streamlit's frontend at the start of a run: the element code the browser is asked
to load early, and Streamlit's check for a run outside `streamlit run`.

Part of the bridge (`dashboard.screens.bridge`, which re-exports these names, and whose `CHECKED` versions
cover this module too), kept apart because it imports only Streamlit: the map page's script (`site.py`)
imports it, and sends its first element, before the data stack (folium, pandas, pydantic …) that the
bridge and the warm-up import has loaded. So the browser loads and runs the elements' code while the
server imports that stack, rather than after it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from dashboard.escape import inert

# ---- Streamlit: its frontend loads an element's code when the first such element arrives -------------
# Streamlit's frontend fetches and runs the code of most kinds of element (`React.lazy`) only when the
# first element of that kind arrives, as a module of its own, `static/js/<Kind>.<hash>.js` in the package
# (1.67). The map's frame (a component) is inserted in the same commit as every element that arrived
# meanwhile, so it waited for them: above all for the code blocks of the share area, whose highlighter
# registers every language it knows when its module first runs (0.4 s of the page's thread under load).
# A page's run asks the browser to load these modules at its start, while it waits for the data,
# so none is left to load when the map arrives. The script goes to the event container, which takes no
# place on the page (as style-only HTML does); `st.html` runs it (`unsafe_allow_javascript`). Each module
# is the one the frontend would load (same address), so it runs once.

LAZY_ELEMENTS = ("ComponentInstance", "StreamlitSyntaxHighlighter", "Progress", "ButtonGroup", "Radio",
                 "Multiselect", "Slider", "Button", "Html")
FRONTEND_JS = Path(st.__file__).parent / "static" / "static" / "js"


def lazy_modules(kinds: tuple[str, ...] = LAZY_ELEMENTS, folder: Path = FRONTEND_JS) -> tuple[str, ...]:
    """The file names of the frontend's modules for `kinds` of element (`<Kind>.<hash>.js`)."""
    return tuple(path.name for kind in kinds for path in sorted(folder.glob(f"{kind}.*.js"))
                 if re.fullmatch(r"[\w.-]+", path.name))  # a plain file name: safe in the script


LAZY_MODULES = lazy_modules()  # the installed frontend's, found once per process


def preload_script(names: Sequence[str]) -> str:
    """A script that imports the frontend's modules `names` from the folder of the page's own script."""
    return ("<script>(function (names) {"
            " var main = document.querySelector('script[src*=\"/static/js/\"]');"
            " var base = main ? main.src.replace(/[^/]*$/, '') : './static/js/';"
            " names.forEach(function (name) { import(base + name).catch(function () {}); });"
            f" }})({json.dumps([inert(name) for name in names])});</script>")


def preload_frontend() -> None:
    """Ask the browser to load the code of the elements the map page draws (see above), taking no place
    on the page. Called at the start of a script run, so it is the first element a process draws: it
    marks Streamlit's check for a run outside `streamlit run` as done first (`skip_direct_run_check`,
    below), or drawing it would inspect the whole stack while the warm-up makes the first map."""
    from streamlit.delta_generator_singletons import get_dg_singleton_instance

    skip_direct_run_check()
    get_dg_singleton_instance().event_dg.html(preload_script(LAZY_MODULES), unsafe_allow_javascript=True)


# ---- Streamlit: its check for a script run outside `streamlit run` ---------------------------------
# The first element a process draws calls `streamlit.delta_generator._maybe_print_use_warning`, which
# asks `env_util.is_repl()`, which walks the whole stack with `inspect.stack()`: every frame's source
# file read, every loaded module's path resolved (`inspect.getmodule`), a tenth of a second or more on
# the first map's way, and far more when a thread beside the run holds the interpreter's lock (the loaded
# data's cache file written after a data change: each path resolved waits for it). The warning it may
# print is for a script started with plain `python`; the pages only ever run under Streamlit's server or
# AppTest. The flag is the module's global that marks the warning as given (checked on 1.67).


def skip_direct_run_check() -> None:
    """Mark Streamlit's warning about running outside `streamlit run` as given, so the first element
    drawn does not inspect the whole stack to decide whether to give it."""
    from streamlit import delta_generator

    delta_generator._use_warning_has_been_displayed = True
