/* Example library filters (progressive enhancement).
 *
 * The library page is fully readable without JavaScript: every example is listed, grouped by
 * category. This script reveals the filter form and hides the examples that do not match the
 * chosen category, language and channel. Runs on every page view, including Material's instant
 * navigation (document$), and does nothing on pages without a library.
 */
(function () {
  "use strict";

  function categoriesOf(item) {
    var found = [];
    item.querySelectorAll(".pb-message[data-categories]").forEach(function (card) {
      found = found.concat(card.getAttribute("data-categories").split(" ").filter(Boolean));
    });
    return found;
  }

  function apply(form) {
    var wanted = {};
    form.querySelectorAll("select[data-filter]").forEach(function (select) {
      wanted[select.getAttribute("data-filter")] = select.value;
    });
    var shown = 0;
    document.querySelectorAll(".pb-library-item").forEach(function (item) {
      var ok =
        (!wanted.lang || item.getAttribute("data-lang") === wanted.lang) &&
        (!wanted.channel || item.getAttribute("data-channel") === wanted.channel) &&
        (!wanted.category || categoriesOf(item).indexOf(wanted.category) !== -1);
      item.hidden = !ok;
      if (ok) shown += 1;
    });
    hideEmptySections();
    var output = form.querySelector(".pb-library-count");
    if (output) output.textContent = String(shown);
  }

  /** Hide the heading (and intro text) of every section whose examples are all filtered out.
   * A section is a heading and the siblings up to the next heading of the same or higher level;
   * sections without any example (the page's conclusion) are left alone. */
  function hideEmptySections() {
    document.querySelectorAll(".md-content .md-typeset h2").forEach(function (heading) {
      var members = [];
      var items = 0;
      var shown = 0;
      for (var node = heading.nextElementSibling; node && !/^H[12]$/.test(node.tagName);
           node = node.nextElementSibling) {
        if (node.classList.contains("pb-library-item")) {
          items += 1;
          if (!node.hidden) shown += 1;
        } else {
          members.push(node);
        }
      }
      if (!items) return;
      var empty = shown === 0;
      heading.hidden = empty;
      members.forEach(function (node) {
        if (node.matches("form.pb-library-filters")) return;
        if (empty) node.setAttribute("data-pb-filtered", "");
        else node.removeAttribute("data-pb-filtered");
      });
    });
  }

  function enhance() {
    var form = document.querySelector("form.pb-library-filters");
    if (!form || form.getAttribute("data-ready") === "1") return;
    form.setAttribute("data-ready", "1");
    form.hidden = false;
    form.addEventListener("change", function () { apply(form); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(form);
  }

  // Material's document$ emits after every instant navigation, but not on pages opened from
  // disk (file://): the plain DOM path always runs too. enhance() is idempotent.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
