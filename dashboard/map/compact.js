// Draws one layer's shapes into a Leaflet layer group: circles, vector icons, lines and country areas,
// each with its tooltip, CSS class, popup and, for records sharing a point, its place on a ring.
//
// `tables` is the scene's wire format for shapes (docs/scene.md; dashboard/map/compact.py): per kind a
// table of named columns, `{circles: {lat: [...], lon: [...], ...}, ...}`. Every value is read by its
// field name. `outlines` holds the country outlines the areas need, by country code.
//
// One file for both maps: the app's map writes it into its script (CompactLayer), and the published
// edition loads it as a script of its own. Define nothing else here: the app inlines this text.
window.kzCompact = window.kzCompact || function (group, tables, outlines) {
    // Calls draw(d) for each row of a table of named columns, d(name) giving the row's value of a field.
    function each(table, draw) {
        var count = table && table.tooltip ? table.tooltip.length : 0;
        for (let i = 0; i < count; i++) { draw(row(table, i)); }
    }
    function row(table, i) {
        return function (name) { return table[name] ? table[name][i] : null; };
    }
    function add(layer, d) {
        layer.kzRecord = d("record");  // the record drawn (null for a grid cell), for the page's clicks
        layer.kzAlso = d("also");  // the sites this mark stands for at a crowded point, or null
        if (d("tooltip")) { layer.bindTooltip(d("tooltip")); }
        if (d("popup")) { layer.bindPopup(d("popup"), {maxWidth: 420}); }
        if (d("spread")) { spread(layer, d("spread")); }
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
    each(tables.areas, function (d) {
        // One tooltip per polygon: streamlit-folium reads the clicked polygon's own tooltip.
        var fill = d("fill"), opacity = d("fill_opacity"), css = d("css");
        var stroke = d("stroke") || "#333333", weight = d("weight") || 1, dash = d("dash");
        group.addLayer(L.geoJson(outlines[d("country")], {style: function () {
            return {color: stroke, weight: weight, dashArray: dash, fillColor: fill, fillOpacity: opacity,
                    className: css};
        }, onEachFeature: function (_feature, layer) {
            layer.kzRecord = d("record");
            if (d("tooltip")) { layer.bindTooltip(d("tooltip")); }
            if (d("popup")) { layer.bindPopup(d("popup"), {maxWidth: 420}); }
        }}));
    });
    each(tables.lines, function (d) {
        add(L.polyline([[d("lat1"), d("lon1")], [d("lat2"), d("lon2")]], {color: d("colour"),
            weight: d("weight"), dashArray: d("dash"), opacity: 0.9, className: d("css")}), d);
    });
    each(tables.circles, function (d) {
        add(L.circleMarker([d("lat"), d("lon")], {radius: d("radius"), color: d("stroke"), weight: d("weight"),
            fill: true, fillColor: d("fill"), fillOpacity: d("fill_opacity"), className: d("css")}), d);
    });
    each(tables.icons, function (d) {
        var marker = L.marker([d("lat"), d("lon")], {icon: L.divIcon({html: d("svg"), iconSize: [16, 16],
            iconAnchor: [8, 8], className: d("css")})});
        // Markers are keyboard buttons; name them by their tooltip's text (parsed inertly).
        var name = new DOMParser().parseFromString(d("tooltip") || "", "text/html").body.textContent;
        marker.on("add", function () { marker.getElement().setAttribute("aria-label", name); });
        add(marker, d);
    });
};
