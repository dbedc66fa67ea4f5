"""The map's own words in the reader's language: the document language, the zoom buttons' and the layer
switcher's names."""

from __future__ import annotations

from folium.template import Template

from dashboard.i18n import Translator
from dashboard.textmacro import TextMacro


class MapLanguage(TextMacro):
    """Set the map document's `lang` and name Leaflet's zoom buttons and layer switcher button (their
    title and aria-label) in the reader's language, so screen readers read them right."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, lang, names) {
            document.documentElement.lang = lang;
            // The layer switcher is made later (by streamlit-folium); Leaflet writes its button's
            // name in English, so name it as it is built.
            window.__kzControlNames = names;
            if (!L.Control.Layers.prototype.__kzNamed) {
                var initLayout = L.Control.Layers.prototype._initLayout;
                L.Control.Layers.prototype._initLayout = function () {
                    initLayout.call(this);
                    var link = this._layersLink, name = window.__kzControlNames[2];
                    if (link) { link.title = name; link.setAttribute("aria-label", name); }
                };
                L.Control.Layers.prototype.__kzNamed = true;
            }
            var container = map.zoomControl && map.zoomControl.getContainer();
            if (!container) { return; }
            [["a.leaflet-control-zoom-in", names[0]], ["a.leaflet-control-zoom-out", names[1]]]
                .forEach(function (pair) {
                    var button = container.querySelector(pair[0]);
                    if (button) { button.title = pair[1]; button.setAttribute("aria-label", pair[1]); }
                });
        })({{ this._parent.get_name() }}, {{ this.lang | tojson }}, {{ this.names | tojson }});
        {% endmacro %}
    """)

    def __init__(self, lang: str) -> None:
        super().__init__()
        tr = Translator(lang)
        self.lang = lang
        self.names = [tr("Zoom in"), tr("Zoom out"), tr("Map layers")]
