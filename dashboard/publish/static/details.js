// The details of one record: its chunk of details and the sources it cites, fetched once when a record
// of the chunk is first opened (rendered in Python by autoescaped templates).
import {load} from "./page.js";

export function setupDetails(state, writeLink) {
  const {edition, view} = state;
  const records = edition.records;
  const recordAt = new Map(records.id.map((id, i) => [id, i]));
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
  return openDetails;
}
