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
   named or referred to elsewhere in it), else to the most populous; a city of a million beats a smaller
   namesake either way ("Пекин" is Beijing even beside the United States, home of a Pekin). A small
   town counts only when its country is in the text; a big city (over 100,000 people) always does.
4. Demonyms ("russische Soldaten", "kasachischen Behörden", "Kyrgyz soldiers") refer to their country,
   marked as such and with lower confidence than a name.

Languages: German, English, Russian and Kazakh (`language.TEXT_LANGUAGES`); with none given, the text's
language is detected (`language.detect_language`). Russian words are also tried as their lemmas, and
Russian persons, organisations and wire datelines have rules of their own (`russian`); Kazakh names are
matched as written or without a case ending.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, replace
from itertools import pairwise

from dashboard.geo import language, russian
from dashboard.geo.demonyms import demonym_country
from dashboard.geo.geocoder import Geocoder, Place

TEXT_LANGUAGES = language.TEXT_LANGUAGES  # the languages read (see `language`)

CYRILLIC_LANGUAGES = frozenset({"ru", "kk"})
MAX_WORDS = 4
LOOK_BACK = 80  # characters before a word searched for the end of the previous sentence
BIG_CITY = 100_000
METROPOLIS = 1_000_000
# Short all-capital names that are countries in running text (other codes, like KZ in "NUR.KZ", are not).
COUNTRY_ABBREVIATIONS = frozenset({"USA", "UK", "UdSSR", "VAE", "UAE", "США", "РФ"})
KIND_BY_PRECISION = {"country": "country", "city": "city", "point": "site", "street": "site",
                     "region": "region"}
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


@dataclass(frozen=True)
class _Doc:
    """A text being read: its words (no agency after a dateline), language, and dateline cities."""

    text: str
    words: list[_Word]
    lang: str
    forced: frozenset[int]  # start offsets of words read as names whatever their case


def geoparse(text: str, geocoder: Geocoder, lang: str | None = None) -> list[Mention]:
    """Every place mention in `text`, in order of appearance. `lang` is one of TEXT_LANGUAGES; None or
    "auto" detects it (`language.detect_language`)."""
    lang = language.resolve_language(lang, text)
    words = [_Word(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
    forced: set[int] = set()
    if lang in CYRILLIC_LANGUAGES:
        cities, agencies = russian.dateline_words(text, [w.start for w in words])
        forced = {words[k].start for k in cities}
        words = [w for k, w in enumerate(words) if k not in agencies]
    doc = _Doc(text, words, lang, frozenset(forced))
    found = _demonym_mentions(doc, geocoder)
    context = Counter(m.country for m in found)
    # First pass: countries named in the text join the demonyms as context for the places.
    # A demonym is never also read as a place name ("Kazakh" is a spelling of a town in the gazetteer).
    demonym_at = {m.start for m in found}
    doc = replace(doc, words=[w for w in words if w.start not in demonym_at])
    names = _name_mentions(doc, geocoder, context, countries_only=True)
    context.update(m.country for m in names)
    names = _name_mentions(doc, geocoder, context, countries_only=False)
    return sorted(found + names, key=lambda m: m.start)


def _demonym_mentions(doc: _Doc, geocoder: Geocoder) -> list[Mention]:
    out = []
    for word in doc.words:
        inside = doc.lang == "ru" and word.text[0].isupper() and not _starts_sentence(doc.text, word.start)
        code = demonym_country(word.text, doc.lang, inside_sentence_capital=inside)
        country = None if code is None else _country_place(geocoder, code)
        if country is not None:
            out.append(_mention(word.text, word.start, word.end, country, "demonym", 0.6))
    return out


def _country_place(geocoder: Geocoder, code: str) -> Place | None:
    return next((p for p, _ in geocoder.lookup(code) if p.origin == "country" and p.country == code), None)


def _name_mentions(doc: _Doc, geocoder: Geocoder, context: Counter, countries_only: bool) -> list[Mention]:
    text, words = doc.text, doc.words
    out: list[Mention] = []
    i = 0
    while i < len(words):
        if not _candidate(doc, i):
            i += 1
            continue
        site = None if countries_only else (_curated_site(doc, i, geocoder) or _kind_site(doc, i, geocoder))
        if site is not None:
            out.append(site)
            i += len(WORD.findall(text[words[i].start:site.end]))
            continue
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            run = words[i:i + n]
            if not all(_candidate(doc, i + k) for k in range(n)) or not _adjacent(text, run):
                continue
            mention = _resolve(doc, i, n, geocoder, context, countries_only)
            if mention is not None:
                out.append(mention)
                i += n
                break
        else:
            i += 1
    return out


def _curated_site(doc: _Doc, i: int, geocoder: Geocoder) -> Mention | None:
    """A curated site named with lower-case words after a capitalised one: "Kant air base"."""
    text, words = doc.text, doc.words
    for n in range(min(MAX_WORDS, len(words) - i), 1, -1):
        run = words[i:i + n]
        if not _adjacent(text, run):
            continue
        surface = text[run[0].start:run[-1].end]
        place = next((p for p, _ in geocoder.lookup(surface) if p.origin == "curated"), None)
        if place is not None:
            return _mention(surface, run[0].start, run[-1].end, place, "name", 0.9)
    return None


def _kind_site(doc: _Doc, i: int, geocoder: Geocoder) -> Mention | None:
    """In Russian, a curated site named by an inflected lower-case word and a name ("аэропорта Алматы",
    "авиабазе Кант"): the word's lemma and the name make the site's spelling."""
    if doc.lang != "ru" or i == 0 or not _adjacent(doc.text, doc.words[i - 1:i + 1]):
        return None
    kind, name = doc.words[i - 1], doc.words[i]
    place = russian.kind_site(kind.text, name.text, geocoder.lookup) if kind.text.islower() else None
    return None if place is None else _mention(doc.text[kind.start:name.end], kind.start, name.end, place,
                                               "inflection", 0.85)


def _candidate(doc: _Doc, i: int) -> bool:
    current = doc.words[i]
    if current.start in doc.forced:
        return True
    word = current.text
    if not word[0].isupper() or word in language.calendar_words() or word in language.COMMON_WORDS:
        return False
    if word.isupper() and len(word) <= 5 and word not in COUNTRY_ABBREVIATIONS:
        return False  # organisations and codes: OVKS, CSTO, KZ, AP, ОДКБ, ТАСС
    previous = doc.words[i - 1] if i > 0 else None
    if previous is not None and previous.text in language.PERSON_TITLES:
        return False
    if doc.lang != "ru":
        return True
    gap = doc.text[previous.end:current.start] if previous is not None else ""
    return not russian.rejects(word, previous.text if previous is not None else None, gap,
                               _starts_sentence(doc.text, current.start))


def _adjacent(text: str, run: list[_Word]) -> bool:
    """Words of one name: separated by single spaces only."""
    return all(text[a.end:b.start] == " " for a, b in pairwise(run))


def _resolve(doc: _Doc, i: int, n: int, geocoder: Geocoder, context: Counter,
             countries_only: bool) -> Mention | None:
    text, words = doc.text, doc.words
    first, last = words[i], words[i + n - 1]
    surface = text[first.start:last.end]
    # The name as written, then its inflected readings (the span is always the word as written).
    forms = [(surface, last.end, "name")]
    if doc.lang in CYRILLIC_LANGUAGES:
        variants = russian.variants([w.text for w in words[i:i + n]], doc.lang)
        forms += [(variant, last.end, "inflection") for variant in variants]
    elif n == 1:
        forms += [(surface[: -len(ending)], last.end, "inflection") for ending in ("s", "es", "'s", "’s")
                  if surface.endswith(ending) and len(surface) > len(ending) + 2]
    if n == 1 and "-" in surface:
        head = surface.split("-")[0]
        forms.append((head, first.start + len(head), "compound"))
    # Another language's spelling that opens a sentence is a word ("Dabei"); a Cyrillic text's own
    # spellings are not suspect (Russian has its own rule for common words, in `russian.rejects`).
    sentence_start = doc.lang not in CYRILLIC_LANGUAGES and _starts_sentence(text, first.start)
    for form, end, how in forms:
        found = geocoder.lookup(form)
        found = russian.spelled(form, found) if doc.lang in CYRILLIC_LANGUAGES else found
        hits = [(p, m) for p, m in found
                if _plausible(form, p, m, sentence_start and p.country not in context)]
        place, method = _choose(hits, context, countries_only)
        if place is None:
            continue
        if (how == "name" or doc.lang == "ru") and place.origin == "gazetteer" and _followed_by_surname(
                doc, i, n, geocoder):
            return None  # "Vladimir Putin": a first name, not the city (in German, a genitive is never one)
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
    """Whether the word at `position` opens a sentence, a line or a quotation (looking back a bounded
    stretch: a long text is not copied for each word)."""
    before = text[max(0, position - LOOK_BACK):position].rstrip(" \t\"'„“«»(")
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
    return min(fitting, key=lambda h: (tier[h[0].origin], h[0].population < METROPOLIS,
                                       -context.get(h[0].country, 0), -h[0].population))


def _followed_by_surname(doc: _Doc, i: int, n: int, geocoder: Geocoder) -> bool:
    """The next word is capitalised, directly after a single space, and names no place (and in Russian,
    pymorphy reads the name as a first name: "В Алматы Токаев …" keeps Almaty)."""
    text, words, j = doc.text, doc.words, i + n
    if j >= len(words) or text[words[j - 1].end:words[j].start] != " ":
        return False
    if doc.lang == "ru" and not russian.is_first_name(text[words[i].start:words[j - 1].end]):
        return False
    nxt = words[j].text
    return nxt[0].isupper() and nxt not in language.calendar_words() and not geocoder.lookup(nxt)


def _mention(surface: str, start: int, end: int, place: Place, found_by: str, confidence: float) -> Mention:
    return Mention(surface, start, end, place.name, place.country, round(place.lat, 5),
                   round(place.lon, 5), place.precision, KIND_BY_PRECISION.get(place.precision, "city"),
                   found_by, confidence)
