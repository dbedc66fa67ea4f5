"""Country codes and names: ISO 3166-1 alpha-2 from English, German, Russian and Kazakh names."""

from __future__ import annotations

import pycountry
from babel import Locale

from dashboard.data.names import ascii_key, name_key
from dashboard.memo import memoised

HOST = "KZ"
CONTRIBUTORS: tuple[str, ...] = ("RU", "BY", "AM", "TJ", "KG")
NAME_LANGUAGES: tuple[str, ...] = ("en", "de", "ru", "kk")

# Spellings in common press use that neither ISO 3166 nor CLDR lists.
_PRESS_NAMES: dict[str, str] = {
    "Kirgistan": "KG",
    "Weißrussland": "BY",
    "Weissrussland": "BY",
    "Byelorussia": "BY",
    "Kirghizia": "KG",
    "Tadzhikistan": "TJ",
    "Kazakstan": "KZ",
    "Qazaqstan": "KZ",
    "Turkey": "TR",  # CLDR now says Türkiye; the press mostly still writes Turkey
}


@memoised
def names_by_code() -> dict[str, tuple[str, ...]]:
    """Every ISO country's names: English short name first, then ISO, CLDR (en/de/ru/kk) and press names."""
    names: dict[str, list[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        entry = names.setdefault(code, [country_name(code, "en")])
        for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                entry.append(value)
        for lang in NAME_LANGUAGES:
            entry.append(country_name(code, lang))
    for name, code in _PRESS_NAMES.items():
        names[code].append(name)
    return {code: tuple(dict.fromkeys(entry)) for code, entry in names.items()}


@memoised
def _index() -> tuple[dict[str, str], dict[str, str]]:
    """Map name keys (exact, then ASCII-folded) to alpha-2 codes."""
    exact: dict[str, str] = {}
    for code, names in names_by_code().items():
        for name in names:
            exact.setdefault(name_key(name), code)
    folded: dict[str, str] = {}
    for key, code in exact.items():
        folded.setdefault(ascii_key(key), code)
    return exact, folded


def country_code(text: str) -> str | None:
    """Return the alpha-2 code for a code or a country name in English, German, Russian or Kazakh.

    Returns None when the text names no country.
    """
    if not text or not text.strip():
        return None
    exact, folded = _index()
    return exact.get(name_key(text)) or folded.get(ascii_key(text))


def country_name(code: str, lang: str = "en") -> str:
    """Return the country's short name in the given language (falls back to the code)."""
    return _territories(lang).get(code.upper(), code.upper())


@memoised
def _territories(lang: str) -> dict[str, str]:
    """Every territory's short name in a language, read from babel once."""
    return dict(Locale.parse(lang).territories)
