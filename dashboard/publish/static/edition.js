// The published edition's page: reads the link, loads the edition of its language, and draws the day
// and countries chosen. Every rule (what a day shows, how each record is styled, which countries show
// it, the legend, the chronology, the words) was computed in Python (dashboard/publish/edition.py):
// this module only looks things up and draws them, with the drawing code the app uses (compact.js).

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content;
const PARAMS = ["country", "date", "layers", "lang", "record", "center", "zoom"];

// ---- The link -----------------------------------------------------------------------------------

// The raw link: each key with all its values, in order.
function linkParams() {
  const params = new Map();
  for (const [key, value] of new URLSearchParams(window.location.search)) {
    if (!params.has(key)) params.set(key, []);
    params.get(key).push(value);
  }
  return params;
}

// A reader-supplied value made safe to quote: one line, short, no markup characters.
function shown(value, limit = 40) {
  const text = value.split(/\s+/).filter(Boolean).join(" ").replace(/[`<>[\]()*_\\$]/g, "");
  return text.length <= limit ? text : text.slice(0, limit - 1) + "…";
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

// The view a link asks for, and a notice for each part ignored; the same parameters and notices as
// the app's links (dashboard/view/link.py), with the allowed values the edition lists.
export function parseLink(params, edition) {
  const link = edition.link;
  const text = edition.text;
  const view = {countries: [...link.countries], date: link.default_day, layers: [...link.layers],
                lang: edition.lang, record: null, center: null, zoom: null};
  const notices = [];
  const note = (key, values) => notices.push(fill(text[key], values));
  const inOrder = (codes) => link.countries.filter((code) => codes.includes(code));
  const parsers = {
    country(value) {
      const codes = [];
      const bad = [];
      for (const part of value.split(",").map((p) => p.trim()).filter(Boolean)) {
        const code = link.aliases[part.toLowerCase()];
        if (code) { if (!codes.includes(code)) codes.push(code); } else bad.push(part);
      }
      if (bad.length) {
        note("country", {value: bad.map((b) => shown(b)).join(", "), known: link.countries.join(", ")});
        if (codes.length) view.countries = inOrder(codes);
      } else {
        view.countries = inOrder(codes);
      }
    },
    date(value) {
      const day = value.trim();
      const real = /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(day))
        && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;  // not 30 February
      if (!real) {
        note("date_form", {value: shown(value)});
      } else if (day < link.first || day > link.last) {
        note("date_range", {value: day, first: link.first, last: link.last});
      } else {
        view.date = day;
      }
    },
    layers(value) {
      const parts = value.split(",").map((p) => p.trim().toLowerCase()).filter(Boolean);
      const bad = parts.filter((p) => !link.layers.includes(p));
      const chosen = link.layers.filter((layer) => parts.includes(layer));
      if (bad.length) {
        note("layers", {value: bad.map((b) => shown(b)).join(", "), known: link.layers.join(", ")});
        if (chosen.length) view.layers = chosen;
      } else {
        view.layers = chosen;
      }
    },
    lang(value) {
      const lang = value.trim().toLowerCase();
      if (link.languages.includes(lang)) view.lang = lang;
      else note("lang", {value: shown(value), known: link.languages.join(", ")});
    },
    center(value) {
      const parts = value.split(",");
      const [lat, lon] = parts.map(Number);
      if (parts.length !== 2 || parts.some((p) => p.trim() === "") || Number.isNaN(lat) || Number.isNaN(lon)) {
        note("center_form", {value: shown(value)});
      } else if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
        note("center_range", {value: shown(value)});
      } else {
        view.center = [lat, lon];
      }
    },
    zoom(value) {
      const zoom = Number(value.trim());
      if (value.trim() === "" || !Number.isInteger(zoom)) note("zoom_form", {value: shown(value)});
      else if (zoom < link.zoom[0] || zoom > link.zoom[1]) {
        note("zoom_range", {value: zoom, low: link.zoom[0], high: link.zoom[1]});
      } else view.zoom = zoom;
    },
    record(value) {
      // An old id (a renamed or merged record) opens the record that has it now.
      const aliases = link.record_aliases || {};
      if (Object.hasOwn(aliases, value)) value = aliases[value];
      if (edition.records.id.includes(value)) view.record = value;
      else note("record", {value: shown(value)});
    },
  };
  for (const [key, values] of params) {
    if (key === "embed" || key === "embed_options") continue;
    if (!(key in parsers)) { note("unknown", {value: shown(key)}); continue; }
    if (values.length > 1) note("repeated", {key, count: values.length});
    const value = values[0];
    if (value.length > link.max_length) { note("too_long", {key, count: value.length}); continue; }
    parsers[key](value);
  }
  return {view, notices};
}

// The link of a view, its parameters in the app's order (country, date, layers, lang, record, …).
function viewQuery(view) {
  const query = [["country", view.countries.join(",")], ["date", view.date], ["layers", view.layers.join(",")],
                 ["lang", view.lang]];
  if (view.record) query.push(["record", view.record]);
  if (view.center) query.push(["center", `${view.center[0].toFixed(4)},${view.center[1].toFixed(4)}`]);
  if (view.zoom !== null) query.push(["zoom", String(view.zoom)]);
  return query.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ",")}`).join("&");
}

// ---- The page -----------------------------------------------------------------------------------

async function load(path) {
  const answer = await fetch(path);
  if (!answer.ok) throw new Error(`${path}: ${answer.status}`);
  return answer.json();
}

function setText(id, text) {
  document.getElementById(id).textContent = text;
}

async function main() {
  const params = linkParams();
  const asked = (params.get("lang") || [])[0]?.trim().toLowerCase();
  const lang = meta(`kz-edition-${asked}`) ? asked : meta("kz-lang");
  const edition = await load(meta(`kz-edition-${lang}`));
  if (`${edition.schema}/${edition.version}` !== meta("kz-data-version")) {  // written by the same publish
    throw new Error(`edition data ${edition.schema}/${edition.version}, page ${meta("kz-data-version")}`);
  }
  const {view, notices} = parseLink(params, edition);
  view.lang = lang;
  const text = edition.text;
  const days = edition.days;
  const records = edition.records;  // a table of named columns: id, name, countries, first, chunk
  const recordAt = new Map(records.id.map((id, i) => [id, i]));
  let day = Math.max(0, days.findIndex((d) => d.iso === view.date));

  document.documentElement.lang = lang;
  document.title = text.title;
  setText("title", text.title);
  // The "Updated" stamp and the corrections: written by the scene (dashboard/scene/scene.py).
  if (edition.updated) {
    setText("updated", edition.updated);
    document.getElementById("updated").hidden = false;
  }
  if (edition.corrections) {
    const corrections = document.getElementById("corrections");
    corrections.innerHTML = edition.corrections;  // rendered by an autoescaped template
    corrections.hidden = false;
  }
  setText("filters-title", text.filters);
  setText("countries-label", text.countries);
  setText("date-label", text.as_of);
  setText("details-title", text.details);
  setText("close", text.close);
  setText("link-label", text.link);
  document.getElementById("map").setAttribute("aria-label", text.map);
  if (notices.length) {
    const box = document.getElementById("notices");
    const list = document.createElement("ul");
    for (const notice of notices) {
      const item = document.createElement("li");
      item.textContent = notice;
      list.append(item);
    }
    box.replaceChildren(document.createTextNode(text.notices), list);
    box.hidden = false;
  }
  const languages = document.getElementById("languages");
  languages.setAttribute("aria-label", text.language);
  for (const [code, label] of Object.entries(edition.languages)) {
    const link = document.createElement("a");
    link.textContent = code.toUpperCase();
    link.lang = code;
    link.title = label;
    link.dataset.lang = code;
    if (code === lang) link.setAttribute("aria-current", "true");
    languages.append(link);
  }

  // Countries: one checkbox each.
  const boxes = document.getElementById("countries");
  for (const country of edition.countries) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = country.code;
    box.checked = view.countries.includes(country.code);
    box.addEventListener("change", () => {
      view.countries = edition.link.countries.filter((code) => boxes.querySelector(`input[value="${code}"]`).checked);
      draw();
    });
    label.append(box, document.createTextNode(" " + country.name));
    boxes.append(label);
  }

  // The date, and play.
  const slider = document.getElementById("date");
  slider.max = String(days.length - 1);
  slider.value = String(day);
  slider.addEventListener("input", () => { day = Number(slider.value); draw(); });
  const play = document.getElementById("play");
  let timer = null;
  const setPlaying = (on) => {
    if (timer) { clearInterval(timer); timer = null; }
    if (on) {
      if (day >= days.length - 1) day = 0;
      timer = setInterval(() => {
        if (day >= days.length - 1) { setPlaying(false); return; }
        day += 1;
        draw();
      }, 1000);
      draw();
    }
    play.textContent = timer ? text.pause : text.play;
  };
  play.textContent = text.play;
  play.addEventListener("click", () => setPlaying(!timer));

  // The map: the offline basemap, one group per map group of the vocabulary, the layer switcher.
  const map = L.map("map", {zoomControl: false, maxZoom: 18})
    .setView(view.center || edition.link.center, view.zoom ?? edition.link.zoom_start);
  L.control.zoom({zoomInTitle: text.zoom_in, zoomOutTitle: text.zoom_out}).addTo(map);
  L.control.scale().addTo(map);
  window.map = map;
  map.createPane("basemap").style.zIndex = 250;
  load(meta("kz-world")).then((world) => {
    L.geoJson(world, {pane: "basemap", interactive: false, style: () => (
      {color: "#777777", weight: 0.6, fillColor: "#f4f4f4", fillOpacity: 1.0})}).addTo(map);
  });
  const groups = {};
  const names = {};
  for (const group of edition.groups) {
    groups[group.key] = L.featureGroup();
    names[group.label] = groups[group.key];
    if (view.layers.includes(group.key)) groups[group.key].addTo(map);
    groups[group.key].on("click", (event) => {
      const record = (event.propagatedFrom || event.layer)?.kzRecord;  // set by compact.js
      if (record) openDetails(record);
    });
  }
  const switcher = L.control.layers(null, names, {collapsed: window.innerWidth < 500}).addTo(map);
  switcher.getContainer().querySelector(".leaflet-control-layers-toggle")?.setAttribute("aria-label", text.map_layers);
  const layerKey = (layer) => Object.keys(groups).find((key) => groups[key] === layer);
  map.on("overlayadd", (e) => { view.layers = edition.link.layers.filter((k) => k === layerKey(e.layer) || view.layers.includes(k)); draw(); });
  map.on("overlayremove", (e) => { view.layers = view.layers.filter((k) => k !== layerKey(e.layer)); draw(); });
  map.on("moveend", () => {
    const c = map.getCenter();
    view.center = [c.lat, c.lng];
    view.zoom = map.getZoom();
    writeLink();
  });

  // Details of one record.
  const details = document.getElementById("details");
  const chunks = new Map();  // details file -> its records' details, fetched once when first needed
  async function detailsOf(record) {
    if (edition.details) return edition.details[record];
    const path = edition.details_files[records.chunk[recordAt.get(record)]];
    if (!chunks.has(path)) chunks.set(path, load(path));
    return (await chunks.get(path))[record];
  }
  async function openDetails(record) {
    view.record = record;
    writeLink();
    const body = await detailsOf(record);
    if (view.record !== record) return;  // another record was opened meanwhile
    const panel = document.getElementById("details-body");
    panel.innerHTML = body;  // rendered by autoescaped templates, as is each source's item below
    for (const item of panel.querySelectorAll("li[data-source]:empty")) {
      item.innerHTML = edition.sources[item.dataset.source] ?? "";
    }
    details.hidden = false;
  }
  document.getElementById("close").addEventListener("click", () => {
    view.record = null;
    details.hidden = true;
    writeLink();
  });
  if (view.record) openDetails(view.record);

  function writeLink() {
    const query = viewQuery({...view, date: days[day].iso});
    window.history.replaceState(null, "", `${window.location.pathname}?${query}`);
    document.getElementById("link").value = window.location.href;
    for (const link of languages.querySelectorAll("a")) {
      link.href = `?${viewQuery({...view, date: days[day].iso, lang: link.dataset.lang})}`;
    }
  }

  // Draw the day and countries chosen: the shapes of every record both show, as drawn that day.
  function draw() {
    const frame = days[day];
    const chosen = new Set(view.countries);
    const drawn = new Set(records.id.filter((id, i) => records.first[i] !== null && records.first[i] <= day
                                             && records.countries[i].some((c) => chosen.has(c))));
    for (const [key, group] of Object.entries(groups)) {
      group.clearLayers();
      const tables = {};
      for (const [kind, table] of Object.entries(edition.shapes[key] || {})) {
        const rows = table.record.flatMap((record, i) => (
          drawn.has(record) && table.from[i] <= day && day <= table.to[i] ? [i] : []));
        tables[kind] = Object.fromEntries(Object.entries(table).map(([name, column]) => [
          name, rows.map((i) => column[i])]));
      }
      window.kzCompact(group, tables, edition.outlines);
    }
    slider.value = String(day);
    slider.setAttribute("aria-valuetext", frame.label);
    setText("date-text", frame.label);
    setText("caption", fill(text.shown, {date: frame.label, shown: drawn.size.toLocaleString(lang),
                                         total: records.id.length.toLocaleString(lang)}));
    setText("alternative", frame.text);
    const legend = document.getElementById("legend");
    legend.innerHTML = edition.legends[frame.legend];  // rendered by autoescaped templates
    for (const group of edition.groups) {
      for (const section of legend.querySelectorAll(`.legend-${group.key}`)) section.hidden = !view.layers.includes(group.key);
    }
    // The chronology: every event (rendered by autoescaped templates), the day's first ones shown.
    const chronology = document.getElementById("chronology");
    if (!chronology.firstChild) chronology.innerHTML = edition.chronology;
    chronology.querySelector("h3").textContent = frame.events_title;
    let listed = 0;
    chronology.querySelectorAll("li[data-record]").forEach((item, index) => {
      item.hidden = index >= frame.events || !drawn.has(item.dataset.record);
      listed += item.hidden ? 0 : 1;
    });
    let empty = chronology.querySelector("p.empty");
    if (!empty) {
      empty = document.createElement("p");
      empty.className = "empty";
      chronology.querySelector("section").append(empty);
    }
    empty.textContent = text.no_events;
    empty.hidden = listed > 0;
    writeLink();
  }
  draw();
  document.body.dataset.ready = "true";
}

main();
