"""Still images of a view, drawn in Python from its scene with geopandas and matplotlib (no browser).

`still(scene, "png" | "svg" | "pdf", size)` gives the file's bytes; `frame(scene, page)` the pixels of
one frame of a time-lapse. Both draw the same page: the title, the date in the reader's language, the
map as the app draws it, the legend, the publishers behind what is drawn, the credit line and the
"Updated" stamp (once the corrections have one).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dashboard.render.still.page import SIZES, Page, default_size, layout
from dashboard.render.still.sheet import SceneLike, draw_page, still_frame

# SVG text stays text (a desk edits it); PDF embeds its fonts as TrueType (DejaVu Sans, shipped with
# matplotlib, has Cyrillic); ids in an SVG come from a fixed salt, so the same view gives the same bytes.
matplotlib.rcParams.update({
    "svg.fonttype": "none", "svg.hashsalt": "kz-crisis-map", "pdf.fonttype": 42,
    "font.family": "DejaVu Sans", "lines.scale_dashes": False,
})
FORMATS = ("png", "svg", "pdf")

__all__ = ["FORMATS", "SIZES", "Page", "SceneLike", "default_size", "frame", "layout", "still", "still_frame"]


def still(scene: SceneLike, fmt: str = "png", size: str | None = None, *, notes: Sequence[str] = (),
          updated: str | None = None) -> bytes:
    """A still image of the view `scene` shows, as the bytes of a PNG, SVG or PDF file.

    Parameters
    ----------
    scene
        The view's scene (`dashboard.scene.scene`): its view (countries, date, language, map groups),
        selection (the sources), shapes, records shown and the countries shaded by reported figures.
    fmt
        ``"png"`` (a raster image), ``"svg"`` (text kept as text elements, for a graphics desk to edit)
        or ``"pdf"`` (its fonts embedded).
    size
        A key of `SIZES`: ``"social"`` (1200 × 675 px), ``"portrait"`` (1080 × 1350 px) or ``"print"``
        (A4 landscape, 300 dpi for a PNG). SVG and PDF are vector pages of the same proportions. Without
        it a PNG is a social card and an SVG or PDF an A4 page.
    notes
        Lines under the date, such as the day's troop figure with its source
        (`dashboard.scene.alternative.troop_figure`).
    updated
        The "Updated" stamp for the footer's right end; without it, `sheet.updated_stamp(scene)`
        (None until the corrections give one), and no stamp is drawn.

    Returns
    -------
    bytes
        The file. The same scene and arguments give the same bytes: no dates in the metadata, SVG ids
        from a fixed salt. The text alternative (`scene.text`) goes into the file's description.

    Raises
    ------
    ValueError
        For an unknown format or size.

    Examples
    --------
    >>> from dashboard.scene import View, scene  # doctest: +SKIP
    >>> png = still(scene(data, View(("KZ", "AM"), dt.date(2022, 1, 14), lang="de")), "png", "social")
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    size = size or default_size(fmt)
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r} (use {', '.join(SIZES)})")
    page = SIZES[size]
    figure = Figure(figsize=(page.width, page.height), dpi=page.dpi)
    title = draw_page(figure, scene, page, notes, updated)
    FigureCanvasAgg(figure)  # after drawing: geopandas asks the canvas to redraw after every layer
    metadata = {
        "png": {"Title": title, "Description": scene.text, "Software": None},
        "svg": {"Title": title, "Description": scene.text, "Date": None, "Creator": None},
        "pdf": {"Title": title, "Subject": scene.text, "CreationDate": None, "ModDate": None,
                "Creator": None, "Producer": None},
    }[fmt]
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=page.dpi, metadata=metadata)
    return buffer.getvalue()


def frame(scene: SceneLike, page: Page, notes: Sequence[str] = ()) -> np.ndarray:
    """One frame of a time-lapse: the still of `scene` on `page`, as an RGB array of its pixels."""
    figure = Figure(figsize=(page.width, page.height), dpi=page.dpi)
    draw_page(figure, scene, page, notes, None)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()
