"""The scene: everything a reader sees of one view (countries, date, language), as plain values.

One spec, many renderers: the Streamlit app, the standalone HTML export and the published edition all
draw from `scene(data, view)` and repeat none of its steps. See `docs/scene.md` for its JSON schema.

The layers after it (the exports, the edition) take what they need of a view through its scene; besides,
this package hands them the view's days and the wording of its values in the reader's language.
"""

from dashboard.scene.scene import Scene, SceneView, scene
from dashboard.view.status import DAYS
from dashboard.view.wording import figure_text, localised

__all__ = ["DAYS", "Scene", "SceneView", "figure_text", "localised", "scene"]
