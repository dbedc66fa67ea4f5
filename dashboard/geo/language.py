"""Which language a news text is in, for the geoparser (German, English, Russian or Kazakh), and the
German and English words it must not take for places (titles, calendar words, common words).

The rule is deliberately simple, so that an editor can predict it:

1. Script. A text with more Cyrillic than Latin letters is Cyrillic, else Latin.
2. Cyrillic: Kazakh (`kk`) when at least one in ten of its ordinary words (written in lower case, so
   that Kazakh place names such as "Ақтау" in a Russian report do not count) has a letter of the Kazakh
   alphabet that Russian lacks (ә ғ қ ң ө ұ ү һ і); else Russian (`ru`).
3. Latin: German (`de`) or English (`en`) by function words. Each language scores one point per
   occurrence of its own short, common words ("der", "und", "nicht" … "the", "and", "of" …) and German
   one more per word with ä, ö, ü or ß. The higher score wins; a tie (a text with no such words)
   reads as German, the geoparser's first language.
"""

from __future__ import annotations

import re

from babel.dates import get_day_names, get_month_names

from dashboard.memo import memoised

# The languages the geoparser reads, and their names in themselves (the article page shows these).
TEXT_LANGUAGE_NAMES: dict[str, str] = {"de": "Deutsch", "en": "English", "ru": "Русский", "kk": "Қазақша"}
TEXT_LANGUAGES: tuple[str, ...] = tuple(TEXT_LANGUAGE_NAMES)
AUTO = "auto"  # "no language given": detect it
KAZAKH_LETTERS = frozenset("әғқңөұүһі")
KAZAKH_SHARE = 0.1
GERMAN_WORDS = frozenset({
    "der", "die", "das", "den", "dem", "des", "und", "ist", "nicht", "mit", "von", "ein", "eine", "einen",
    "im", "auf", "zu", "sich", "nach", "aus", "bei", "für", "wurde", "wurden", "sind", "hat", "haben",
    "auch", "sie", "er", "es", "wie", "noch", "über",
})
ENGLISH_WORDS = frozenset({
    "the", "and", "of", "to", "is", "was", "were", "with", "from", "that", "for", "on", "by", "has",
    "have", "had", "are", "this", "it", "its", "which", "who", "they", "their", "said", "after",
})
# Titles and roles that precede a person's name: the word after them is not a place.
PERSON_TITLES = frozenset([
    "Präsident", "Präsidentin", "Präsidenten", "Staatschef", "Staatschefs", "Regierungschef",
    "Kanzler", "Kanzlerin", "Minister", "Ministerin", "Außenminister", "Verteidigungsminister",
    "Premier", "Premierminister", "Generalsekretär", "Sprecher", "Sprecherin", "Kollege",
    "Kollegen", "Herr", "Herrn", "Frau", "General", "Generaloberst", "Oberst", "Botschafter",
    "Bürgermeister", "President", "Premier", "Minister", "Secretary", "General", "Colonel",
    "Chancellor", "Mayor", "Ambassador", "Spokesman", "Spokeswoman", "Mr", "Mrs", "Ms", "Dr", "Sir",
    "Lord", "Lady",
])
# Common words that are also names of big cities elsewhere ("Essen" is food in German, "Halle" a hall).
COMMON_WORDS = frozenset({"Essen", "Halle", "Bergen", "Mobile", "Reading", "Bath", "Police", "Airport",
                          "Independence", "Split", "Nice", "Sale", "Victoria", "Mark", "Hof"})
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def detect_language(text: str) -> str:
    """The language code of `text` (one of TEXT_LANGUAGES), by the rule in this module's docstring."""
    if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)):
        return "kk" if is_kazakh(text) else "ru"
    words = [w.casefold() for w in _WORD.findall(text)]
    german = sum(w in GERMAN_WORDS or bool(set(w) & set("äöüß")) for w in words)
    english = sum(w in ENGLISH_WORDS for w in words)
    return "en" if english > german else "de"


def is_kazakh(text: str) -> bool:
    """Whether a Cyrillic text is Kazakh: Kazakh-only letters in at least one in ten ordinary words."""
    ordinary = [w for w in _WORD.findall(text) if w[0].islower() and _CYRILLIC.match(w)]
    kazakh = sum(bool(KAZAKH_LETTERS & set(w)) for w in ordinary)
    return kazakh > 0 and kazakh >= KAZAKH_SHARE * len(ordinary)


def resolve_language(lang: str | None, text: str) -> str:
    """`lang` when it names a language, else (None or "auto") the language detected in `text`."""
    if lang is None or lang == AUTO:
        return detect_language(text)
    if lang not in TEXT_LANGUAGES:
        raise ValueError(f"unknown text language {lang!r}; expected one of {', '.join(TEXT_LANGUAGES)}")
    return lang


@memoised
def calendar_words() -> frozenset[str]:
    """Month and weekday names in English and German (babel's CLDR data): never places. (Russian ones
    are recognised by their lemmas, in any case: `russian.CALENDAR`.)"""
    words: set[str] = set()
    for locale in ("en", "de"):
        for width in ("wide", "abbreviated"):
            words |= {w.strip(".") for w in get_month_names(width, locale=locale).values()}
            words |= {w.strip(".") for w in get_day_names(width, locale=locale).values()}
    return frozenset(words)
