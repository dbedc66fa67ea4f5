"""The places a news text names, as one group of marks on a map (the "From article" page's preview)."""

from __future__ import annotations

import folium
import pandas as pd

from dashboard.data.countries import country_name
from dashboard.escape import inert
from dashboard.i18n import N_, Translator
from dashboard.map.compact import Circle, CompactLayer, Shapes
from dashboard.view.article import slug

PLACE_COLOUR = "#D55E00"
PLACES_GROUP = N_("Places in the text")


def places_group(places: pd.DataFrame, lang: str) -> folium.FeatureGroup:
    """One circle per place (`view.article.places`), named by its tooltip "Name (Country)" and classed
    `article-place place-<slug>`, in a map group named in the reader's language."""
    shapes = Shapes()
    for place in places.itertuples(index=False):
        label = f"{place.name} ({country_name(place.country, lang)})"
        shapes.circles.append(Circle(place.lat, place.lon, 8, "#000000", 1.5, PLACE_COLOUR, 0.9, inert(label),
                                     f"article-place place-{slug(place.name)}"))
    group = folium.FeatureGroup(name=Translator(lang)(PLACES_GROUP))
    CompactLayer(shapes).add_to(group)
    return group
