"""Every reliance of the pages on Streamlit's internals and on what streamlit-folium returns, in one place.

Each says what it relies on, and the versions it was checked against (`CHECKED`).
`tests/test_screens_bridge.py` fails when an installed version leaves a checked range, so an upgrade is
a prompt to re-check these, not a silent change. The map's own workarounds (Leaflet, folium, branca, the
component's frontend) are in `dashboard/map/bridge.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence

import folium
import streamlit as st
from streamlit import dataframe_util

from dashboard.map import bridge as map_bridge
from dashboard.screens import frontend
from dashboard.view.access import Request, is_forwarded
from dashboard.view.link import LAYERS
from dashboard.view.pagestate import MapReport

# Package -> (lowest, first unchecked) versions what follows was checked against.
CHECKED: dict[str, tuple[str, str]] = {
    "streamlit": ("1.56", "1.68"),
    "streamlit-folium": ("0.27", "0.28"),
}


def unchecked_versions(installed: Iterable[str] = CHECKED) -> dict[str, str]:
    """Installed packages whose version lies outside the range the code below was checked against."""
    return map_bridge.unchecked_versions(installed, CHECKED)


# ---- Streamlit: its warning to threads outside a script run -------------------------------------
# Streamlit logs "Thread '…': missing ScriptRunContext!" (from the logger of the module that keeps the
# context) when a thread with no script run reaches its elements. The server's warm-up thread does so on
# purpose: it fills the cached resources, whose spinners only a reader's run shows. The logger's name is
# Streamlit's module path, not a public API.
SCRIPT_RUN_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"
MISSING_CONTEXT = "missing ScriptRunContext"


class _OutsideScriptRuns(logging.Filter):
    """Drops Streamlit's missing-context warning of one thread."""

    def __init__(self, thread: str) -> None:
        super().__init__()
        self.thread = thread

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName == self.thread and MISSING_CONTEXT in record.getMessage())


def quiet_outside_script_runs(thread: str) -> None:
    """Silence Streamlit's missing-context warning for the thread named `thread` (only), once."""
    logger = logging.getLogger(SCRIPT_RUN_LOGGER)
    if not any(isinstance(f, _OutsideScriptRuns) and f.thread == thread for f in logger.filters):
        logger.addFilter(_OutsideScriptRuns(thread))


# ---- Streamlit: its frontend's element code, and its check for a run outside `streamlit run` ------
# In `dashboard.screens.frontend`, which imports only Streamlit, so that a page can send its first element
# before this module's imports have loaded; its names are re-exported here.
FRONTEND_JS, LAZY_ELEMENTS, LAZY_MODULES = frontend.FRONTEND_JS, frontend.LAZY_ELEMENTS, frontend.LAZY_MODULES
lazy_modules, preload_script = frontend.lazy_modules, frontend.preload_script
preload_frontend, skip_direct_run_check = frontend.preload_frontend, frontend.skip_direct_run_check

# ---- Streamlit: captions are reached by their test id ---------------------------------------------
# Streamlit's caption grey (#828180) falls short of WCAG AA contrast on white, and it has no theme
# option for it: the style aims at the caption's `data-testid`, which is not a public API.

# Captions in a grey dark enough to read (WCAG AA on white, and on Streamlit's dark background when the
# reader's system asks for dark); the main column starts nearer the top, so the map sits above the fold.
# In the dark scheme the slider's value (the date) takes the pages' dark accent (`--kz-accent`,
# render/scheme.py): Streamlit's dark red on the dark sidebar falls short of AA, and its theme's
# primary colour cannot serve both there and as the background of the chips' white text.
CAPTION_STYLE = ("<style>[data-testid='stCaptionContainer'] { color: #5f5e5c; opacity: 1; }"
                 "@media (prefers-color-scheme: dark) {"
                 " [data-testid='stCaptionContainer'] { color: #b8b6b2; }"
                 " [data-testid='stSliderThumbValue'] { color: var(--kz-accent); } }"
                 "[data-testid='stMainBlockContainer'] { padding-top: 3rem; }</style>")


def darker_captions() -> None:
    """Draw this page's captions in a grey dark enough to read (WCAG AA on white, and on dark), and start
    its main column nearer the top."""
    st.html(CAPTION_STYLE)


# ---- Streamlit: chart data is turned into Arrow on every draw -------------------------------------
# `st.vega_lite_chart` turns every named dataset of a spec into Arrow IPC bytes on every call, unless it
# already is bytes (`streamlit/elements/vega_charts.py`, `_marshall_chart_data`; checked on 1.67).


def arrow_datasets(spec: dict[str, object]) -> dict[str, object]:
    """The Vega-Lite spec with its named datasets as Arrow bytes, for specs built once and drawn often.

    A cached spec converted once with Streamlit's own converter is sent as it is. Returns a new top-level
    dict; the given spec is not changed.
    """
    datasets = spec.get("datasets")
    if not isinstance(datasets, dict):
        return spec
    return {**spec, "datasets": {name: rows if isinstance(rows, bytes)
                                 else dataframe_util.convert_anything_to_arrow_bytes(rows)
                                 for name, rows in datasets.items()}}


# ---- streamlit-folium: what the map returns -----------------------------------------------------
# `st_folium` returns (and Streamlit keeps under the widget's key) a dict of the component's values:
# the last clicked shape's tooltip text (`innerText`) and click position, the centre and bounds as
# serialised Leaflet objects, the zoom, and `selected_tags`, where `map_bridge.LayerReporter` puts the
# layer keys switched on. A click is found by its tooltip text: the component reports nothing else of
# the shape clicked. Each value listed in `REPORTED` reruns the map's fragment when it changes.

MAP_KEY = "map"

# A component registers its frontend with the server only when its module is first imported during a
# script run (`declare_component` skips registering without a script-run context, Streamlit 1.67), or
# the server answers 404 for the map's frontend for the life of the process. That first import costs a
# tenth of a second or more (`declare_component` finds its caller's module with `inspect.getmodule`,
# which looks at the path of every module loaded), on the first map's way. So the warm-up imports it
# outside a script run and registers its frontend itself, as the import would (`import_map_component`:
# the component object is streamlit-folium's `_component_func`, checked on 0.27); the map's script
# run imports it only when the warm-up could not.
COMPONENT_IMPORT = "streamlit_folium"
CLICK_TOOLTIP, CLICK_POSITION, CENTER, ZOOM, BOUNDS = (
    "last_object_clicked_tooltip", "last_object_clicked", "center", "zoom", "bounds")
REPORTED = (CLICK_TOOLTIP, CLICK_POSITION, CENTER, ZOOM, BOUNDS, map_bridge.LAYER_TAGS)


def _no_record(tooltip: str) -> str | None:
    return None


def import_map_component() -> bool:
    """Import streamlit-folium outside a script run and register its frontend with the running server, as
    its import in a script run would. False, importing nothing, when no server runs (AppTest, a script)."""
    from streamlit import runtime

    if not runtime.exists():
        return False
    import streamlit_folium  # see COMPONENT_IMPORT

    runtime.get_instance().component_registry.register_component(streamlit_folium._component_func)
    return True


def map_report(value: object, record_for: Callable[[str], str | None] = _no_record) -> MapReport:
    """What the map reported, from the value `st_folium` returns. `record_for` finds the record a clicked
    tooltip's text belongs to (None: not a record's)."""
    value = value if isinstance(value, Mapping) else {}
    zoom = value.get(ZOOM)
    tooltip = value.get(CLICK_TOOLTIP)
    click = (str(tooltip), str(value.get(CLICK_POSITION))) if tooltip else None
    return MapReport(center=map_bridge.latlng(value.get(CENTER)),
                     zoom=zoom if isinstance(zoom, int) else None,
                     bounds=map_bridge.latlng_bounds(value.get(BOUNDS)),
                     layers=reported_layers(value.get(map_bridge.LAYER_TAGS)),
                     click=click, clicked_record=record_for(str(tooltip)) if tooltip else None)


def reported_layers(value: object, known: Sequence[str] = LAYERS) -> tuple[str, ...] | None:
    """The layer keys the map reported in `selected_tags`, in `known` order; None when it reported
    nothing yet."""
    if not isinstance(value, list):
        return None
    chosen = {v for v in value if isinstance(v, str)}
    return tuple(k for k in known if k in chosen)


def mounted_map(fmap: folium.Map, groups: list[folium.FeatureGroup], control: folium.LayerControl,
                center: tuple[float, float] | None, zoom: int | None,
                record_for: Callable[[str], str | None], height: int) -> MapReport:
    """The map page's map: the base stays mounted, `groups` are swapped in, and it opens at `center` and
    `zoom` when mounted; returns what it reported."""
    from streamlit_folium import st_folium  # see COMPONENT_IMPORT

    value = st_folium(fmap, feature_group_to_add=groups, layer_control=control,
                      returned_objects=list(REPORTED), center=center, zoom=zoom, key=MAP_KEY,
                      height=height, use_container_width=True)
    return map_report(value, record_for)


def last_map_report() -> MapReport:
    """What the map page's map reported on an earlier run (before it is drawn on this one); no click."""
    return map_report(st.session_state.get(MAP_KEY))


# ---- Streamlit: who is asking (the desk's sign-in) -------------------------------------------------
# `st.user` holds the provider's claims once a visitor signed in with `st.login`; `is_logged_in` is
# there only when `[auth]` is in the secrets (`streamlit.user_info._get_user_info`). Whether `[auth]` is
# configured is read with Streamlit's own `auth_util.get_secrets_auth_section` (checked on 1.67).
# `st.context.ip_address` answers None for a loopback peer and without a client; the peer's own address
# is the client context's `remote_ip` (`streamlit.runtime.context._get_client_context`, checked on 1.67).


def auth_configured() -> bool:
    """True when `[auth]` is in the secrets (`.streamlit/secrets.toml`): editors can sign in."""
    from streamlit.auth_util import get_secrets_auth_section

    try:
        return bool(get_secrets_auth_section())
    except Exception:  # an unreadable secrets file: no sign-in, as without one
        return False


def client_ip() -> str | None:
    """The address the script run's request came from (None without a client, as under AppTest)."""
    from streamlit.runtime.context import _get_client_context

    client = _get_client_context()
    return None if client is None else getattr(client, "remote_ip", None)


def visitor() -> Request:
    """What the server knows of this script run's request and of itself (`view.access`)."""
    configured = auth_configured()
    user = st.user if configured else {}
    signed_in = bool(configured and user.get("is_logged_in"))
    verified = user.get("email_verified") if signed_in else None
    headers = st.context.headers
    return Request(auth_configured=configured, signed_in=signed_in,
                   email=str(user.get("email")) if signed_in and user.get("email") else None,
                   email_verified=verified if isinstance(verified, bool) else None,
                   server_address=st.get_option("server.address"), client_ip=client_ip(),
                   host=headers.get("host"), forwarded=is_forwarded(headers.keys()))
