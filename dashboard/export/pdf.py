"""A still image of the view as a PDF page with its fonts embedded (Cyrillic names included), for print.
Drawn by `dashboard.render.still`."""

from __future__ import annotations

from dashboard.export.formats import ExportFormat
from dashboard.export.stillfile import write_still
from dashboard.geo.dataset import Dataset
from dashboard.i18n import N_
from dashboard.view.selection import Selection

FORMAT = ExportFormat("pdf", "pdf", "application/pdf", N_("Print page (PDF)"), sized=True)
ORDER = 7


def write(selection: Selection, data: Dataset, lang: str = "en", *, raw: bool = True,
          size: str | None = None) -> bytes:
    """The selection's view drawn as a still at `size` (`dashboard.render.still.SIZES`; default
    `print`, A4 landscape), in `lang`. (`raw` is ignored: an image holds no spreadsheet cells.)"""
    return write_still("pdf", selection, data, lang, size)
