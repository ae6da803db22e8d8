// Small progressive enhancements; every page works without them.

// A select with at least this many choices (people, posts) gets a box that narrows it.
const LONG_LIST = 50;

// The options (and option groups) of `all` whose text holds every word, the empty choice
// and the chosen one always kept, so narrowing never changes what the form sends.
function narrowed(all, words, chosen) {
  const keep = (option) =>
    option.value === "" ||
    option.value === chosen ||
    words.every((word) => option.text.toLocaleLowerCase().includes(word));
  const nodes = [];
  for (const node of all) {
    if (node.tagName === "OPTGROUP") {
      const options = Array.from(node.children).filter(keep);
      if (options.length === 0) continue;
      const group = node.cloneNode(false);
      group.append(...options.map((option) => option.cloneNode(true)));
      nodes.push(group);
    } else if (keep(node)) {
      nodes.push(node.cloneNode(true));
    }
  }
  return nodes;
}

function addNarrowingBox(select, label) {
  const all = Array.from(select.children).map((node) => node.cloneNode(true));
  const box = document.createElement("input");
  box.type = "search";
  box.className = "select-filter";
  box.placeholder = label;
  box.setAttribute("aria-label", label);
  box.setAttribute("aria-controls", select.id);
  box.autocomplete = "off";
  select.before(box);
  box.addEventListener("input", () => {
    const words = box.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const chosen = select.value;
    select.replaceChildren(...narrowed(all, words, chosen));
    select.value = chosen;
    // While narrowing, the matches show as an open list under the box.
    const shown = select.querySelectorAll("option").length;
    if (words.length) select.size = Math.max(2, Math.min(shown, 8));
    else select.removeAttribute("size");
  });
}

document.addEventListener("DOMContentLoaded", () => {
  // Confirm before irreversible actions (buttons carrying data-confirm).
  document.querySelectorAll("[data-confirm]").forEach((element) => {
    element.addEventListener("click", (event) => {
      if (!window.confirm(element.dataset.confirm)) event.preventDefault();
    });
  });
  // Long lists narrow as one types any part of a name, in any order of words.
  const label = document.body.dataset.narrowLabel;
  document.querySelectorAll("form select:not([multiple])").forEach((select) => {
    if (label && select.id && select.options.length >= LONG_LIST) addNarrowingBox(select, label);
  });
});
