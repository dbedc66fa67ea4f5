"""Charts as Vega-Lite specs (built with Altair): troops in the country per day, tolls as each source gave
them, and the chronology as a timeline. Plain functions of the data and the reader's language; Streamlit
draws the specs with its own Vega-Lite, offline.

Every chart has a title and a description (its text alternative, read by screen readers). Day labels,
numbers and words come from babel and the catalogue, so a German reader reads "13. Jan." and "2.030".
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import numpy as np
import pandas as pd
from babel.numbers import get_decimal_symbol, get_group_symbol

from dashboard.i18n import Translator
from dashboard.render.chart_date import DatedChart, date_rule
from dashboard.view.arrays import day_number, looked_up, per_distinct
from dashboard.view.arrays import days as days_of
from dashboard.view.status import DAYS
from dashboard.view.wording import amount_texts, localised_column, word, words
from dashboard.vocabulary import EVENT_KINDS, METRICS

# Okabe-Ito, one colour per contributing state (the troop chart is `dashboard.render.troops`).
CONTINGENT_COLOURS = {"RU": "#0072B2", "BY": "#009E73", "AM": "#E69F00", "TJ": "#CC79A7", "KG": "#D55E00"}
TOLL_PANEL_PX = 130  # two panels side by side fit a 390 px phone
MIN_HEIGHT_PX, SLOT_PX = 120, 12  # the timeline: room for each event of the busiest day
MAX_SLOTS = 40  # the timeline draws at most this many events a day (the chronology lists them all)
MAX_TOLL_POINTS = 1500  # the toll chart draws at most this many points (the tables list every figure)
WIDTH = "container"
# Checking each spec against the Vega-Lite schema costs about 40 ms a chart on every rerun; the tests
# check the specs (tests/test_charts.py builds them with validation on).
VALIDATE = False
def _days(tr: Translator) -> list[str]:
    """The month's day labels in the reader's language, in order: the shared x axis of the charts."""
    return [tr.day_month(day) for day in DAYS]


def _locale(tr: Translator) -> dict[str, object]:
    """Vega's number format for the reader's language (grouping and decimal marks from babel)."""
    return {
        "number": {
            "decimal": get_decimal_symbol(tr.locale),
            "thousands": get_group_symbol(tr.locale),
            "grouping": [3],
            "currency": ["", ""],
        }
    }


def _finish(
    chart: alt.TopLevelMixin, title: str, description: str, tr: Translator, fit: bool = True
) -> dict[str, object]:
    """The spec with its title, text alternative and locale. With `fit`, only the width follows the
    container and legends add to the height instead of squeezing the plot (a faceted chart cannot fit:
    its panels keep their width). Legends go below the plot, so a chart fits down to a phone."""
    sizing = {"autosize": {"type": "fit-x", "contains": "padding"}} if fit else {}
    # Altair refuses data over 5,000 rows by default; ours is already one row per figure, day or event
    # (5,561 toll figures at a million records), which Vega draws at ease.
    with alt.data_transformers.disable_max_rows():
        return (
            chart.properties(title=title, description=description, **sizing)
            .configure(locale=_locale(tr), legend={"orient": "bottom", "columns": 3})
            .to_dict(validate=VALIDATE)
        )


def toll_chart(points: pd.DataFrame, lang: str = "en") -> dict[str, object]:
    """Deaths, injuries and arrests as each source reported them: a point per figure at its date, the
    sources side by side (offset and coloured by source), never added up, so that disagreement shows;
    figures reported after January in a panel of their own.

    `points` comes from `timeline.toll_points`. Without any (no unrest place among the countries chosen),
    the chart says so in words: a faceted chart of no data would not draw.
    """
    tr = Translator(lang)
    if points.empty:
        said = tr("No deaths, injuries or arrests reported for this selection.")
        empty = alt.Chart(pd.DataFrame({"said": [said]})).mark_text(align="left", x=0, fontSize=13).encode(
            text="said:N").properties(height=30)
        return _finish(empty, tr("Tolls as reported, by source"), said, tr, fit=False)
    notes = localised_column(points, "note", lang)
    data = points.assign(
        metric_label=words(METRICS, points["metric"], lang),
        figure=amount_texts(points["qualifier"], points["value"], lang),
        day=per_distinct(tr.short_date, points["date"]),
        period=np.where(points["later"].to_numpy(dtype=bool), tr("reported later"), tr("January 2022")),
        note=notes.fillna("") if notes is not None else "",
        date=per_distinct(dt.date.isoformat, points["date"]),
    )[
        [
            "metric",
            "metric_label",
            "value",
            "figure",
            "date",
            "day",
            "period",
            "place",
            "source",
            "note",
            "nationwide",
        ]
    ]
    data, capped = _drawn_points(data, tr)
    chart = (
        alt.Chart(data)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("day:O", title=None, sort=alt.EncodingSortField("date"), axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("value:Q", title=None),
            xOffset=alt.XOffset("source:N"),
            color=alt.Color("source:N", title=tr("source")),
            shape=alt.Shape("source:N", legend=None),
            tooltip=[
                alt.Tooltip("metric_label:N", title=tr("metric")),
                alt.Tooltip("figure:N", title=tr("figure")),
                alt.Tooltip("place:N", title=tr("place")),
                alt.Tooltip("day:O", title=tr("date")),
                alt.Tooltip("source:N", title=tr("source")),
                alt.Tooltip("note:N", title=tr("note")),
            ],
        )
        .properties(width=TOLL_PANEL_PX, height=140)
        .facet(
            row=alt.Row(
                "metric_label:N",
                title=None,
                sort=[word(METRICS, m, lang) for m in ("deaths", "injured", "arrests")],
            ),
            column=alt.Column("period:N", title=None, sort=[tr("January 2022"), tr("reported later")]),
        )
        .resolve_scale(x="independent", y="independent")
    )
    deaths = data[(data["metric"] == "deaths") & data["nationwide"]]
    description = tr(
        "Deaths, injuries and arrests as each source reported them: a point per figure, the sources "
        "side by side on each day, never added up. Nationwide death tolls given: {values}.",
        values=", ".join(dict.fromkeys(deaths.sort_values("date")["figure"])) or "–",
    )
    if capped:
        description += " " + tr("Of more than {count} points, the largest figures of each kind are drawn.",
                                count=tr.number(MAX_TOLL_POINTS))
    return _finish(chart, tr("Tolls as reported, by source"), description, tr, fit=False)


def _drawn_points(data: pd.DataFrame, tr: Translator) -> tuple[pd.DataFrame, bool]:
    """The toll chart's points: figures that would be drawn on one another (the same kind, value, day,
    source and note) as one point naming how many places gave it; at most MAX_TOLL_POINTS of them, the
    largest of each kind first (and True when some were left out)."""
    same = [c for c in data.columns if c != "place"]
    places = data.groupby(same, sort=False, dropna=False)["place"].transform("size").to_numpy()
    first = ~data.duplicated(same).to_numpy()
    data, places = data[first], places[first]
    if (places > 1).any():
        def others(n: int) -> str:
            return tr.plural(" and {count} other place", " and {count} other places", n - 1) if n > 1 else ""
        more = per_distinct(others, places)
        data = data.assign(place=data["place"].astype(str).to_numpy(dtype=object) + more)
    if len(data) <= MAX_TOLL_POINTS:
        return data, False
    share = MAX_TOLL_POINTS // max(1, data["metric"].nunique())
    kept = data.sort_values("value", ascending=False, kind="stable").groupby("metric", sort=False).head(share)
    return data.loc[data.index.isin(kept.index)], True


def timeline_chart(
    events: pd.DataFrame,
    records: pd.DataFrame,
    as_of: dt.date,
    lang: str = "en",
) -> dict[str, object]:
    """The chronology along the month (see `events_over_month`), with `as_of` chosen."""
    return events_over_month(events, records, lang).on(as_of)


def events_over_month(events: pd.DataFrame, records: pd.DataFrame, lang: str = "en") -> DatedChart:
    """The chronology along the month: each day's events stacked, a dot each, coloured by kind (the first
    MAX_SLOTS of a busier day); the chosen date as a rule. A click selects an event: the selection
    `event` holds its ISO date and record."""
    tr = Translator(lang)
    days = _days(tr)
    # The day's events stacked, one dot each (so each can be pointed at), like a count of events per day.
    slots = events.groupby("date", sort=False).cumcount().to_numpy() + 1
    drawn = events[slots <= MAX_SLOTS]
    summaries = localised_column(drawn, "summary", lang)
    names = looked_up(records, "name", drawn["record"])
    data = pd.DataFrame({
        "iso": per_distinct(dt.date.isoformat, drawn["date"]),
        "day_label": per_distinct(tr.day_month, drawn["date"]),
        "kind_label": words(EVENT_KINDS, drawn["kind"], lang),
        "place": drawn["record"].map(names).fillna(drawn["record"]).to_numpy(dtype=object),
        "summary": summaries.fillna("").to_numpy(dtype=object) if summaries is not None else "",
        "record": drawn["record"].to_numpy(dtype=object),
        "slot": slots[slots <= MAX_SLOTS],
    })
    height = max(MIN_HEIGHT_PX, (int(data["slot"].max()) if len(data) else 1) * SLOT_PX)
    pick = alt.selection_point(name="event", fields=["iso", "record"], on="click")
    x = alt.X(
        "day_label:O", title=None, sort=days, scale=alt.Scale(domain=days), axis=alt.Axis(labelAngle=-60)
    )
    marks = (
        alt.Chart(data)
        .mark_circle(size=80, opacity=0.9)
        .encode(
            x=x,
            y=alt.Y("slot:Q", title=tr("events per day"), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "kind_label:N",
                title=tr("kind"),
                sort=[word(EVENT_KINDS, k, lang) for k in EVENT_KINDS],
                scale=alt.Scale(scheme="tableau10"),
            ),
            tooltip=[
                alt.Tooltip("day_label:O", title=tr("date")),
                alt.Tooltip("kind_label:N", title=tr("kind")),
                alt.Tooltip("place:N", title=tr("place")),
                alt.Tooltip("summary:N", title=tr("what happened")),
            ],
        )
        .add_params(pick)
    )
    chosen, today = date_rule(days, tr)
    per_day = np.bincount(np.clip(days_of(events["date"]) - day_number(DAYS[0]), 0, len(DAYS)),
                          minlength=len(DAYS) + 1)  # events before the month count from its first day
    known = np.cumsum(per_day)
    busy = (tr(" Days with more than {count} events show their first {count}.", count=tr.number(MAX_SLOTS))
            if len(drawn) < len(events) else "")
    descriptions = {day: tr(
        "{count} events from 1 to 31 January 2022; {known} of them by {date}.",
        count=tr.number(len(events)),
        known=tr.number(int(known[n])),
        date=tr.date(day),
    ) + busy for n, day in enumerate(DAYS)}
    chart = alt.layer(marks, today).add_params(chosen).properties(width=WIDTH, height=height)
    spec = _finish(chart, tr("Chronology"), descriptions[DAYS[0]], tr)
    return DatedChart(spec, dict(zip(DAYS, days, strict=True)), descriptions)
