"""The scenes of an edition: every view the published edition draws, built once for all its parts.

The published edition (`dashboard.publish`) draws, in each language, every country on each day a reader
can choose (`STOPS`: the days of January, then the final figures), the default view on its social card,
the month's charts of every country choice and the data files of each day's view. `edition_scenes`
builds all of it in one pass, at the top, and hands it down as plain values: the edition's parts only
write what they are handed, and none of them goes back to the data.

A scene still computes each of its parts when first drawn (`scene.scene.Scene`); the records of a
language are localised once and shared by every scene in it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.geo.dataset import Dataset
from dashboard.i18n import LANGUAGES
from dashboard.map.opening import opening_bounds
from dashboard.scene.alternative import troop_figure
from dashboard.scene.scene import Scene, scene
from dashboard.view.grammar import COUNTRIES
from dashboard.view.link import View
from dashboard.view.regions import host_record
from dashboard.view.status import STOPS

if TYPE_CHECKING:
    from dashboard.scene.charts import ChoiceCharts


def choices() -> list[tuple[str, ...]]:
    """Every country choice the edition offers: each non-empty set of the filter's countries, in its order."""
    return [chosen for size in range(1, len(COUNTRIES) + 1)
            for chosen in itertools.combinations(COUNTRIES, size)]


@dataclass(frozen=True, eq=False)
class LanguageScenes:
    """What the edition draws in one language: every record in it (`records`, the frame every scene in
    the language shares), the scene of every country on each day of `STOPS` (`days`, in order, the final
    figures last), the troop and toll charts of every country choice (`charts`), and the social card's
    scene (`card`, the default view: every country on the report's day, one of `days`) with the notes
    drawn under its map (`card_notes`: the troop figure)."""

    records: pd.DataFrame = field(repr=False)
    days: tuple[Scene, ...] = field(repr=False)
    charts: ChoiceCharts = field(repr=False)
    card: Scene = field(repr=False)
    card_notes: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class EditionScenes:
    """The scenes of an edition of one dataset, built in one pass by `edition_scenes`: per language its
    `LanguageScenes`, and what the edition says of the whole data (the host's record, the record
    aliases, where the map opens, the days with events). It holds no dataset: the edition's parts take
    what they draw from it, and none of them goes back to the data."""

    languages: dict[str, LanguageScenes] = field(repr=False)
    host: str | None  # the id of the host country's record (`view.regions.host_record`)
    aliases: dict[str, str] = field(repr=False)  # old record ids (renamed or merged) -> the record now
    opening_bounds: list[list[float]]  # `[[south, west], [north, east]]`: what the map shows on opening
    event_days: frozenset[dt.date] = field(repr=False)  # every date on which an event happened


def edition_scenes(data: Dataset, langs: tuple[str, ...] = LANGUAGES) -> EditionScenes:
    """The scenes of the edition of `data` (the loaded dataset, `geo.dataset.load_dataset`) in each of
    `langs`, built once for all its parts. A scene computes each of its parts when first drawn
    (`scene.scene.Scene`); the charts (`scene.charts.charts_by_choice`) and the card's notes are made
    here."""
    from dashboard.scene.charts import charts_by_choice  # Altair: imported when a chart is first made

    offered = choices()
    languages = {}
    for lang in langs:
        first = scene(data, View(COUNTRIES, STOPS[0], lang=lang))  # localises the records, once per language
        records = first.records
        days = (first, *(scene(data, View(COUNTRIES, day, lang=lang), records) for day in STOPS[1:]))
        card = days[STOPS.index(View().date)]  # the default view: every country on the report's day
        figure = troop_figure(card)
        languages[lang] = LanguageScenes(records, days, charts_by_choice(data, offered, card.tr), card,
                                         (figure,) if figure else ())
    bounds = opening_bounds(data.records)
    return EditionScenes(languages, host_record(data.records), data.aliases(), bounds,
                         frozenset(data.events["date"]))
