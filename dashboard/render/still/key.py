"""The legend of a still, drawn with matplotlib from the same sections as the pages' legend
(`dashboard.render.legend.legend_sections`): each symbol as the map draws its mark, in the styles of
`dashboard.map.styles` and the colours of the vocabulary.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Polygon, Rectangle

from dashboard.map.styles import REGION_STYLE, STATUS_STYLE, base_marker, hollow
from dashboard.render.legend import LegendEntry, LegendSection
from dashboard.render.still.drawing import AREA_EDGE, ICON_EDGE, ICON_WEIGHT
from dashboard.render.still.page import PT_PER_PX, PX_IN

FONT_PT, TITLE_PT, HEADING_PT = 8.5, 9.0, 10.0
CHAR_EM = 0.58  # DejaVu Sans's mean character width, in ems, for wrapping
SYMBOL_PX = 40  # the symbol's column
SECTION_GAP = 0.6  # of a line, between sections


@dataclass(frozen=True)
class _Line:
    """One line of the legend: a heading, a section title, an entry (its first line carries the symbol)
    or a note."""

    text: str
    kind: str  # "heading", "title", "entry", "note"
    entry: LegendEntry | None = None


def _wrapped(text: str, width_px: float, font_pt: float) -> list[str]:
    chars = max(12, int(width_px / (font_pt / PT_PER_PX * CHAR_EM)))
    return textwrap.wrap(text, chars) or [""]


def _lines(heading: str, sections: list[LegendSection], width_px: float, scale: float) -> list[_Line]:
    lines = [_Line(heading, "heading")]
    for section in sections:
        lines += [_Line(part, "title") for part in _wrapped(section.title, width_px, TITLE_PT * scale)]
        for entry in section.entries:
            indent = SYMBOL_PX if entry.mark else 0
            parts = _wrapped(entry.label, width_px - indent, FONT_PT * scale)
            lines.append(_Line(parts[0], "entry" if entry.mark else "note", entry))
            lines += [_Line(part, "entry" if entry.mark else "note") for part in parts[1:]]
        lines.append(_Line("", "gap"))
    return lines


def _height(line: _Line, scale: float) -> float:
    """A line's height in pixels."""
    size = {"heading": HEADING_PT, "title": TITLE_PT}.get(line.kind, FONT_PT) * scale / PT_PER_PX
    return size * (SECTION_GAP if line.kind == "gap" else 1.45 if line.kind == "heading" else 1.3)


def draw_legend(ax: Axes, heading: str, sections: list[LegendSection], all_off: str) -> None:
    """Draw the legend's `sections` under `heading` into `ax`, in one column beside a landscape map or
    two under a portrait one; smaller type where the box would overflow."""
    box = ax.get_position()
    figure = ax.get_figure()
    width_in, height_in = figure.get_size_inches()
    width_px, height_px = box.width * width_in / PX_IN, box.height * height_in / PX_IN
    ax.set_xlim(0, width_px)
    ax.set_ylim(height_px, 0)
    ax.set_axis_off()
    if not sections:
        sections = [LegendSection("", all_off, ())]
    columns = 1 if width_px < 2.2 * height_px else 2
    column_px = (width_px - 20 * (columns - 1)) / columns
    scale = 1.0
    while True:
        lines = _lines(heading, sections, column_px, scale)
        split = _split(lines, columns, scale)
        if max(sum(_height(line, scale) for line in part) for part in split) <= height_px or scale < 0.6:
            break
        scale *= 0.92
    for n, part in enumerate(split):
        y = 0.0
        x = n * (column_px + 20)
        for line in part:
            height = _height(line, scale)
            _draw_line(ax, line, x, y + height / 2, scale)
            y += height


def _split(lines: list[_Line], columns: int, scale: float) -> list[list[_Line]]:
    """The lines in `columns` columns of about equal height, broken between sections."""
    if columns == 1:
        return [lines]
    total = sum(_height(line, scale) for line in lines)
    breaks = [i + 1 for i, line in enumerate(lines) if line.kind == "gap"]
    running = 0.0
    best, best_diff = len(lines), total
    for i, line in enumerate(lines):
        running += _height(line, scale)
        if i + 1 in breaks and abs(total - 2 * running) < best_diff:
            best, best_diff = i + 1, abs(total - 2 * running)
    return [lines[:best], lines[best:]]


def _draw_line(ax: Axes, line: _Line, x: float, y: float, scale: float) -> None:
    if line.kind == "gap":
        return
    if line.kind == "heading":
        ax.text(x, y, line.text, fontsize=HEADING_PT * scale, fontweight="bold", va="center")
    elif line.kind == "title":
        ax.text(x, y, line.text, fontsize=TITLE_PT * scale, fontstyle="italic", va="center")
    elif line.kind == "note":
        ax.text(x, y, line.text, fontsize=FONT_PT * scale, va="center", color="#333333")
    else:
        if line.entry is not None:
            _symbol(ax, line.entry, x, y)
        ax.text(x + SYMBOL_PX, y, line.text, fontsize=FONT_PT * scale, va="center")


def _symbol(ax: Axes, entry: LegendEntry, x: float, y: float) -> None:
    """The entry's symbol, as render/legend.py's SVG symbols draw it (16 pixels high, y down)."""
    top = y - 8
    if entry.hollow:  # as a record placed only approximately is drawn (`styles.hollow`)
        stroke, width, fill, opacity = hollow(entry.colour)
        look = {"facecolor": to_rgba(fill, opacity), "edgecolor": stroke, "linewidth": width * PT_PER_PX}
        ax.add_patch(Circle((x + 17, y), 6, **look) if entry.mark == "circle"
                     else Rectangle((x + 11, top + 2), 12, 12, **look))
    elif entry.region:  # a region's status, as `styles.REGION_STYLE` draws it
        style = REGION_STYLE[entry.region]
        dash = {"linestyle": (0, tuple(float(v) * PT_PER_PX for v in str(style["dash"]).split()))} \
            if style["dash"] else {}
        ax.add_patch(Rectangle((x + 10, top + 2), 14, 12, facecolor=to_rgba(str(style["fill"]),
                               float(str(style["fill_opacity"]))), edgecolor=str(style["stroke"]),
                               linewidth=min(float(str(style["weight"])), 2.5) * PT_PER_PX, **dash))
    elif entry.mark == "area":
        ax.add_patch(Rectangle((x + 11, top + 2), 12, 12, facecolor=entry.colour, edgecolor=AREA_EDGE,
                               linewidth=PT_PER_PX))
    elif entry.mark == "flow":
        style = STATUS_STYLE[str(entry.status)]
        dash = style["dash_array"]
        pattern = {"dashes": [float(v) * PT_PER_PX for v in str(dash).split()]} if dash else {}
        ax.add_line(Line2D([x + 10, x + 34], [y, y], color=str(style["color"]),
                           linewidth=float(str(style["weight"])) * PT_PER_PX, solid_capstyle="butt",
                           dash_capstyle="butt", **pattern))
        stroke, width, fill = base_marker(entry.status)
        ax.add_patch(Circle((x + 7, y), 5, facecolor=fill, edgecolor=stroke, linewidth=width * PT_PER_PX))
    elif entry.mark == "circle":
        ax.add_patch(Circle((x + 17, y), 6, facecolor=entry.colour, edgecolor=AREA_EDGE, linewidth=PT_PER_PX))
    elif entry.mark == "square":
        ax.add_patch(Rectangle((x + 11, top + 2), 12, 12, facecolor=entry.colour, edgecolor=ICON_EDGE,
                               linewidth=ICON_WEIGHT * PT_PER_PX))
    elif entry.mark == "triangle":
        ax.add_patch(Polygon([(x + 17, top + 1), (x + 24, top + 15), (x + 10, top + 15)],
                             facecolor=entry.colour, edgecolor=ICON_EDGE, linewidth=ICON_WEIGHT * PT_PER_PX))
