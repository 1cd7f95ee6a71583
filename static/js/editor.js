// The note editor: add and remove rows without a page reload. Totals are never summed here:
// htmx posts the form to the server, whose totals module answers (see note_edit.html).
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("row-announcer");
    if (region) {
      region.textContent = text;
    }
  }

  function rowsChanged() {
    document.body.dispatchEvent(new Event("rows-changed"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (!button) {
      return;
    }
    var prefix = button.getAttribute("data-add-row");
    var template = document.getElementById(prefix + "-empty");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var container = document.getElementById(prefix + "-rows");
    if (!template || !total || !container) {
      return;
    }
    var index = parseInt(total.value, 10);
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__row__/g, String(index + 1));
    container.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var row = container.lastElementChild;
    if (window.htmx) {
      window.htmx.process(row);
    }
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
    announce("En ny række er tilføjet.");
    rowsChanged();
  });

  document.addEventListener("change", function (event) {
    if (!event.target.matches("input.delete-row")) {
      return;
    }
    var row = event.target.closest("[data-row]");
    if (row && event.target.checked) {
      row.hidden = true;
      announce("Rækken er fjernet. Den slettes, når du gemmer notatet.");
    }
    rowsChanged();
  });
})();
