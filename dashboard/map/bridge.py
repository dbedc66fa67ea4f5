"""Every workaround of streamlit-folium, branca, folium and Leaflet internals, in one place.

Each workaround says what it works around, the upstream thread, and the versions it was checked
against (`CHECKED`). `tests/test_bridge.py` fails when an installed version leaves a checked range, so
an upgrade is a prompt to re-check these, not a silent change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib.metadata import version
from pathlib import Path

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

# Package -> (lowest, first unchecked) versions the workarounds below were checked against. Leaflet is
# the npm package the map loads (dashboard/map/assets.py pins it). Streamlit's own internals, and the
# values streamlit-folium returns to the page, are in `dashboard/screens/bridge.py`.
CHECKED: dict[str, tuple[str, str]] = {
    "streamlit-folium": ("0.27", "0.28"),
    "folium": ("0.20", "0.21"),
    "branca": ("0.8", "0.9"),
}


def unchecked_versions(installed: Iterable[str] = CHECKED,
                       checked: Mapping[str, tuple[str, str]] = CHECKED) -> dict[str, str]:
    """Installed packages whose version lies outside the range (in `checked`) the workarounds were
    checked against."""
    outside = {}
    for package in installed:
        low, high = checked[package]
        found = version(package)
        if not _version_key(low) <= _version_key(found) < _version_key(high):
            outside[package] = found
    return outside


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


# ---- branca: rendered text is compiled as a template a second time -------------------------------
# `MacroElement.render` wraps each rendered macro in `Element(text)`, which compiles it as a Jinja
# template and renders it again: `{{ ... }}` that reached a script from data would run on the server,
# and compiling large data costs time on every rerun. No upstream thread names this; streamlit-folium
# relies on the second pass (https://github.com/randyzwitch/streamlit-folium/pull/323).


class Text(Element):
    """Finished HTML or JavaScript, inserted as it is (never compiled as a template)."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Text"
        self.text = text


class TextMacro(MacroElement):
    """A MacroElement whose header, html and script output are added as `Text`."""

    def render(self, **kwargs: object) -> None:
        """Render the macros once and add their output to the figure as text."""
        figure = self.get_root()
        assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Text(str(macro(self, kwargs))), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


# ---- streamlit-folium: overlay toggles are not reported, and `show=False` is ignored ---------------
# The component reports toggles of WMS layers only (https://github.com/randyzwitch/streamlit-folium/pull/225)
# and adds every group in `feature_group_to_add` to the map whatever its `show`
# (https://github.com/randyzwitch/streamlit-folium/pull/97). We report the layer keys through the
# component's `selected_tags` value, which it returns to Python; since 0.27 a TagFilterButton writes
# it too (https://github.com/randyzwitch/streamlit-folium/pull/299): the map uses none.

LAYER_TAGS = "selected_tags"  # the value of the component the layer keys are reported in


class LayerReporter(TextMacro):
    """Report the `layerKey` of every feature group on the map after each overlay toggle."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            if (window.__GLOBAL_DATA__) { window.__GLOBAL_DATA__[{{ this.slot | tojson }}] = null; }
            function report() {
                if (!window.__GLOBAL_DATA__) { return; }
                var keys = [];
                map.eachLayer(function (layer) {
                    var key = layer.options && layer.options.layerKey;
                    if (key && keys.indexOf(key) < 0) { keys.push(key); }
                });
                window.__GLOBAL_DATA__[{{ this.slot | tojson }}] = keys.sort();
            }
            map.on("overlayadd overlayremove", function () { setTimeout(report, 0); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)
    slot = LAYER_TAGS


class LayerKey(TextMacro):
    """Tag the parent feature group with its layer key (read back by `LayerReporter`).

    With `hooks`, it also tells the browser how many layers were built and for which view (`view`):
    the benchmark and the load test read `window.__kzLayerBuilds` and `window.__kzView`.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.options.layerKey = {{ this.key | tojson }};
        {% if this.hooks %}
        window.__kzLayerBuilds = (window.__kzLayerBuilds || 0) + 1;
        window.__kzView = {{ this.view | tojson }};
        {% endif %}
        {% endmacro %}
    """)

    def __init__(self, key: str, view: str = "", hooks: bool = False) -> None:
        super().__init__()
        self.key = key
        self.view = view
        self.hooks = hooks


class HiddenOnLoad(TextMacro):
    """Remove the parent feature group from the map once it has been added (the layer is off)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        setTimeout(function () {
            {{ this._parent._parent.get_name() }}.removeLayer({{ this._parent.get_name() }});
        }, 0);
        {% endmacro %}
    """)


# ---- Leaflet: the layer switcher's button is named in English, by its private `_initLayout` --------
# https://github.com/Leaflet/Leaflet/issues/6821, https://github.com/Leaflet/Leaflet/pull/6869 (the
# hard-coded title); Leaflet 1.9.3. The zoom buttons have options for their titles
# (https://github.com/Leaflet/Leaflet/pull/1953), which folium does not pass: they are named here too.


class MapLanguage(TextMacro):
    """Set the map document's `lang` and name the zoom buttons and the layer switcher's button (title
    and aria-label) in the reader's language, so screen readers read them right."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, lang, names) {
            document.documentElement.lang = lang;
            // The layer switcher is made later (by streamlit-folium): name its button as it is built.
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

    def __init__(self, lang: str, names: Sequence[str]) -> None:
        """`names`: the zoom-in, zoom-out and layer-switcher buttons' names in `lang`."""
        super().__init__()
        self.lang = lang
        self.names = list(names)


# ---- folium: every element lists CDN files, in class-level lists ---------------------------------
# `default_js`/`default_css` are class attributes (https://github.com/python-visualization/folium/pull/1416)
# and `add_js_link` changes them for every map in the process; streamlit-folium loads each listed URL
# (https://github.com/randyzwitch/streamlit-folium/issues/115). We set instance attributes instead.


def localise(fmap: folium.Map, local_js: dict[str, str], local_css: dict[str, str]) -> None:
    """Point every element of the map at local copies (file name -> URL) and drop every other asset."""
    for element in walk(fmap):
        for attribute, local in (("default_js", local_js), ("default_css", local_css)):
            if hasattr(element, attribute):
                setattr(element, attribute, [
                    (name, local[file]) for name, url in getattr(element, attribute)
                    if (file := url.rsplit("/", 1)[-1]) in local
                ])


def inline(fmap: folium.Map, js_files: Iterable[Path], css_files: Iterable[Path]) -> None:
    """Drop every element's asset links and put the given files' text in the page's header instead, as
    text (Leaflet is never compiled as a template), so a saved map opens from disk with no network."""
    for element in walk(fmap):
        for attribute in ("default_js", "default_css"):
            if hasattr(element, attribute):
                setattr(element, attribute, [])
    header = fmap.get_root().header
    for i, path in enumerate(css_files):
        header.add_child(Text(f"<style>{path.read_text()}</style>"), name=f"css_{i}")
    for i, path in enumerate(js_files):
        header.add_child(Text(f"<script>{path.read_text()}</script>"), name=f"js_{i}")


def walk(element: Element) -> Iterator[Element]:
    """The element and all its descendants."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


# ---- branca: element ids are random --------------------------------------------------------------
# Each element's name ends in a random uuid (https://github.com/python-visualization/branca/pull/203), so
# two renderings of one map differ. Exports number them in order of appearance instead.


def stable_ids(html: str, fmap: folium.Map) -> str:
    """The rendered map with each of its elements' random ids replaced by a counter, in order of first
    appearance. Only the ids of the map's own elements are replaced; the data is left as it is."""
    ids = {element._id for element in walk(fmap.get_root())}
    pattern = re.compile(r"(?<![0-9a-f])(" + "|".join(map(re.escape, ids)) + r")(?![0-9a-f])")
    numbers: dict[str, str] = {}
    return pattern.sub(lambda m: numbers.setdefault(m.group(1), f"{len(numbers):032x}"), html)



# ---- Leaflet: the map's centre and view come back as its objects, serialised ---------------------
# streamlit-folium returns the centre as a serialised `L.LatLng` ({lat, lng}) and the view as a
# serialised `L.LatLngBounds`, whose corners are its private fields `_southWest` and `_northEast`
# (Leaflet 1.9.3; `st_folium` builds the same shape, in its `bounds_to_dict`, for the value it returns
# before the map reports: then with None for every coordinate).


def latlng(value: object) -> tuple[float, float] | None:
    """(lat, lon) of a serialised `L.LatLng`, or None."""
    try:
        return float(value["lat"]), float(value["lng"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return None


def latlng_bounds(value: object) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of a serialised `L.LatLngBounds`, or None (also for an empty box)."""
    try:
        sw, ne = value["_southWest"], value["_northEast"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    corners = latlng(sw), latlng(ne)
    if corners[0] is None or corners[1] is None:
        return None
    (south, west), (north, east) = corners
    return (south, west, north, east) if north > south and east > west else None
