// Small progressive enhancements; every page works without them. (Long lists of people and
// posts search on the server: js/choices.js, loaded by the forms that have them.)

document.addEventListener("DOMContentLoaded", () => {
  // Confirm before irreversible actions (buttons carrying data-confirm).
  document.querySelectorAll("[data-confirm]").forEach((element) => {
    element.addEventListener("click", (event) => {
      if (!window.confirm(element.dataset.confirm)) event.preventDefault();
    });
  });
});
