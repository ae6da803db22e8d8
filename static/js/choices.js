// Selects among thousands of records (people, posts) that search on the server as one types
// (core/choices.py). The select holds only the chosen option; select2, as django.contrib.admin
// ships it, asks the form's page for matches, sending the form's values so far, so that only
// the choices the form would accept are offered (e.g. people free on the start date). Without
// this script, the search box and button beside the select do the same through the server.
(function ($) {
  "use strict";
  if (!$ || !$.fn || !$.fn.select2) return;

  function formValues(select) {
    // What the form holds so far, but not the token, the searches or the field itself.
    return $(select.form)
      .serializeArray()
      .filter((item) => item.name !== "csrfmiddlewaretoken" && item.name !== select.name && !item.name.endsWith("_search"));
  }

  function enhance(select) {
    const $select = $(select);
    $select.siblings(".search-select__fallback").remove();
    $select.select2({
      ajax: {
        url: select.dataset.choicesUrl,
        dataType: "json",
        delay: 250,
        data: (params) => {
          const data = {};
          formValues(select).forEach((item) => {
            data[item.name] = item.value;
          });
          data.term = params.term || "";
          data.page = params.page || 1;
          return data;
        },
      },
      allowClear: !select.required,
      placeholder: select.dataset.placeholder || "",
      language: select.dataset.language || "en",
      width: "100%",
      minimumInputLength: 0,
    });
    // The field's label names the box that opens the list (then the choice it shows), so it
    // is read as the field, and clicking the label opens it.
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    const box = $select.next(".select2").find(".select2-selection")[0];
    if (label && box) {
      label.id = label.id || `${select.id}_label`;
      const shown = box.getAttribute("aria-labelledby");
      box.setAttribute("aria-labelledby", shown ? `${label.id} ${shown}` : label.id);
      label.addEventListener("click", () => $select.select2("open"));
    }
  }

  function start() {
    document.querySelectorAll("select.search-select[data-choices-url]").forEach(enhance);
  }

  // The search box of an opened list takes the keyboard at once.
  $(document).on("select2:open", () => {
    const field = document.querySelector(".select2-container--open .select2-search__field");
    if (field) field.focus();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window.jQuery);
