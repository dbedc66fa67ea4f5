"""The newsroom furniture of a view: headline, dek, credit and source line, in the reader's language.

One place for the words every output puts around the map (the app, the published edition, the stills),
so a headline or a credit is never written twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.i18n import N_, Translator
from dashboard.view.arrays import per_distinct
from dashboard.view.selection import Selection

TITLE = N_("Kazakhstan, January 2022: unrest and the CSTO deployment")
DEK = N_("Where the troops of the Russian-led CSTO came from and when they left, and where the unrest "
         "was: day by day, every figure with its source.")
CREDIT = N_("Graphic: kz-crisis-map, from the sources named. Country outlines: countryinfo; regions and "
            "lakes: Natural Earth. Web Mercator projection.")
SOURCES_SHOWN = 6  # publishers the one-line source line names before "and N more"


def publisher_name(publisher: object) -> str:
    """A source's publisher without its parenthesis: "dpa (Deutsche Presse-Agentur)" is "dpa"."""
    text = str(publisher)
    return re.sub(r"\s*\([^)]*\)\s*$", "", text).strip() or text


def publishers(selection: Selection) -> list[str]:
    """The publishers behind what the view draws, most cited first (by the shown records and known
    figures; then in the order of the sources table), each once. Vectorised: each distinct publisher
    is named once, and the counts come from the selection's citation counts."""
    sources = selection.sources
    tally = pd.DataFrame({"name": per_distinct(publisher_name, sources["publisher"]),
                          "count": selection.cited_by, "first": np.arange(len(sources))})
    ranked = tally.groupby("name", sort=False).agg(count=("count", "sum"), first=("first", "min"))
    return ranked.sort_values(["count", "first"], ascending=[False, True]).index.tolist()


def source_text(names: list[str], shown: int, lang: str) -> str:
    """"Sources: dpa, TASS, … and 12 more (named in the data exports)." with the first `shown` names."""
    tr = Translator(lang)
    if not names:
        return tr("Sources: none for this selection by this date.")
    text = tr("Sources: {publishers}", publishers=", ".join(names[:shown]))
    rest = len(names) - shown
    if rest > 0:
        text += " " + tr.plural("and {count} more (named in the data exports).",
                                "and {count} more (named in the data exports).", rest)
    return text


@dataclass(frozen=True)
class Furniture:
    """The words around the map: headline, one-line dek, credit and source line (plain text)."""

    headline: str
    dek: str
    credit: str
    sources: str


def furniture(selection: Selection, lang: str) -> Furniture:
    """The view's furniture in the reader's language; its source line names the most cited publishers."""
    tr = Translator(lang)
    return Furniture(tr(TITLE), tr(DEK), tr(CREDIT), source_text(publishers(selection), SOURCES_SHOWN, lang))
