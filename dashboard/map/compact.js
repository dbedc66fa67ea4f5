// Draws one layer's shapes into a Leaflet layer group: circles, vector icons, lines and country areas
// from the JSON rows of `Shapes` (dashboard/map/compact.py), each with its tooltip, CSS class, popup
// and, for records sharing a point, its place on a ring around it.
//
// One file for both maps: the app's map writes it into its script (CompactLayer), and the published
// edition loads it as a script of its own. Define nothing else here: the app inlines this text.
window.kzCompact = window.kzCompact || function (group, shapes) {
    // d[at]: tooltip (inert HTML), d[at + 1]: CSS class, d[at + 2]: popup, d[at + 3]: spread (optional).
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
    shapes.areas.forEach(function (d) {
        // One tooltip per polygon: streamlit-folium reads the clicked polygon's own tooltip.
        group.addLayer(L.geoJson(shapes.outlines[d[0]], {style: function () {
            return {color: "#333333", weight: 1, fillColor: d[1], fillOpacity: d[2], className: d[4]};
        }, onEachFeature: function (feature, layer) {
            if (d[3]) { layer.bindTooltip(d[3]); }
            if (d[5]) { layer.bindPopup(d[5], {maxWidth: 420}); }
        }}));
    });
    shapes.lines.forEach(function (d) {
        add(L.polyline([[d[0], d[1]], [d[2], d[3]]], {color: d[4], weight: d[5], dashArray: d[6],
            opacity: 0.9, className: d[8]}), d, 7);
    });
    shapes.circles.forEach(function (d) {
        add(L.circleMarker([d[0], d[1]], {radius: d[2], color: d[3], weight: d[4], fill: true,
            fillColor: d[5], fillOpacity: d[6], className: d[8]}), d, 7);
    });
    shapes.icons.forEach(function (d) {
        var marker = L.marker([d[0], d[1]], {icon: L.divIcon({html: d[2], iconSize: [16, 16],
            iconAnchor: [8, 8], className: d[4]})});
        // Markers are keyboard buttons; name them by their tooltip's text (parsed inertly).
        var name = new DOMParser().parseFromString(d[3] || "", "text/html").body.textContent;
        marker.on("add", function () { marker.getElement().setAttribute("aria-label", name); });
        add(marker, d, 3);
    });
};
