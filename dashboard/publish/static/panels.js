// The sidebar's panels of the day (rendered by autoescaped templates): the parts of the countries chosen
// shown, the withdrawal counted over the lines shown.
import {fill} from "./fill.js";

export function setupPanels(state, openDetails) {
  const {edition, text, lang} = state;
  const panels = document.getElementById("panels");
  panels.addEventListener("click", (event) => {
    const button = event.target.closest("button.show[data-record]");
    if (button) openDetails(button.dataset.record);
  });

  return function drawPanels(frame, chosen) {
    panels.innerHTML = edition.panels[frame.panels];
    for (const part of panels.querySelectorAll("[data-countries]")) {
      part.hidden = !part.dataset.countries.split(" ").some((code) => chosen.has(code));
    }
    // The worst-hit places: the first few of the countries chosen, in the order Python ranked them (it
    // gives each country's first few), as many as the app lists; "none reported" when there is none.
    const unrest = panels.querySelector("[aria-labelledby='panel-unrest']");
    const places = [...unrest.querySelectorAll(".place:not([hidden])")];
    const limit = Number(unrest.dataset.limit);
    for (const place of places.slice(limit)) place.hidden = true;
    const listed = Math.min(places.length, limit);
    unrest.querySelector(".no-unrest").hidden = listed > 0;
    // "and 12 more places": the places of the countries chosen with a toll known, beyond those listed,
    // worded in Python for every number a choice can leave out.
    const more = unrest.querySelector(".more-places:not([hidden])");
    if (more) {
      const counts = JSON.parse(more.dataset.counts);
      const known = Object.keys(counts).reduce((sum, code) => sum + (chosen.has(code) ? counts[code] : 0), 0);
      more.hidden = known <= listed;
      if (!more.hidden) more.textContent = JSON.parse(more.dataset.texts)[known - listed];
    }
    const lines = [...panels.querySelectorAll(".withdrawal li:not([hidden])")];
    const done = lines.filter((line) => line.dataset.status === "withdrawn").length;
    panels.querySelector(".withdrawn-by").textContent = fill(lines.length ? text.withdrawn_by : text.none_sent,
      {done: done.toLocaleString(lang), total: lines.length.toLocaleString(lang), date: frame.label});
    const bar = panels.querySelector("progress.withdrawn");
    bar.max = Math.max(lines.length, 1);
    bar.value = done;
    bar.setAttribute("aria-label", panels.querySelector(".withdrawn-by").textContent);
  };
}
