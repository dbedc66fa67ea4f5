"""The text alternative of each choice of a scene's countries, made from what the scene reads once for
every choice (`scene.alternative._ScenePieces`), against the plain formulation it replaced: each choice's
rows as a frame, its deaths figures copied and counted, its contingents' states counted by pandas. On the
bundled data and small synthetic sets of both shapes, on several days, in two languages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import write_synthetic
from dashboard.geo.dataset import Dataset, load_dataset
from dashboard.geo.geocoder import Geocoder
from dashboard.scene import STOPS, View, scene
from dashboard.scene.alternative import STATES, latest_largest, text_alternative, troop_figure
from dashboard.scene.edition import choices
from dashboard.scene.scene import Scene
from dashboard.view.arrays import row_of
from dashboard.view.rows import Rows
from dashboard.view.status import in_countries
from dashboard.view.timeline import counting
from dashboard.view.wording import amount_text, citer
from tests.conftest import GEODATA

SMALL = 150  # synthetic records


@pytest.fixture(scope="module", params=["geodata", "scattered", "bundled"])
def data(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         geocoder: Geocoder) -> Dataset:
    if request.param == "geodata":
        return load_dataset(GEODATA, geocoder)
    config = write_synthetic(tmp_path_factory.mktemp(request.param), SMALL, shape=request.param)
    return load_dataset(Path(config).parent / "geodata", geocoder)


def _plain(scene: Scene, keep: np.ndarray | None) -> str:
    """The text alternative of the rows at `keep` (all when None), each choice read on its own."""
    view, selection = scene.view, scene.selection
    rows = scene.rows if keep is None else scene.rows.where(keep)
    tr = scene.tr
    parts = [tr("As of {date}.", date=tr.date(view.date))]
    if not len(rows):
        return " ".join([*parts, tr("No location record for this selection by this date.")])
    contingents = scene.units if keep is None else rows.where(rows.isin("layer", ["contingent"]))
    if len(contingents):
        if force := troop_figure(scene):
            parts.append(force)
        counts = pd.Series(contingents.values("status"), dtype=object).value_counts()
        states = [tr(message, count=tr.number(int(counts[key]))) for key, message in STATES if key in counts]
        parts.append(tr.plural("{count} contingent shown: {states}.", "{count} contingents shown: {states}.",
                               len(contingents), states=", ".join(states)))
    host = rows.at[rows.isin("layer", ["host"])]
    nationwide = counting(selection.figures_of(["deaths"], host)).sort_values("date")
    if len(nationwide):
        cite = citer(scene.data.sources, view.lang, nationwide["sources"])
        given = [f"{amount_text(q, int(v), view.lang)} ({cite(s)})"
                 for q, v, s in zip(nationwide["qualifier"], nationwide["value"], nationwide["sources"],
                                    strict=True)]
        parts.append(tr("Deaths reported nationwide: {figures}.", figures=" / ".join(given)))
    unrest = rows.where(rows.isin("layer", ["unrest"]))
    if len(unrest):
        deaths = counting(Rows(scene.data.figures, selection.figure_rows_of(["deaths"], unrest.at)).frame(
            ["record", "date", "value", "qualifier", "status"]))
        if len(deaths):
            worst = deaths.iloc[latest_largest(deaths)]
            place = rows.table["name"].to_numpy()[row_of(rows.table, [worst["record"]])[0]]
            parts.append(tr.plural(
                "Unrest at {count} place; most deaths reported in {place} ({figure}).",
                "Unrest at {count} places; most deaths reported in {place} ({figure}).", len(unrest),
                place=place, figure=amount_text(worst["qualifier"], int(worst["value"]), view.lang)))
        else:
            parts.append(tr.plural("Unrest at {count} place.", "Unrest at {count} places.", len(unrest)))
    return " ".join(parts)


@pytest.mark.parametrize(("day", "lang"), [(STOPS[1], "en"), (STOPS[7], "de"), (STOPS[len(STOPS) // 2], "en"),
                                         (STOPS[-1], "en")])
def test_each_choices_text_alternative_is_the_one_read_choice_by_choice(data: Dataset, day: object,
                                                                         lang: str) -> None:
    every = scene(data, View(date=day, lang=lang))
    rows = every.rows
    assert text_alternative(every) == _plain(every, None)
    said = set()
    for chosen in choices():
        keep = in_countries(rows.table, list(chosen)).to_numpy()[rows.at]
        text = text_alternative(every, keep)
        assert text == _plain(every, keep), chosen
        said.add(text)
    assert len(said) > (2 if day == STOPS[1] else 5)  # the first days show little
