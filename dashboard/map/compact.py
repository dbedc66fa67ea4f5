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

from folium.template import Template

from dashboard.geo.outlines import outline_json
from dashboard.map.bridge import TextMacro


@dataclass
class Shapes:
    """The objects of one layer, as rows of plain values."""

    # Every row ends with: tooltip (inert HTML), CSS class, popup (inert HTML or null).
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


class CompactLayer(TextMacro):
    """Adds the `Shapes` to its parent feature group when the map script runs."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (group) {
            var lines = {{ this.shapes.lines | tojson }};
            var circles = {{ this.shapes.circles | tojson }};
            var icons = {{ this.shapes.icons | tojson }};
            var areas = {{ this.shapes.areas | tojson }};
            var outlines = {{ this.shapes.outlines() }};
            function add(layer, d) {
                var n = d.length;
                if (d[n - 3]) { layer.bindTooltip(d[n - 3]); }
                if (d[n - 1]) { layer.bindPopup(d[n - 1], {maxWidth: 420}); }
                group.addLayer(layer);
            }
            areas.forEach(function (d) {
                // One tooltip per polygon: streamlit-folium reads the clicked polygon's own tooltip.
                add(L.geoJson(outlines[d[0]], {style: function () {
                    return {color: "#333333", weight: 1, fillColor: d[1], fillOpacity: d[2], className: d[4]};
                }, onEachFeature: function (feature, layer) {
                    if (d[3]) { layer.bindTooltip(d[3]); }
                    if (d[5]) { layer.bindPopup(d[5], {maxWidth: 420}); }
                }}), [null, null, null]);
            });
            lines.forEach(function (d) {
                add(L.polyline([[d[0], d[1]], [d[2], d[3]]], {color: d[4], weight: d[5], dashArray: d[6],
                    opacity: 0.9, className: d[8]}), d);
            });
            circles.forEach(function (d) {
                add(L.circleMarker([d[0], d[1]], {radius: d[2], color: d[3], weight: d[4], fill: true,
                    fillColor: d[5], fillOpacity: d[6], className: d[8]}), d);
            });
            icons.forEach(function (d) {
                var marker = L.marker([d[0], d[1]], {icon: L.divIcon({html: d[2], iconSize: [16, 16],
                    iconAnchor: [8, 8], className: d[4]})});
                // Markers are keyboard buttons; name them by their tooltip's text (parsed inertly).
                var name = new DOMParser().parseFromString(d[3] || "", "text/html").body.textContent;
                marker.on("add", function () { marker.getElement().setAttribute("aria-label", name); });
                add(marker, d);
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, shapes: Shapes) -> None:
        super().__init__()
        self._name = "CompactLayer"
        self.shapes = shapes
