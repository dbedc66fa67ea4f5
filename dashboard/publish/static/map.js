// The map: the offline basemap, one group per map group of the vocabulary, the layer switcher, the
// legend, and the shapes of the records drawn, with the drawing code the app uses (compact.js).
import {load, meta} from "./page.js";

// The shapes are drawn in batches: as many as fit a frame's budget now, the rest in the frames that
// follow, so that the map shows at once and the page stays responsive with many records.
const BATCH = 250;
const FRAME_MS = 12;
const AT_ONCE = 1000;  // shapes drawn before the first frame, whatever they take (small data: all of it)

// `hooks`: `openDetails(record)` when a shape is clicked, `draw()` when the reader switches a layer,
// `moved()` when the map was panned or zoomed.
export function setupMap(state, hooks) {
  const {edition, text, grammar, view} = state;
  const map = L.map("map", {zoomControl: false, maxZoom: 18});
  const start = edition.start;
  if (!view.center && view.zoom === null && map.getBoundsZoom(start.bounds, false, L.point(20, 20)) < start.zoom) {
    map.fitBounds(start.bounds, {padding: [10, 10]});  // too narrow (a phone): the host and every route
  } else {
    map.setView(view.center || start.center, view.zoom ?? start.zoom);
  }
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
      if (record) hooks.openDetails(record);
    });
  }
  const switcher = L.control.layers(null, names, {collapsed: window.innerWidth < 500}).addTo(map);
  switcher.getContainer().querySelector(".leaflet-control-layers-toggle")?.setAttribute("aria-label", text.map_layers);
  const layerKey = (layer) => Object.keys(groups).find((key) => groups[key] === layer);
  map.on("overlayadd", (e) => {
    view.layers = grammar.params.layers.order.filter((k) => k === layerKey(e.layer) || view.layers.includes(k));
    hooks.draw();
  });
  map.on("overlayremove", (e) => {
    view.layers = view.layers.filter((k) => k !== layerKey(e.layer));
    hooks.draw();
  });
  map.on("moveend", () => {
    const c = map.getCenter();
    view.center = [c.lat, c.lng];
    view.zoom = map.getZoom();
    hooks.moved();
  });

  let turn = 0;
  // Draw each shape of the day whose record is drawn, in turn; a new draw cancels the batches of the one
  // before. Resolves once every batch is drawn (or cancelled).
  function drawShapes(drawn) {
    const day = state.day;
    const batches = [];
    for (const [key, group] of Object.entries(groups)) {
      group.clearLayers();
      for (const [kind, table] of Object.entries(edition.shapes[key] || {})) {
        // A site's mark that stands for others at its point (`also`) shows when any of them does.
        const shows = (record, i) => drawn.has(record) || (table.also?.[i] ?? []).some((id) => drawn.has(id));
        const rows = table.record.flatMap((record, i) => (
          shows(record, i) && table.from[i] <= day && day <= table.to[i] ? [i] : []));
        for (let at = 0; at < rows.length; at += BATCH) {
          const some = rows.slice(at, at + BATCH);
          batches.push([group, {[kind]: Object.fromEntries(Object.entries(table).map(([name, column]) => [
            name, some.map((i) => column[i])]))}]);
        }
      }
    }
    return inTurn(batches);
  }

  function inTurn(batches) {
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
        if (mine !== turn || next >= batches.length) {
          resolve();
          return;
        }
        some(shapes + 1);
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  }

  // The day's legend (rendered by autoescaped templates), with the sections of the layers switched on,
  // and the shading note naming those of the countries chosen (worded in Python for each choice).
  function drawLegend(frame, chosen) {
    const legend = document.getElementById("legend");
    legend.innerHTML = edition.legends[frame.legend];
    for (const group of edition.groups) {
      for (const section of legend.querySelectorAll(`.legend-${group.key}`)) {
        section.hidden = !view.layers.includes(group.key);
      }
    }
    const note = legend.querySelector(".shading-note");
    if (note) {
      const named = note.dataset.countries.split(" ").filter((code) => chosen.has(code));
      note.hidden = named.length === 0;
      if (named.length) note.textContent = JSON.parse(note.dataset.texts)[named.join(" ")];
    }
  }

  return {drawShapes, drawLegend};
}
