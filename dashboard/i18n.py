"""The interface in English and German: a gettext catalogue read with babel, and babel's number and date
formats for the reader's language.

Interface strings are written in English in the code, inside `tr(...)` calls or marked with `N_(...)`
where they are defined apart from their use (status words, layer names); `locale/de/LC_MESSAGES/
messages.po` holds their German. `tests/test_i18n.py` extracts every marked string with babel and checks
that the catalogue translates each one, and that it holds nothing stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES: tuple[str, ...] = ("en", "de")
DEFAULT_LANGUAGE = "en"
# Each language's name in itself: the switch stays readable whatever language the page is in.
ENDONYMS: dict[str, str] = {"en": "English", "de": "Deutsch"}
# Formatting locales: British English writes "13 January 2022" and "10,000", German "13. Januar 2022"
# and "10.000".
LOCALES: dict[str, str] = {"en": "en_GB", "de": "de_DE"}
LOCALE_DIR = Path(__file__).parent / "locale"
# The calls babel's extractor reads interface strings from (their first argument).
KEYWORDS: dict[str, None] = {"tr": None, "N_": None, "_notice": None}
# Messages asked for in a language whose catalogue lacks them, to catch strings the extractor misses.
MISSING: dict[str, set[str]] = {}


def N_(msgid: str) -> str:
    """Mark a string for translation where it is defined; `tr` translates it where it is shown."""
    return msgid


@cache
def catalogue(lang: str) -> Catalog | None:
    """The translation catalogue of a language (None for English, the language of the code)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == DEFAULT_LANGUAGE or not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


@cache
def _messages(lang: str) -> dict[str, str]:
    cat = catalogue(lang)
    if cat is None:
        return {}
    return {str(m.id): str(m.string) for m in cat if m.id and m.string and not m.fuzzy}


def extracted_messages(package: Path = Path(__file__).parent) -> dict[str, str]:
    """Every interface string marked in the package's code, with where it is first used ("app.py:12")."""
    found: dict[str, str] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(package), method_map=[("**.py", "python")], keywords=KEYWORDS,
    ):
        found.setdefault(message[0] if isinstance(message, tuple) else message, f"{filename}:{line}")
    return found


def language(lang: str | None) -> str:
    """A supported language code, English for anything else."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Translator:
    """Interface text, numbers and dates in one language: `tr = Translator("de")`, `tr("Countries")`."""

    lang: str = DEFAULT_LANGUAGE

    @property
    def locale(self) -> str:
        """The babel locale used for numbers and dates."""
        return LOCALES[language(self.lang)]

    def __call__(self, msgid: str, /, **values: object) -> str:
        """The translation of `msgid` (English when none), with `{name}` placeholders filled in."""
        lang = language(self.lang)
        text = _messages(lang).get(msgid) if lang != DEFAULT_LANGUAGE else msgid
        if text is None:
            MISSING.setdefault(lang, set()).add(msgid)
            text = msgid
        return text.format(**values) if values else text

    def number(self, value: float) -> str:
        """10,000 in English, 10.000 in German."""
        return format_decimal(value, locale=self.locale)

    def date(self, day: dt.date) -> str:
        """13 January 2022 / 13. Januar 2022."""
        return format_date(day, "long", locale=self.locale)

    def short_date(self, day: dt.date) -> str:
        """13 Jan 2022 / 13.01.2022: dates in tables and figure citations."""
        return format_date(day, "medium", locale=self.locale)

    def day_month(self, day: dt.date) -> str:
        """13 Jan / 13. Jan."""
        return format_skeleton("dMMM", day, locale=self.locale)
