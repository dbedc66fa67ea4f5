// The published edition's page: reads the link, loads the edition of its language, and draws the day
// and countries chosen. Every rule (what a day shows, how each record is styled, which countries show
// it, the legend, the chronology, the words) was computed in Python (dashboard/publish/edition.py):
// this module only looks things up and draws them, with the drawing code the app uses (compact.js).

// A meta tag's content, found by comparing names (never by a selector built from a value).
const meta = (name) => Array.from(document.querySelectorAll("meta[name]")).find((tag) => tag.name === name)?.content;

// ---- The link -----------------------------------------------------------------------------------
// Read and written by link.js with the grammar computed in Python (dashboard/view/grammar.py). The
// module is a content-hashed file named by the page's `kz-link-js` tag, hence imported dynamically.

const linkModule = import(new URL(meta("kz-link-js"), document.baseURI).href);

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
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
  const {linkParams, parseLink, viewQuery} = await linkModule;
  const params = linkParams(window.location.search);
  // The language first, with the grammar in the edition's default language; then the whole link, with
  // the grammar (and notices) of the language chosen and the records of its edition.
  const lang = parseLink(params, await load(meta("kz-link")), []).view.lang;
  const edition = await load(meta(`kz-edition-${lang}`));
  if (`${edition.schema}/${edition.version}` !== meta("kz-data-version")) {  // written by the same publish
    throw new Error(`edition data ${edition.schema}/${edition.version}, page ${meta("kz-data-version")}`);
  }
  const grammar = edition.link;
  // Every id a link may give: the records' own, and the old ids of renamed or merged records.
  const linkable = {...edition.record_aliases, ...Object.fromEntries(edition.records.id.map((id) => [id, id]))};
  const {view, notices} = parseLink(params, grammar, linkable);
  const text = edition.text;
  const days = edition.days;
  const records = edition.records;  // a table of named columns: id, countries, first, chunk
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
  if (edition.corrections) {  // a section of its own, opened by the reader
    const corrections = document.getElementById("corrections");
    corrections.innerHTML = edition.corrections;  // rendered by an autoescaped template
    corrections.hidden = false;
    setText("corrections-title", text.corrections);
    document.getElementById("section-corrections").hidden = false;
  }
  // The newsroom's furniture: dek, credit, source line (dashboard/publish/edition.py).
  const furniture = edition.furniture;
  setText("dek", furniture.dek);
  if (furniture.credit) {
    setText("credit", furniture.credit);
    document.getElementById("credit").hidden = false;
  }
  setText("source-line", furniture.sources);
  setText("chronology-title", text.chronology);
  setText("charts-title", text.charts);
  setText("tables-title", text.tables);
  setText("data-title", text.get_data);
  setText("share-title", text.share);
  setText("embed-label", text.embed);
  setText("data-note", text.data_note);
  setText("licence", furniture.licence);
  setText("no-chart", text.no_chart);
  document.getElementById("embed").value = furniture.embed;
  for (const key of ["csv", "geojson"]) {
    const link = document.getElementById(`data-${key}`);
    link.href = furniture[key];
    link.parentElement.hidden = !furniture[key];
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
    box.checked = view.country.includes(country.code);
    box.addEventListener("change", () => {
      const checked = new Set(Array.from(boxes.querySelectorAll("input:checked"), (input) => input.value));
      view.country = grammar.params.country.order.filter((code) => checked.has(code));
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
    .setView(view.center || edition.start.center, view.zoom ?? edition.start.zoom);
  L.control.zoom({zoomInTitle: text.zoom_in, zoomOutTitle: text.zoom_out}).addTo(map);
  L.control.scale().addTo(map);
  window.map = map;
  map.createPane("basemap").style.zIndex = 250;
  load(meta("kz-world")).then((world) => {
    // Styled as Python gave it; the scheme's stylesheet colours its class in the reader's scheme.
    L.geoJson(world, {pane: "basemap", interactive: false, style: () => world.properties.style}).addTo(map);
  });
  if (meta("kz-seas")) {  // the seas over the land, styled as Python gave them; absent when not fetched
    map.createPane("water").style.zIndex = 251;
    load(meta("kz-seas")).then((seas) => L.geoJson(seas, {pane: "water", interactive: false,
      style: (f) => f.properties.style}).addTo(map));
  }
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
  map.on("overlayadd", (e) => { view.layers = grammar.params.layers.order.filter((k) => k === layerKey(e.layer) || view.layers.includes(k)); draw(); });
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
  async function openDetails(record) {
    view.record = record;
    writeLink();
    const path = edition.details_files[records.chunk[recordAt.get(record)]];
    for (const file of [path, edition.sources_file]) {
      if (!chunks.has(file)) chunks.set(file, load(file));
    }
    const chunk = await chunks.get(path);  // {details: record -> HTML, sources: source -> item HTML}
    const common = await chunks.get(edition.sources_file);  // sources that many chunks cite
    if (view.record !== record) return;  // another record was opened meanwhile
    const panel = document.getElementById("details-body");
    panel.innerHTML = chunk.details[record];  // rendered by autoescaped templates, as is each source below
    for (const item of panel.querySelectorAll("li[data-source]:empty")) {
      item.innerHTML = chunk.sources[item.dataset.source] ?? common[item.dataset.source] ?? "";
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
    const query = viewQuery({...view, date: days[day].iso}, grammar);
    window.history.replaceState(null, "", `${window.location.pathname}?${query}`);
    document.getElementById("link").value = window.location.href;
    for (const link of languages.querySelectorAll("a")) {
      link.href = `?${viewQuery({...view, date: days[day].iso, lang: link.dataset.lang}, grammar)}`;
    }
  }

  // Draw the day and countries chosen: the shapes of every record both show, as drawn that day.
  function draw() {
    const frame = days[day];
    const chosen = new Set(view.country);
    const drawn = new Set(records.id.filter((id, i) => records.first[i] !== null && records.first[i] <= day
                                             && records.countries[i].some((c) => chosen.has(c))));
    const batches = [];
    for (const [key, group] of Object.entries(groups)) {
      group.clearLayers();
      for (const [kind, table] of Object.entries(edition.shapes[key] || {})) {
        // A site's mark that stands for others at its point (`also`) shows when any of them does.
        // A region's area (the State of emergency) has no record: it shows whatever countries are chosen.
        const shows = (record, i) => record === null || drawn.has(record)
          || (table.also?.[i] ?? []).some((id) => drawn.has(id));
        const rows = table.record.flatMap((record, i) => (
          shows(record, i) && table.from[i] <= day && day <= table.to[i] ? [i] : []));
        for (let at = 0; at < rows.length; at += BATCH) {
          const some = rows.slice(at, at + BATCH);
          batches.push([group, {[kind]: Object.fromEntries(Object.entries(table).map(([name, column]) => [
            name, some.map((i) => column[i])]))}]);
        }
      }
    }
    lastDrawn = drawn;
    drawing = drawInTurn(batches);
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
    drawPanels(frame, chosen);
    drawChronology(drawn);
    drawCharts();
    drawTables();
    writeLink();
  }

  // The shapes, in batches: as many as fit a frame's budget now, the rest in the frames that follow, so
  // that the map shows at once and the page stays responsive with many records. A new draw cancels the
  // batches of the one before.
  const BATCH = 250;
  const FRAME_MS = 12;
  const AT_ONCE = 1000;  // shapes drawn before the first frame, whatever they take (small data: all of it)
  let turn = 0;
  let lastDrawn = new Set();
  let drawing = Promise.resolve();
  function drawInTurn(batches) {
    const mine = ++turn;
    let next = 0;
    let shapes = 0;
    const some = (atLeast) => {
      const until = performance.now() + FRAME_MS;
      while (next < batches.length && (shapes < atLeast || performance.now() < until)) {
        const [group, tables] = batches[next++];
        window.kzCompact(group, tables, edition.outlines);
        shapes += Object.values(tables)[0].record.length;
      }
    };
    some(AT_ONCE);
    return new Promise((resolve) => {
      const step = () => {
        if (mine !== turn || next >= batches.length) { resolve(); return; }
        some(shapes + 1);
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  }

  // The sidebar's panels of the day (rendered by autoescaped templates): the parts of the countries
  // chosen shown, the withdrawal counted over the lines shown.
  const panels = document.getElementById("panels");
  panels.addEventListener("click", (event) => {
    const button = event.target.closest("button.show[data-record]");
    if (button) openDetails(button.dataset.record);
  });
  function drawPanels(frame, chosen) {
    panels.innerHTML = edition.panels[frame.panels];
    for (const part of panels.querySelectorAll("[data-countries]")) {
      part.hidden = !part.dataset.countries.split(" ").some((code) => chosen.has(code));
    }
    const lines = [...panels.querySelectorAll(".withdrawal li:not([hidden])")];
    const done = lines.filter((line) => line.dataset.status === "withdrawn").length;
    panels.querySelector(".withdrawn-by").textContent = fill(text.withdrawn_by,
      {done: done.toLocaleString(lang), total: lines.length.toLocaleString(lang), date: frame.label});
    const bar = panels.querySelector("progress.withdrawn");
    bar.max = Math.max(lines.length, 1);
    bar.value = done;
    bar.setAttribute("aria-label", panels.querySelector(".withdrawn-by").textContent);
  }

  // The chronology: every event by day, the latest day first (rendered by autoescaped templates),
  // fetched once the map is drawn. The day hides the groups of the days after it (`days_after`), the
  // events of records not drawn and of the kinds unticked; the first group left open is the day's.
  let chronologyHtml = null;
  function drawChronology(drawn) {
    if (chronologyHtml === null) return;
    const frame = days[day];
    const chronology = document.getElementById("chronology");
    if (!chronology.firstChild) {
      chronology.innerHTML = chronologyHtml;
      chronology.querySelectorAll(".kind-filter input").forEach((box) => {
        box.addEventListener("change", () => drawChronology(lastDrawn));
      });
    }
    chronology.querySelector("h3").textContent = frame.events_title;
    const kinds = new Set([...chronology.querySelectorAll(".kind-filter input:checked")].map((box) => box.value));
    let listed = 0;
    let opened = false;
    chronology.querySelectorAll("details.chronology-day").forEach((group, index) => {
      let shown = 0;
      group.querySelectorAll("li[data-record]").forEach((item) => {
        item.hidden = !drawn.has(item.dataset.record) || !kinds.has(item.dataset.kind);
        shown += item.hidden ? 0 : 1;
      });
      group.hidden = index < frame.days_after || shown === 0;
      listed += group.hidden ? 0 : shown;
      if (!group.hidden && !opened) {
        group.open = true;
        opened = true;
      }
    });
    let empty = chronology.querySelector("p.empty");
    if (!empty) {
      empty = document.createElement("p");
      empty.className = "empty";
      chronology.querySelector("section").append(empty);
    }
    empty.textContent = text.no_events;
    empty.hidden = listed > 0;
  }
  // The charts, pre-rendered as SVG for each country choice (dashboard/publish/charts.py), fetched
  // when the reader opens them; the date rule and the text alternatives of each day come with them.
  const chartsSection = document.getElementById("section-charts");
  const chartFiles = new Map();  // chart file -> its promise, fetched once
  const chartShown = {};  // chart name -> the file drawn in it
  chartsSection.addEventListener("toggle", () => drawCharts());
  const choiceKey = () => {  // the countries chosen, in the filter's order: how the charts name a choice
    const chosen = new Set(view.country);
    return edition.countries.map((c) => c.code).filter((code) => chosen.has(code)).join(",");
  };
  async function drawCharts() {
    if (!chartsSection.open) return;
    const key = choiceKey();
    document.getElementById("no-chart").hidden = key !== "";
    for (const [name, chart] of Object.entries(edition.charts)) {
      const figure = document.getElementById(`chart-${name}`);
      figure.hidden = key === "";
      if (key === "") continue;
      const path = chart.files[chart.choices[key]];
      if (!chartFiles.has(path)) chartFiles.set(path, load(path));
      const file = await chartFiles.get(path);
      if (choiceKey() !== key) return;  // another choice was made while the file came: its own draw follows
      const holder = figure.querySelector(".chart-svg");
      if (chartShown[name] !== path) {
        holder.innerHTML = file.svg;  // drawn by vl-convert at publish time: Vega escapes every text
        chartShown[name] = path;
      }
      const index = day;  // the day chosen now (another may have been chosen while the file came)
      figure.querySelector(".chart-text").textContent = Array.isArray(file.text) ? file.text[index] : file.text;
      const rule = holder.querySelector("line.kz-date-rule");
      if (rule && file.rule) {
        rule.setAttribute("transform", `translate(${file.rule.x[index]},0)`);
        rule.setAttribute("aria-label", file.rule.label[index]);
      }
      figure.dataset.day = days[index].iso;
      figure.dataset.choice = key;
    }
  }

  // The tables of the day (every country), fetched when the reader opens them.
  const tablesSection = document.getElementById("section-tables");
  const tableFiles = new Map();  // tables file -> its promise, fetched once
  let tablesShown = null;
  tablesSection.addEventListener("toggle", () => drawTables());
  async function drawTables() {
    if (!tablesSection.open) return;
    const path = edition.tables.files[edition.tables.days[day]];
    if (!tableFiles.has(path)) tableFiles.set(path, load(path));
    const body = await tableFiles.get(path);
    if (path !== edition.tables.files[edition.tables.days[day]]) return;  // another day was chosen meanwhile
    if (tablesShown !== path) {
      document.getElementById("tables").innerHTML = body;  // rendered by autoescaped templates
      tablesShown = path;
    }
    setText("tables-note", fill(text.tables_note, {date: days[day].label}));
  }

  // Tell a host page that embeds this one its height, whenever it changes (AMP's embed-size message,
  // which amp-iframe, @newswire/frames and the embed snippet's script read).
  if (window.parent !== window) {
    let told = 0;
    new ResizeObserver(() => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === told) return;
      told = height;
      window.parent.postMessage({sentinel: "amp", type: "embed-size", height}, "*");
    }).observe(document.documentElement);
  }

  draw();
  chronologyHtml = await load(edition.chronology_file);
  drawChronology(lastDrawn);
  await drawing;
  document.body.dataset.ready = "true";
}

main();
