"""Places named in a news text: spans, resolved places, and how sure we are.

Works offline with the dashboard's geocoder. In order:

1. Candidates are runs of up to four capitalised words (`Almaty`, `Nur-Sultan`, `Kant air base`);
   German genitives (`Kasachstans`, `Moskaus`) and hyphenated compounds (`Kasachstan-Einsatz`) are
   tried without their ending or their tail.
2. A candidate is a place only when the gazetteer knows that exact name or spelling (never a near
   spelling: in running text a guess is worse than nothing). Country names count; bare country codes,
   month and weekday names, a word after a person's title ("Präsident Tokajew") and a place-like first
   name before a surname ("Vladimir Putin") do not.
3. Ambiguity: a name known in several countries resolves to the one the text is about (countries
   named or referred to elsewhere in it), else to the most populous. A small town counts only when its
   country is in the text; a big city (over 100,000 people) always does.
4. Demonyms ("russische Soldaten", "kasachischen Behörden", "Kyrgyz soldiers") refer to their country,
   marked as such and with lower confidence than a name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import cache
from itertools import pairwise

import pandas as pd
from babel.dates import get_day_names, get_month_names

from dashboard.config import GAZETTEER_DIR
from dashboard.geo.geocoder import Geocoder, Place

DEMONYMS_FILE = GAZETTEER_DIR / "demonyms.csv"
# The languages the geoparser reads.
TEXT_LANGUAGES: tuple[str, ...] = ("de", "en")
MAX_WORDS = 4
BIG_CITY = 100_000
# German adjective endings on a demonym stem: kasachisch, -e, -en, -er, -es, -em.
GERMAN_ENDINGS = ("", "e", "en", "er", "es", "em")
# Short all-capital names that are countries in running text (other codes, like KZ in "NUR.KZ", are not).
COUNTRY_ABBREVIATIONS = frozenset({"USA", "UK", "UdSSR", "VAE", "UAE"})
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
KIND_BY_PRECISION = {"country": "country", "city": "city", "point": "site", "region": "region"}
WORD = re.compile(r"[^\W\d_]\w*(?:[-‐]\w+)*")


@dataclass(frozen=True)
class Mention:
    """One place named in the text."""

    text: str  # the words as written
    start: int  # character offsets into the text: text[start:end]
    end: int
    name: str  # the resolved place's name in the gazetteer
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    precision: str  # point, city, region, country
    kind: str  # site, city, region, country
    found_by: str  # name, spelling, inflection, compound, demonym
    confidence: float

    def as_dict(self) -> dict[str, object]:
        """The mention as a plain dict (the CLI's JSON)."""
        return asdict(self)


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


@cache
def demonyms() -> dict[tuple[str, str], str]:
    """(word, language) -> country code, from the curated `demonyms.csv`; German stems with endings."""
    table = pd.read_csv(DEMONYMS_FILE, dtype=str)
    out: dict[tuple[str, str], str] = {}
    for word, lang, country in table.itertuples(index=False):
        if lang == "de":
            for ending in GERMAN_ENDINGS:
                out[((word + ending).casefold(), lang)] = country
        else:
            for form in (word, word + "s"):
                out[(form.casefold(), lang)] = country
    return out


@cache
def _calendar_words() -> frozenset[str]:
    """Month and weekday names in English and German (babel's CLDR data): never places."""
    words: set[str] = set()
    for locale in ("en", "de"):
        for width in ("wide", "abbreviated"):
            words |= {w.strip(".") for w in get_month_names(width, locale=locale).values()}
            words |= {w.strip(".") for w in get_day_names(width, locale=locale).values()}
    return frozenset(words)


def geoparse(text: str, geocoder: Geocoder, lang: str = "de") -> list[Mention]:
    """Every place mention in `text` (German `de` or English `en`), in order of appearance."""
    words = [_Word(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
    found = _demonym_mentions(words, geocoder, lang)
    context = Counter(m.country for m in found)
    # First pass: countries named in the text join the demonyms as context for the places.
    # A demonym is never also read as a place name ("Kazakh" is a spelling of a town in the gazetteer).
    demonym_at = {m.start for m in found}
    words_left = [w for w in words if w.start not in demonym_at]
    names = _name_mentions(text, words_left, geocoder, context, countries_only=True)
    context.update(m.country for m in names)
    names = _name_mentions(text, words_left, geocoder, context, countries_only=False)
    return sorted(found + names, key=lambda m: m.start)


def _demonym_mentions(words: list[_Word], geocoder: Geocoder, lang: str) -> list[Mention]:
    table = demonyms()
    out = []
    for word in words:
        code = table.get((word.text.casefold(), lang))
        if code is None or (lang == "en" and not word.text[0].isupper()):
            continue
        country = _country_place(geocoder, code)
        if country is not None:
            out.append(_mention(word.text, word.start, word.end, country, "demonym", 0.6))
    return out


def _country_place(geocoder: Geocoder, code: str) -> Place | None:
    return next((p for p, _ in geocoder.lookup(code) if p.origin == "country" and p.country == code), None)


def _name_mentions(text: str, words: list[_Word], geocoder: Geocoder, context: Counter,
                   countries_only: bool) -> list[Mention]:
    out: list[Mention] = []
    i = 0
    while i < len(words):
        if not _candidate(words, i):
            i += 1
            continue
        site = None if countries_only else _curated_site(text, words, i, geocoder)
        if site is not None:
            out.append(site)
            i += len(WORD.findall(site.text))
            continue
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            run = words[i:i + n]
            if not all(_candidate(words, i + k) for k in range(n)) or not _adjacent(text, run):
                continue
            mention = _resolve(text, words, i, n, geocoder, context, countries_only)
            if mention is not None:
                out.append(mention)
                i += n
                break
        else:
            i += 1
    return out


def _curated_site(text: str, words: list[_Word], i: int, geocoder: Geocoder) -> Mention | None:
    """A curated site named with lower-case words after a capitalised one: "Kant air base"."""
    for n in range(min(MAX_WORDS, len(words) - i), 1, -1):
        run = words[i:i + n]
        if not _adjacent(text, run):
            continue
        surface = text[run[0].start:run[-1].end]
        place = next((p for p, _ in geocoder.lookup(surface) if p.origin == "curated"), None)
        if place is not None:
            return _mention(surface, run[0].start, run[-1].end, place, "name", 0.9)
    return None


def _candidate(words: list[_Word], i: int) -> bool:
    word = words[i].text
    if not word[0].isupper() or word in _calendar_words() or word in COMMON_WORDS:
        return False
    if word.isupper() and len(word) <= 5 and word not in COUNTRY_ABBREVIATIONS:
        return False  # organisations and codes: OVKS, CSTO, KZ, AP
    return not (i > 0 and words[i - 1].text in PERSON_TITLES)


def _adjacent(text: str, run: list[_Word]) -> bool:
    """Words of one name: separated by single spaces only."""
    return all(text[a.end:b.start] == " " for a, b in pairwise(run))


def _resolve(text: str, words: list[_Word], i: int, n: int, geocoder: Geocoder, context: Counter,
             countries_only: bool) -> Mention | None:
    first, last = words[i], words[i + n - 1]
    surface = text[first.start:last.end]
    forms = [(surface, last.end, "name")]
    if n == 1:
        for ending in ("s", "es", "'s", "’s"):
            if surface.endswith(ending) and len(surface) > len(ending) + 2:
                forms.append((surface[: -len(ending)], last.end, "inflection"))  # the word as written
        if "-" in surface:
            head = surface.split("-")[0]
            forms.append((head, first.start + len(head), "compound"))
    sentence_start = _starts_sentence(text, first.start)
    for form, end, how in forms:
        hits = [(p, m) for p, m in geocoder.lookup(form)
                if _plausible(form, p, m, sentence_start and p.country not in context)]
        place, method = _choose(hits, context, countries_only)
        if place is None:
            continue
        if (how == "name" and place.origin == "gazetteer"
                and _followed_by_surname(text, words, i + n, geocoder)):
            return None  # "Vladimir Putin": a first name, not the city (a genitive is never one)
        confidence = {"name": 0.9, "inflection": 0.8, "compound": 0.7}[how]
        if method == "alias":
            confidence -= 0.05
        if place.origin == "gazetteer" and place.country not in context:
            confidence -= 0.1
        found_by = "spelling" if how == "name" and method == "alias" else how
        return _mention(text[first.start:end], first.start, end, place, found_by, round(confidence, 2))
    return None


def _plausible(form: str, place: Place, method: str, sentence_start: bool) -> bool:
    """Whether a gazetteer hit can be what the writer meant: no country codes or short spellings
    ("Es", "In", "Die" are words, not Spain, India or a town's abbreviation), and, for a capitalised
    word that starts a sentence, no other-language spelling ("Dabei" is not Dubai) unless the text is
    about that place's country."""
    if place.origin == "curated":
        return True
    if len(form) < 4 and form not in COUNTRY_ABBREVIATIONS:
        return False
    return not (method == "alias" and place.origin == "gazetteer" and sentence_start)


def _starts_sentence(text: str, position: int) -> bool:
    """Whether the word at `position` opens a sentence, a line or a quotation."""
    before = text[:position].rstrip(" \t\"'„“«»(")
    return not before or before[-1] in ".!?:\n–—"


def _choose(hits: list[tuple[Place, str]], context: Counter,
            countries_only: bool) -> tuple[Place | None, str]:
    """The reading of a name that fits the text: a country, a curated place, a city in a country the
    text is about, or a big city; ties go to the most-mentioned country, then the most populous."""
    def fits(place: Place) -> bool:
        if place.origin == "country":
            return True
        if countries_only:
            return False
        if place.origin == "curated":
            return True
        return place.country in context or place.population >= BIG_CITY

    fitting = [(place, method) for place, method in hits if fits(place)]
    if not fitting:
        return None, ""
    tier = {"country": 0, "curated": 1, "gazetteer": 2}
    return min(fitting, key=lambda h: (tier[h[0].origin], -context.get(h[0].country, 0), -h[0].population))


def _followed_by_surname(text: str, words: list[_Word], j: int, geocoder: Geocoder) -> bool:
    """The next word is capitalised, directly after a single space, and names no place."""
    if j >= len(words) or text[words[j - 1].end:words[j].start] != " ":
        return False
    nxt = words[j].text
    return nxt[0].isupper() and nxt not in _calendar_words() and not geocoder.lookup(nxt)


def _mention(surface: str, start: int, end: int, place: Place, found_by: str, confidence: float) -> Mention:
    return Mention(surface, start, end, place.name, place.country, round(place.lat, 5),
                   round(place.lon, 5), place.precision, KIND_BY_PRECISION.get(place.precision, "city"),
                   found_by, confidence)
