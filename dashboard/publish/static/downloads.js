// "Get the data": the CSV and GeoJSON of the view chosen (countries and date), byte for byte the app's
// export of that view, and the data's licence. The files are put together in the browser from their
// pieces, cut in Python from every day's exports (dashboard/export/pieces.py, dashboard/publish/
// downloads.py) and fetched when the reader first opens the section: this module knows no column, no
// number format and no guard, only which records the view shows and how the pieces join.
import {fill} from "./fill.js";
import {load, setText} from "./page.js";

const TYPES = {csv: "text/csv", geojson: "application/geo+json"};

// A list as the export lays it out: its items (each laid out already) between the layout's brackets.
const listed = (layout, items) => (items.length ? layout.open + items.join(layout.join) + layout.close : layout.empty);

// The files of one view: `data` the pieces, `day` an index into the edition's days, `iso` its date,
// `countries` the codes chosen (in the link's order), `shown` the ids of the records the view shows.
export function viewFiles(data, day, iso, countries, shown) {
  const lines = [];
  const features = [];
  const concerned = new Set();
  for (const at of data.orders[day]) {  // the records in the order of that day's exports
    const id = data.ids[at];
    if (!shown.has(id)) continue;
    const span = data.records[id].find(([from, to]) => from <= day && day <= to);
    if (!span) continue;
    const [, , line, feature, corrections] = span;
    lines.push(data.texts[line]);
    features.push(data.texts[feature]);
    for (const text of corrections) concerned.add(text);
  }
  if (shown.has(data.host)) {  // the host's regions follow the records
    for (const text of data.regions[day]) features.push(data.texts[text]);
  }
  const corrections = data.corrections[day].filter((text) => concerned.has(text)).map((text) => data.texts[text]);
  const geojson = fill(data.geojson, {
    countries: listed(data.lists.countries, countries.map((code) => data.country_items[code])),
    date: iso,
    features: listed(data.lists.features, features),
    corrections: listed(data.lists.features, corrections),
  });
  const codes = countries.length ? countries.join("-") : data.no_codes;
  return {
    csv: {name: fill(data.names.csv, {date: iso, codes}), body: data.csv_header + lines.join("")},
    geojson: {name: fill(data.names.geojson, {date: iso, codes}), body: geojson},
  };
}

export function setupDownloads(state) {
  const {edition, text, view} = state;
  const furniture = edition.furniture;
  const section = document.getElementById("section-data");
  setText("data-note", text.data_note);
  setText("licence", furniture.licence);
  const links = {csv: document.getElementById("data-csv"), geojson: document.getElementById("data-geojson")};
  for (const link of Object.values(links)) link.parentElement.hidden = !furniture.downloads;
  let pieces = null;  // fetched when the section is first opened
  const made = {};  // format -> the object URL its link points at

  async function drawDownloads() {
    if (!section.open || !furniture.downloads) return;
    pieces ??= load(furniture.downloads);
    const data = await pieces;
    const day = state.day;
    const order = edition.link.params.country.order;
    const files = viewFiles(data, day, edition.days[day].iso, order.filter((code) => view.country.includes(code)),
                            state.drawn);
    for (const [key, file] of Object.entries(files)) {
      if (made[key]) URL.revokeObjectURL(made[key]);
      made[key] = URL.createObjectURL(new Blob([file.body], {type: TYPES[key]}));
      links[key].href = made[key];
      links[key].download = file.name;
      links[key].dataset.day = edition.days[day].iso;
    }
  }
  section.addEventListener("toggle", () => drawDownloads());
  return drawDownloads;
}
