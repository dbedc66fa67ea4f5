"""The map's legend: a section for each map group switched on, drawn from the vocabulary and the map's
styles (no data in it). Withdrawal status has two cues besides colour, the flow line's dash pattern and a
filled or ring-shaped base marker; shapes tell the kinds of site apart.

`legend_sections` says what the legend holds as plain values; `legend_html` draws it for the pages, and
the still images (`dashboard.render.still`) draw the same sections with matplotlib.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from dashboard.data.countries import country_name
from dashboard.i18n import N_, Translator
from dashboard.map.styles import REGION_STYLE, STATUS_STYLE, base_marker, hollow, kind_colour
from dashboard.render.templating import render
from dashboard.vocabulary import EMERGENCY_GROUP, GROUPS, KINDS, LAYERS, STATUSES, Mark, layers_in

# Legend wording where a layer's own label says too little.
AREA_TEXT = {"host": N_("Kazakhstan (host state)"),
             "contingent": N_("Contributing state (darker: more troops)")}
GROUP_TITLE = {"troops": N_("Troop origins: flow line and base by withdrawal status")}
CIRCLE_NOTE = N_("Circle size: deaths, else arrests")
HOLLOW_NOTE = N_("Hollow: placed only approximately (street, city or region)")
REGION_TEXT = {"emergency": N_("State of emergency on the day"),
               "red_alert": N_("Red (critical) terror-threat level on the day")}


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: its symbol, drawn as the map draws `mark` (None: a note without symbol),
    in `colour`, `hollow` as a record placed only approximately is drawn; a flow line's entry names the
    contingent `status` whose style it shows."""

    label: str
    mark: Mark | None = None
    colour: str = ""
    status: str | None = None
    hollow: bool = False
    region: str | None = None  # an area's entry: the region status (`styles.REGION_STYLE`) it shows
    # The shading note's countries (codes, in order) and its words for each choice of them (their codes
    # joined by spaces), for a page that shows some countries only (the edition).
    countries: tuple[str, ...] = ()
    texts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LegendSection:
    """The legend's part for one map group: its key, title and lines."""

    key: str
    title: str
    entries: tuple[LegendEntry, ...]


def legend_sections(lang: str = "en", visible: Iterable[str] = tuple(GROUPS),
                    reported: Iterable[str] = ()) -> list[LegendSection]:
    """What the legend holds for the map groups switched on, in `lang`. `reported` are the countries
    (codes) shaded by an unofficial (reported) figure for want of an official one; the shading note names
    them, and says it for each choice of some of them."""
    tr = Translator(lang)
    visible = set(visible)
    reported = tuple(reported)
    sections = []
    for key, group in GROUPS.items():
        if key not in visible:
            continue
        entries = _entries(key, tr)
        if key == "countries" and reported:
            choices = (chosen for size in range(1, len(reported) + 1)
                       for chosen in itertools.combinations(reported, size))
            texts = tuple((" ".join(chosen), _shading_note(chosen, tr)) for chosen in choices)
            entries.append(LegendEntry(_shading_note(reported, tr), countries=reported, texts=texts))
        sections.append(LegendSection(key, tr(GROUP_TITLE.get(key, group.label)), tuple(entries)))
    return sections


def _shading_note(reported: Iterable[str], tr: Translator) -> str:
    """"Shaded by reported, unofficial figures (no official one): Tajikistan, Belarus"."""
    return tr("Shaded by reported, unofficial figures (no official one): {countries}",
              countries=", ".join(country_name(code, tr.lang) for code in reported))


def legend_html(lang: str = "en", visible: Iterable[str] = tuple(GROUPS),
                reported: Iterable[str] = ()) -> str:
    """The legend of the map groups switched on. `reported` names the countries shaded by an unofficial
    (reported) figure for want of an official one; the shading note says so."""
    tr = Translator(lang)
    sections = [{"key": section.key, "title": section.title,
                 "entries": [_html_entry(entry) for entry in section.entries]}
                for section in legend_sections(lang, visible, reported)]
    return render("legend.html", title=tr("Legend"), sections=sections,
                  all_off=tr("All layers are switched off."))


def _entries(group: str, tr: Translator) -> list[LegendEntry]:
    """The legend's lines for one map group, as its layers are drawn."""
    entries: list[LegendEntry] = []
    if group == EMERGENCY_GROUP:
        return [LegendEntry(tr(text), "area", str(REGION_STYLE[status]["fill"]), region=status)
                for status, text in REGION_TEXT.items()]
    for key in layers_in(group):
        layer = LAYERS[key]
        if layer.mark == "area":
            entries.append(LegendEntry(_capital(tr(AREA_TEXT.get(key, layer.label))), "area", layer.colour))
        elif layer.mark == "flow":
            entries += [LegendEntry(_capital(tr(STATUSES[status])), "flow",
                                    str(STATUS_STYLE[status]["color"]), status) for status in STATUS_STYLE]
        elif layer.mark == "circle":
            entries += [LegendEntry(_capital(tr(KINDS[kind])), "circle", kind_colour(kind))
                        for kind in layer.kinds]
            entries.append(LegendEntry(tr(CIRCLE_NOTE)))
            entries.append(LegendEntry(tr(HOLLOW_NOTE), "circle", kind_colour(layer.kinds[0]), hollow=True))
        else:
            entries.append(LegendEntry(_capital(tr(layer.label)), layer.mark, layer.colour))
    points = [LAYERS[key] for key in layers_in(group) if LAYERS[key].mark in ("square", "triangle")]
    if points:  # sites are drawn hollow where placed only approximately, as unrest circles are
        entries.append(LegendEntry(tr(HOLLOW_NOTE), "square", points[0].colour, hollow=True))
    return entries


def _capital(label: str) -> str:
    return label[:1].upper() + label[1:]


def _html_entry(entry: LegendEntry) -> dict[str, object]:
    """One legend line for the template: its symbol as an SVG data URI and its width, and its label."""
    if entry.mark is None:
        return {"symbol": None, "label": entry.label, "countries": " ".join(entry.countries),
                "texts": json.dumps(dict(entry.texts), ensure_ascii=False) if entry.texts else ""}
    if entry.hollow:
        shape = ('<circle cx="17" cy="8" r="6"' if entry.mark == "circle"
                 else '<rect x="11" y="2" width="12" height="12"')
        stroke, width, fill, opacity = hollow(entry.colour)
        body = f'{shape} fill="{fill}" fill-opacity="{opacity}" stroke="{stroke}" stroke-width="{width}"/>'
        return {"symbol": _svg(body), "width": 34, "label": entry.label}
    if entry.region:
        style = REGION_STYLE[entry.region]
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        body = (f'<rect x="10" y="2" width="14" height="12" fill="{style["fill"]}" '
                f'fill-opacity="{style["fill_opacity"]}" stroke="{style["stroke"]}" '
                f'stroke-width="{min(float(style["weight"]), 2.5)}"{dash}/>')
    elif entry.mark == "area":
        body = f'<rect x="11" y="2" width="12" height="12" fill="{entry.colour}" stroke="#333333"/>'
    elif entry.mark == "flow":
        return {"symbol": _status_symbol(str(entry.status)), "width": 36, "label": entry.label}
    elif entry.mark == "circle":
        body = f'<circle cx="17" cy="8" r="6" fill="{entry.colour}" stroke="#333333" stroke-width="1"/>'
    else:
        shape = ('<rect x="11" y="2" width="12" height="12"' if entry.mark == "square"
                 else '<polygon points="17,1 24,15 10,15"')
        body = f'{shape} fill="{entry.colour}" stroke="#ffffff" stroke-width="1.5"/>'
    return {"symbol": _svg(body), "width": 34, "label": entry.label}


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
