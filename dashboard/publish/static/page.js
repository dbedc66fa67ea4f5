// The page's plumbing: its meta tags, the data files it fetches, and the words of its furniture.

// A meta tag's content, found by comparing names (never by a selector built from a value).
export const meta = (name) => Array.from(document.querySelectorAll("meta[name]")).find((tag) => tag.name === name)
  ?.content;

// A data file of the edition (JSON), fetched by its relative path.
export async function load(path) {
  const answer = await fetch(path);
  if (!answer.ok) throw new Error(`${path}: ${answer.status}`);
  return answer.json();
}

// How the edition names a choice of countries (as dashboard/publish/charts.py's choice_key does): the
// codes chosen, in the filter's order, joined by commas.
export function choiceKey(edition, chosen) {
  return edition.countries.map((c) => c.code).filter((code) => chosen.has(code)).join(",");
}

export function setText(id, text) {
  document.getElementById(id).textContent = text;
}

// The words of the page in the reader's language, its newsroom furniture (dek, credit, source line,
// computed in dashboard/publish/edition.py), the "Updated" stamp and the corrections (written by the
// scene, dashboard/scene/scene.py), and the notices of the parts of the link that were ignored.
export function writeWords(edition, notices) {
  const text = edition.text;
  document.title = text.title;
  setText("title", text.title);
  if (edition.updated) {
    setText("updated", edition.updated);
    document.getElementById("updated").hidden = false;
  }
  if (edition.corrections) {  // a section of its own, opened by the reader
    const corrections = document.getElementById("corrections");
    corrections.innerHTML = edition.corrections;  // rendered by an autoescaped template
    corrections.hidden = false;
    document.getElementById("section-corrections").hidden = false;
  }
  const furniture = edition.furniture;
  setText("dek", furniture.dek);
  if (furniture.credit) {
    setText("credit", furniture.credit);
    document.getElementById("credit").hidden = false;
  }
  const labels = {
    "embed-label": text.embed, "no-chart": text.no_chart,
    "filters-title": text.filters, "countries-label": text.countries, "date-label": text.as_of,
    "details-title": text.details, "close": text.close, "link-label": text.link,
  };
  for (const [id, words] of Object.entries(labels)) setText(id, words);
  document.getElementById("embed").value = furniture.embed;
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
}

// Tell a host page that embeds this one its height, whenever it changes (AMP's embed-size message,
// which amp-iframe, @newswire/frames and the embed snippet's script read).
export function tellHostTheHeight() {
  if (window.parent === window) return;
  let told = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === told) return;
    told = height;
    window.parent.postMessage({sentinel: "amp", type: "embed-size", height}, "*");
  }).observe(document.documentElement);
}
