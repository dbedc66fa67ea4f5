"""The map's legend: a section for each map group switched on, drawn from the vocabulary and the map's
styles (no data in it). Withdrawal status has two cues besides colour, the flow line's dash pattern and a
filled or ring-shaped base marker; shapes tell the kinds of site apart."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from dashboard.i18n import N_, Translator
from dashboard.map.styles import STATUS_STYLE, base_marker, hollow, kind_colour
from dashboard.render.templating import render
from dashboard.vocabulary import GROUPS, KINDS, LAYERS, STATUSES, layers_in

# Legend wording where a layer's own label says too little.
AREA_TEXT = {"host": N_("Kazakhstan (host state)"),
             "contingent": N_("Contributing state (darker: more troops)")}
GROUP_TITLE = {"troops": N_("Troop origins: flow line and base by withdrawal status")}
CIRCLE_NOTE = N_("Circle size: deaths, else arrests")
HOLLOW_NOTE = N_("Hollow: placed at its city or region, the exact spot not known")


def legend_html(lang: str = "en", visible: Iterable[str] = tuple(GROUPS),
                reported: Iterable[str] = ()) -> str:
    """The legend of the map groups switched on. `reported` names the countries shaded by an unofficial
    (reported) figure for want of an official one; the shading note says so."""
    tr = Translator(lang)
    visible = set(visible)
    sections = [{"key": key, "title": tr(GROUP_TITLE.get(key, group.label)), "entries": _entries(key, tr)}
                for key, group in GROUPS.items() if key in visible]
    reported = list(reported)
    for section in sections:
        if section["key"] == "countries" and reported:
            section["entries"].append({"symbol": None, "label": tr(
                "Shaded by reported, unofficial figures (no official one): {countries}",
                countries=", ".join(reported))})
    return render("legend.html", title=tr("Legend"), sections=sections,
                  all_off=tr("All layers are switched off."))


def _entries(group: str, tr: Translator) -> list[dict[str, object]]:
    """The legend's lines for one map group, as its layers are drawn."""
    entries: list[dict[str, object]] = []
    for key in layers_in(group):
        layer = LAYERS[key]
        if layer.mark == "area":
            square = f'<rect x="11" y="2" width="12" height="12" fill="{layer.colour}" stroke="#333333"/>'
            entries.append(_entry(_svg(square), tr(AREA_TEXT.get(key, layer.label))))
        elif layer.mark == "flow":
            entries += [_entry(_status_symbol(status), tr(STATUSES[status]), 36) for status in STATUS_STYLE]
        elif layer.mark == "circle":
            entries += [_entry(_svg(f'<circle cx="17" cy="8" r="6" fill="{kind_colour(kind)}" '
                                    'stroke="#333333" stroke-width="1"/>'), tr(KINDS[kind]))
                        for kind in layer.kinds]
            entries.append({"symbol": None, "label": tr(CIRCLE_NOTE)})
            entries.append(_entry(_hollow_symbol('<circle cx="17" cy="8" r="6"', kind_colour(layer.kinds[0])),
                                  tr(HOLLOW_NOTE)))
        else:
            shape = ('<rect x="11" y="2" width="12" height="12"' if layer.mark == "square"
                     else '<polygon points="17,1 24,15 10,15"')
            body = f'{shape} fill="{layer.colour}" stroke="#ffffff" stroke-width="1.5"/>'
            entries.append(_entry(_svg(body), tr(layer.label)))
    points = [LAYERS[key] for key in layers_in(group) if LAYERS[key].mark in ("square", "triangle")]
    if points:  # sites are drawn hollow where placed at their city, as unrest circles are
        entries.append(_entry(_hollow_symbol('<rect x="11" y="2" width="12" height="12"', points[0].colour),
                              tr(HOLLOW_NOTE)))
    return entries


def _hollow_symbol(shape: str, colour: str) -> str:
    """A mark drawn hollow (`styles.hollow`), as a record placed at its city is drawn on the map."""
    stroke, width, fill, opacity = hollow(colour)
    return _svg(f'{shape} fill="{fill}" fill-opacity="{opacity}" stroke="{stroke}" stroke-width="{width}"/>')


def _entry(symbol: str, label: str, width: int = 34) -> dict[str, object]:
    return {"symbol": symbol, "width": width, "label": label[:1].upper() + label[1:]}


def _svg(body: str, width: int = 34) -> str:
    """A symbol as a data URI for an <img> (Streamlit's HTML sanitiser drops inline <svg>)."""
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="16" '
           f'viewBox="0 0 {width} 16">{body}</svg>')
    return f"data:image/svg+xml,{quote(svg)}"


def _status_symbol(status: str) -> str:
    """The flow line with its dash pattern and the base marker (filled or ring), as drawn on the map."""
    style = STATUS_STYLE[status]
    dash = f' stroke-dasharray="{style["dash_array"]}"' if style["dash_array"] else ""
    stroke, width, fill = base_marker(status)
    return _svg(f'<line x1="10" y1="8" x2="34" y2="8" stroke="{style["color"]}" '
                f'stroke-width="{style["weight"]}"{dash}/>'
                f'<circle cx="7" cy="8" r="5" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>', 36)
