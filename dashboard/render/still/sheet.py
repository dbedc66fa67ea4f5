"""A still's page: the header (title, date, notes), the map, the legend and the footer (the source line,
the credit line and the "Updated" stamp), from the scene of one view.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Protocol

import pandas as pd
from matplotlib.figure import Figure

from dashboard.i18n import N_, Translator
from dashboard.map.layers import LayerShapes
from dashboard.render.furniture import source_text
from dashboard.render.still.drawing import draw_map, outline_bounds
from dashboard.render.still.key import CHAR_EM, draw_legend
from dashboard.render.still.page import PT_PER_PX, MapFrame, Page, layout, map_frame
from dashboard.render.still_words import StillWords, ViewLike

CELLS = N_("{points} point records drawn as {cells} grid cells in their map group's colour, larger where "
           "they hold more.")
TITLE_PT, DATE_PT, NOTE_PT, FOOT_PT = 19.0, 12.5, 9.5, 7.5
INK, MUTED = "#111111", "#444444"
SOURCE_LINES = 2  # the source line wraps to at most this many lines, then says how many more there are


class SceneLike(Protocol):
    """What a still draws from: `dashboard.scene.Scene` (this layer sits below the scene, so it names
    only the parts it reads)."""

    @property
    def view(self) -> ViewLike: ...
    @property
    def shown(self) -> pd.DataFrame: ...
    @property
    def still_words(self) -> StillWords: ...
    @property
    def text(self) -> str: ...
    @property
    def updated(self) -> str | None: ...
    def shapes(self, bounds: object = None, popups: bool = False) -> LayerShapes: ...


def updated_stamp(scene: SceneLike) -> str | None:
    """The "Updated" stamp of the view (the latest date of the corrections and updates logs), for the
    footer; None when the data carry neither log."""
    return scene.updated


def source_line(names: Sequence[str], tr: Translator, chars: int, lines: int = SOURCE_LINES) -> list[str]:
    """"Sources: dpa, TASS, …" wrapped to `chars` characters, at most `lines` lines: as many of the
    publishers `names` (most cited first) as fit, then how many more the data export names."""
    names = list(names)
    for shown in range(len(names), 0, -1):
        wrapped = textwrap.wrap(source_text(names, shown, tr.lang), chars)
        if len(wrapped) <= lines:
            return wrapped
    return textwrap.wrap(source_text(names, 1, tr.lang), chars)[:lines]


def _chars(width_in: float, font_pt: float) -> int:
    return int(width_in * 100 / (font_pt / PT_PER_PX * CHAR_EM))


def still_frame(scene: SceneLike, page: Page) -> MapFrame:
    """Where the map of `scene` lies on `page`: its extent and box (`page.MapFrame.pixel` places a point
    in the raster image)."""
    return map_frame(scene.shapes().shapes, outline_bounds(), page)


def draw_page(figure: Figure, scene: SceneLike, page: Page, notes: Sequence[str],
              updated: str | None) -> str:
    """Draw the still of `scene` on `figure`, with the words the scene gives it (`still_words`); return
    its title."""
    words = scene.still_words
    tr = words.tr
    parts = layout(page)
    # The footer's words first (what they say does not depend on the drawing), then the page drawn.
    lines = source_line(words.publishers, tr, _chars(page.width - 2 * parts.margin, FOOT_PT))
    stamp = updated or updated_stamp(scene)
    shapes = scene.shapes()
    drawn = shapes.shapes
    frame = map_frame(drawn, outline_bounds(), page)
    if shapes.cells:
        notes = [*notes, tr(CELLS, points=tr.number(shapes.points), cells=tr.number(shapes.cells))]
    icons = {str(i.record) for shapes in drawn.values() for i in shapes.icons}
    shown = scene.shown
    layers = dict(zip(shown["id"].astype(str), shown["layer"], strict=True)) if icons else {}
    draw_map(figure.add_axes(frame.box), drawn, frame, layers)
    draw_legend(figure.add_axes(parts.legend_box), words.legend_heading, list(words.legend), words.no_layers)

    w, h, m = page.width, page.height, parts.margin
    title = words.title
    y = 1 - m / h
    figure.text(m / w, y, title, fontsize=TITLE_PT, fontweight="bold", va="top", color=INK)
    y -= (TITLE_PT * 1.45 / 72) / h
    figure.text(m / w, y, words.shows, fontsize=DATE_PT, va="top", color=INK)
    y -= (DATE_PT * 1.45 / 72) / h
    for note in notes:
        figure.text(m / w, y, note, fontsize=NOTE_PT, va="top", color=MUTED)
        y -= (NOTE_PT * 1.4 / 72) / h

    y = (m + parts.footer - 0.1) / h
    for line in lines:
        figure.text(m / w, y, line, fontsize=FOOT_PT, va="top", color=MUTED)
        y -= (FOOT_PT * 1.4 / 72) / h
    figure.text(m / w, m / h, words.credit, fontsize=FOOT_PT, va="bottom", color=MUTED)
    if stamp:
        figure.text(1 - m / w, m / h, stamp, fontsize=FOOT_PT, va="bottom", ha="right", color=MUTED)
    return title
