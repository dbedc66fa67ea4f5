"""The interface in the reader's language: gettext catalogues read with babel, and babel's number and date
formats for the reader's language.

Interface strings are written in English in the code, inside `tr(...)` calls or marked with `N_(...)`
where they are defined apart from their use (status words, layer names); `locale/de/LC_MESSAGES/
messages.po` holds their German. `tests/test_i18n.py` extracts every marked string with babel and checks
that the catalogue translates each one, and that it holds nothing stale.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date, format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from dashboard.memo import memoised


@dataclass(frozen=True)
class Language:
    """An interface language: its babel locale for numbers and dates, and its name in itself (the switch
    stays readable whatever language the page is in)."""

    locale: str
    endonym: str


# The interface languages, the first being the language of the code. A new language is one line here,
# its catalogue (locale/<code>/LC_MESSAGES/messages.po) and its columns in the data (`summary_<code>`).
# British English writes "13 January 2022" and "10,000", German "13. Januar 2022" and "10.000".
INTERFACE: dict[str, Language] = {
    "en": Language("en_GB", "English"),
    "de": Language("de_DE", "Deutsch"),
}
LANGUAGES: tuple[str, ...] = tuple(INTERFACE)
DEFAULT_LANGUAGE = LANGUAGES[0]
ENDONYMS: dict[str, str] = {code: language.endonym for code, language in INTERFACE.items()}
LOCALE_DIR = Path(__file__).parent / "locale"
# The calls babel's extractor reads interface strings from: the first argument, or (plural) the first two.
KEYWORDS: dict[str, object] = {"tr": None, "N_": None, "_notice": None, "plural": (1, 2), "NP_": (1, 2)}
# Messages asked for in a language whose catalogue lacks them, to catch strings the extractor misses.
MISSING: dict[str, set[str]] = {}


def N_(msgid: str) -> str:
    """Mark a string for translation where it is defined; `tr` translates it where it is shown."""
    return msgid


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message (its English singular and plural, `{count}` in them) where it is defined;
    `tr.plural(*message, count)` says it in the form the count takes where it is shown."""
    return singular, plural


@memoised
def catalogue(lang: str) -> Catalog | None:
    """The translation catalogue of a language (None for the language of the code)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == DEFAULT_LANGUAGE or not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


@memoised
def translations(lang: str) -> gettext.NullTranslations:
    """gettext's translations of a language, compiled in memory from its catalogue (no .mo file kept)."""
    cat = catalogue(lang)
    if cat is None:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, cat)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@memoised
def _translated(lang: str) -> frozenset[str]:
    """The msgids (singulars, for plurals) the catalogue translates."""
    cat = catalogue(lang)
    if cat is None:
        return frozenset()
    return frozenset(str(m.id[0] if m.pluralizable else m.id) for m in cat
                     if m.id and not m.fuzzy and (all(m.string) if m.pluralizable else m.string))


def extracted_messages(package: Path = Path(__file__).parent.parent) -> dict[str, str]:
    """Every interface string marked in the package's code, with where it is first used ("app.py:12")."""
    found: dict[str, str] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(package), method_map=[("**.py", "python")], keywords=KEYWORDS,
    ):
        found.setdefault(message[0] if isinstance(message, tuple) else message, f"{filename}:{line}")
    return found


def extracted_plurals(package: Path = Path(__file__).parent.parent) -> dict[str, str]:
    """The plural messages marked in the package's code: singular -> plural."""
    return {message[0]: message[1] for _f, _l, message, _c, _x in extract_from_dir(
        str(package), method_map=[("**.py", "python")], keywords=KEYWORDS) if isinstance(message, tuple)}


def language(lang: str | None) -> str:
    """A supported language code, English for anything else."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


# The date of the view that shows the latest figures known today (`view.status.FINAL_DAY`), as read.
FINAL_LABEL = N_("today (final figures)")


@dataclass(frozen=True)
class Translator:
    """Interface text, numbers and dates in one language: `tr = Translator("de")`, `tr("Countries")`."""

    lang: str = DEFAULT_LANGUAGE

    @property
    def locale(self) -> str:
        """The babel locale used for numbers and dates."""
        return INTERFACE[language(self.lang)].locale

    def __call__(self, msgid: str, /, **values: object) -> str:
        """The translation of `msgid` (English when none), with `{name}` placeholders filled in."""
        lang = self._known(msgid)
        text = translations(lang).gettext(msgid)
        return text.format(**values) if values else text

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """gettext's ngettext: the form of a message for `count`, with `{count}` (as a number in the
        reader's language) and the other placeholders filled in."""
        lang = self._known(singular)
        text = translations(lang).ngettext(singular, plural, count)
        return text.format(count=self.number(count), **values)

    def _known(self, msgid: str) -> str:
        """The language, after noting a message its catalogue lacks."""
        lang = language(self.lang)
        if lang != DEFAULT_LANGUAGE and msgid not in _translated(lang):
            MISSING.setdefault(lang, set()).add(msgid)
        return lang

    def number(self, value: float) -> str:
        """10,000 in English, 10.000 in German."""
        return _number(value, self.locale)

    def date(self, day: dt.date) -> str:
        """13 January 2022 / 13. Januar 2022; the view of the final figures (`dt.date.max`, see
        `dashboard.view.status.FINAL_DAY`) as "today (final figures)"."""
        if day == dt.date.max:
            return self(FINAL_LABEL)
        return _formatted(day, "long", self.locale)

    def short_date(self, day: dt.date) -> str:
        """13 Jan 2022 / 13.01.2022: dates in tables and figure citations."""
        return _formatted(day, "medium", self.locale)

    def day_month(self, day: dt.date) -> str:
        """13 Jan / 13. Jan."""
        return _formatted(day, "dMMM", self.locale)


@memoised(entries=65536)
def _number(value: float, locale: str) -> str:
    """A number in a locale's format, remembered: tables and charts write the same values many times."""
    return format_decimal(value, locale=locale)


@memoised
def _formatted(day: dt.date, form: str, locale: str) -> str:
    """A date in one of babel's formats ("long", "medium") or skeletons ("dMMM"), remembered: the
    dashboard writes the same few dozen days many times a run."""
    if form in ("long", "medium"):
        return format_date(day, form, locale=locale)
    return format_skeleton(form, day, locale=locale)

