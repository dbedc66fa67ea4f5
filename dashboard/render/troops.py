"""The troop chart: troops in Kazakhstan per day, as Vega-Lite (built with Altair), in the reader's
language, with the chosen date as a parameter (`render.chart_date`).

Nothing in it is a sum: the whole force's official figure is the main series, each contingent's own
figure a line beside it, the reported ones dashed and lighter. The caption says so.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

import altair as alt
import pandas as pd
from altair.utils.data import to_values

from dashboard.data.countries import CONTRIBUTORS, country_name
from dashboard.i18n import Translator
from dashboard.render.chart_date import DatedChart, date_rule
from dashboard.render.charts import CONTINGENT_COLOURS, WIDTH, _days, _finish
from dashboard.view.month import troop_lines
from dashboard.view.status import DAYS
from dashboard.view.wording import amount_text, cited_as

REPORTED_OPACITY = 0.55
REPORTED_DASH = [6, 4]  # a contingent's line where its figure is only reported
FORCE_COLOUR = "#a8a8a8"  # the whole force's official figure: the bars behind the contingents' lines


def troop_chart(
    by_day: pd.DataFrame, totals: pd.DataFrame, force: pd.DataFrame, sources: pd.DataFrame, as_of: dt.date,
    lang: str = "en",
) -> dict[str, object]:
    """Troops in Kazakhstan per day (see `troops_over_month`), with `as_of` chosen."""
    return troops_over_month(by_day, totals, force, sources, lang).on(as_of)


def troops_over_month(
    by_day: pd.DataFrame, totals: pd.DataFrame, force: pd.DataFrame, sources: pd.DataFrame, lang: str = "en"
) -> DatedChart:
    """Troops in Kazakhstan per day. Nothing is added up: no source gives a sum of the contingents' own
    figures (Russia's reported 3,000 alone exceeds the official total of the whole force).

    - bars, the main series: the whole force's official figure on each day (`force`, from
      `timeline.force_by_day`);
    - a line per contingent, with a point a day: its own figure (`by_day`, from `timeline.troops_by_day`,
      on the days it is in the country), dashed and lighter where the figure is only reported;
    - the figures given for the whole force (`totals`, from `timeline.totals`: official and announced)
      as labelled reference lines that name their sources by publisher and date;
    - the chosen date as a rule.
    """
    tr = Translator(lang)
    return troop_template(totals, force, sources, tr).filled(troop_lines(by_day, tr))


@dataclass(frozen=True)
class TroopTemplate:
    """The troop chart built once for every contingent, its contingents' lines to be filled in.

    Building a chart with Altair costs far more than its data: the chart is built once per language
    and data set with a placeholder for the contingents' figures (its colours name every contributing
    state), and each country choice only puts its contingents' rows in the placeholder's place and lists
    their names in the legend (`filled`)."""

    spec: dict[str, object]
    placeholder: str  # the name of the dataset the contingents' rows go in
    force: pd.DataFrame
    tr: Translator  # the translator of the template's language, which its fillings share

    def filled(self, lines: pd.DataFrame) -> DatedChart:
        """The chart of the contingents' `lines` (`view.month.troop_lines`, in the template's language)."""
        tr = self.tr
        shown = [tr("whole force, official"), *dict.fromkeys(lines["series"])]
        spec = copy.deepcopy({k: v for k, v in self.spec.items() if k != "datasets"})
        spec["datasets"] = {**self.spec["datasets"],  # type: ignore[dict-item]
                            self.placeholder: to_values(lines)["values"]}  # as Altair writes data
        for layer in spec["layer"]:  # type: ignore[union-attr]
            legend = layer.get("encoding", {}).get("color", {}).get("legend")
            if isinstance(legend, dict):
                legend["values"] = shown
        official_on = dict(zip(self.force["day"], self.force["troops"], strict=True))
        present_on = {day: rows for day, rows in lines.groupby("day", sort=False)}
        nobody = lines.iloc[:0]
        descriptions = {day: _troops_described(day, present_on.get(day.isoformat(), nobody),
                                               official_on.get(day), tr)
                        for day in DAYS}
        spec["description"] = descriptions[DAYS[0]]
        return DatedChart(spec, dict(zip(DAYS, _days(tr), strict=True)), descriptions)


_PLACEHOLDER = "\u0000contingents"  # the series of the placeholder row


def troop_template(totals: pd.DataFrame, force: pd.DataFrame, sources: pd.DataFrame,
                   tr: Translator) -> TroopTemplate:
    """The troop chart with every contributing state's colour and a placeholder for their lines (see
    `TroopTemplate`) in the language of `tr`; `totals`, `force` and `sources` as `troops_over_month`
    takes them."""
    lang = tr.lang
    days = _days(tr)
    official, reported = tr("official"), tr("reported, unofficial")
    whole = tr("whole force, official")
    placeholder = pd.DataFrame({"day": [DAYS[0]], "contingent": [""], "status": [""], "troops": [0],
                                "reported": [False]})
    data = troop_lines(placeholder.assign(troops=1), tr).assign(series=_PLACEHOLDER)
    bars_data = force.assign(
        day=force["day"].map(dt.date.isoformat),
        day_label=force["day"].map(tr.day_month),
        series=whole,
        figure=[f"{tr.number(t)} ({cited_as(s, sources, lang)})"
                for t, s in zip(force["troops"], force["sources"], strict=True)],
        kind=official,
    )[["day", "day_label", "troops", "series", "figure", "kind"]]
    codes = list(CONTRIBUTORS)
    names = [country_name(c, lang) for c in codes]
    colour = alt.Color(
        "series:N",
        title=None,
        sort=[whole, *names],
        scale=alt.Scale(domain=[whole, *names],
                        range=[FORCE_COLOUR, *(CONTINGENT_COLOURS.get(c, "#999999") for c in codes)]),
        legend=alt.Legend(columns=2),  # fits a 390 px phone
    )
    x = alt.X(
        "day_label:O", title=None, sort=days, scale=alt.Scale(domain=days), axis=alt.Axis(labelAngle=-60)
    )
    y = alt.Y("troops:Q", title=tr("troops in Kazakhstan"), stack=None)
    tooltip = [
        alt.Tooltip("series:N", title=tr("contingent")),
        alt.Tooltip("day_label:O", title=tr("date")),
        alt.Tooltip("figure:N", title=tr("troops")),
        alt.Tooltip("kind:N", title=tr("figure")),
    ]
    bars = alt.Chart(bars_data).mark_bar(opacity=0.8).encode(
        x=x, y=y, color=colour,
        tooltip=[alt.Tooltip("day_label:O", title=tr("date")), alt.Tooltip("figure:N", title=whole)])
    kinds = [official, reported]
    # The dashes' legend, above the plot (beside the colours it would overflow a phone).
    dashes = alt.Legend(orient="top", direction="horizontal", titleOrient="left", symbolType="stroke",
                        symbolStrokeColor="#333333", symbolStrokeWidth=2.5, symbolSize=400)
    lighter = alt.Opacity("kind:N", title=tr("figure"), sort=kinds, legend=None,
                          scale=alt.Scale(domain=kinds, range=[1.0, REPORTED_OPACITY]))
    lines = alt.Chart(data).mark_line(strokeWidth=2.5).encode(
        x=x, y=y, color=colour, opacity=lighter,
        strokeDash=alt.StrokeDash("kind:N", title=tr("figure"), sort=kinds, legend=dashes,
                                  scale=alt.Scale(domain=kinds, range=[[1, 0], REPORTED_DASH])),
    )
    points = alt.Chart(data).mark_point(filled=True, size=30).encode(
        x=x, y=y, color=colour, opacity=lighter, tooltip=tooltip)
    ordered = totals.sort_values("value")
    given = ordered.assign(
        label=[
            f"{amount_text(q, v, lang)} ({cited_as(s, sources, lang)})"
            for q, v, s in zip(ordered["qualifier"], ordered["value"], ordered["sources"], strict=True)
        ]
    )[["value", "label"]]
    # No two labels meet: by value, they take turns left above their line and right below it; on a
    # phone a label longer than the plot is cut short (the caption names every figure).
    given["side"] = ["left", "right"] * (len(given) // 2) + ["left"] * (len(given) % 2)
    rules = alt.Chart(given).mark_rule(strokeDash=[1, 3], color="#333333").encode(y="value:Q")
    labels = [
        alt.Chart(given)
        .transform_filter(alt.datum.side == side)
        .mark_text(align=side, dx=4 if side == "left" else -4, dy=-6 if side == "left" else 10, fontSize=11,
                   color="#333333", limit=alt.ExprRef("width - 8"))
        .encode(y="value:Q", text="label:N", x=alt.value(0 if side == "left" else alt.ExprRef("width")))
        for side in ("left", "right")
    ]
    chosen, today = date_rule(days, tr)
    chart = (alt.layer(bars, lines, points, rules, *labels, today).add_params(chosen)
             .properties(width=WIDTH, height=260))
    spec = _finish(chart, tr("Troops in Kazakhstan, per day"), "", tr)
    key = next(name for name, rows in spec["datasets"].items()  # type: ignore[union-attr]
               if rows and rows[0].get("series") == _PLACEHOLDER)
    return TroopTemplate(spec, key, force, tr)


def _troops_described(day: dt.date, own: pd.DataFrame, total: int | None, tr: Translator) -> str:
    """The troop chart's text alternative on `day`: what is drawn, the official total (`total`, None when
    none is known) and each contingent's own figure that day (`own`: its rows of the lines)."""
    figures = ", ".join(f"{series} {figure}"
                        for series, figure in zip(own["series"], own["figure"], strict=True))
    return tr(
        "Troops in Kazakhstan per day in January 2022. Bars: the whole force's official figure; lines: "
        "each contingent's own figure, dashed where only reported; dotted lines: the figures given for "
        "the whole force. The contingents' figures are not added up. On {date}: {total}; {contingents}.",
        date=tr.date(day),
        total=(tr("{n} officially in all", n=tr.number(int(total))) if total is not None
               else tr("no official total")),
        contingents=figures or tr("no contingent in the country"),
    )
