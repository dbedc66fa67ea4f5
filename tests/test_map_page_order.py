"""The map page sends its map before the sidebar's panels (the browser gets the map's frame first), and
the page keeps its order on screen: the sidebar, a container of its own, shows its filters, then its
panels, as before."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.render import panels
from dashboard.screens import bridge
from tests.conftest import APP


def test_the_map_is_sent_before_the_sidebars_panels_which_keep_their_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    mounted, card = bridge.mounted_map, panels.contingent_html

    def mounted_map(*args: object, **kwargs: object) -> object:
        calls.append("map")
        return mounted(*args, **kwargs)

    def contingent_html(*args: object, **kwargs: object) -> str:
        calls.append("panel")
        return card(*args, **kwargs)

    monkeypatch.setattr(bridge, "mounted_map", mounted_map)
    monkeypatch.setattr(panels, "contingent_html", contingent_html)
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    assert calls[0] == "map" and "panel" in calls
    sidebar = list(at.sidebar.children.values())
    assert [child.type for child in sidebar] == ["radio", "header", "multiselect", "select_slider", "button",
                                                 "flex_container", "flex_container", "flex_container", "html"]
    keys = ("troop-origins", "withdrawal", "unrest-places")
    assert all(child.proto.id.endswith(f"-{key}") for child, key in zip(sidebar[5:8], keys, strict=True))
