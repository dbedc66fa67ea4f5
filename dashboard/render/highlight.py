"""A news text with the places the geoparser found marked, for the "From article" page."""

from __future__ import annotations

import re
from collections.abc import Iterable

from dashboard.geo.geoparser import Mention
from dashboard.render.templating import render

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def highlight_html(text: str, mentions: Iterable[Mention]) -> str:
    """The text as HTML with each mention in a <mark> naming its place; paragraphs and line breaks kept."""
    paragraphs: list[list[dict[str, object]]] = [[]]

    def add_text(piece: str) -> None:
        for i, block in enumerate(PARAGRAPH_BREAK.split(piece)):
            if i:
                paragraphs.append([])
            for j, line in enumerate(block.split("\n")):
                if j:
                    paragraphs[-1].append(_part(br=True))
                if line:
                    paragraphs[-1].append(_part(text=line))

    position = 0
    for m in sorted(mentions, key=lambda m: m.start):
        add_text(text[position:m.start])
        label = f"{m.name}, {m.country} ({m.kind}, {m.found_by}, {m.confidence:.2f})"
        paragraphs[-1].append(_part(text=text[m.start:m.end], mention=m, label=label))
        position = m.end
    add_text(text[position:])
    kept = [p for p in paragraphs if any(part["mention"] or part["text"].strip() for part in p)]
    return render("highlight.html", paragraphs=kept)


def _part(text: str = "", mention: Mention | None = None, label: str = "",
          br: bool = False) -> dict[str, object]:
    """A piece of a paragraph: text, a marked mention, or a line break."""
    return {"text": text, "mention": mention, "label": label, "br": br}
