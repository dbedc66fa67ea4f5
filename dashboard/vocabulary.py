"""The dashboard's vocabulary: every word the data may use, the map group it is drawn in, and its label.

This is the one place that lists layers, kinds, metrics, qualifiers, precisions, reliability grades and
statuses. The data schema derives its allowed values from it, the map draws each layer as its entry
says, the legend and tables take their labels from it, and the tests read it instead of repeating it.

Labels are English and marked with `N_`: `Translator(lang)(label)` shows them in the reader's language,
and the German lives in the catalogue (`dashboard/i18n/locale/de/LC_MESSAGES/messages.po`).

Adding a layer or a kind means one entry here, its German label in the catalogue, and rows in the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from dashboard.i18n import N_

# How a layer's records are drawn: a country's outline; a base with a flow line to where it arrived; a
# circle coloured by kind and sized by its figures; a vector square or triangle.
Mark = Literal["area", "flow", "circle", "square", "triangle"]


@dataclass(frozen=True)
class MapGroup:
    """A switchable map layer: what the layer switcher, the legend and links (`layers=`) call it."""

    label: str
    cell_colour: str  # grid cells that stand for many records of this group
    cell_label: str  # a cell's tooltip, with {count}


@dataclass(frozen=True)
class Layer:
    """A kind of location record (`layer` in records.csv)."""

    label: str
    group: str  # the key of its MapGroup
    mark: Mark
    colour: str  # fill colour; circles are coloured by their kind instead
    kinds: tuple[str, ...]
    from_article: bool = False  # an editor can add it from a news text (a place is enough)


# Okabe-Ito palette throughout: distinguishable with the common colour-vision deficiencies.
# The map group of Kazakhstan's regions under a state of emergency or the red terror level on the day
# (`geodata/regions.csv`, not records), drawn over the countries and under the marks.
EMERGENCY_GROUP = "emergency"
GROUPS: MappingProxyType[str, MapGroup] = MappingProxyType({
    "countries": MapGroup(N_("Countries"), "#E69F00", ""),
    EMERGENCY_GROUP: MapGroup(N_("State of emergency"), "#D55E00", ""),
    "troops": MapGroup(N_("Troop origins"), "#0072B2",
                       N_("{count} troop origins here: zoom in to see them one by one")),
    "unrest": MapGroup(N_("Unrest sites"), "#D55E00",
                       N_("{count} unrest sites here: zoom in to see them one by one")),
    "sites": MapGroup(N_("Key sites and decision centres"), "#009E73",
                      N_("{count} key sites here: zoom in to see them one by one")),
})


LAYERS: MappingProxyType[str, Layer] = MappingProxyType({
    "host": Layer(N_("host state"), "countries", "area", "#F0E442", ("country",)),
    # Reddish purple, not blue: a contributing state must never read as a sea (tests/test_styles.py).
    "contingent": Layer(N_("contingent"), "countries", "area", "#CC79A7", ("country",)),
    "troop_origin": Layer(N_("troop origin"), "troops", "flow", "#0072B2", ("departure_base", "home_base"),
                          from_article=True),
    "key_site": Layer(N_("key site"), "sites", "square", "#009E73",
                      ("airport", "airfield", "guarded_object", "headquarters", "evacuation"),
                      from_article=True),
    "decision_centre": Layer(N_("decision centre"), "sites", "triangle", "#000000", ("capital",),
                             from_article=True),
    "unrest": Layer(N_("unrest"), "unrest", "circle", "#999999",
                    ("protest", "riot", "seizure", "arson", "clash"), from_article=True),
})

KINDS: MappingProxyType[str, str] = MappingProxyType({
    "country": N_("country"), "departure_base": N_("departure base"), "home_base": N_("home base"),
    "airport": N_("airport"), "airfield": N_("airfield"), "guarded_object": N_("guarded site"),
    "headquarters": N_("headquarters"), "evacuation": N_("evacuation"), "capital": N_("capital"),
    "protest": N_("protest"), "riot": N_("riot"), "seizure": N_("seizure"), "arson": N_("arson"),
    "clash": N_("clash"),
})
# Circles take the colour of their kind (unrest); a kind not listed is drawn grey.
KIND_COLOURS: MappingProxyType[str, str] = MappingProxyType({
    "protest": "#F0E442", "riot": "#D55E00", "seizure": "#CC79A7", "arson": "#E69F00", "clash": "#000000",
})

METRICS: MappingProxyType[str, str] = MappingProxyType({
    "troops": N_("troops"), "vehicles": N_("vehicles"), "aircraft": N_("aircraft"), "deaths": N_("deaths"),
    "injured": N_("injured"), "arrests": N_("arrests"), "evacuated": N_("evacuated"),
    "hospitalised": N_("hospitalised"),
})
# Metrics the unrest table lists, and the one whose latest figure sizes a circle (else the next).
TOLL_METRICS: tuple[str, ...] = ("deaths", "injured", "arrests")

# A figure that no longer stands: given and withdrawn by its source, or replaced by a later count. A
# withdrawn figure is listed (marked) but never sizes a circle or counts in a chart; blank: it stands.
FIGURE_STATUSES: MappingProxyType[str, str] = MappingProxyType({
    "withdrawn": N_("withdrawn by its source"), "superseded": N_("superseded"),
})
NOT_COUNTED: frozenset[str] = frozenset({"withdrawn"})

# The tables a correction may concern (corrections.csv's `table`), by their files' names.
CORRECTED_TABLES: tuple[str, ...] = ("records", "figures", "events", "sources")

# How a figure relates to the number given; "exact" shows the number alone. "reported" is a figure from
# press reports or a pledge, not from an official source: it is never shown as if it were official.
QUALIFIERS: MappingProxyType[str, str] = MappingProxyType({
    "exact": "{n}", "about": N_("about {n}"), "more_than": N_("more than {n}"),
    "at_least": N_("at least {n}"), "up_to": N_("up to {n}"), "reported": N_("{n} (reported)"),
})
UNOFFICIAL: frozenset[str] = frozenset({"reported"})

RELIABILITY: MappingProxyType[str, str] = MappingProxyType({
    "primary": N_("primary"), "wire": N_("news agency"), "secondary": N_("secondary"),
    "aggregator": N_("aggregator"),
})

PRECISIONS: MappingProxyType[str, str] = MappingProxyType({
    "point": N_("exact point"), "street": N_("street"), "city": N_("city"), "region": N_("region"),
    "country": N_("country"),
})

COORD_METHODS: MappingProxyType[str, str] = MappingProxyType({
    "given": N_("given in the data"), "curated": N_("curated gazetteer entry"),
    "exact": N_("gazetteer match"), "alias": N_("gazetteer match (alternate spelling)"),
    "fuzzy": N_("gazetteer match (approximate spelling)"),
})

# What kind of thing happened, in the chronology (events.csv).
EVENT_KINDS: MappingProxyType[str, str] = MappingProxyType({
    "price": N_("price"), "protest": N_("protest"), "government": N_("government"),
    "emergency": N_("state of emergency"), "military": N_("military"), "communications": N_("communications"),
    "casualties": N_("casualties"), "diplomacy": N_("diplomacy"), "withdrawal": N_("withdrawal"),
    "other": N_("other"),
})

# What held in a region on a day (regions.csv's `status`): the state of emergency, and the KNB's red
# ("critical") terrorism-threat level, which followed its own map.
REGION_STATUSES: MappingProxyType[str, str] = MappingProxyType({
    "emergency": N_("state of emergency"), "red_alert": N_("red terror-threat level"),
})

# A contingent's status on a date, in the order it passes through them.
STATUSES: MappingProxyType[str, str] = MappingProxyType({
    "not_deployed": N_("not yet deployed"), "deployed": N_("deployed"), "withdrawing": N_("withdrawing"),
    "withdrawn": N_("withdrawn"),
})


def layers_in(group: str) -> tuple[str, ...]:
    """The record layers drawn in one map group, in vocabulary order."""
    return tuple(key for key, layer in LAYERS.items() if layer.group == group)
