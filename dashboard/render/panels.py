"""The sidebar's panels as HTML: a card per contingent, the unrest places with the most victims, and
the withdrawal status, from `dashboard.view.sidebar`'s values (autoescaped templates)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup

from dashboard.i18n import Translator
from dashboard.render.templating import render
from dashboard.view.sidebar import TOP_PLACES, Contingent, Place, Unlisted
from dashboard.view.tables import WithdrawalLine

# The cards' own styles (our classes only), for a page that draws them: the app's sidebar, the edition.
PANELS_CSS = (Path(__file__).parent / "templates" / "panels.css").read_text(encoding="utf-8")


def _labels(lang: str) -> dict[str, str]:
    tr = Translator(lang)
    return {"vs": tr("vs"), "no_figure": tr("no figure"), "no_base": tr("not recorded"),
            "show": tr("Show on map")}


def contingent_html(card: Contingent, lang: str = "en", button: bool = False) -> str:
    """One contingent's card: country and status, each troop figure with its source, bases and airfield.
    With `button`, a "Show on map" button names the record (the edition's page opens it)."""
    return render("contingent.html", card=card, labels=_labels(lang), button=button)


def place_html(place: Place, lang: str = "en", button: bool = False, hidden: bool = False) -> str:
    """One unrest place: each toll with every source's figure side by side (`hidden`: not shown until a
    page that filters by country shows it)."""
    return render("place.html", place=place, labels=_labels(lang), button=button, hidden=hidden)


def unlisted_html(line: Unlisted) -> str:
    """The line under the places listed, "and 12 more places", the same in the app and the edition. It
    carries its countries (`data-countries`) and, for a page that shows some of them only, each one's
    count (`data-counts`) and the line for each total (`data-texts`), as JSON."""
    return render("unlisted.html", line=line, countries=" ".join(line.counts),
                  counts=json.dumps(line.counts), texts=json.dumps(line.texts, ensure_ascii=False))


def sidebar_html(contingents: list[Contingent], withdrawal: list[WithdrawalLine], places: list[Place],
                 titles: Mapping[str, str], lang: str = "en", troops_note: str | None = None,
                 unlisted: Unlisted | None = None, limit: int = TOP_PLACES) -> str:
    """The three panels for a page that shows and hides them by country itself (the edition): every
    card, line and place carries its countries (`data-countries`) and its status (`data-status`).
    `titles` names the panels (`troops`, `withdrawal`, `unrest`, translated: the page description's) and
    says `no_unrest`, shown when no place is. `places` are the first `limit` of each country, in order
    (`top_places(each_country=True)`): the page shows the first `limit` of the countries chosen
    (`data-limit`), as the app lists a view of those countries; the first `limit` of all are shown here.
    `troops_note` is said in the troop panel when no state had decided to send troops by the date.
    `unlisted` says how many more places there are than listed."""
    return render("sidebar.html", titles=titles, troops_note=troops_note, limit=limit,
        contingents=[Markup(contingent_html(card, lang, button=True)) for card in contingents],
        withdrawal=withdrawal,
        places=[Markup(place_html(place, lang, button=True, hidden=at >= limit))
                for at, place in enumerate(places)],
        unlisted=Markup(unlisted_html(unlisted)) if unlisted else "")
