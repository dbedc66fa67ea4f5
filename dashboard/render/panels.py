"""The sidebar's panels as HTML: a card per contingent, the unrest places with the most victims, and
the withdrawal status, from `dashboard.view.sidebar`'s values (autoescaped templates)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup

from dashboard.i18n import Translator
from dashboard.render.templating import render
from dashboard.view.sidebar import Contingent, Place
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


def place_html(place: Place, lang: str = "en", button: bool = False) -> str:
    """One unrest place: each toll with every source's figure side by side."""
    return render("place.html", place=place, labels=_labels(lang), button=button)


def sidebar_html(contingents: list[Contingent], withdrawal: list[WithdrawalLine], places: list[Place],
                 titles: Mapping[str, str], lang: str = "en", troops_note: str | None = None) -> str:
    """The three panels for a page that shows and hides them by country itself (the edition): every
    card, line and place carries its countries (`data-countries`) and its status (`data-status`).
    `titles` names the panels (`troops`, `withdrawal`, `unrest`, translated: the page description's) and
    says `no_unrest` when no place is listed. `troops_note` is said in the troop panel when no state had
    decided to send troops by the date."""
    return render("sidebar.html", titles=titles, troops_note=troops_note,
        contingents=[Markup(contingent_html(card, lang, button=True)) for card in contingents],
        withdrawal=withdrawal, places=[Markup(place_html(place, lang, button=True)) for place in places])
