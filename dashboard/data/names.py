"""Normalised keys for place and country names, shared by the geocoder and the loader."""

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


def ascii_key(text: str) -> str:
    """Return the key of a name transliterated to ASCII ("Aqtöbe" -> "aqtobe", "Алматы" -> "almaty")."""
    return name_key(unidecode(unicodedata.normalize("NFKC", text)))
