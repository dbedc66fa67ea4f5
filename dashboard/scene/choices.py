"""What a page that filters by country itself (the edition) says of each choice of countries: the text
alternative and the source line of each choice of some of a scene's countries, as the scene of that
choice says them, from the scene's own rows.

A choice shows the scene's rows that lie in, or concern the contingent of, one of its countries
(`view.status.in_countries`, as `view.selection.select` picks them); choices that show the same rows
share their words, made once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np

from dashboard.render.furniture import SOURCES_SHOWN, publishers, source_text
from dashboard.scene.alternative import text_alternative
from dashboard.view.status import in_countries

if TYPE_CHECKING:
    from dashboard.scene.scene import Scene

Choice = tuple[str, ...]


def choice_texts(scene: Scene, choices: Iterable[Choice]) -> dict[Choice, str]:
    """The text alternative of each choice of some of the scene's countries, on its date."""
    return _per_choice(scene, choices, lambda keep, _chosen: text_alternative(scene, keep))


def choice_source_lines(scene: Scene, choices: Iterable[Choice]) -> dict[Choice, str]:
    """The source line of each choice of some of the scene's countries, on its date: the publishers its
    records and figures cite, most cited first (`render.furniture`)."""
    def line(keep: np.ndarray, chosen: Choice) -> str:
        return source_text(publishers(scene.selection.among(keep, chosen)), SOURCES_SHOWN, scene.view.lang)
    return _per_choice(scene, choices, line)


def _per_choice(scene: Scene, choices: Iterable[Choice],
                words: Callable[[np.ndarray, Choice], str]) -> dict[Choice, str]:
    """`words(keep, choice)` of each choice, `keep` being the boolean array over the scene's rows that the
    choice shows; made once per distinct set of rows."""
    rows = scene.rows
    of_country = {code: in_countries(rows.table, [code]).to_numpy()[rows.at] for code in scene.view.countries}
    made: dict[bytes, str] = {}
    said = {}
    for chosen in choices:
        keep = np.zeros(len(rows), dtype=bool)
        for code in chosen:
            keep |= of_country[code]
        key = np.packbits(keep).tobytes()
        if key not in made:
            made[key] = words(keep, chosen)
        said[chosen] = made[key]
    return said
