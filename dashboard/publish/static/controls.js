// The reader's controls: the languages, a checkbox per country, the date slider and play. Each change
// is written into the shared state (`state.view`, `state.day`) and the page drawn again (`draw`).

export function setupControls(state, draw) {
  const {edition, text, grammar, view} = state;
  const days = edition.days;

  const languages = document.getElementById("languages");
  languages.setAttribute("aria-label", text.language);
  for (const [code, label] of Object.entries(edition.languages)) {
    const link = document.createElement("a");
    link.textContent = code.toUpperCase();
    link.lang = code;
    link.title = label;
    link.dataset.lang = code;
    if (code === state.lang) link.setAttribute("aria-current", "true");
    languages.append(link);
  }

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
    label.append(box, document.createTextNode(` ${country.name}`));
    boxes.append(label);
  }

  const slider = document.getElementById("date");
  slider.max = String(days.length - 1);
  slider.value = String(state.day);
  slider.addEventListener("input", () => {
    state.day = Number(slider.value);
    draw();
  });

  const play = document.getElementById("play");
  let timer = null;
  const setPlaying = (on) => {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    if (on) {
      if (state.day >= days.length - 1) state.day = 0;
      timer = setInterval(() => {
        if (state.day >= days.length - 1) {
          setPlaying(false);
          return;
        }
        state.day += 1;
        draw();
      }, 1000);
      draw();
    }
    play.textContent = timer ? text.pause : text.play;
  };
  play.textContent = text.play;
  play.addEventListener("click", () => setPlaying(!timer));

  // The slider and its words follow the day drawn.
  return (frame) => {
    slider.value = String(state.day);
    slider.setAttribute("aria-valuetext", frame.label);
    document.getElementById("date-text").textContent = frame.label;
  };
}
