"""The edition's social card and fallback image: the still of the default view in each language
(`dashboard.render.still`, 1200 × 675 px), named in the page's Open Graph and Twitter tags and shown by
readers without JavaScript, with the view's text alternative as its alt text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from dashboard.render.still import SIZES, still
from dashboard.scene import Scene

CARD_SIZE = "social"


@dataclass(frozen=True)
class Card:
    """A language's card: the PNG, its size in pixels and the text alternative of what it shows."""

    png: bytes
    width: int
    height: int
    text: str


def card(shown: Scene, notes: Sequence[str] = ()) -> Card:
    """The card of `shown`, the scene of the edition's default view (every country, the report's day) in
    a language, with `notes` under its map (`LanguageScenes.card_notes`: the troop figure)."""
    width, height = SIZES[CARD_SIZE].pixels
    return Card(still(shown, "png", CARD_SIZE, notes=list(notes)), width, height, shown.text)


def card_address(path: str, url: str) -> str:
    """Where a reader's link preview finds the card: absolute under the edition's address `url` (a page
    or its folder), else `path` relative to the page."""
    if not url:
        return path
    last = url.rsplit("/", 1)[-1]
    base = url if url.endswith("/") or "." in last else url + "/"
    return urljoin(base, path)
