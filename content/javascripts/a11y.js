/* Accessibility patch for the theme: Material's search panel is a role="dialog" without a
   name (axe: aria-dialog-name). Name it after the search field's own, translated, placeholder.
   Written for this site; no external script is loaded anywhere. */
(function () {
  function nameDialogs() {
    document.querySelectorAll(".md-search[role='dialog']:not([aria-label])").forEach(function (el) {
      var input = el.querySelector("input");
      el.setAttribute("aria-label", (input && input.getAttribute("placeholder")) || "Search");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", nameDialogs);
  } else {
    nameDialogs();
  }
})();
