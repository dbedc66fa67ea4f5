"""The pages' reliance on Streamlit's internals and on what streamlit-folium returns, checked against the
installed versions; the map's value read into plain values."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit
import streamlit_folium
from streamlit.testing.v1 import AppTest

from dashboard.map import bridge as map_bridge
from dashboard.screens import bridge
from dashboard.view import pagestate
from dashboard.view.link import LAYERS

# A value as streamlit-folium's frontend sends it after a click on a drawn record (its `returned_objects`
# only): the tooltip's text, the click's position, centre and bounds as serialised Leaflet objects.
CLICKED = {
    "last_object_clicked_tooltip": "Almaty",
    "last_object_clicked": {"lat": 43.25, "lng": 76.95},
    "center": {"lat": 43.2, "lng": 76.9},
    "zoom": 9,
    "bounds": {"_southWest": {"lat": 42.1, "lng": 75.3}, "_northEast": {"lat": 44.3, "lng": 78.5}},
    "selected_tags": ["unrest", "bogus"],
}


def test_the_test_ids_the_styles_aim_at_are_in_streamlits_frontend() -> None:
    test_ids = re.findall(r"data-testid='(\w+)'", bridge.CAPTION_STYLE)
    assert set(test_ids) == {"stCaptionContainer", "stMainBlockContainer", "stSliderThumbValue"}
    bundle = Path(streamlit.__file__).parent / "static"
    frontend = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in bundle.rglob("*.js"))
    # as a string literal of the frontend's code (quoted, or a template literal)
    assert [t for t in test_ids if not re.search(rf"[\"'`]{t}[\"'`]", frontend)] == []


def test_the_values_the_map_page_reads_are_ones_the_component_sends() -> None:
    build = Path(streamlit_folium.__file__).parent / "frontend" / "build"
    frontend = "\n".join(p.read_text(encoding="utf-8") for p in build.rglob("*.js"))
    assert [key for key in bridge.REPORTED if not re.search(rf"[,{{]{key}:", frontend)] == []
    assert "window.__GLOBAL_DATA__" in frontend  # where LayerReporter writes the layer keys


def test_a_click_is_read_as_plain_values() -> None:
    report = bridge.map_report(CLICKED, {"Almaty": "almaty"}.get)
    assert report == pagestate.MapReport(
        center=(43.2, 76.9), zoom=9, bounds=(42.1, 75.3, 44.3, 78.5), layers=("unrest",),
        click=("Almaty", str({"lat": 43.25, "lng": 76.95})), clicked_record="almaty")
    # A click on a shape that is no record's: the click is seen, no record found.
    assert bridge.map_report(CLICKED, lambda _: None).clicked_record is None


def test_the_page_state_takes_a_click_once_from_the_maps_value() -> None:
    state = pagestate.map_reported(pagestate.MapState(), bridge.map_report(CLICKED, {"Almaty": "almaty"}.get))
    assert (state.view.center, state.view.zoom, state.view.layers, state.view.record) == (
        (43.2, 76.9), 9, ("unrest",), "almaty")
    closed = pagestate.details_closed(state)
    again = pagestate.map_reported(closed, bridge.map_report(CLICKED, {"Almaty": "almaty"}.get))
    assert again.view.record is None
    # A new click (elsewhere on the same shape) is taken.
    moved = {**CLICKED, "last_object_clicked": {"lat": 43.26, "lng": 76.94}}
    assert pagestate.map_reported(closed, bridge.map_report(moved, {"Almaty": "almaty"}.get)).view.record == (
        "almaty")


def test_nothing_reported_reads_as_nothing() -> None:
    assert bridge.map_report(None) == pagestate.MapReport()
    assert bridge.map_report({"last_object_clicked_tooltip": None, "zoom": "9", "center": {"lat": 1}}) == (
        pagestate.MapReport())
    assert pagestate.map_reported(pagestate.MapState(), bridge.map_report(None)) == pagestate.MapState()
    assert bridge.reported_layers(None) is None and bridge.reported_layers([]) == ()
    assert bridge.reported_layers(list(reversed(LAYERS))) == LAYERS


def _mount() -> None:
    """A page with the map mounted as the map page mounts it, keeping what it returned."""
    import folium
    import streamlit as st

    from dashboard.screens import bridge

    st.session_state.before = bridge.last_map_report()
    fmap = folium.Map(location=[45, 70], zoom_start=5, tiles=None)
    for lat, lon in ((40, 60), (50, 80)):
        folium.CircleMarker([lat, lon]).add_to(fmap)
    st.session_state.mounted = bridge.mounted_map(fmap, [], folium.LayerControl(), None, None, {}.get,
                                                  height=300)


def test_the_value_streamlit_folium_returns_before_the_map_reports_is_read() -> None:
    at = AppTest.from_function(_mount, default_timeout=60).run()
    assert not at.exception
    # `st_folium` returns its defaults: the zoom the map opens at and its elements' bounds.
    assert at.session_state["mounted"] == pagestate.MapReport(zoom=5, bounds=(40.0, 60.0, 50.0, 80.0))
    assert at.session_state["before"] == pagestate.MapReport()


def test_what_the_map_reported_on_an_earlier_run_is_read_before_it_is_drawn() -> None:
    at = AppTest.from_function(_mount, default_timeout=60)
    at.session_state[bridge.MAP_KEY] = CLICKED
    at.run()
    assert at.session_state["before"] == pagestate.MapReport(
        center=(43.2, 76.9), zoom=9, bounds=(42.1, 75.3, 44.3, 78.5), layers=("unrest",),
        click=("Almaty", str(CLICKED["last_object_clicked"])))


def test_the_layer_keys_go_where_the_page_reads_them() -> None:
    import folium

    fmap = folium.Map(tiles=None)
    map_bridge.LayerReporter().add_to(fmap)
    script = fmap.get_root().render()
    assert f'window.__GLOBAL_DATA__["{map_bridge.LAYER_TAGS}"] = keys.sort();' in script
    assert map_bridge.LAYER_TAGS in bridge.REPORTED


@pytest.mark.slow  # over a second of the quick tier
def test_the_warm_up_imports_leave_the_component_to_the_first_script_run() -> None:
    imports = ("import sys; import dashboard.screens.bridge, "
               "dashboard.screens.views, dashboard.screens.shared; "
               f"print({bridge.COMPONENT_IMPORT!r} in sys.modules)")
    done = subprocess.run([sys.executable, "-c", imports], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_first_element_drawn_inspects_no_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    # Streamlit's check for a run outside `streamlit run` walks the whole stack (`env_util.is_repl`) the
    # first time a process draws an element; once marked as given, it does not.
    from streamlit import delta_generator, env_util

    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)

    def inspected() -> bool:
        raise AssertionError("the stack was inspected")

    monkeypatch.setattr(env_util, "is_repl", inspected)
    bridge.skip_direct_run_check()
    delta_generator._maybe_print_use_warning()
    assert delta_generator._use_warning_has_been_displayed is True
