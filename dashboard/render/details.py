"""The details panel laid out: one record in full, with its figures and its sources as links. What it
says is worded by `view.details`."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.render.templating import render
from dashboard.view.details import Words


def details_html(words: Words) -> str:
    """One record's details (`view.details.record_words`) as HTML. Every data string is escaped by the
    template; a source is a link only when its URL is http(s)."""
    return render("details.html", **words)


def details_by_record(words: Mapping[str, Words]) -> dict[str, str]:
    """`details_html` of each record's words (`view.details.words_by_record`), by record id."""
    return {rid: details_html(own) for rid, own in words.items()}


def sources_html(words: Mapping[str, Words], labels: Mapping[str, str]) -> dict[str, str]:
    """Each source's list item as the details panel shows it (inner HTML), by source id, from its words
    (`view.details.sources_words`) and the details' labels (`view.details.detail_labels`)."""
    return {sid: render("source.html", source=source, labels=labels).strip() for sid, source in words.items()}
