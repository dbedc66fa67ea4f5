"""The "From article" page: paste or upload a news text, see the places it names highlighted and on a
map, tick the ones to keep, describe the source, and propose the rows to the editors' desk (a place that
has a record gets the source added to it; a source already in sources.csv is cited, not added again).
A reader who cannot edit sees the new rows, and may download them, as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from dashboard.data.countries import country_name
from dashboard.data.encoding import UTF8, NotText, decode
from dashboard.geo import changeset
from dashboard.geo.gazetteer import default_geocoder
from dashboard.geo.geoparser import Mention, geoparse
from dashboard.geo.language import AUTO, TEXT_LANGUAGE_NAMES, TEXT_LANGUAGES, detect_language
from dashboard.i18n import N_, Translator, language
from dashboard.memo import memoised
from dashboard.render.highlight import highlight_html
from dashboard.scene import word
from dashboard.scene.places import places_group
from dashboard.screens.shared import base_map, dataset, settings
from dashboard.view import article
from dashboard.vocabulary import LAYERS, RELIABILITY

# Layers an article's places can go to (a contingent or host state needs more than a place).
NEW_LAYERS: tuple[str, ...] = tuple(key for key, layer in LAYERS.items() if layer.from_article)
LAYER_TEXT = {key: layer.label for key, layer in LAYERS.items()}
# The geoparser's kinds of place, as the editor reads them.
PLACE_KIND_TEXT = {"site": N_("site"), "city": N_("city"), "region": N_("region"), "country": N_("country")}
NO_TEXT = N_("Paste a news text or upload a .txt file to see the places it names.")
NOT_TEXT = N_("The uploaded file cannot be read as text: {reason}.")
READ_AS = N_("The file is not UTF-8: it was read as {encoding}.")
# The geoparsed texts kept for all readers together: at most 8 MB (texts and results). A text at the
# character limit takes some 1.5 MB with its results, a usual article well under 100 kB.
PLACES_BUDGET = 8 * 1024 * 1024
DESK_PAGE = Path(__file__).resolve().parent / "desk.py"  # the editors' desk, where one is served


@memoised(budget=PLACES_BUDGET, size_of=lambda args, mentions: article.footprint(args[0], mentions))
def found_places(text: str, text_lang: str) -> tuple[Mention, ...]:
    """The geoparser's mentions, kept per text and language in one cache shared by every session,
    bounded by bytes (least recently used texts go first)."""
    return tuple(geoparse(text, default_geocoder(), text_lang))


def preview_map(mentions: tuple[Mention, ...], lang: str) -> object:
    """The base map with one circle per place found, named by its tooltip."""
    fmap = base_map(lang)
    places_group(article.places(mentions), lang).add_to(fmap)
    return fmap


lang = language(st.session_state.get("lang") or st.query_params.get("lang"))
tr = Translator(lang)
st.set_page_config(page_title=tr("From article to map"), layout="wide")
st.title(tr("From article to map"))
st.caption(tr("The places a news text names, found offline with the dashboard's gazetteer. Check each "
              "one: the reading is automatic, and demonyms (\"Russian troops\") count as their country."))

# Streamlit refuses files over `server.maxUploadSize` (.streamlit/config.toml) before they reach us.
upload = st.file_uploader(tr("Upload a .txt file"), type=["txt"])
text = st.text_area(tr("Or paste the article"), height=200, key="article_text",
                    placeholder=tr("At most {limit} characters.", limit=tr.number(article.MAX_TEXT_CHARS)))
if upload is not None:
    try:
        decoded = decode(upload.getvalue())
    except NotText as err:
        st.error(tr(NOT_TEXT, reason=str(err)))
        st.stop()
    text = decoded.text
    if decoded.encoding != UTF8:
        st.caption(tr(READ_AS, encoding=decoded.label))
# "Automatic" (the default) detects the language (see dashboard/geo/language.py) and says which it found.
text_lang = st.radio(tr("Language of the text"), (AUTO, *TEXT_LANGUAGES), horizontal=True, key="article_lang",
                     format_func=lambda code: tr("Automatic") if code == AUTO else TEXT_LANGUAGE_NAMES[code])
if not text.strip():
    st.info(tr(NO_TEXT))
    st.stop()
if refusal := article.length_refusal(text, tr):
    st.error(refusal)
    st.stop()

if text_lang == AUTO:
    text_lang = detect_language(text)
    st.caption(tr("Detected language: {language}", language=TEXT_LANGUAGE_NAMES[text_lang]))
mentions = found_places(text, text_lang)
if not mentions:
    st.warning(tr("No places found in this text."))
    st.stop()

places = article.places(mentions)
text_col, map_col = st.columns(2)
with text_col:
    st.subheader(tr("Places in the text"))
    st.html(highlight_html(text, mentions))
with map_col:
    st.subheader(tr("Map preview"))
    st_folium(preview_map(mentions, lang), returned_objects=[], key="article-map", height=420,
              use_container_width=True)

st.subheader(tr("Places to keep"))
kept = []
for i, place in enumerate(places.itertuples(index=False)):
    label = tr.plural("{name} ({country}, {kind}) – written {written}; {count} mention, "
                      "confidence {confidence}",
                      "{name} ({country}, {kind}) – written {written}; {count} mentions, "
                      "confidence {confidence}",
                      place.mentions, name=place.name, country=country_name(place.country, lang),
                      kind=word(PLACE_KIND_TEXT, place.kind, lang), written=", ".join(place.written),
                      confidence=f"{place.confidence:.2f}")
    if st.checkbox(label, key=f"keep-{place.country}-{article.slug(place.name)}"):
        kept.append(i)

layer = st.selectbox(tr("Layer for the kept places"), NEW_LAYERS, index=NEW_LAYERS.index("unrest"),
                     format_func=lambda k: word(LAYER_TEXT, k, lang))
st.subheader(tr("Source"))
left, right = st.columns(2)
title = left.text_input(tr("Title"))
publisher = left.text_input(tr("Publisher"))
url = left.text_input(tr("Address (URL)"))
day = right.date_input(tr("Date"), value=dt.date(2022, 1, 13), format="YYYY-MM-DD")
source_lang = right.radio(tr("Language of the source"), TEXT_LANGUAGES, index=TEXT_LANGUAGES.index(text_lang),
                          format_func=TEXT_LANGUAGE_NAMES.get, horizontal=True)
reliability = right.selectbox(tr("Reliability"), tuple(RELIABILITY), index=tuple(RELIABILITY).index("wire"),
                              format_func=lambda r: word(RELIABILITY, r, lang))

if not (kept and title.strip() and publisher.strip()):
    st.caption(tr("Tick at least one place and give the source's title and publisher to download rows."))
    st.stop()

data = dataset()
written = {row["id"]: row for row in changeset.rows(settings().data_dir, "records")}
described = {"publisher": publisher.strip(), "title": title.strip(), "url": url.strip(),
             "date": day.isoformat(), "language": source_lang, "reliability": reliability}
proposed = article.proposal(places.iloc[kept], layer, described, data.records, data.sources, written)
# The desk page (/desk) offers this change to an editor, who names the reason and saves it there.
st.session_state[article.DESK_DRAFT] = proposed.change
for place, record in proposed.linked:
    st.markdown(tr("**{place}** already has the record `{record}`: the source is added to it rather than "
                   "a new record made.", place=place, record=record))
if proposed.reused:
    st.markdown(tr("The source is already in sources.csv as `{source}` (the same address): it is cited, "
                   "not added again.", source=proposed.source))
if DESK_PAGE.exists():
    st.page_link("screens/desk.py", label=tr("Check and save them on the editors' desk"))
if proposed.records_csv:
    count = len(proposed.records_csv.splitlines())
    st.markdown(tr.plural("**{count} record row** citing the new source `{source}`. Append it to "
                          "`geodata/records.csv` and the source row to `geodata/sources.csv`, then run "
                          "`python -m dashboard validate`.",
                          "**{count} record rows** citing the new source `{source}`. Append them to "
                          "`geodata/records.csv` and the source row to `geodata/sources.csv`, then run "
                          "`python -m dashboard validate`.", count, source=proposed.source))
    st.code(proposed.records_csv + "\n" + proposed.sources_csv, language=None)
    first, second = st.columns(2)
    first.download_button(tr("Record rows (records.csv)"), proposed.records_csv, file_name="records-rows.csv",
                          mime="text/csv", key="download-records")
    if proposed.sources_csv:
        second.download_button(tr("Source row (sources.csv)"), proposed.sources_csv,
                               file_name="sources-row.csv", mime="text/csv", key="download-sources")
