"""Sidebar and details content: plain functions from records and figures to tables and text."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from itertools import chain

import pandas as pd

from dashboard.countries import country_name
from dashboard.escape import inert, safe_url
from dashboard.mapview import (
    CENTRE_COLOUR,
    CONTINGENT_FILL,
    HOST_FILL,
    SITE_COLOUR,
    STATUS_STYLE,
    UNREST_COLOURS,
    unrest_sizes,
)

QUALIFIER_TEXT = {"exact": "", "about": "about ", "more_than": "more than ", "at_least": "at least ",
                  "up_to": "up to "}
STATUS_TEXT = {"not_deployed": "not yet deployed", "deployed": "deployed",
               "withdrawing": "withdrawing", "withdrawn": "withdrawn"}


def amount_text(qualifier: str, value: int) -> str:
    """A count with its qualifier: "about 2,500", "more than 10,000", "2,030"."""
    return f"{QUALIFIER_TEXT.get(qualifier, '')}{value:,}"


def figure_text(fig: pd.Series) -> str:
    """One figure with its qualifier, source ids and date: "about 2,500 (sputnik-2022-01-06, 2022-01-06)"."""
    return (f"{amount_text(fig['qualifier'], fig['value'])} "
            f"({'; '.join(fig['sources'])}, {fig['date']:%Y-%m-%d})")


def latest_troops(figures: pd.DataFrame, records: pd.DataFrame) -> dict[str, int]:
    """The most recently reported troop figure of each contingent (shades the country)."""
    contingents = records[records["layer"] == "contingent"].set_index("id")["contingent"]
    troops = figures[(figures["metric"] == "troops") & figures["record"].isin(contingents.index)]
    latest = troops.sort_values("date").groupby("record")["value"].last()
    return {contingents[rid]: int(v) for rid, v in latest.items()}


def with_unrest_size(records: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Add `size`: unrest circles scale with the latest known deaths, else arrests."""
    latest = figures.sort_values("date").groupby(["record", "metric"])["value"].last().unstack()
    out = records.copy()

    def metric(name: str) -> pd.Series:
        values = latest[name] if name in latest.columns else pd.Series(dtype=float)
        return out["id"].map(values).astype(float)

    out["size"] = unrest_sizes(metric("deaths"), metric("arrests"))
    return out


def troop_table(records: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per visible contingent: country, troops (each figure with source), units, bases, status."""
    rows = []
    for _, c in records[records["layer"] == "contingent"].iterrows():
        troops = figures[(figures["record"] == c["id"]) & (figures["metric"] == "troops")]
        bases = records[(records["layer"] == "troop_origin") & (records["contingent"] == c["contingent"])]
        rows.append({
            "country": country_name(c["contingent"]),
            "troops": " vs ".join(figure_text(f) for _, f in troops.iterrows()) or "no figure",
            "units": c["unit"] or "",
            "base": ", ".join(bases["name"]),
            "status": STATUS_TEXT.get(c["status"], ""),
        })
    return pd.DataFrame(rows, columns=["country", "troops", "units", "base", "status"])


def withdrawal_summary(records: pd.DataFrame, as_of: dt.date) -> str:
    """E.g. "4 of 5 contingents withdrawn by 14 January 2022", then one line per country."""
    contingents = records[records["layer"] == "contingent"]
    done = int((contingents["status"] == "withdrawn").sum())
    lines = [f"**{done} of {len(contingents)} contingents withdrawn by {as_of:%d %B %Y}**", ""]
    for _, c in contingents.iterrows():
        start, end = c["withdrawal_start"], c["withdrawn"]
        dates = (f" (withdrawal {start:%d %b} – {end:%d %b})"
                 if isinstance(start, dt.date) and isinstance(end, dt.date) else "")
        lines.append(f"- {country_name(c['contingent'])}: {STATUS_TEXT[c['status']]}{dates}")
    return "\n".join(lines)


def unrest_table(records: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Deaths, injured and arrests per place: every figure its own row with source and date."""
    places = records[records["layer"].isin(["unrest", "host"])].set_index("id")["name"]
    rows = figures[figures["record"].isin(places.index)
                   & figures["metric"].isin(["deaths", "injured", "arrests"])]
    return pd.DataFrame({
        "place": rows["record"].map(places),
        "metric": rows["metric"],
        "figure": [amount_text(q, v) for q, v in zip(rows["qualifier"], rows["value"], strict=True)],
        "date": rows["date"],
        "source": rows["sources"].map("; ".join),
        "note": rows["note_en"].fillna(""),
    })


def cited_ids(*source_lists: Iterable[list[str]]) -> list[str]:
    """Source ids cited by the given rows' `sources` lists, in order of first citation, each once."""
    return list(dict.fromkeys(chain.from_iterable(chain.from_iterable(source_lists))))


def source_table(shown: pd.DataFrame) -> pd.DataFrame:
    """Rows of the sources table as the sidebar lists them: reliability kept, links only for http(s)."""
    return pd.DataFrame({
        "id": shown["id"], "publisher": shown["publisher"], "title": shown["title"],
        "reliability": shown["reliability"], "url": shown["url"].map(safe_url),
    })


COORD_METHOD_TEXT = {
    "given": "given in the data", "curated": "curated gazetteer entry",
    "exact": "gazetteer match", "alias": "gazetteer match (alternate spelling)",
    "fuzzy": "gazetteer match (approximate spelling)",
}
HIDDEN_FIELDS = {"geometry", "row", "sources", "name", "summary_en", "summary_de", "status", "size",
                 "lat", "lon", "coord_method", "coord_name", "precision"}


def _present(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value)


def details_html(record: pd.Series, figures: pd.DataFrame, sources: pd.DataFrame) -> str:
    """One record in full as inert HTML: every field, its figures and its sources as links.

    `record.name` is the record id. Every data string passes through `inert`; a source is a link only
    when its URL is http(s).
    """
    rows = "".join(
        f"<tr><th scope='row'>{inert(key)}</th><td>{inert(value)}</td></tr>"
        for key, value in record.items() if key not in HIDDEN_FIELDS and _present(value)
    )
    method = COORD_METHOD_TEXT.get(str(record.get("coord_method")), str(record.get("coord_method")))
    coords = (f"{record['lat']:.4f}, {record['lon']:.4f} ({inert(method)}"
              f"{', ' + inert(record['coord_name']) if _present(record.get('coord_name')) else ''}; "
              f"precision: {inert(record.get('precision'))})")
    figs = figures[figures["record"] == record.name]
    fig_items = "".join(
        f"<li>{inert(f['metric'])}: {inert(figure_text(f))}"
        f"{' – ' + inert(f['note_en']) if _present(f.get('note_en')) else ''}</li>"
        for _, f in figs.iterrows()
    )
    cited = cited_ids([record["sources"]], figs["sources"])
    by_id = sources.set_index("id")
    src_items = "".join(_source_item(sid, by_id.loc[sid] if sid in by_id.index else None) for sid in cited)
    summary = record.get("summary_en")
    return (
        f'<section class="record-details" aria-label="Record details" data-record="{inert(record.name)}">'
        f"<h3>{inert(record['name'])}</h3>"
        + (f"<p>{inert(summary)}</p>" if _present(summary) else "")
        + f"<p><strong>Coordinates:</strong> {coords}</p>"
        f"<table><tbody>{rows}</tbody></table>"
        + (f"<h4>Figures</h4><ul>{fig_items}</ul>" if fig_items else "")
        + f'<h4>Sources</h4><ul class="record-sources">{src_items}</ul></section>'
    )


def _source_item(source_id: str, source: pd.Series | None) -> str:
    if source is None:
        return f"<li>{inert(source_id)} (not in the sources table)</li>"
    url = safe_url(source["url"])
    title = inert(source["title"])
    link = f'<a href="{inert(url)}" target="_blank" rel="noopener noreferrer">{title}</a>' if url else title
    unlinked = "" if url else (f" ({inert(source['url'])})" if _present(source["url"])
                               else " (address not recorded)")
    return (f'<li data-source="{inert(source_id)}">{link}{unlinked} – {inert(source["publisher"])}, '
            f"{inert(source['date'])}; reliability: {inert(source['reliability'])} "
            f"[{inert(source_id)}]</li>")


def legend_html() -> str:
    """The legend, drawn as plain HTML from constants (no data in it)."""
    def swatch(colour: str, label: str, shape: str = "circle") -> str:
        if shape == "triangle":
            return (f'<div><span style="display:inline-block;width:0;height:0;border-left:7px solid '
                    f'transparent;border-right:7px solid transparent;border-bottom:12px solid {colour};'
                    f'margin-right:6px"></span>{label}</div>')
        radius = "50%" if shape == "circle" else "0"
        return (f'<div><span style="display:inline-block;width:12px;height:12px;border-radius:{radius};'
                f'background:{colour};border:1px solid #333;margin-right:6px"></span>{label}</div>')

    def line(style: dict, label: str) -> str:
        dash = "dashed" if style["dash_array"] else "solid"
        return (f'<div><span style="display:inline-block;width:28px;border-top:{style["weight"]}px '
                f'{dash} {style["color"]};margin-right:6px;vertical-align:middle"></span>{label}</div>')

    parts = ['<div class="map-legend" role="region" aria-label="Legend"><strong>Legend</strong>',
             "<div><em>Countries</em></div>", swatch(HOST_FILL, "Kazakhstan (host)", "square"),
             swatch(CONTINGENT_FILL, "Contributing state (darker = more troops)", "square"),
             "<div><em>Troop origins (flow line by status)</em></div>"]
    parts += [line(STATUS_STYLE[s], STATUS_TEXT[s]) for s in STATUS_STYLE]
    parts.append("<div><em>Unrest (size: deaths, else arrests)</em></div>")
    parts += [swatch(c, k) for k, c in UNREST_COLOURS.items()]
    parts += ["<div><em>Key sites</em></div>", swatch(SITE_COLOUR, "Key site", "square"),
              swatch(CENTRE_COLOUR, "Decision centre", "triangle"), "</div>"]
    return "".join(parts)
