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
from dashboard.memo import per_object
from dashboard.view.arrays import columns
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
    is named once per table, and the counts and each one's first source come from the selection's
    citations by publisher (`Selection.cited_by_group`)."""
    codes, names = publisher_codes(selection.data.sources)
    count, first = selection.cited_by_group(codes, len(names))  # first: in table order
    present = np.flatnonzero(first < len(selection.data.sources))
    ranked = present[np.lexsort((first[present], -count[present]))]
    return [str(names[k]) for k in ranked]


@per_object
def publisher_codes(sources: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each source's publisher as a code (`publisher_name`: "dpa (…)" and "dpa" are one), and the names
    the codes stand for: named once per distinct publisher, kept for the table's life."""
    codes, uniques = columns(sources).codes("publisher")
    named = [publisher_name(u) for u in uniques] + [publisher_name(None)]  # the last: no publisher
    name_codes, names = pd.factorize(pd.Series(named, dtype=object))
    return name_codes[codes], np.asarray(names, dtype=object)


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
