"""Sidebar and details content: plain functions from records and figures to tables and text."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from itertools import chain
from urllib.parse import quote

import pandas as pd

from dashboard.countries import country_name
from dashboard.escape import inert, safe_url
from dashboard.i18n import N_, Translator
from dashboard.mapview import (
    CENTRE_COLOUR,
    CONTINGENT_FILL,
    HOST_FILL,
    LAYER_NAMES,
    SITE_COLOUR,
    STATUS_STYLE,
    UNREST_COLOURS,
    unrest_sizes,
)
from dashboard.schema import GERMAN_COLUMNS

QUALIFIER_TEXT = {"about": N_("about {n}"), "more_than": N_("more than {n}"),
                  "at_least": N_("at least {n}"), "up_to": N_("up to {n}")}
STATUS_TEXT = {"not_deployed": N_("not yet deployed"), "deployed": N_("deployed"),
               "withdrawing": N_("withdrawing"), "withdrawn": N_("withdrawn")}
METRIC_TEXT = {"troops": N_("troops"), "vehicles": N_("vehicles"), "aircraft": N_("aircraft"),
               "deaths": N_("deaths"), "injured": N_("injured"), "arrests": N_("arrests"),
               "evacuated": N_("evacuated")}
RELIABILITY_TEXT = {"primary": N_("primary"), "wire": N_("news agency"), "secondary": N_("secondary"),
                    "aggregator": N_("aggregator")}
LAYER_TEXT = {"host": N_("host state"), "contingent": N_("contingent"), "troop_origin": N_("troop origin"),
              "key_site": N_("key site"), "decision_centre": N_("decision centre"), "unrest": N_("unrest")}
KIND_TEXT = {"country": N_("country"), "departure_base": N_("departure base"), "home_base": N_("home base"),
             "airport": N_("airport"), "airfield": N_("airfield"), "guarded_object": N_("guarded site"),
             "headquarters": N_("headquarters"), "evacuation": N_("evacuation"), "capital": N_("capital"),
             "protest": N_("protest"), "riot": N_("riot"), "seizure": N_("seizure"), "arson": N_("arson"),
             "clash": N_("clash")}
PRECISION_TEXT = {"point": N_("exact point"), "city": N_("city"), "region": N_("region"),
                  "country": N_("country")}


def amount_text(qualifier: str, value: int, lang: str = "en") -> str:
    """A count with its qualifier: "about 2,500", "more than 10,000", "2,030" (German: "etwa 2.500")."""
    tr = Translator(lang)
    template = QUALIFIER_TEXT.get(qualifier)  # "exact" and unknown qualifiers: the number alone
    return tr(template, n=tr.number(value)) if template else tr.number(value)


def figure_text(fig: pd.Series, lang: str = "en") -> str:
    """One figure with its qualifier, source ids and date: "about 2,500 (sputnik-2022-01-06, 6 Jan 2022)"."""
    tr = Translator(lang)
    return (f"{amount_text(fig['qualifier'], fig['value'], lang)} "
            f"({'; '.join(fig['sources'])}, {tr.short_date(fig['date'])})")


def word(table: dict[str, str], key: object, lang: str = "en") -> str:
    """A vocabulary word (status, metric, kind …) in the reader's language; unknown keys as they are."""
    return Translator(lang)(table[key]) if key in table else ("" if key is None else str(key))


def localised(records: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Records with their display columns in the reader's language: `name_de` as `name` in German
    (Moskau, Kasachstan), and so on; the English stays where no German is given."""
    if lang != "de":
        return records
    swapped = {col: records[de].replace("", None).fillna(records[col])
               for col, de in GERMAN_COLUMNS.items() if de in records.columns}
    return records.assign(**swapped)


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


def troop_table(records: pd.DataFrame, figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per visible contingent: country, troops (each figure with source), units, bases, status."""
    tr = Translator(lang)
    rows = []
    for _, c in records[records["layer"] == "contingent"].iterrows():
        troops = figures[(figures["record"] == c["id"]) & (figures["metric"] == "troops")]
        bases = records[(records["layer"] == "troop_origin") & (records["contingent"] == c["contingent"])]
        rows.append([
            country_name(c["contingent"], lang),
            tr(" vs ").join(figure_text(f, lang) for _, f in troops.iterrows()) or tr("no figure"),
            c["unit"] or "",
            ", ".join(bases["name"]),
            word(STATUS_TEXT, c["status"], lang),
        ])
    return pd.DataFrame(rows, columns=[tr("country"), tr("troops"), tr("units"), tr("bases"), tr("status")])


def withdrawal_summary(records: pd.DataFrame, as_of: dt.date, lang: str = "en") -> str:
    """E.g. "4 of 5 contingents withdrawn by 14 January 2022", then one line per country."""
    tr = Translator(lang)
    contingents = records[records["layer"] == "contingent"]
    done = int((contingents["status"] == "withdrawn").sum())
    lines = ["**" + tr("{done} of {total} contingents withdrawn by {date}", done=done, total=len(contingents),
                       date=tr.date(as_of)) + "**", ""]
    for _, c in contingents.iterrows():
        start, end = c["withdrawal_start"], c["withdrawn"]
        dates = ""
        if isinstance(start, dt.date) and start == end:
            dates = tr(" (withdrawn on {date})", date=tr.day_month(start))
        elif isinstance(start, dt.date) and isinstance(end, dt.date):
            dates = tr(" (withdrawal {start} – {end})", start=tr.day_month(start), end=tr.day_month(end))
        status_word = word(STATUS_TEXT, c["status"], lang)
        lines.append(f"- {country_name(c['contingent'], lang)}: {status_word}{dates}")
    return "\n".join(lines)


def unrest_table(records: pd.DataFrame, figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Deaths, injured and arrests per place: every figure its own row with source and date."""
    tr = Translator(lang)
    places = records[records["layer"].isin(["unrest", "host"])].set_index("id")["name"]
    rows = figures[figures["record"].isin(places.index)
                   & figures["metric"].isin(["deaths", "injured", "arrests"])]
    note = f"note_{lang}" if f"note_{lang}" in rows.columns else "note_en"
    return pd.DataFrame({
        tr("place"): rows["record"].map(places),
        tr("metric"): [word(METRIC_TEXT, m, lang) for m in rows["metric"]],
        tr("figure"): [amount_text(q, v, lang)
                       for q, v in zip(rows["qualifier"], rows["value"], strict=True)],
        tr("date"): [tr.short_date(d) for d in rows["date"]],
        tr("source"): rows["sources"].map("; ".join),
        tr("note"): rows[note].fillna(rows["note_en"]).fillna(""),
    })


def cited_ids(*source_lists: Iterable[list[str]]) -> list[str]:
    """Source ids cited by the given rows' `sources` lists, in order of first citation, each once."""
    return list(dict.fromkeys(chain.from_iterable(chain.from_iterable(source_lists))))


def source_table(shown: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Rows of the sources table as the sidebar lists them: reliability kept, links only for http(s)."""
    tr = Translator(lang)
    return pd.DataFrame({
        tr("id"): shown["id"], tr("publisher"): shown["publisher"], tr("title"): shown["title"],
        tr("reliability"): [word(RELIABILITY_TEXT, r, lang) for r in shown["reliability"]],
        tr("link"): shown["url"].map(safe_url),
    })


COORD_METHOD_TEXT = {
    "given": N_("given in the data"), "curated": N_("curated gazetteer entry"),
    "exact": N_("gazetteer match"), "alias": N_("gazetteer match (alternate spelling)"),
    "fuzzy": N_("gazetteer match (approximate spelling)"),
}
# The fields the details panel lists, in this order, with their labels.
DETAIL_FIELDS = {
    "id": N_("Record id"), "layer": N_("Layer"), "kind": N_("Kind"), "place": N_("Place"),
    "country": N_("Country"), "contingent": N_("Contingent of"), "unit": N_("Units"),
    "arrival": N_("Arrived at (record)"), "start": N_("From"), "end": N_("Until"),
    "deployed": N_("Deployed"), "withdrawal_start": N_("Withdrawal began"), "withdrawn": N_("Withdrawn"),
    "status": N_("Status on the chosen date"), "hours": N_("Hours"),
}


def _present(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value)


def _field_value(key: str, value: object, lang: str) -> str:
    """A detail field's value as the reader sees it: words, country names and dates in their language."""
    tr = Translator(lang)
    if key in ("country", "contingent"):
        return country_name(str(value), lang)
    if isinstance(value, dt.date):
        return tr.date(value)
    vocab = {"layer": LAYER_TEXT, "kind": KIND_TEXT, "status": STATUS_TEXT}.get(key)
    return word(vocab, value, lang) if vocab else str(value)


def details_html(record: pd.Series, figures: pd.DataFrame, sources: pd.DataFrame, lang: str = "en") -> str:
    """One record in full as inert HTML: its fields, its figures and its sources as links.

    `record.name` is the record id; pass a `localised` record for its German name. Every data string
    passes through `inert`; a source is a link only when its URL is http(s).
    """
    tr = Translator(lang)
    fields = {key: record.name if key == "id" else record.get(key) for key in DETAIL_FIELDS}
    rows = "".join(
        f"<tr><th scope='row'>{inert(tr(DETAIL_FIELDS[key]))}</th>"
        f"<td>{inert(_field_value(key, value, lang))}</td></tr>"
        for key, value in fields.items() if _present(value)
    )
    method = str(record.get("coord_method"))
    coords = tr("{lat}, {lon} ({method}{name}; precision: {precision})",
                lat=f"{record['lat']:.4f}", lon=f"{record['lon']:.4f}",
                method=word(COORD_METHOD_TEXT, method, lang),
                name=", " + str(record["coord_name"]) if _present(record.get("coord_name")) else "",
                precision=word(PRECISION_TEXT, record.get("precision"), lang))
    figs = figures[figures["record"] == record.name]
    note = f"note_{lang}"
    fig_items = "".join(
        f"<li>{inert(word(METRIC_TEXT, f['metric'], lang))}: {inert(figure_text(f, lang))}"
        f"{' – ' + inert(_note(f, note)) if _note(f, note) else ''}</li>"
        for _, f in figs.iterrows()
    )
    cited = cited_ids([record["sources"]], figs["sources"])
    by_id = sources.set_index("id")
    src_items = "".join(_source_item(sid, by_id.loc[sid] if sid in by_id.index else None, lang)
                        for sid in cited)
    summary = record.get(f"summary_{lang}")
    if not _present(summary):
        summary = record.get("summary_en")
    heading = {"section": tr("Record details"), "coords": tr("Coordinates"), "figures": tr("Figures"),
               "sources": tr("Sources")}
    return (
        f'<section class="record-details" aria-label="{inert(heading["section"])}" '
        f'data-record="{inert(record.name)}">'
        f"<h3>{inert(record['name'])}</h3>"
        + (f"<p>{inert(summary)}</p>" if _present(summary) else "")
        + f"<p><strong>{inert(heading['coords'])}:</strong> {inert(coords)}</p>"
        f"<table><tbody>{rows}</tbody></table>"
        + (f"<h4>{inert(heading['figures'])}</h4><ul>{fig_items}</ul>" if fig_items else "")
        + f'<h4>{inert(heading["sources"])}</h4><ul class="record-sources">{src_items}</ul></section>'
    )


def _note(figure: pd.Series, column: str) -> str:
    """A figure's note in the reader's language, else in English; "" when it has none."""
    for col in (column, "note_en"):
        if _present(figure.get(col)):
            return str(figure[col])
    return ""


def _source_item(source_id: str, source: pd.Series | None, lang: str) -> str:
    tr = Translator(lang)
    if source is None:
        missing = tr("not in the sources table")
        return f"<li>{inert(source_id)} ({inert(missing)})</li>"
    url = safe_url(source["url"])
    title = inert(source["title"])
    link = f'<a href="{inert(url)}" target="_blank" rel="noopener noreferrer">{title}</a>' if url else title
    no_address = tr("address not recorded")
    unlinked = "" if url else (f" ({inert(source['url'])})" if _present(source["url"])
                               else f" ({inert(no_address)})")
    grade = inert(tr("reliability: {grade}", grade=word(RELIABILITY_TEXT, source["reliability"], lang)))
    return (f'<li data-source="{inert(source_id)}">{link}{unlinked} – {inert(source["publisher"])}, '
            f"{inert(source['date'])}; {grade} [{inert(source_id)}]</li>")


def _svg(body: str, width: int = 34) -> str:
    """A legend symbol: inline SVG as a decorative image (Streamlit's HTML sanitiser drops <svg>)."""
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="16" '
           f'viewBox="0 0 {width} 16">{body}</svg>')
    return (f'<img alt="" src="data:image/svg+xml,{quote(svg)}" width="{width}" height="16" '
            'style="vertical-align:middle;margin-right:6px;flex:none">')


def _entry(symbol: str, label: str) -> str:
    label = label[:1].upper() + label[1:]
    return (f'<li style="display:flex;align-items:center;margin:2px 0">{symbol}'
            f"<span>{inert(label)}</span></li>")


def _dot(colour: str, stroke: str = "#333333", width: float = 1) -> str:
    return _svg(f'<circle cx="17" cy="8" r="6" fill="{colour}" stroke="{stroke}" stroke-width="{width}"/>')


def _status_symbol(style: dict) -> str:
    """The flow line with its dash pattern and the base marker (filled or ring), as drawn on the map."""
    dash = f' stroke-dasharray="{style["dash_array"]}"' if style["dash_array"] else ""
    fill, stroke, width = ((style["color"], "#000000", 1.5) if style["filled"]
                           else ("#ffffff", style["color"], 3))
    return _svg(f'<line x1="10" y1="8" x2="34" y2="8" stroke="{style["color"]}" '
                f'stroke-width="{style["weight"]}"{dash}/>'
                f'<circle cx="7" cy="8" r="5" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>', 36)


def legend_html(lang: str = "en", visible: Iterable[str] = tuple(LAYER_NAMES)) -> str:
    """The legend of the layers switched on, drawn as plain HTML from constants (no data in it).

    Withdrawal status has two cues besides colour: the flow line's dash pattern, and a filled or
    ring-shaped marker at the base. Shapes tell key sites (square) from decision centres (triangle).
    """
    tr = Translator(lang)
    visible = set(visible)
    def square(colour: str) -> str:
        return _svg(f'<rect x="11" y="2" width="12" height="12" fill="{colour}" stroke="#333333"/>')

    sections = {
        "countries": [_entry(square(HOST_FILL), tr("Kazakhstan (host state)")),
                      _entry(square(CONTINGENT_FILL), tr("Contributing state (darker: more troops)"))],
        "troops": [_entry(_status_symbol(STATUS_STYLE[s]), tr(STATUS_TEXT[s])) for s in STATUS_STYLE],
        "unrest": [_entry(_dot(c), tr(KIND_TEXT[k])) for k, c in UNREST_COLOURS.items()]
        + ["<li>" + inert(tr("Circle size: deaths, else arrests")) + "</li>"],
        "sites": [_entry(_svg(f'<rect x="11" y="2" width="12" height="12" fill="{SITE_COLOUR}" '
                              'stroke="#ffffff" stroke-width="1.5"/>'), tr("Key site")),
                  _entry(_svg(f'<polygon points="17,1 24,15 10,15" fill="{CENTRE_COLOUR}"/>'),
                         tr("Decision centre"))],
    }
    titles = {"troops": tr("Troop origins: flow line and base by withdrawal status")}
    legend = inert(tr("Legend"))
    parts = [f'<div class="map-legend" role="region" aria-label="{legend}"><strong>{legend}</strong>']
    for key, entries in sections.items():
        if key in visible:
            title = titles.get(key, tr(LAYER_NAMES[key]))
            parts.append(f'<div class="legend-{key}"><em>{inert(title)}</em><ul style="list-style:none;'
                         f'padding:0;margin:2px 0 8px">{"".join(entries)}</ul></div>')
    if not visible & set(sections):
        parts.append("<p>" + inert(tr("All layers are switched off.")) + "</p>")
    parts.append("</div>")
    return "".join(parts)
