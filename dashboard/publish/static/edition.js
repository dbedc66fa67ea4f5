// The published edition's page: reads the link, loads the edition of its language, and draws the day
// and countries chosen. Every rule (what a day shows, how each record is styled, which countries show
// it, the legend, the chronology, the words) was computed in Python (dashboard/publish/edition.py):
// these modules only look things up and draw them, with the drawing code the app uses (compact.js).
//
// One module per part of the page, each given the shared state: `edition` (the data of the reader's
// language), `text` (its words), `lang`, `grammar` (the link's), `view` (what the link and the reader
// chose), `day` (an index into `edition.days`) and `drawn` (the ids of the records drawn that day).
import {setupCharts} from "./charts.js";
import {setupChronology} from "./chronology.js";
import {setupControls} from "./controls.js";
import {setupDetails} from "./details.js";
import {setupDownloads} from "./downloads.js";
import {fill} from "./fill.js";
import {linkParams, parseLink, viewQuery} from "./link.js";
import {setupMap} from "./map.js";
import {choiceKey, load, meta, setText, tellHostTheHeight, writeWords} from "./page.js";
import {setupPanels} from "./panels.js";
import {setupSections} from "./sections.js";
import {setupTables} from "./tables.js";

// The reader's view, read from the link with the grammar computed in Python (dashboard/view/grammar.py):
// the language first, with the grammar in the edition's default language; then the whole link, with the
// grammar (and notices) of the language chosen and the records of its edition.
async function readLink() {
  const params = linkParams(window.location.search);
  const lang = parseLink(params, await load(meta("kz-link")), []).view.lang;
  const edition = await load(meta(`kz-edition-${lang}`));
  if (`${edition.schema}/${edition.version}` !== meta("kz-data-version")) {  // written by the same publish
    throw new Error(`edition data ${edition.schema}/${edition.version}, page ${meta("kz-data-version")}`);
  }
  const grammar = edition.link;
  // Every id a link may give: the records' own, and the old ids of renamed or merged records.
  const linkable = {...edition.record_aliases, ...Object.fromEntries(edition.records.id.map((id) => [id, id]))};
  const {view, notices} = parseLink(params, grammar, linkable);
  const day = Math.max(0, edition.days.findIndex((d) => d.iso === view.date));
  return {state: {edition, text: edition.text, lang, grammar, view, day, drawn: new Set()}, notices};
}

async function main() {
  const {state, notices} = await readLink();
  const {edition, text, lang, grammar, view} = state;
  const records = edition.records;  // a table of named columns: id, countries, first, chunk
  document.documentElement.lang = lang;
  setupSections(edition);  // before the modules that draw into them
  writeWords(edition, notices);

  // The link of the view shown, in the address bar, the share box and each language's link.
  function writeLink() {
    const date = edition.days[state.day].iso;
    window.history.replaceState(null, "", `${window.location.pathname}?${viewQuery({...view, date}, grammar)}`);
    document.getElementById("link").value = window.location.href;
    for (const link of document.querySelectorAll("#languages a")) {
      link.href = `?${viewQuery({...view, date, lang: link.dataset.lang}, grammar)}`;
    }
  }

  const drawControls = setupControls(state, () => draw());
  const openDetails = setupDetails(state, writeLink);
  const map = setupMap(state, {openDetails, draw: () => draw(), moved: writeLink});
  const drawPanels = setupPanels(state, openDetails);
  const chronology = setupChronology(state);
  const drawCharts = setupCharts(state);
  const drawTables = setupTables(state);
  const drawDownloads = setupDownloads(state);
  if (view.record) openDetails(view.record);

  // Draw the day and countries chosen: the shapes of every record both show, as drawn that day.
  let drawing = Promise.resolve();
  function draw() {
    const frame = edition.days[state.day];
    const chosen = new Set(view.country);
    state.drawn = new Set(records.id.filter((_id, i) => records.first[i] !== null && records.first[i] <= state.day
                                             && records.countries[i].some((c) => chosen.has(c))));
    drawing = map.drawShapes(state.drawn);
    drawControls(frame);
    setText("caption", fill(text.shown, {date: frame.label, shown: state.drawn.size.toLocaleString(lang),
                                         total: records.id.length.toLocaleString(lang)}));
    const choice = edition.choices.indexOf(choiceKey(edition, chosen));
    setText("alternative", edition.alternatives[frame.texts[choice]]);
    setText("source-line", edition.source_lines[frame.sources[choice]]);
    map.drawLegend(frame, chosen);
    drawPanels(frame, chosen);
    chronology.drawChronology();
    drawCharts();
    drawTables();
    drawDownloads();
    writeLink();
  }

  tellHostTheHeight();
  draw();
  await chronology.loadChronology();
  await drawing;
  document.body.dataset.ready = "true";
}

main();
