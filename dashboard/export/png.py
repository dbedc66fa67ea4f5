"""A still image of the view as a PNG: a social card (1200 × 675 px) by default, a portrait post or an A4
page at 300 dpi. Drawn by `dashboard.render.still`."""

from __future__ import annotations

from dashboard.export.formats import ExportFormat
from dashboard.export.stillfile import write_still
from dashboard.geo.dataset import Dataset
from dashboard.i18n import N_
from dashboard.view.selection import Selection

FORMAT = ExportFormat("png", "png", "image/png", N_("Image (PNG)"), sized=True)
ORDER = 5


def write(selection: Selection, data: Dataset, lang: str = "en", *, raw: bool = True,
          size: str | None = None) -> bytes:
    """The selection's view drawn as a still at `size` (`dashboard.render.still.SIZES`; default
    `social`), in `lang`. (`raw` is ignored: an image holds no spreadsheet cells.)"""
    return write_still("png", selection, data, lang, size)
