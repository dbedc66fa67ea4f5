"""Russian and Kazakh for the geoparser: lemmas, persons, organisations, datelines.

Russian words are read with pymorphy3 and its Russian dictionary (one analyser per process):

* **Lemmas.** An inflected name ("в Казахстане", "Алма-Ату", "Нур-Султане") is looked up as written
  first, then as the lemmas pymorphy proposes: place-name (`Geox`) readings first, then readings of
  words the dictionary does not know (local names such as "Жанаозена"), of surnames and of possessive
  adjectives (the historic "Гурьев" is both: "Гурьеве", "Гурьевом"). A reading as a known common word
  is never tried ("Центральной" is not a town called Centralny), nor another adjective ("Ульяновской"
  names a region, which the gazetteer lacks). A run of capitalised words is put in the nominative
  word by word, keeping gender ("Российской Федерации" -> "российская федерация").
* **Spellings before transliterations.** A Cyrillic name that is a Cyrillic spelling of some place
  is not also read as the Latin name it transliterates to ("Пекин" is Beijing, not Pekin, Illinois).
* **Not places.** A capitalised word is no place when it is a month or weekday in any case, an
  organisation (`Orgn` or an abbreviation like ОДКБ, ТАСС, Минобороны), a person after a title or role
  ("президента Токаева", "министр Шойгу": any person reading and no place reading), a common word after a
  naming word ("газета Заря", "улица Абая"), a name in quotes after a common noun (хлебозавод «Аксай»),
  a surname after a first name ("Сергей Шойгу"), or a common word that merely opens a sentence
  ("Верный своему слову" is not Almaty's old name).
* **Datelines.** Russian wires open with the city in capitals, a date and the agency: "МОСКВА, 12 января.
  INTERFAX.RU -", "АЛМАТЫ, 5 января. /ТАСС/." The city is a place (the capitals are read as a name); the
  agency after the date never is.

Kazakh has no analyser here: its names are matched as written, or without one case ending
("Алматыда" -> "Алматы").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from itertools import product
from typing import TYPE_CHECKING

import pymorphy3
from pymorphy3.analyzer import Parse

from dashboard.memo import memoised

if TYPE_CHECKING:
    from dashboard.geo.geocoder import Place


def _words(block: str) -> frozenset[str]:
    """The words of a block of text, for the word lists below."""
    return frozenset(block.split())


PERSON = frozenset({"Name", "Surn", "Patr"})
PROPER = PERSON | {"Geox", "Orgn", "Trad", "Abbr"}
NAME_LIKE = PERSON | {"Poss"}  # readings whose lemma may be a place's name ("Гурьеве", "Гурьевом")
MAX_FORMS = 3  # nominative readings kept per word of a multi-word name
# Titles and roles (lemmas): the word after one is a person's name unless it can be a place.
TITLES = _words("""
президент экс-президент премьер-министр премьер вице-премьер министр замминистр вице-министр глава
руководитель заместитель секретарь генсек пресс-секретарь представитель спикер председатель командующий
командир генерал генерал-полковник генерал-лейтенант генерал-майор полковник подполковник майор капитан
лейтенант посол мэр аким губернатор депутат сенатор канцлер лидер господин госпожа советник помощник
коллега прокурор судья директор политолог эксперт журналист корреспондент патриарх король
""")
# Words that introduce the name of something other than a place: a paper, a party, a street.
NAMING_WORDS = TITLES | _words("""
агентство газета телеканал издание портал журнал сайт компания партия движение фонд банк корпорация
концерн холдинг улица проспект площадь переулок бульвар шоссе имя
""")
# Organisations and agencies that pymorphy may not tag as such (lemmas, lower case).
ORGANISATIONS = _words("""
одкб мвд вкс вдв тасс риа мид кнб снг оон нато ес минобороны интерфакс казинформ спутник sputnik
interfax kazinform казтаг ховар кабар белта арменпресс
""")
CALENDAR = _words("""
январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь понедельник вторник
среда четверг пятница суббота воскресенье
""")
# Kazakh case endings (genitive, dative, accusative, locative, ablative, instrumental, "the one in"),
# longest first: one is taken off a word that is not a name as written.
KAZAKH_ENDINGS = tuple(sorted(_words("""
ндағы ндегі дағы дегі тағы тегі ның нің дың дің тың тің дан ден тан тен нан нен мен бен пен ға ге қа ке
да де та те ны ні ды ді ты ті
"""), key=len, reverse=True))
MIN_STEM = 4
_CAPS = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
DATELINE = re.compile(
    rf"^[ \t]*(?P<city>[{_CAPS}][{_CAPS}\-‐ ]*[{_CAPS}])[ \t]*,[ \t]*\d{{1,2}}[ \t]+[^\W\d_]+\.?"
    r"(?:[ \t]+\d{4}(?:[ \t]*г\.)?)?", re.MULTILINE)
# What follows a dateline's date and names the agency: "/ТАСС/", "(Reuters)", "- РИА Новости.",
# "INTERFAX.RU -", "Sputnik Казахстан –", or a lone Latin or all-capital word.
AGENCY = re.compile(
    r"[ \t.,]*(?P<agency>/[^/\n]{1,80}/|\([^)\n]{1,60}\)|[-–—][ \t]*[^.\n]{1,40}"
    r"|[^\s/(–—-]+(?:[ \t]+[^\s–—-]+){0,2}(?=[ \t]+[-–—][ \t])|[A-Za-z][\w.]*|[А-ЯЁ]{2,}\b)")


@memoised
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The Russian morphological analyser, loaded once per process (about half a second)."""
    return pymorphy3.MorphAnalyzer(lang="ru")


@memoised(entries=200_000)
def parses(word: str) -> tuple[Parse, ...]:
    """pymorphy's readings of `word`, most likely first (cached: texts repeat their words)."""
    return tuple(analyzer().parse(word))


def _grammemes(parse: Parse) -> frozenset[str]:
    return frozenset(parse.tag.grammemes)


def spelled(form: str, hits: list[tuple[Place, str]]) -> list[tuple[Place, str]]:
    """A Cyrillic name's hits without mere transliterations of a Latin name ("Пекин" is Beijing, not
    Pekin, Illinois, whose own name merely folds to the same letters), unless only such hits exist."""
    if not _CYRILLIC.search(form):
        return hits
    kept = [(p, m) for p, m in hits if m != "exact" or _CYRILLIC.search(p.name)]
    return kept or hits


@memoised(entries=100_000)
def lemmas(word: str) -> tuple[str, ...]:
    """The lemmas worth looking up for a capitalised word, place readings first, without the word
    itself: an inflected place name ("Москве" -> "москва"), a local name pymorphy does not know
    ("Жанаозена" -> "жанаозен"), a name that is also a surname ("Гурьеве" -> "гурьев") or inflects
    like a possessive adjective, as names in -ов/-ев/-ин do ("Гурьевом" -> "гурьев")."""
    readings = [p for p in parses(word) if p.tag.POS == "NOUN" or "Poss" in p.tag]
    ordered = [p for p in readings if "Geox" in p.tag] + [
        p for p in readings if "Geox" not in p.tag and (not p.is_known or _grammemes(p) & NAME_LIKE)]
    seen = {word.casefold()}
    return tuple(p.normal_form for p in ordered if p.normal_form not in seen and not seen.add(p.normal_form))


def phrase_forms(words: list[str]) -> list[str]:
    """A multi-word name in the nominative, word by word and agreeing in gender and number ("Нижнем
    Новгороде" -> "нижний новгород"); every combination of each word's likeliest readings."""
    options = []
    for word in words:
        forms: list[str] = []
        for p in parses(word):
            nominative = p.inflect({"nomn"}) if p.tag.POS in ("NOUN", "ADJF") else None
            if nominative is not None and nominative.word not in forms:
                forms.append(nominative.word)
        options.append(forms[:MAX_FORMS] or [word.casefold()])
    surface = " ".join(w.casefold() for w in words)
    return [form for combo in product(*options) if (form := " ".join(combo)) != surface]


@memoised(entries=100_000)
def demonym_lemmas(word: str) -> frozenset[str]:
    """The adjective and noun lemmas of `word`, to match against the demonyms ("российские" ->
    "российский", "казахстанцы" -> "казахстанец") or to name a kind of site ("аэропорта" -> "аэропорт")."""
    return frozenset(p.normal_form for p in parses(word) if p.tag.POS in ("ADJF", "NOUN"))


def kind_site(kind: str, name: str, lookup: Callable[[str], list[tuple[Place, str]]]) -> Place | None:
    """The curated site spelled by the lemma of `kind` and `name` ("аэропорта" + "Алматы" -> "аэропорт
    Алматы", an alias of Almaty International Airport), if any."""
    for lemma in sorted(demonym_lemmas(kind)):
        place = next((p for p, _ in lookup(f"{lemma} {name}") if p.origin == "curated"), None)
        if place is not None:
            return place
    return None


@memoised(entries=100_000)
def is_first_name(word: str) -> bool:
    """Whether the likeliest reading of `word` is a first name or patronymic the dictionary knows."""
    best = parses(word)[0]
    return best.is_known and bool(_grammemes(best) & {"Name", "Patr"})


@memoised(entries=100_000)
def _has_place_reading(word: str, known: bool = False) -> bool:
    return any("Geox" in p.tag and (p.is_known or not known) for p in parses(word))


@memoised(entries=100_000)
def _is_common(word: str) -> bool:
    """A dictionary word that is no name in its likeliest reading, and has no place reading."""
    best = parses(word)[0]
    return best.is_known and not _grammemes(best) & PROPER and not _has_place_reading(word)


def rejects(word: str, previous: str | None, gap: str, sentence_start: bool) -> bool:
    """Whether a capitalised word of a Russian text cannot be (part of) a place name. `previous` is the
    word before it (None at the start), `gap` what separates the two."""
    if previous is not None and previous.islower() and gap.endswith("«"):
        return True  # a facility's or a paper's name in quotes: хлебозавод «Аксай», газета «Заря»
    previous = previous if gap == " " else None
    readings = parses(word)
    if {p.normal_form for p in readings} & CALENDAR:
        return True
    if word.casefold() in ORGANISATIONS or any(p.normal_form in ORGANISATIONS for p in readings):
        return True
    if not _has_place_reading(word) and any(_grammemes(p) & {"Orgn", "Abbr"} for p in readings):
        return True
    if previous is not None:
        if {p.normal_form for p in parses(previous)} & NAMING_WORDS and not _has_place_reading(word) and (
                any(_grammemes(p) & PERSON for p in readings) or _is_common(word)):
            return True  # "президента Токаева", "министр Шойгу", "газета Заря"
        if previous[0].isupper() and is_first_name(previous) and not _has_place_reading(word, known=True):
            return True  # "Сергей Шойгу"
    return sentence_start and _is_common(word)


def variants(words: list[str], lang: str) -> list[str]:
    """The other forms to look a name up by: Russian lemmas (one word) or nominative phrases (several),
    or a Kazakh word without its case ending."""
    if lang == "kk":
        return kazakh_stems(words[0]) if len(words) == 1 else []
    return list(lemmas(words[0])) if len(words) == 1 else phrase_forms(words)


def kazakh_stems(word: str) -> list[str]:
    """`word` without one Kazakh case ending, longest ending first ("Алматыда" -> ["Алматы"])."""
    folded = word.casefold()
    return [word[: -len(e)] for e in KAZAKH_ENDINGS if folded.endswith(e) and len(word) - len(e) >= MIN_STEM]


def dateline(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The (start, end) spans of dateline cities, and of the agency names that follow their dates."""
    cities, agencies = [], []
    for match in DATELINE.finditer(text):
        cities.append(match.span("city"))
        agency = AGENCY.match(text, match.end())
        if agency is not None:
            agencies.append(agency.span("agency"))
    return cities, agencies


def dateline_words(text: str, starts: list[int]) -> tuple[set[int], set[int]]:
    """The indices of the words (by their sorted start offsets) that are a dateline's city, and of
    those that name the agency after it."""
    cities, agencies = dateline(text)

    def inside(spans: list[tuple[int, int]]) -> set[int]:
        return {k for a, b in spans for k in range(bisect_left(starts, a), bisect_left(starts, b))}

    return inside(cities), inside(agencies)
