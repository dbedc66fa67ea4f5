// The sections below the map, as the page description says (dashboard/scene/page.py): each labelled
// with its heading, in the description's order. The template holds the sections this page draws itself
// (`<details id="section-KEY">`); a section it has no renderer for is made here, folded, with its
// heading and its texts.
export function setupSections(edition) {
  const holder = document.getElementById("sections");
  for (const section of edition.sections) {
    let details = document.getElementById(`section-${section.key}`);
    if (!details) {
      details = document.createElement("details");
      details.id = `section-${section.key}`;
      const summary = document.createElement("summary");
      summary.id = `${section.key}-title`;
      details.append(summary);
      for (const words of Object.values(section.texts)) {
        const paragraph = document.createElement("p");
        paragraph.textContent = words;
        details.append(paragraph);
      }
    }
    const summary = details.querySelector("summary");
    summary.textContent = section.heading;
    holder.append(details);  // in the description's order (an existing section moves, keeping its id)
  }
}
