"""The scene: everything a reader sees of one view (countries, date, language), as plain values.

One spec, many renderers: the Streamlit app, the standalone HTML export and the published edition all
draw from `scene(data, view)` and repeat none of its steps. See `docs/scene.md` for its JSON schema.
"""

from dashboard.scene.scene import Scene, SceneView, scene

__all__ = ["Scene", "SceneView", "scene"]
