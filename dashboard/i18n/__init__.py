"""The interface's languages: translations, plurals, numbers and dates (see `translator`)."""

from dashboard.i18n.translator import (
    DEFAULT_LANGUAGE,
    ENDONYMS,
    LANGUAGES,
    MISSING,
    N_,
    NP_,
    Translator,
    language,
)

__all__ = ["DEFAULT_LANGUAGE", "ENDONYMS", "LANGUAGES", "MISSING", "NP_", "N_", "Translator", "language"]
