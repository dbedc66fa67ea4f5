"""What the app's map sends for its first drawing: the drawing code once, not once per map group, and the
basemap's lakes drawn after the layers (in their own pane under them, so the map looks the same)."""

from __future__ import annotations

import folium
from streamlit_folium import _get_feature_group_string

from dashboard.map.basemap import Basemap, base_map
from dashboard.map.compact import DRAWING, Circle, CompactLayer, Shapes
from dashboard.map.layers import LayerShapes, layer_groups
from dashboard.vocabulary import GROUPS

DEFINES = "window.kzCompact = window.kzCompact ||"  # the drawing code's first statement


def one_circle() -> Shapes:
    return Shapes(circles=[Circle(43.2, 76.9, 6, "#333333", 1, "#D55E00", 0.75, "Almaty", "record-almaty",
                                  "almaty")])


def test_the_map_groups_carry_the_drawing_code_once_ahead_of_every_layer() -> None:
    drawn = LayerShapes({key: one_circle() for key in GROUPS}, {})
    groups = layer_groups(drawn).groups
    fmap = folium.Map(tiles=None)
    # As streamlit-folium sends them: every group's script, in order, run as one.
    script = "".join(_get_feature_group_string(group, fmap, i) for i, group in enumerate(groups))
    assert script.count(DEFINES) == 1 and DRAWING.strip() in script
    calls = [i for i in range(len(script)) if script.startswith("window.kzCompact(", i)]
    assert len(calls) == len(GROUPS)
    assert script.index(DEFINES) < calls[0]  # defined before the first layer is drawn
    assert DEFINES in _get_feature_group_string(groups[0], folium.Map(tiles=None), 0)


def test_a_layer_drawn_alone_still_carries_its_drawing_code() -> None:
    fmap = folium.Map(tiles=None)
    group = folium.FeatureGroup(name="places")
    CompactLayer(one_circle()).add_to(group)
    assert DEFINES in _get_feature_group_string(group, fmap, 0)
    group = folium.FeatureGroup(name="places")
    CompactLayer(one_circle(), drawing=False).add_to(group)
    bare = _get_feature_group_string(group, fmap, 1)
    assert DEFINES not in bare and "window.kzCompact(" in bare


def test_the_apps_map_draws_its_lakes_after_the_layers_and_a_saved_map_at_once() -> None:
    app = base_map("/app/static/generated/world.json").get_root().render()
    assert "setTimeout(drawLakes, 0)" in app and "drawLakes();" not in app
    saved = folium.Map(tiles=None)
    Basemap().add_to(saved)  # outlines and lakes written in: a standalone map
    html = saved.get_root().render()
    assert "drawLakes();" in html and "setTimeout(drawLakes" not in html
