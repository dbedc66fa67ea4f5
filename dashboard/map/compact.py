"""Many map objects as one compact script: circles, vector icons, lines and country areas as named,
typed records, sent to the browser as tables of named columns.

One folium object per record costs Python time and some 250 bytes of generated JavaScript each. A
`CompactLayer` turns thousands of them into a single JSON literal and a loop that builds the Leaflet
layers in the browser (`compact.js`, which reads every value by its field name). Each object keeps its
own tooltip (already inert HTML, bound as a string), CSS class and record, so clicks, hover and tests
work as with individual objects.

The wire format, one table per kind of shape, is the `shapes` part of the scene schema
(`docs/scene.md`): `{"circles": {"lat": [...], "lon": [...], ...}, ...}`, every column as long as the
table, `null` where a value is absent. The JSON goes through jinja's `tojson`, which also escapes `<`,
`>`, `&` and quotes: no data string can close the script or start markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path

from folium.template import Template

from dashboard.geo.regions import dry_outline_json, region_json
from dashboard.map.bridge import TextMacro

# A point record shared with others is drawn on a ring around the point: [i, n, radius in pixels], the
# i-th of n records, that far from it at every zoom (with a thin line back to the point).
Spread = list[int]
# The records a site's mark stands for besides its own (`dashboard.map.crowding.folded`): a map that
# filters by record draws the mark when it shows any of them.
Also = list[str]


@dataclass(frozen=True, slots=True)
class Circle:
    """A circle marker: a base, an unrest site, or a grid cell (which no record owns)."""

    lat: float
    lon: float
    radius: float  # pixels
    stroke: str  # colour
    weight: float  # stroke width in pixels
    fill: str  # colour
    fill_opacity: float
    tooltip: str  # inert HTML
    css: str  # CSS classes (`record-<id>` for a record's shapes)
    record: str | None = None  # the record drawn; None for a grid cell
    popup: str | None = None  # inert HTML, for maps without a sidebar
    spread: Spread | None = None
    also: Also | None = None


@dataclass(frozen=True, slots=True)
class Icon:
    """A vector marker (a square or triangle as inline SVG)."""

    lat: float
    lon: float
    svg: str  # the icon's markup, made by us (`dashboard.map.layers.mark_svg`), never from data
    tooltip: str
    css: str
    record: str | None = None
    popup: str | None = None
    spread: Spread | None = None
    also: Also | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """A flow line from a base to its arrival airfield."""

    lat1: float
    lon1: float
    lat2: float
    lon2: float
    colour: str
    weight: float
    dash: str | None  # SVG dash array, None for a solid line
    tooltip: str
    css: str
    record: str | None = None
    popup: str | None = None


@dataclass(frozen=True, slots=True)
class Area:
    """A country, or one of Kazakhstan's regions, filled with a colour, drawn from its outline."""

    country: str  # ISO 3166 alpha-2 code, or a region's ISO 3166-2 code: the outline drawn
    fill: str
    fill_opacity: float
    tooltip: str
    css: str
    record: str | None = None
    popup: str | None = None
    stroke: str | None = None  # the outline's colour, width and SVG dash array (None: the default)
    weight: float | None = None
    dash: str | None = None


KINDS: dict[str, type] = {"areas": Area, "lines": Line, "circles": Circle, "icons": Icon}
# Each kind's fields, in order: the columns of its table.
COLUMNS: dict[str, tuple[str, ...]] = {kind: tuple(f.name for f in fields(cls))
                                        for kind, cls in KINDS.items()}


@dataclass
class Shapes:
    """The objects of one layer, by kind."""

    circles: list[Circle] = field(default_factory=list)
    icons: list[Icon] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.circles) + len(self.icons) + len(self.lines) + len(self.areas)

    def tables(self) -> dict[str, dict[str, list[object]]]:
        """The shapes as the wire format: per kind, a table of named columns."""
        return {kind: columns(getattr(self, kind), kind) for kind in KINDS}

    def outlines(self) -> str:
        """The outlines the areas need, as a JSON object text keyed by country (or region) code."""
        codes = dict.fromkeys(a.country for a in self.areas)
        return "{" + ",".join(f"{json.dumps(c)}:{area_outline_json(c)}" for c in codes) + "}"


def area_outline_json(code: str) -> str:
    """The outline of an area's code: a region's (ISO 3166-2, `KZ-MAN`) or a country's (without its
    lakes), as script-safe JSON text."""
    return region_json(code) if "-" in code else dry_outline_json(code)


def columns(items: list, kind: str) -> dict[str, list[object]]:
    """Records of one kind as a table of named columns (see the module's docstring)."""
    return {name: [getattr(item, name) for item in items] for name in COLUMNS[kind]}


# The drawing code, shared with the published edition.
DRAWING_JS = Path(__file__).with_name("compact.js")
DRAWING = DRAWING_JS.read_text(encoding="utf-8")


class CompactLayer(TextMacro):
    """Adds the `Shapes` to its parent feature group when the map script runs. With `drawing=False` the
    drawing code is left out: a map whose layers are written into one script (the app's feature groups,
    an exported map) needs it once, from its first layer."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.drawing }}
        window.kzCompact({{ this._parent.get_name() }}, {{ this.shapes.tables() | tojson }},
                         {{ this.shapes.outlines() }});
        {% endmacro %}
    """)

    def __init__(self, shapes: Shapes, drawing: bool = True) -> None:
        super().__init__()
        self._name = "CompactLayer"
        self.shapes = shapes
        self.drawing = DRAWING if drawing else ""
