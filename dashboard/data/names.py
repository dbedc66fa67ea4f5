"""Normalised keys for place and country names, shared by the geocoder and the loader.

The geocoder's index of names is cached on disk under a key that covers this file's source
(`dashboard/geo/gazetteer.py`): changing how keys are made rebuilds it.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_SEPARATORS = re.compile(r"[\s\-‐-―_'’ʼ`´.,()/]+")


def name_key(text: str) -> str:
    """Return the lookup key of a name: Unicode-normalised, case-folded, separators folded.

    "Nur-Sultan", "nur sultan" and "NUR–SULTAN" share one key; scripts and diacritics are kept,
    so "Алматы" and "Schangaösen" stay distinct from their Latin or plain-ASCII spellings.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SEPARATORS.sub(" ", folded).strip()


class _Transliteration(dict[int, str]):
    """Code point -> its ASCII transliteration (unidecode's), filled in as characters are met.

    unidecode replaces each character on its own, so translating a string character by character
    through this table gives the same text as `unidecode(string)`, without a Python loop per character.
    """

    def __missing__(self, codepoint: int) -> str:
        self[codepoint] = replacement = unidecode(chr(codepoint))
        return replacement


_TO_ASCII = _Transliteration()


def ascii_key(text: str) -> str:
    """Return the key of a name transliterated to ASCII ("Aqtöbe" -> "aqtobe", "Алматы" -> "almaty")."""
    normal = unicodedata.normalize("NFKC", text)
    return name_key(normal if normal.isascii() else normal.translate(_TO_ASCII))
