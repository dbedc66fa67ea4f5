"""A still image of the view as an SVG page, its text kept as text elements for a graphics desk to edit.
Drawn by `dashboard.render.still`."""

from __future__ import annotations

from dashboard.export.formats import ExportFormat
from dashboard.export.stillfile import write_still
from dashboard.geo.dataset import Dataset
from dashboard.i18n import N_
from dashboard.view.selection import Selection

FORMAT = ExportFormat("svg", "svg", "image/svg+xml", N_("Vector image (SVG)"), sized=True)
ORDER = 6


def write(selection: Selection, data: Dataset, lang: str = "en", *, raw: bool = True,
          size: str | None = None) -> bytes:
    """The selection's view drawn as a still at `size` (`dashboard.render.still.SIZES`; default
    `print`, A4 landscape), in `lang`. (`raw` is ignored: an image holds no spreadsheet cells.)"""
    return write_still("svg", selection, data, lang, size)
