"""The still images of the view, drawn by `dashboard.render.still` from its scene, with the day's troop
figure under the date: a PNG (a social card of 1200 × 675 px by default, a portrait post or an A4 page at
300 dpi), an SVG page whose text stays text elements for a graphics desk to edit, and a PDF page with its
fonts embedded (Cyrillic names included), for print."""

from __future__ import annotations

from dashboard.export.formats import ExportFormat
from dashboard.i18n import N_
from dashboard.render.still import still
from dashboard.scene import Scene
from dashboard.scene.alternative import troop_figure

FORMATS = (
    ExportFormat("png", "png", "image/png", N_("Image (PNG)"), sized=True),
    ExportFormat("svg", "svg", "image/svg+xml", N_("Vector image (SVG)"), sized=True),
    ExportFormat("pdf", "pdf", "application/pdf", N_("Print page (PDF)"), sized=True),
)
ORDER = 5


def notes(view: Scene) -> list[str]:
    """The lines under a still's date: the official size of the force by then, with its source."""
    figure = troop_figure(view)
    return [figure] if figure else []


def write(fmt: str, view: Scene, *, raw: bool = True, size: str | None = None) -> bytes:
    """The scene `view` drawn as a still in `fmt` (png, svg or pdf) at `size`
    (`dashboard.render.still.SIZES`; None: the format's default, `social` for a PNG, `print`, A4
    landscape, for the others), in the view's language. (`raw` is ignored: an image holds no
    spreadsheet cells.)"""
    return still(view, fmt, size, notes=notes(view))
