"""A standalone HTML map: the same layers as the app, a popup per record, the legend; opens from disk."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from dashboard.data.countries import country_name
from dashboard.export.formats import ExportFormat
from dashboard.geo.dataset import Dataset
from dashboard.i18n import N_, Translator
from dashboard.map import assets, bridge
from dashboard.map.basemap import base_map, layer_control
from dashboard.map.layers import layers
from dashboard.map.styles import latest_troops, shaded_by_reported, with_unrest_size
from dashboard.render.details import details_html
from dashboard.render.legend import legend_html
from dashboard.render.templating import render
from dashboard.view.selection import Selection
from dashboard.view.wording import localised
from dashboard.vocabulary import GROUPS

FORMAT = ExportFormat("html", "html", "text/html", N_("HTML map"))
ORDER = 3


def write(selection: Selection, data: Dataset, lang: str = "en",
          visible: Iterable[str] = tuple(GROUPS), *, raw: bool = True) -> bytes:
    """The selection as a map page in `lang`: layers, a popup with each record's details, the legend.
    (`raw` is ignored: the page escapes its text, see `dashboard.render`.)

    Leaflet is embedded when the local assets are present, so the file opens from disk offline. Element
    ids are numbered, so the same view gives the same bytes.
    """
    tr = Translator(lang)
    fmap = base_map(lang=lang)
    assets.inline(fmap)
    all_records = localised(data.records, lang)
    by_id = all_records.set_index("id")

    def popup(record_id: str) -> str:
        return details_html(by_id.loc[record_id], selection.figures, selection.sources, lang,
                            selection.events)

    troops = latest_troops(selection.figures, selection.records)
    records = localised(with_unrest_size(selection.records, selection.figures), lang)
    for group in layers(records, all_records, troops, visible=visible, popup=popup, lang=lang).groups:
        group.add_to(fmap)
    layer_control().add_to(fmap)
    countries = ", ".join(country_name(c, lang) for c in selection.countries) or tr("no country")
    reported = [country_name(c, lang) for c in shaded_by_reported(selection.figures, selection.records)]
    box = render("view_box.html", as_of=tr("As of {date}", date=tr.date(selection.as_of)),
                 countries=countries, legend=Markup(legend_html(lang, visible, reported)))
    fmap.get_root().html.add_child(bridge.Text(box), name="legend")
    return bridge.stable_ids(fmap.get_root().render(), fmap).encode()
