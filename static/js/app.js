// Small progressive enhancements; every page works without them. (Long lists of people and
// posts search on the server: js/choices.js, loaded by the forms that have them.)

document.addEventListener("DOMContentLoaded", () => {
  // Confirm before irreversible actions (buttons carrying data-confirm).
  document.querySelectorAll("[data-confirm]").forEach((element) => {
    element.addEventListener("click", (event) => {
      if (!window.confirm(element.dataset.confirm)) event.preventDefault();
    });
  });

  // On a narrow screen the navigation rows scroll sideways: show the open section and page.
  document.querySelectorAll(".main-nav ul, .sub-nav ul").forEach((row) => {
    const current = row.querySelector("[aria-current]");
    if (current && row.scrollWidth > row.clientWidth) {
      const offset = current.getBoundingClientRect().left - row.getBoundingClientRect().left;
      row.scrollLeft += offset - (row.clientWidth - current.offsetWidth) / 2;
    }
  });
});
