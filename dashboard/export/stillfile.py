"""What the still image formats (`png`, `svg`, `pdf`) share: the view's scene drawn by
`dashboard.render.still`, with the day's troop figure under the date."""

from __future__ import annotations

from dashboard.geo.dataset import Dataset
from dashboard.render.still import still
from dashboard.scene import Scene, SceneView, scene
from dashboard.scene.alternative import troop_figure
from dashboard.view.selection import Selection


def notes(view: Scene) -> list[str]:
    """The lines under a still's date: the official size of the force by then, with its source."""
    figure = troop_figure(view)
    return [figure] if figure else []


def write_still(fmt: str, selection: Selection, data: Dataset, lang: str, size: str | None) -> bytes:
    """The selection's view as a still image in `fmt` at `size` (None: the format's default)."""
    view = scene(data, SceneView(selection.countries, selection.as_of, lang))
    return still(view, fmt, size, notes=notes(view))
