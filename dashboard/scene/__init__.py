"""The scene: everything a reader sees of one view (countries, date, language), as plain values.

One spec, many renderers: the Streamlit app, the standalone HTML export and the published edition all
draw from `scene(data, view)` and repeat none of its steps. See `docs/scene.md` for its JSON schema.

The layers after it (the exports, the edition) take what they need of the view through a scene: besides
`Scene`, this package hands them the selection's type and the names and wording of the view's values.
"""

from dashboard.scene.scene import Scene, SceneView, scene
from dashboard.view.selection import Selection, cited_ids
from dashboard.view.status import DAYS, day_value
from dashboard.view.wording import figure_text, localised

__all__ = ["DAYS", "Scene", "SceneView", "Selection", "cited_ids", "day_value", "figure_text", "localised",
           "scene"]
