// The charts, pre-rendered as SVG for each country choice (dashboard/publish/charts.py), fetched when
// the reader opens them; the date rule and the text alternatives of each day come with them.
import {choiceKey, load} from "./page.js";

export function setupCharts(state) {
  const {edition, view} = state;
  const section = document.getElementById("section-charts");
  const files = new Map();  // chart file -> its promise, fetched once
  const shown = {};  // chart name -> the file drawn in it
  section.addEventListener("toggle", () => drawCharts());
  const choice = () => choiceKey(edition, new Set(view.country));  // how the charts name the choice

  async function drawCharts() {
    if (!section.open) return;
    const key = choice();
    document.getElementById("no-chart").hidden = key !== "";
    for (const [name, chart] of Object.entries(edition.charts)) {
      const figure = document.getElementById(`chart-${name}`);
      figure.hidden = key === "";
      if (key === "") continue;
      const path = chart.files[chart.choices[key]];
      if (!files.has(path)) files.set(path, load(path));
      const file = await files.get(path);
      if (choice() !== key) return;  // another choice was made while the file came: its own draw follows
      const holder = figure.querySelector(".chart-svg");
      if (shown[name] !== path) {
        holder.innerHTML = file.svg;  // drawn by vl-convert at publish time: Vega escapes every text
        shown[name] = path;
      }
      const index = state.day;  // the day chosen now (another may have been chosen while the file came)
      figure.querySelector(".chart-text").textContent = Array.isArray(file.text) ? file.text[index] : file.text;
      const rule = holder.querySelector("line.kz-date-rule");
      if (rule && file.rule) {
        rule.setAttribute("transform", `translate(${file.rule.x[index]},0)`);
        rule.setAttribute("aria-label", file.rule.label[index]);
      }
      figure.dataset.day = edition.days[index].iso;
      figure.dataset.choice = key;
    }
  }

  return drawCharts;
}
