// The chronology: every event by day, the latest day first (rendered by autoescaped templates), fetched
// once the map is drawn. The day hides the groups of the days after it (`days_after`), the events of
// records not drawn and of the kinds unticked; the first group left open is the day's.
import {load} from "./page.js";

export function setupChronology(state) {
  const {edition, text} = state;
  const chronology = document.getElementById("chronology");
  let body = null;

  function drawChronology() {
    if (body === null) return;
    const frame = edition.days[state.day];
    const drawn = state.drawn;
    if (!chronology.firstChild) {
      chronology.innerHTML = body;
      for (const box of chronology.querySelectorAll(".kind-filter input")) {
        box.addEventListener("change", () => drawChronology());
      }
    }
    chronology.querySelector("h2").textContent = frame.events_title;
    const kinds = new Set([...chronology.querySelectorAll(".kind-filter input:checked")].map((box) => box.value));
    let listed = 0;
    let opened = false;
    chronology.querySelectorAll("details.chronology-day").forEach((group, index) => {
      let shown = 0;
      for (const item of group.querySelectorAll("li[data-record]")) {
        item.hidden = !drawn.has(item.dataset.record) || !kinds.has(item.dataset.kind);
        shown += item.hidden ? 0 : 1;
      }
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

  // Fetch the chronology and draw it: called once the map is drawn.
  async function loadChronology() {
    body = await load(edition.chronology_file);
    drawChronology();
  }

  return {drawChronology, loadChronology};
}
