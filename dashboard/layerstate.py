"""Which of the map's layers are switched on, kept in step between the browser and Python.

streamlit-folium adds every feature group it swaps in to the map and reports no overlay toggles.
Two small scripts fill the gap:

- `LayerReporter` (on the base map) reports the keys of the layers on the map after each toggle
  through the component's `selected_tags` value (null until the reader toggles something);
- `HiddenOnLoad` (on a feature group) takes that group off the map right after it is swapped in, so a
  layer the reader switched off stays off across filter changes and in a restored link.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from folium.template import Template

from dashboard.textmacro import TextMacro


class LayerReporter(TextMacro):
    """Report the `layerKey` of every feature group on the map after each overlay toggle."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            if (window.__GLOBAL_DATA__) { window.__GLOBAL_DATA__.selected_tags = null; }
            function report() {
                if (!window.__GLOBAL_DATA__) { return; }
                var keys = [];
                map.eachLayer(function (layer) {
                    var key = layer.options && layer.options.layerKey;
                    if (key && keys.indexOf(key) < 0) { keys.push(key); }
                });
                window.__GLOBAL_DATA__.selected_tags = keys.sort();
            }
            map.on("overlayadd overlayremove", function () { setTimeout(report, 0); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)


class LayerKey(TextMacro):
    """Tag the parent feature group with its layer key (read back by `LayerReporter`)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.options.layerKey = {{ this.key | tojson }};
        // Read by the benchmark and the load test: how many layers were built, for which view.
        window.__kzLayerBuilds = (window.__kzLayerBuilds || 0) + 1;
        window.__kzView = {{ this.view | tojson }};
        {% endmacro %}
    """)

    def __init__(self, key: str, view: str = "") -> None:
        super().__init__()
        self.key = key
        self.view = view


class HiddenOnLoad(TextMacro):
    """Remove the parent feature group from the map once it has been added (the layer is off)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        setTimeout(function () {
            {{ this._parent._parent.get_name() }}.removeLayer({{ this._parent.get_name() }});
        }, 0);
        {% endmacro %}
    """)


def reported_layers(value: object, known: Sequence[str]) -> tuple[str, ...] | None:
    """The layer keys the map reported, in `known` order; None when it reported nothing (yet)."""
    if not isinstance(value, list):
        return None
    chosen = {v for v in value if isinstance(v, str)}
    return tuple(k for k in known if k in chosen)


def hidden(known: Iterable[str], visible: Iterable[str]) -> set[str]:
    """The layer keys that are switched off."""
    return set(known) - set(visible)
