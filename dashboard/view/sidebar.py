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
from dashboard.view.arrays import among, columns, looked_up, row_of
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


def contingents(shown: pd.DataFrame, records: pd.DataFrame, figures: pd.DataFrame, sources: pd.DataFrame,
                lang: str = "en") -> list[Contingent]:
    """A card per contributing state among the `shown` contingent records (with `status`), however many
    records a state's contingent has: the troop figures of its records known by the date (`figures`), its
    distinct bases (the first LISTED, then "and N more"), the first record's route and status; `records`
    (all, localised) names arrival airfields that the view may leave out. Each table is grouped once, so a
    card costs the same at any size."""
    layer = columns(shown)
    units = shown[layer.isin("layer", ["contingent"])]
    names = looked_up(records, "name", units["arrival"])
    troops = figures[(figures["metric"] == "troops") & figures["record"].isin(units["id"])]
    cite = citer(sources, lang, troops["sources"])
    state_of = dict(zip(units["id"], units["contingent"], strict=True))
    own_figures = troops.assign(state=troops["record"].map(state_of)).sort_values("date", kind="stable")
    by_state = dict(tuple(own_figures.groupby("state", sort=False)))
    bases = shown[layer.isin("layer", ["troop_origin"])]
    bases = bases.loc[bases["contingent"].isin(units["contingent"]), ["contingent", "name"]]
    based = bases.drop_duplicates().groupby("contingent", sort=False)["name"].agg(list).to_dict()
    tr = Translator(lang)
    cards = []
    for c in units.drop_duplicates("contingent").itertuples(index=False):
        own = by_state.get(c.contingent, own_figures.iloc[:0])
        arrival = names.get(c.arrival) if isinstance(c.arrival, str) else None
        listed = based.get(c.contingent, [])
        cards.append(Contingent(
            record=str(c.id), code=str(c.contingent), country=country_name(c.contingent, lang),
            figures=tuple(Figure(amount_text(q, int(v), lang), cite(s), q == "reported")
                          for q, v, s in zip(own["qualifier"], own["value"], own["sources"], strict=True)),
            bases=tuple(str(n) for n in listed[:LISTED]),
            arrival=str(arrival) if arrival is not None else None,
            status=str(c.status), status_word=word(STATUSES, c.status, lang),
            more_bases=(tr("and {count} more", count=tr.number(len(listed) - LISTED))
                        if len(listed) > LISTED else None)))
    return cards


def top_places(shown: pd.DataFrame | Rows, tolls: pd.DataFrame, sources: pd.DataFrame, lang: str = "en",
               limit: int = TOP_PLACES, each_country: bool = False) -> list[Place]:
    """The unrest places among `shown` (a frame, or rows of one: only the places listed are copied) with
    the most deaths, else injuries, else arrests, by the largest figure known (`tolls`: toll figures
    known by the date); each with all its figures.

    With `each_country`, the first `limit` of each country instead, in the same order: every choice of
    some of the countries then finds its own first `limit` among them (a page that filters by country
    itself, the edition, shows the first `limit` of those chosen)."""
    every = shown if isinstance(shown, Rows) else Rows.of(shown)
    unrest = every.values("id")[every.isin("layer", ["unrest"])]
    at_unrest = among(tolls["record"], pd.Series(unrest, dtype=object))
    if not at_unrest.any():
        return []
    record = tolls["record"].to_numpy(dtype=object)  # ranked on the columns: no row copied but the listed
    ranked = ranked_places(record[at_unrest], tolls["metric"].to_numpy(dtype=object)[at_unrest],
                           tolls["value"].to_numpy(dtype=float)[at_unrest],
                           int(at_unrest.sum()) if each_country else limit)
    if each_country:  # each country's first `limit`, in the order of all
        country = every.table["country"].to_numpy(dtype=object)[row_of(every.table, ranked)]
        taken: Counter[object] = Counter()
        kept = []
        for rid, code in zip(ranked, country, strict=True):
            taken[code] += 1
            if taken[code] <= limit:
                kept.append(rid)
        ranked = kept
    known = tolls[at_unrest & (pd.Index(ranked).get_indexer(record) >= 0)]
    listed = Rows(every.table, row_of(every.table, ranked))  # the few places listed, found by id
    places = listed.frame(["id", "name", "country"]).set_index("id")
    cite = citer(sources, lang, known["sources"])
    out = []
    for rid in ranked:
        own = known[known["record"] == rid].sort_values("date")
        metrics = tuple(
            (word(METRICS, metric, lang),
             tuple(Figure(amount_text(q, int(v), lang), cite(s), q == "reported")
                   for q, v, s in zip(rows["qualifier"], rows["value"], rows["sources"], strict=True)))
            for metric in TOLL_METRICS if len(rows := own[own["metric"] == metric]))
        out.append(Place(str(rid), str(places.at[rid, "name"]), str(places.at[rid, "country"]), metrics))
    return out


def ranked_places(records: np.ndarray, metrics: np.ndarray, values: np.ndarray,
                  limit: int = TOP_PLACES) -> list[str]:
    """Of toll figures (each one's record, metric and value), the records with the most deaths, else
    injuries, else arrests, each by its largest figure of the metric; of equal ones, the first by id.
    The first `limit` of them."""
    codes, ids = pd.factorize(records)
    metric = pd.Index(TOLL_METRICS).get_indexer(metrics)
    largest = np.full((len(ids), len(TOLL_METRICS)), -np.inf)  # none known: after every figure
    ok = metric >= 0
    np.maximum.at(largest, (codes[ok], metric[ok]), values[ok])
    key = -largest
    order = np.lexsort(key.T[::-1])  # by the first metric, then the next ...
    cut = len(order)
    if cut > limit:  # the places equal to the last one listed compete by id with it
        cut = np.flatnonzero((key[order] == key[order[limit - 1]]).all(axis=1))[-1] + 1
    chosen = sorted(order[:cut], key=lambda at: (*key[at], str(ids[at])))
    return [str(ids[at]) for at in chosen[:limit]]


def unlisted(shown: pd.DataFrame | Rows, tolls: pd.DataFrame, listed: Sequence[Place],
             say: Callable[[int], str], limit: int = TOP_PLACES) -> Unlisted | None:
    """The places among `shown` (a frame, or rows of one: none copied) with toll figures known (`tolls`)
    that `listed` (`top_places`) leaves out, worded by `say` (a count -> "and 12 more places"); None when
    it lists them all. For a page that shows some countries only and lists the first `limit` of theirs
    (the edition), `counts` holds each country's places with a toll known and `texts` the line for each
    number a choice of countries can leave out. One pass over the unrest records shown."""
    every = shown if isinstance(shown, Rows) else Rows.of(shown)
    unrest = every.isin("layer", ["unrest"])
    ids = pd.Series(every.values("id")[unrest], dtype=object)
    known = Counter(str(code) for code in every.values("country")[unrest][among(ids, tolls["record"])])
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
