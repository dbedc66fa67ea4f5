"""Many map objects as one compact script: circles, vector icons and lines from JSON arrays.

One folium object per record costs Python time and some 250 bytes of generated JavaScript each. A
`CompactLayer` turns thousands of them into a single JSON literal (about 80 bytes per object) and a
loop that builds the Leaflet layers in the browser. Each object keeps its own tooltip (already inert
HTML, bound as a string) and CSS class, so clicks, hover and tests work as with individual objects.

The JSON goes through jinja's `tojson`, which also escapes `<`, `>`, `&` and quotes: no data string can
close the script or start markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from folium.template import Template

from dashboard.geo.outlines import outline_json
from dashboard.map.bridge import TextMacro


@dataclass
class Shapes:
    """The objects of one layer, as rows of plain values.

    After its own values every row has: tooltip (inert HTML), CSS class, popup (inert HTML or null), and,
    for circles and icons, optionally a spread [i, n, radius in pixels]: the i-th of n records that share
    one point, drawn that far from it on a ring (with a thin line back to the point) at every zoom.
    """

    # [lat, lon, radius, stroke colour, stroke weight, fill colour, fill opacity, ...]
    circles: list[list[object]] = field(default_factory=list)
    # [lat, lon, svg html, ...]
    icons: list[list[object]] = field(default_factory=list)
    # [lat1, lon1, lat2, lon2, colour, weight, dash array or null, ...]
    lines: list[list[object]] = field(default_factory=list)
    # [country code (its outline), fill colour, fill opacity, ...]
    areas: list[list[object]] = field(default_factory=list)

    def outlines(self) -> str:
        """The outlines the areas need, as a JSON object text keyed by country code."""
        codes = dict.fromkeys(str(a[0]) for a in self.areas)
        return "{" + ",".join(f"{json.dumps(c)}:{outline_json(c)}" for c in codes) + "}"


# The drawing code, shared with the published edition.
DRAWING_JS = Path(__file__).with_name("compact.js")
DRAWING = DRAWING_JS.read_text(encoding="utf-8")


class CompactLayer(TextMacro):
    """Adds the `Shapes` to its parent feature group when the map script runs."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.drawing }}
        window.kzCompact({{ this._parent.get_name() }}, {
            lines: {{ this.shapes.lines | tojson }},
            circles: {{ this.shapes.circles | tojson }},
            icons: {{ this.shapes.icons | tojson }},
            areas: {{ this.shapes.areas | tojson }},
            outlines: {{ this.shapes.outlines() }}
        });
        {% endmacro %}
    """)

    def __init__(self, shapes: Shapes) -> None:
        super().__init__()
        self._name = "CompactLayer"
        self.shapes = shapes
        self.drawing = DRAWING
