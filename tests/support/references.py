"""Plain references the tests check the product's faster paths against: whole frames in, one loop or
one call over them, nothing kept between calls."""

from __future__ import annotations

import pandas as pd

from dashboard.scene import Scene
from dashboard.view import sidebar
from dashboard.view.timeline import troop_figures
from dashboard.vocabulary import TOLL_METRICS


def latest_troops(figures: pd.DataFrame, records: pd.DataFrame) -> dict[str, int]:
    """The troop figure that shades each contributing country, from the whole frames
    (`view.timeline.troop_figures`: official first)."""
    return {code: figure[1] for code, figure in troop_figures(records, figures).items()}


def shaded_by_reported(figures: pd.DataFrame, records: pd.DataFrame) -> list[str]:
    """The countries shaded by an unofficial (reported) figure, for want of an official one."""
    return [code for code, figure in troop_figures(records, figures).items() if figure[2]]


def unlisted_count(made: Scene) -> int:
    """How many unrest places the scene shows with a toll figure known beyond the TOP_PLACES listed (the N
    of "and N more"), by a loop over its rows."""
    unrest = {r["id"] for r in made.panels.shown.to_dict("records") if r["layer"] == "unrest"}
    places = {f["record"] for f in made.selection.figures.to_dict("records")
              if f["metric"] in TOLL_METRICS and f["record"] in unrest}
    return max(0, len(places) - sidebar.TOP_PLACES)
