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
            // d[at]: tooltip, d[at + 1]: CSS class, d[at + 2]: popup, d[at + 3]: spread (optional).
            function add(layer, d, at) {
                if (d[at]) { layer.bindTooltip(d[at]); }
                if (d[at + 2]) { layer.bindPopup(d[at + 2], {maxWidth: 420}); }
                if (d[at + 3]) { spread(layer, d[at + 3]); }
                group.addLayer(layer);
            }
            // The i-th of n records at one point sits on a ring around it, a line back to the point.
            function spread(marker, s) {
                var home = marker.getLatLng(), map = null;
                var leg = L.polyline([home, home], {color: "#555555", weight: 1, interactive: false});
                function place() {
                    var angle = 2 * Math.PI * s[0] / s[1] - Math.PI / 2;
                    var shifted = map.project(home).add([s[2] * Math.cos(angle), s[2] * Math.sin(angle)]);
                    marker.setLatLng(map.unproject(shifted));
                    leg.setLatLngs([home, marker.getLatLng()]);
                }
                marker.on("add", function () {
                    map = marker._map;
                    group.addLayer(leg);
                    if (leg.bringToBack) { leg.bringToBack(); }
                    map.on("zoomend", place);
                    place();
                });
                marker.on("remove", function () {
                    if (map) { map.off("zoomend", place); }
                    group.removeLayer(leg);
                });
            }
            areas.forEach(function (d) {
                // One tooltip per polygon: streamlit-folium reads the clicked polygon's own tooltip.
                group.addLayer(L.geoJson(outlines[d[0]], {style: function () {
                    return {color: "#333333", weight: 1, fillColor: d[1], fillOpacity: d[2], className: d[4]};
                }, onEachFeature: function (feature, layer) {
                    if (d[3]) { layer.bindTooltip(d[3]); }
                    if (d[5]) { layer.bindPopup(d[5], {maxWidth: 420}); }
                }}));
            });
            lines.forEach(function (d) {
                add(L.polyline([[d[0], d[1]], [d[2], d[3]]], {color: d[4], weight: d[5], dashArray: d[6],
                    opacity: 0.9, className: d[8]}), d, 7);
            });
            circles.forEach(function (d) {
                add(L.circleMarker([d[0], d[1]], {radius: d[2], color: d[3], weight: d[4], fill: true,
                    fillColor: d[5], fillOpacity: d[6], className: d[8]}), d, 7);
            });
            icons.forEach(function (d) {
                var marker = L.marker([d[0], d[1]], {icon: L.divIcon({html: d[2], iconSize: [16, 16],
                    iconAnchor: [8, 8], className: d[4]})});
                // Markers are keyboard buttons; name them by their tooltip's text (parsed inertly).
                var name = new DOMParser().parseFromString(d[3] || "", "text/html").body.textContent;
                marker.on("add", function () { marker.getElement().setAttribute("aria-label", name); });
                add(marker, d, 3);
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, shapes: Shapes) -> None:
        super().__init__()
        self._name = "CompactLayer"
        self.shapes = shapes
