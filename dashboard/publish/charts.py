"""The edition's charts: the troop and toll charts pre-rendered as SVG at publish time.

The edition's Content-Security-Policy (`script-src 'self'`) rules out Vega's runtime, whose expression
compiler evaluates code, so vl-convert draws each chart here. A chart is drawn once for every distinct
figure set among the country choices the page offers (`scene.charts.charts_by_choice`, made with the
edition's scenes), in each language.
The date rule moves in the page: its position on each day is computed here (at each day's tick of the
drawn x axis) and published with the chart, with the rule's and the chart's text alternative of each
day. The page only applies them.

Each chart file (`data/chart-<name>-<lang>-<n>.<hash>.json`, fetched when the reader opens the charts)
holds `svg` (the markup; the rule is the `line` of class `RULE_CLASS`), `text` (the chart's text
alternative: one per day for a dated chart, else one), and `rule` (null, or `x` and `label` per day).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import vl_convert as vlc

from dashboard.i18n import N_, Translator
from dashboard.render.chart_date import DatedChart
from dashboard.scene import DAYS
from dashboard.view.grammar import COUNTRIES

if TYPE_CHECKING:
    from dashboard.scene.charts import ChoiceCharts

WIDTH_PX = 420  # a chart's drawing width: the page scales it to its column (viewBox), and a phone's
# column (about 360 px) keeps its text readable
RULE_CLASS = "kz-date-rule"  # the date rule's line in a chart's SVG
CHARTS = {"troops": N_("Troops in Kazakhstan, per day"), "tolls": N_("Tolls as reported, by source")}


def choice_key(countries: tuple[str, ...]) -> str:
    """How the page names a choice: its codes in the filter's order, joined by commas."""
    return ",".join(code for code in COUNTRIES if code in countries)


def chart_files(built: ChoiceCharts, tr: Translator,
                write: Callable[[str, object], str]) -> dict[str, object]:
    """The charts of every country choice (`built`, in the language of `tr`), written with
    `write(name, value)` (which returns a file's path for the page); returns, per chart, its `title`,
    its `files` and `choices` (a choice's key → the index of its file in `files`)."""
    lang = tr.lang
    troops = [write(f"chart-troops-{lang}-{n}.json", dated_chart(chart, tr))
              for n, chart in enumerate(built.troops)]
    tolls = [write(f"chart-tolls-{lang}-{n}.json", plain_chart(spec)) for n, spec in enumerate(built.tolls)]
    files = {"troops": troops, "tolls": tolls}
    return {name: {"title": tr(title), "files": files[name],
                   "choices": {choice_key(c): pair[n] for c, pair in built.of_choice.items()}}
            for n, (name, title) in enumerate(CHARTS.items())}


def svg_of(spec: dict) -> str:
    """The spec drawn as SVG at the edition's width, on a transparent background (the page's own shows
    through, in its light or dark scheme)."""
    return vlc.vegalite_to_svg(_sized(spec))


def plain_chart(spec: dict) -> dict[str, object]:
    """A chart without a date: its SVG and its text alternative."""
    return {"svg": svg_of(spec), "text": str(spec.get("description", "")), "rule": None}


def dated_chart(chart: DatedChart, tr: Translator) -> dict[str, object]:
    """A chart over the month with its date rule: its SVG (the rule on the first day, marked with
    `RULE_CLASS`), and per day its text alternative and the rule's position and label."""
    labels = [rule_label(chart, day, tr) for day in DAYS]
    svg = svg_of(chart.on(DAYS[0]))
    line = f'<line aria-label="{html.escape(labels[0])}"'
    if svg.count(line) != 1:
        raise ValueError(f"the date rule ({labels[0]!r}) is not in the chart's SVG once")
    svg = svg.replace(line, f'<line class="{RULE_CLASS}" aria-label="{html.escape(labels[0])}"')
    # The final figures (the edition's stop after the month) show the month's last day.
    texts, positions = [chart.descriptions[day] for day in DAYS], rule_positions(svg)
    return {"svg": svg, "text": [*texts, texts[-1]],
            "rule": {"x": [*positions, positions[-1]], "label": [*labels, labels[-1]]}}


def rule_label(chart: DatedChart, day: object, tr: Translator) -> str:
    """What the date rule says to a screen reader on `day` (as `render.chart_date.date_rule` writes it)."""
    return f"{tr('chosen date')}: {chart.labels[day]}"  # type: ignore[index]


RULE_X = re.compile(rf'<line class="{RULE_CLASS}"[^>]* transform="translate\(([-\d.e]+),')
X_AXIS_TICKS = re.compile(r'aria-label="X-axis[^"]*".*?<g class="mark-rule role-axis-tick"[^>]*>(.*?)</g>',
                          re.S)
TICK_X = re.compile(r'<line transform="translate\(([-\d.e]+),')


def rule_positions(svg: str) -> list[float]:
    """Where the date rule stands on each day of the month, in the plot's coordinates: at each day's
    tick of the x axis (which Vega rounds to the pixel), moved by what the rule drawn on the first day
    stands off its tick."""
    (first,) = RULE_X.findall(svg)
    ticks = [float(x) for x in TICK_X.findall(X_AXIS_TICKS.search(svg).group(1))]  # type: ignore[union-attr]
    if len(ticks) != len(DAYS):
        raise ValueError(f"{len(ticks)} ticks on the chart's x axis, not one a day")
    offset = float(first) - ticks[0]
    return [round(tick + offset, 2) for tick in ticks]


def _sized(spec: dict) -> dict:
    """The spec at `WIDTH_PX` where it follows its container (a page without Vega has no container to
    follow), with no background; a grid of facets in its fields' own order (see `_facets_in_order`)."""
    sized = {**spec, "background": "transparent"}
    if spec.get("width") == "container":
        sized["width"] = WIDTH_PX
    if isinstance(spec.get("facet"), dict):
        sized["facet"] = _facets_in_order(spec["facet"])
    return sized


def _facets_in_order(facet: dict) -> dict:
    """A row-and-column facet sorted by its fields' values, not by a given list. With a list, Vega-Lite
    sorts the cells by an index that the grid's empty cells (a metric with no figure reported later)
    lack, so Vega (as vl-convert runs it) lays those first and every cell after them under another
    cell's header: deaths drawn under "injured". Sorted by value, headers and cells agree."""
    return {channel: {**field, "sort": "ascending"} if isinstance(field.get("sort"), list) else field
            for channel, field in facet.items()}
