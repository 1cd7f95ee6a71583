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

  // Removing a row greys it out and offers Fortryd until the note is saved (the row is
  // deleted only then); the same checkbox works without JavaScript.
  function markRemoved(checkbox) {
    var row = checkbox.closest("[data-row]");
    if (!row) {
      return;
    }
    row.classList.toggle("is-removed", checkbox.checked);
    var label = row.querySelector("label[for='" + checkbox.id + "'] .delete-text");
    if (label) {
      label.textContent = checkbox.checked ? "Fortryd" : "Fjern";
    }
  }

  document.addEventListener("change", function (event) {
    if (!event.target.matches("input.delete-row")) {
      return;
    }
    markRemoved(event.target);
    announce(
      event.target.checked
        ? "Rækken er markeret som fjernet. Den slettes, når du gemmer notatet. Vælg Fortryd for at beholde den."
        : "Rækken er beholdt."
    );
    rowsChanged();
  });

  // The error summary: focused when the page comes back with errors; each link opens what
  // hides its field (Tekst i bilag) and puts the cursor in it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("#error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var details = field.closest("details");
    if (details) {
      details.open = true;
    }
    field.scrollIntoView({ block: "center" });
    field.focus();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
    document.querySelectorAll("input.delete-row:checked").forEach(markRemoved);
  });
})();
