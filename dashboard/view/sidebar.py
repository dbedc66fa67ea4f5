"""What the sidebar shows at a glance: a card per contingent (troop origins) and the unrest places with
the most deaths, injuries or arrests known by the date, each with every figure as its source gave it.

Plain values in the reader's language; `dashboard.render.panels` draws them for the app and the edition.
Where sources disagree, every figure stays, side by side, with its qualifier and its source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.countries import country_name
from dashboard.i18n import Translator
from dashboard.view.arrays import columns, date_order, looked_up, row_of
from dashboard.view.rows import Rows
from dashboard.view.tables import LISTED
from dashboard.view.wording import amount_text, citer, word
from dashboard.vocabulary import METRICS, STATUSES, TOLL_METRICS

TOP_PLACES = 5  # unrest places the sidebar lists; the full table lists them all


@dataclass(frozen=True)
class Figure:
    """One figure as a reader reads it: "3,000 (reported)", cited "Panorama.am, 7 Jan 2022"."""

    amount: str
    cited: str
    unofficial: bool


@dataclass(frozen=True)
class Contingent:
    """A contingent's card: its country, its figures, where it flew from and to, its status."""

    record: str
    code: str
    country: str
    figures: tuple[Figure, ...]
    bases: tuple[str, ...]  # the first LISTED of them
    arrival: str | None
    status: str  # the status key (deployed, withdrawing ...)
    status_word: str
    more_bases: str | None = None  # "and 4,497 more" where it has more bases than it lists


@dataclass(frozen=True)
class Place:
    """An unrest place: its figures by metric, every source's figure side by side."""

    record: str
    name: str
    country: str  # ISO code, for the edition's country filter
    metrics: tuple[tuple[str, tuple[Figure, ...]], ...]  # (metric word, figures)


@dataclass(frozen=True)
class Unlisted:
    """The line under the places listed, "and 12 more places": the places with toll figures known that
    the panel leaves out. `text` says them all; for a page that shows the countries chosen among those of
    the panel and lists the first few of theirs (the edition), `counts` holds each country's places with
    a toll known and `texts` the line for each number of places a choice of countries leaves out."""

    text: str
    counts: dict[str, int]
    texts: dict[int, str]


def contingents(shown: pd.DataFrame | Rows, records: pd.DataFrame, figures: pd.DataFrame,
                sources: pd.DataFrame, lang: str = "en") -> list[Contingent]:
    """A card per contributing state among the `shown` contingent records (a frame, or rows of one, with
    `status`), however many records a state's contingent has: the troop figures of its records known by
    the date (`figures`), its distinct bases (the first LISTED, then "and N more"), the first record's
    route and status; `records` (all, localised) names arrival airfields that the view may leave out.
    On arrays: the bases are grouped by their codes in the table, so a card costs the same at any size."""
    every = shown if isinstance(shown, Rows) else Rows.of(shown)
    units = every.where(every.isin("layer", ["contingent"]))
    unit_ids, states = units.values("id"), units.values("contingent")
    names = looked_up(records, "name", units.values("arrival"))
    state_of = dict(zip(unit_ids, states, strict=True))
    record, metric = figures["record"].to_numpy(dtype=object), figures["metric"].to_numpy(dtype=object)
    troops = np.flatnonzero((metric == "troops") & np.array([r in state_of for r in record], dtype=bool))
    troops = troops[date_order(figures["date"].to_numpy(dtype=object)[troops], "stable")]
    cells = {column: figures[column].to_numpy()[troops] for column in ("qualifier", "value", "sources")}
    cite = citer(sources, lang, cells["sources"])
    figure_state = np.array([state_of[r] for r in record[troops]], dtype=object)
    based = _bases(every.where(every.isin("layer", ["troop_origin"])), set(states))
    tr = Translator(lang)
    cards = []
    for at in sorted({state: at for at, state in reversed(list(enumerate(states)))}.values()):
        state, arrival, status = states[at], units.values("arrival")[at], units.values("status")[at]
        own = np.flatnonzero(figure_state == state)
        arrival = names.get(arrival) if isinstance(arrival, str) else None
        listed, count = based.get(state, ([], 0))
        cards.append(Contingent(
            record=str(unit_ids[at]), code=str(state), country=country_name(state, lang),
            figures=tuple(Figure(amount_text(q, int(v), lang), cite(s), q == "reported")
                          for q, v, s in zip(*(cells[c][own] for c in ("qualifier", "value", "sources")),
                                             strict=True)),
            bases=tuple(str(n) for n in listed[:LISTED]),
            arrival=str(arrival) if arrival is not None else None,
            status=str(status), status_word=word(STATUSES, status, lang),
            more_bases=(tr("and {count} more", count=tr.number(count - LISTED)) if count > LISTED else None)))
    return cards


def _bases(origins: Rows, states: set[object]) -> dict[object, tuple[list[object], int]]:
    """Each of `states`' distinct bases among the troop origins `origins`, in the order first shown: the
    first LISTED of them and how many there are; by the codes of the table's `contingent` and `name`
    columns, no row copied."""
    state_codes, state_values = origins.codes("contingent")
    name_codes, name_values = origins.codes("name")
    if not len(origins):
        return {}
    pair = state_codes * (len(name_values) + 1) + name_codes + 1  # each (state, name), missing ones too
    _, first = np.unique(pair, return_index=True)
    first = np.sort(first)  # each distinct pair's first row, in the rows' order
    state_at, name_at = state_codes[first], name_codes[first]
    based = {}
    for state, code in zip(states, state_values.get_indexer(list(states)), strict=True):
        names = name_at[state_at == code] if code >= 0 else name_at[:0]
        if len(names):
            based[state] = ([None if n < 0 else name_values[n] for n in names[:LISTED]], len(names))
    return based


def top_places(shown: pd.DataFrame | Rows, tolls: pd.DataFrame | Rows, sources: pd.DataFrame,
               lang: str = "en", limit: int = TOP_PLACES, place: np.ndarray | None = None,
               each_country: bool = False) -> list[Place]:
    """The unrest places among `shown` (a frame, or rows of one) with the most deaths, else injuries, else
    arrests, by the largest figure known (`tolls`: toll figures known by the date, a frame or rows of
    one); each with all its figures. Ranked on arrays, no row copied but those of the places listed:
    `place` is each figure's record as a row of the shown rows' table (-1: none), found by id when not
    given.

    With `each_country`, the first `limit` of each country instead, in the same order: every choice of
    some of the countries then finds its own first `limit` among them (a page that filters by country
    itself, the edition, shows the first `limit` of those chosen)."""
    every = shown if isinstance(shown, Rows) else Rows.of(shown)
    known = tolls if isinstance(tolls, Rows) else Rows.of(tolls)
    table = every.table
    if place is None:
        place = row_of(table, known.values("record"))
    unrest = np.zeros(len(table) + 1, dtype=bool)  # one more, False, for the figures of no place (-1)
    unrest[every.at[every.isin("layer", ["unrest"])]] = True
    at_unrest = np.flatnonzero(unrest[place])
    if not len(at_unrest):
        return []
    codes, metrics = known.codes("metric")
    metric = np.append(pd.Index(TOLL_METRICS).get_indexer(metrics), -1)[codes]  # -1: another or none
    ids = table["id"].to_numpy(dtype=object)
    ranked = ranked_places(place[at_unrest], ids, metric[at_unrest],
                           known.values("value").astype(float)[at_unrest],
                           len(at_unrest) if each_country else limit)
    if each_country:  # each country's first `limit`, in the order of all
        country_of = table["country"].to_numpy(dtype=object)
        taken: Counter[object] = Counter()
        kept = []
        for at in ranked:
            taken[country_of[at]] += 1
            if taken[country_of[at]] <= limit:
                kept.append(at)
        ranked = kept
    listed = at_unrest[np.isin(place[at_unrest], ranked)]
    cells = {column: known.table[column].to_numpy()[known.at[listed]]  # the listed places' figures only
             for column in ("metric", "value", "qualifier", "date", "sources")}
    figure_place = place[listed]
    cite = citer(sources, lang, cells["sources"])
    names, countries = table["name"].to_numpy(dtype=object), table["country"].to_numpy(dtype=object)
    out = []
    for at in ranked:
        own = np.flatnonzero(figure_place == at)
        own = own[date_order(cells["date"][own])]
        metrics_given = tuple(
            (word(METRICS, m, lang),
             tuple(Figure(amount_text(q, int(v), lang), cite(s), q == "reported")
                   for q, v, s in zip(*(cells[c][of_metric] for c in ("qualifier", "value", "sources")),
                                      strict=True)))
            for m in TOLL_METRICS if len(of_metric := own[cells["metric"][own] == m]))
        out.append(Place(str(ids[at]), str(names[at]), str(countries[at]), metrics_given))
    return out


def ranked_places(places: np.ndarray, ids: np.ndarray, metric: np.ndarray, values: np.ndarray,
                  limit: int = TOP_PLACES) -> list[int]:
    """Of toll figures (each one's place as a row of a table whose ids are `ids`, its metric as a position
    in TOLL_METRICS (-1: another), its value), the places with the most deaths, else injuries, else
    arrests, each by its largest figure of the metric; of equal ones, the first by id. The first `limit`
    of them, as rows of the table."""
    codes, rows = pd.factorize(places)
    largest = np.full((len(rows), len(TOLL_METRICS)), -np.inf)  # none known: after every figure
    ok = metric >= 0
    np.maximum.at(largest, (codes[ok], metric[ok]), values[ok])
    key = -largest
    order = np.lexsort(key.T[::-1])  # by the first metric, then the next ...
    cut = len(order)
    if cut > limit:  # the places equal to the last one listed compete by id with it
        cut = np.flatnonzero((key[order] == key[order[limit - 1]]).all(axis=1))[-1] + 1
    chosen = order[:cut]  # by key, then by id (code points, as Python orders text)
    named = np.array([str(i) for i in ids[rows[chosen]]], dtype=str)
    chosen = chosen[np.lexsort((named, *key[chosen].T[::-1]))]
    return [int(rows[at]) for at in chosen[:limit]]


def unlisted(shown: pd.DataFrame | Rows, tolls: pd.DataFrame | Rows, listed: Sequence[Place],
             say: Callable[[int], str], place: np.ndarray | None = None,
             limit: int = TOP_PLACES) -> Unlisted | None:
    """The places among `shown` (a frame, or rows of one: none copied) with toll figures known (`tolls`)
    that `listed` (`top_places`) leaves out, worded by `say` (a count -> "and 12 more places"); None when
    it lists them all. For a page that shows some countries only and lists the first `limit` of theirs
    (the edition), `counts` holds each country's places with a toll known and `texts` the line for each
    number a choice of countries can leave out. `place` is each figure's record as a row of the shown
    rows' table (-1: none), found by id when not given. One pass over the unrest records shown."""
    every = shown if isinstance(shown, Rows) else Rows.of(shown)
    if place is None:
        place = row_of(every.table, (tolls if isinstance(tolls, Rows) else Rows.of(tolls)).values("record"))
    tolled = np.zeros(len(every.table) + 1, dtype=bool)
    tolled[place] = True  # a figure of no place (-1) marks the last, which no row is
    unrest = every.isin("layer", ["unrest"])
    # Each country's places, counted on the column's codes (a count per distinct country, named once).
    codes, countries = every.codes("country")
    placed = np.flatnonzero(unrest)[tolled[every.at[unrest]]]
    counted = np.bincount(codes[placed] + 1, minlength=len(countries) + 1)  # the first: no country
    known: Counter[str] = Counter()
    for code in np.flatnonzero(counted[1:]):
        known[str(countries[code])] += int(counted[code + 1])
    if counted[0]:  # no country (None, NaN): named as text, as it is
        known.update(str(value) for value in every.values("country")[placed[codes[placed] < 0]])
    left = sum(known.values()) - len(listed)
    if left <= 0:
        return None
    totals = {0}
    for count in known.values():
        totals |= {total + count for total in totals}
    lefts = sorted({total - min(total, limit) for total in totals} - {0})
    return Unlisted(say(left), dict(sorted(known.items())), {n: say(n) for n in lefts})


def withdrawn_share(shown: pd.DataFrame) -> tuple[int, int]:
    """How many of the contingents shown have withdrawn, and how many there are."""
    status = shown.loc[columns(shown).isin("layer", ["contingent"]), "status"]
    return int((status == "withdrawn").sum()), len(status)


def progress_label(done: int, total: int, lang: str) -> str:
    """"4 of 5 contingents withdrawn" for the progress bar."""
    return Translator(lang).plural("{done} of {count} contingent withdrawn",
                                   "{done} of {count} contingents withdrawn", total, done=done)
