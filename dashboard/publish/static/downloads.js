// "Get the data": the data files for readers to download, and the data's licence.
import {setText} from "./page.js";

export function setupDownloads(state) {
  const {edition, text} = state;
  const furniture = edition.furniture;
  setText("data-title", text.get_data);
  setText("data-note", text.data_note);
  setText("licence", furniture.licence);
  for (const key of ["csv", "geojson"]) {
    const link = document.getElementById(`data-${key}`);
    link.href = furniture[key];
    link.parentElement.hidden = !furniture[key];
  }
  return () => {};
}
