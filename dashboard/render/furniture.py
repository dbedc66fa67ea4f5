"""The newsroom furniture of a view: headline, dek, credit and source line, in the reader's language.

One place for the words every output puts around the map (the app, the published edition, the stills),
so a headline or a credit is never written twice.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain

from dashboard.i18n import N_, Translator
from dashboard.view.selection import Selection

TITLE = N_("Kazakhstan, January 2022: unrest and the CSTO deployment")
DEK = N_("Where the troops of the Russian-led CSTO came from and when they left, and where the unrest "
         "was: day by day, every figure with its source.")
CREDIT = N_("Graphic: kz-crisis-map, from the sources named. Country outlines: countryinfo. "
            "Web Mercator projection.")
SOURCES_SHOWN = 6  # publishers the one-line source line names before "and N more"


def publishers(selection: Selection) -> list[str]:
    """The publishers behind what the view draws, most cited first: each source's publisher without
    its parenthesis ("dpa (Deutsche Presse-Agentur)" is "dpa"), each once."""
    cited = Counter(chain.from_iterable(chain(selection.records["sources"], selection.figures["sources"])))
    sources = selection.sources
    names: Counter[str] = Counter()
    first: dict[str, int] = {}
    for n, (sid, publisher) in enumerate(zip(sources["id"], sources["publisher"], strict=True)):
        name = re.sub(r"\s*\([^)]*\)\s*$", "", str(publisher)).strip() or str(publisher)
        names[name] += cited.get(sid, 0)
        first.setdefault(name, n)
    return sorted(names, key=lambda name: (-names[name], first[name]))


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
