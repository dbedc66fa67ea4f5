"""A standalone HTML map: the same layers as the app, a popup per record, the legend; opens from disk."""

from __future__ import annotations

from markupsafe import Markup

from dashboard.data.countries import country_name
from dashboard.export.formats import ExportFormat
from dashboard.i18n import N_
from dashboard.map import assets, bridge
from dashboard.map.basemap import base_map, layer_control
from dashboard.render.templating import render
from dashboard.scene import Scene

FORMAT = ExportFormat("html", "html", "text/html", N_("HTML map"))
ORDER = 3


def write(view: Scene, *, raw: bool = True) -> bytes:
    """The scene `view` as a map page in its language: its map groups (those of `view.view.layers`
    shown, the others a click away), a popup with each record's details (as known on the view's date),
    the legend. (`raw` is ignored: the page escapes its text, see `dashboard.render`.)

    Leaflet is embedded when the local assets are present, so the file opens from disk offline. Element
    ids are numbered, so the same view gives the same bytes.
    """
    lang, as_of = view.view.lang, view.view.date
    tr = view.tr
    fmap = base_map(lang=lang)
    assets.inline(fmap)
    for group in view.map_layers(popups=True).groups:
        group.add_to(fmap)
    layer_control().add_to(fmap)
    countries = ", ".join(country_name(c, lang) for c in view.view.countries) or tr("no country")
    box = render("view_box.html", as_of=tr("As of {date}", date=tr.date(as_of)),
                 countries=countries, legend=Markup(view.legend))
    fmap.get_root().html.add_child(bridge.Text(box), name="legend")
    return bridge.stable_ids(fmap.get_root().render(), fmap).encode()
