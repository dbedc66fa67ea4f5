"""The words a still image sets around its map, in the reader's language: the title, what the view shows
(its date and countries), the legend's heading and sections, the publishers its source line names and
the credit. The scene makes them once (`Scene.still_words`); the still (`dashboard.render.still`) only
lays them out, and goes back to no table for a word.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from dashboard.data.countries import country_name
from dashboard.i18n import Translator
from dashboard.render.furniture import CREDIT, TITLE, publishers
from dashboard.render.legend import LegendSection, legend_sections
from dashboard.view.selection import Selection


class ViewLike(Protocol):
    """What a still needs of the view: `dashboard.scene.View`."""

    @property
    def countries(self) -> tuple[str, ...]: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def lang(self) -> str: ...
    @property
    def layers(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class StillWords:
    """The words around a still's map: `tr` (the view's translator, for the words the page adds as it
    lays out: the grid cells' note, the source line), `title`, `shows` (the date and the countries),
    the legend's `legend_heading`, `legend` (its sections) and `no_layers` (what it says when every map
    group is off), the `publishers` of the source line (most cited first) and the `credit`."""

    tr: Translator
    title: str
    shows: str
    legend_heading: str
    legend: tuple[LegendSection, ...]
    no_layers: str
    publishers: tuple[str, ...]
    credit: str


def still_words(tr: Translator, view: ViewLike, reported: Iterable[str], selection: Selection) -> StillWords:
    """The still's words of `view` (its countries, date and map groups) in the language of `tr`;
    `reported`, the countries shaded by an unofficial figure; `selection`, what the view shows."""
    lang = tr.lang
    named = ", ".join(country_name(code, lang) for code in view.countries) or tr("no country")
    return StillWords(
        tr, tr(TITLE), f"{tr('As of {date}', date=tr.date(view.date))}  ·  {named}", tr("Legend"),
        tuple(legend_sections(lang, view.layers, reported)),
        tr("All layers are switched off."), tuple(publishers(selection)), tr(CREDIT))
