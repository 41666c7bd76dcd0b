/* Names for what Django's autocomplete (select2) draws in place of a <select>.
 *
 * select2 names its combobox by its own text (empty until something is chosen), and its
 * read-only text box and search field not at all, and puts the "clear all" cross of a multiple choice inside a
 * <ul> as a <span>. Each gets the select's label here (its <label for>, else its
 * aria-label), and the cross is marked as the list item it stands in. select2 redraws
 * these when a choice changes and inline rows are added later: a MutationObserver
 * names whatever appears.
 *
 * Django's two-box chooser (filter_horizontal: a group's rights, a partner's sections) names
 * its magnifier icon with aria-label on a plain <span>, which ARIA does not allow: it is
 * given role="img", the role that name belongs to.
 */
(function () {
  "use strict";

  function labelOf(select) {
    if (select.getAttribute("aria-label")) return select.getAttribute("aria-label");
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/[:\s]+$/, "").trim() : "";
  }

  function name(root) {
    root.querySelectorAll("select.select2-hidden-accessible").forEach(function (select) {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) return;
      const text = labelOf(select);
      if (!text) return;
      const named = ".select2-selection, .select2-search__field, [role=textbox]";
      container.querySelectorAll(named).forEach(
        function (element) {
          if (element.getAttribute("aria-label") === text) return;
          element.removeAttribute("aria-labelledby");
          element.setAttribute("aria-label", text);
        }
      );
      container.querySelectorAll("ul.select2-selection__rendered > :not(li)").forEach(
        function (element) { element.setAttribute("role", "listitem"); }
      );
    });
  }

  function nameIcons(root) {
    root.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(
      function (icon) { icon.setAttribute("role", "img"); }
    );
  }

  function start() {
    name(document);
    nameIcons(document);
    new MutationObserver(function () {
      name(document);
      nameIcons(document);
    }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
