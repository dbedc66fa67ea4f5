"""The scenes of an edition: every view the published edition draws, built once for all its parts.

The published edition (`dashboard.publish`) draws, in each language, every country on each day a reader
can choose (`STOPS`: the days of January, then the final figures), the default view on its social card,
the month's charts of every country choice and the data files of each day's view. `edition_scenes`
builds those scenes once, at the top, and the edition's parts take them from it; none of them goes back
to the data.

Building them is cheap: a scene computes each part on first use (`scene.scene.Scene`), and the records
of a language (`records`, which every scene in it shares) and the scenes of its days are made the first
time that language is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.geo.dataset import Dataset
from dashboard.map.opening import opening_bounds
from dashboard.scene.scene import Scene, scene
from dashboard.view.grammar import COUNTRIES
from dashboard.view.link import View
from dashboard.view.regions import host_record
from dashboard.view.status import STOPS
from dashboard.view.wording import localised

if TYPE_CHECKING:
    import datetime as dt

    from dashboard.scene.charts import ChoiceCharts


@dataclass(frozen=True, eq=False)
class EditionScenes:
    """The scenes of an edition of one dataset: build it with `edition_scenes`.

    Per language, every record in that language (`records`) and one scene of every country per day of
    `STOPS` (`days`), made on first use and kept; and what the edition says of the whole data (the
    host's record, the record aliases, where the map opens, the days with events, the charts).
    """

    _data: Dataset = field(repr=False)
    _records: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _days: dict[str, tuple[Scene, ...]] = field(default_factory=dict, repr=False)

    def records(self, lang: str) -> pd.DataFrame:
        """Every record of the data in `lang` (`view.wording.localised`): the same frame for every
        scene in that language."""
        if lang not in self._records:
            self._records[lang] = localised(self._data.records, lang)
        return self._records[lang]

    def days(self, lang: str) -> tuple[Scene, ...]:
        """The scene of every country on each day of `STOPS` in `lang`, in order, the final figures
        last (`View(COUNTRIES, day, lang=lang)`)."""
        if lang not in self._days:
            records = self.records(lang)
            self._days[lang] = tuple(scene(self._data, View(COUNTRIES, day, lang=lang), records)
                                     for day in STOPS)
        return self._days[lang]

    def on(self, view: View) -> Scene:
        """The scene of `view`: one of `days` when it is one of them (every country and map group on a
        day of `STOPS`), else a new one sharing its language's records."""
        if view.date in STOPS and view == View(COUNTRIES, view.date, lang=view.lang):
            return self.days(view.lang)[STOPS.index(view.date)]
        return scene(self._data, view, self.records(view.lang))

    @property
    def host(self) -> str | None:
        """The id of the host country's record (`view.regions.host_record`)."""
        return host_record(self._data.records)

    @property
    def aliases(self) -> dict[str, str]:
        """Old record ids (renamed or merged records) -> the record that has them now."""
        return self._data.aliases()

    @property
    def opening_bounds(self) -> list[list[float]]:
        """`[[south, west], [north, east]]`: what the map must show when it opens (`map.opening`)."""
        return opening_bounds(self._data.records)

    @property
    def event_days(self) -> set[dt.date]:
        """Every date on which an event of the chronology happened."""
        return set(self._data.events["date"])

    def charts(self, choices: list[tuple[str, ...]], lang: str) -> ChoiceCharts:
        """The troop and toll charts of each country choice in `lang`, each distinct chart once
        (`scene.charts.charts_by_choice`)."""
        from dashboard.scene.charts import charts_by_choice  # Altair: imported when a chart is first made

        return charts_by_choice(self._data, choices, lang)


def edition_scenes(data: Dataset) -> EditionScenes:
    """The scenes of the edition of `data` (the loaded dataset, `geo.dataset.load_dataset`), built once
    for all its parts; each is made when first asked for, each of its parts when first drawn."""
    return EditionScenes(data)
