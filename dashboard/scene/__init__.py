"""The scene: everything a reader sees of one view (countries, date, language), as plain values.

One spec, many renderers: the Streamlit app, the standalone HTML export and the published edition all
draw from `scene(data, view)` and repeat none of its steps. See `docs/scene.md` for its JSON schema.

The scene is the front ends' one door to the view and the map (a contract in pyproject.toml): what they
need of those layers beyond a scene, its types and constants, they import from here.
"""

from dashboard.map.aggregate import Bounds
from dashboard.map.compact import COLUMNS, DRAWING_JS, KINDS
from dashboard.map.layers import LayerShapes, MapLayers
from dashboard.map.styles import CENTER, SCHEMES, ZOOM
from dashboard.scene.scene import Scene, View, scene
from dashboard.view.selection import cited_ids
from dashboard.view.status import DAYS, FINAL_DAY, FIRST_DAY, LAST_DAY, STOPS, day_value
from dashboard.view.wording import figure_text, localised, word

__all__ = [
    "CENTER", "COLUMNS", "DAYS", "DRAWING_JS", "FINAL_DAY", "FIRST_DAY", "KINDS", "LAST_DAY", "SCHEMES",
    "STOPS", "ZOOM", "Bounds", "LayerShapes", "MapLayers", "Scene", "View", "cited_ids", "day_value",
    "figure_text", "localised", "scene", "word",
]
