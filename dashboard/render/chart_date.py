"""The chosen date of a chart over the month: a Vega-Lite parameter, so that one spec serves every date.

The spec of a chart over the month is built once (with Altair, which is not cheap); a date only sets the
parameter, which places the date rule, and the chart's text alternative, which names that day's figures.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd

from dashboard.i18n import Translator

DATE_PARAM = "as_of"  # the chosen date, a Vega-Lite parameter of the charts that mark it


@dataclass(frozen=True)
class DatedChart:
    """A chart over the whole month whose chosen date is a parameter: the spec is built once, and each
    date only sets the parameter (where the date rule stands) and the text alternative."""

    spec: dict[str, object]
    labels: Mapping[dt.date, str]  # the date's label on the x axis
    descriptions: Mapping[dt.date, str]  # the text alternative, which names the date's figures

    def on(self, day: dt.date) -> dict[str, object]:
        """The spec with `day` chosen (a new top-level dict; the rest is shared, never changed); a day
        after the month (the final figures) chooses its last day."""
        day = min(day, max(self.labels))
        params = [{**p, "value": self.labels[day]} if p.get("name") == DATE_PARAM else p
                  for p in self.spec["params"]]  # type: ignore[union-attr]
        return {**self.spec, "params": params, "description": self.descriptions[day]}


def date_rule(days: list[str], tr: Translator) -> tuple[alt.Parameter, alt.Chart]:
    """The chosen date as a parameter, and the rule that stands at it on the month's x axis (`days`, its
    labels); screen readers read the rule as "chosen date: 13 Jan"."""
    chosen = alt.param(name=DATE_PARAM, value=days[0])
    said = json.dumps(tr("chosen date") + ": ")  # a JavaScript string literal, quotes escaped
    rule = (
        alt.Chart(pd.DataFrame({"rule": [0]}))
        .mark_rule(color="#000000", strokeWidth=2)
        .encode(x=alt.XDatum(alt.expr(chosen.name), type="ordinal", scale=alt.Scale(domain=days)),
                description=alt.value(alt.expr(f"{said} + {chosen.name}")))
    )
    return chosen, rule
