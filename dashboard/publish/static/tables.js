// The tables of the day (every country), fetched when the reader opens them.
import {fill} from "./fill.js";
import {load, setText} from "./page.js";

export function setupTables(state) {
  const {edition, text} = state;
  const section = document.getElementById("section-tables");
  const files = new Map();  // tables file -> its promise, fetched once
  let shown = null;
  section.addEventListener("toggle", () => drawTables());
  const pathOf = () => edition.tables.files[edition.tables.days[state.day]];

  async function drawTables() {
    if (!section.open) return;
    const path = pathOf();
    if (!files.has(path)) files.set(path, load(path));
    const body = await files.get(path);
    if (path !== pathOf()) return;  // another day was chosen meanwhile
    if (shown !== path) {
      document.getElementById("tables").innerHTML = body;  // rendered by autoescaped templates
      shown = path;
    }
    setText("tables-note", fill(text.tables_note, {date: edition.days[state.day].label}));
  }

  return drawTables;
}
