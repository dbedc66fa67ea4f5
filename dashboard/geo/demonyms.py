"""Demonyms: words that refer to a country without naming it ("russische Soldaten", "Kyrgyz soldiers",
"российские военные", "казахстанцы"), from the curated `geodata/gazetteer/demonyms.csv`.

One row per word and language (`word,lang,country`): German stems (the adjective endings are added
here), English words (a plural -s is added), Russian lemmas (a text's word is lemmatised before the
look-up, so "белорусских" finds "белорусский") and Kazakh words as written.
"""

from __future__ import annotations

import pandas as pd

from dashboard.config import GAZETTEER_DIR
from dashboard.geo import russian
from dashboard.memo import memoised

DEMONYMS_FILE = GAZETTEER_DIR / "demonyms.csv"
# German adjective endings on a demonym stem: kasachisch, -e, -en, -er, -es, -em.
GERMAN_ENDINGS = ("", "e", "en", "er", "es", "em")
PREFIX = 3  # letters a Russian demonym keeps in every inflection (россиянин, российский: "рос")


@memoised
def demonyms() -> dict[tuple[str, str], str]:
    """(word, language) -> country code: German stems with their endings, English words with a plural,
    Russian lemmas and Kazakh words as they are."""
    table = pd.read_csv(DEMONYMS_FILE, dtype=str)
    out: dict[tuple[str, str], str] = {}
    for word, lang, country in table.itertuples(index=False):
        if lang == "de":
            for ending in GERMAN_ENDINGS:
                out[((word + ending).casefold(), lang)] = country
        elif lang == "en":
            for form in (word, word + "s"):
                out[(form.casefold(), lang)] = country
        else:
            out[(word.casefold(), lang)] = country
    return out


@memoised
def _russian_prefixes() -> frozenset[str]:
    return frozenset(word[:PREFIX] for word, lang in demonyms() if lang == "ru")


def demonym_country(word: str, lang: str, inside_sentence_capital: bool) -> str | None:
    """The country `word` refers to as a demonym in a text in `lang`, or None.

    English demonyms are capitalised ("Russian"). A Russian word is matched by its lemmas, and not at
    all when it is capitalised inside a sentence (`inside_sentence_capital`): there it is part of a
    name ("Российской Федерации", "Казахстанская правда").
    """
    table = demonyms()
    if lang == "ru":
        if inside_sentence_capital or word[:PREFIX].casefold() not in _russian_prefixes():
            return None  # most words: no need to analyse them
        return next((table[(lemma, lang)] for lemma in sorted(russian.demonym_lemmas(word))
                     if (lemma, lang) in table), None)
    if lang == "en" and not word[0].isupper():
        return None
    return table.get((word.casefold(), lang))
