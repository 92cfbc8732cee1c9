/*
 * Live checklists: remembers ticks, shows progress, offers a reset.
 *
 * The HTML (rendered by hooks/playbook/checklists.py) already works without this script: native
 * checkboxes with labels. This script only adds memory and feedback:
 *   - ticks are stored per checklist and per item id in localStorage, under
 *     "playbook:checklist:<id>" as JSON {"<item id>": true}, so they survive reloads, Material's
 *     instant navigation, reordering or editing of other items;
 *   - every instance of the same checklist (on this page, other pages, other tabs) shares them;
 *   - a progress bar, an "x / n" count, a reset button and a polite live message are revealed.
 * When storage is unavailable (file://, privacy mode) or holds garbage, ticks still work for
 * the current page; no exception escapes. Plain ES2019, no dependency, no build step.
 */
(function () {
  "use strict";

  var PREFIX = "playbook:checklist:";
  // Announced texts come from snippets/labels.yml through the section's data attributes.
  function label(section, name) {
    return section.getAttribute("data-text-" + name) || "";
  }
  function progressText(section, ticked, total) {
    return label(section, "progress").replace("{ticked}", ticked).replace("{total}", total);
  }

  // In-memory fallback, per checklist id, used when localStorage cannot be read or written.
  var memory = {};
  // Checklists whose last write failed (quota, privacy mode): read them from memory from now on.
  var unsaved = {};

  function storage() {
    try {
      var s = window.localStorage;
      return s || null;
    } catch (e) {
      return null;
    }
  }

  /** Parse a stored value into {itemId: true}; anything malformed yields {}. */
  function parseState(raw) {
    var state = {};
    if (typeof raw !== "string" || raw === "") return state;
    var data;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      return state;
    }
    if (!data || typeof data !== "object" || Array.isArray(data)) return state;
    Object.keys(data).forEach(function (key) {
      if (data[key] === true) state[key] = true;
    });
    return state;
  }

  /** Keep only ticked items that still exist (`itemIds`), as a JSON string. */
  function serializeState(state, itemIds) {
    var out = {};
    itemIds.forEach(function (id) {
      if (state && state[id] === true) out[id] = true;
    });
    return JSON.stringify(out);
  }

  function readState(checklistId) {
    var s = unsaved[checklistId] ? null : storage();
    if (s) {
      try {
        var raw = s.getItem(PREFIX + checklistId);
        if (raw !== null) return parseState(raw);
        return {};
      } catch (e) {
        /* fall through to memory */
      }
    }
    return parseState(memory[checklistId] || "");
  }

  /** Store the state; returns true when it was persisted. */
  function writeState(checklistId, state, itemIds) {
    var value = serializeState(state, itemIds);
    memory[checklistId] = value;
    var s = storage();
    if (!s) {
      unsaved[checklistId] = true;
      return false;
    }
    try {
      if (value === "{}") s.removeItem(PREFIX + checklistId);
      else s.setItem(PREFIX + checklistId, value);
      delete unsaved[checklistId];
      return true;
    } catch (e) {
      unsaved[checklistId] = true;
      return false;
    }
  }

  function storageWorks() {
    var s = storage();
    if (!s) return false;
    try {
      var probe = PREFIX + "__probe__";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return true;
    } catch (e) {
      return false;
    }
  }

  function sectionsFor(checklistId) {
    var all = document.querySelectorAll(".pb-checklist[data-checklist]");
    var found = [];
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-checklist") === checklistId) found.push(all[i]);
    }
    return found;
  }

  function boxesOf(section) {
    return Array.prototype.slice.call(section.querySelectorAll("input.pb-checklist__box[data-item]"));
  }

  function itemIdsOf(section) {
    return boxesOf(section).map(function (box) { return box.getAttribute("data-item"); });
  }

  /** Apply `state` to one section: boxes, item classes, progress, count, button, message. */
  function paint(section, state, announce) {
    var boxes = boxesOf(section);
    var ticked = 0;
    boxes.forEach(function (box) {
      var on = state[box.getAttribute("data-item")] === true;
      box.checked = on;
      var item = box.closest(".pb-checklist__item");
      if (item) item.classList.toggle("pb-checklist__item--done", on);
      if (on) ticked += 1;
    });
    var total = boxes.length;
    var progress = section.querySelector(".pb-checklist__progress");
    if (progress) {
      progress.max = total || 1;
      progress.value = ticked;
      progress.setAttribute("aria-valuetext", progressText(section, ticked, total));
    }
    var count = section.querySelector(".pb-checklist__count");
    if (count) count.textContent = ticked + " / " + total;
    var reset = section.querySelector(".pb-checklist__reset");
    if (reset) reset.disabled = ticked === 0;
    var complete = total > 0 && ticked === total;
    section.classList.toggle("pb-checklist--done", complete);
    var message = section.querySelector(".pb-checklist__message");
    if (message) {
      var text = "";
      if (complete) text = label(section, "done");
      else if (announce === "reset") text = label(section, "reset");
      else if (section.getAttribute("data-storage") === "off") text = label(section, "no-storage");
      if (message.textContent !== text) message.textContent = text;
    }
  }

  /** Repaint every instance of a checklist on the page from the stored state. */
  function refresh(checklistId, announce, origin) {
    var state = readState(checklistId);
    sectionsFor(checklistId).forEach(function (section) {
      if (section.getAttribute("data-enhanced") === "true") {
        paint(section, state, section === origin ? announce : null);
      }
    });
  }

  function onChange(section, event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches("input.pb-checklist__box[data-item]")) return;
    var checklistId = section.getAttribute("data-checklist");
    var state = readState(checklistId);
    if (box.checked) state[box.getAttribute("data-item")] = true;
    else delete state[box.getAttribute("data-item")];
    writeState(checklistId, state, itemIdsOf(section));
    refresh(checklistId, null, section);
  }

  function onReset(section) {
    var checklistId = section.getAttribute("data-checklist");
    writeState(checklistId, {}, itemIdsOf(section));
    refresh(checklistId, "reset", section);
  }

  function enhance(section) {
    if (section.getAttribute("data-enhanced") === "true") return;
    var checklistId = section.getAttribute("data-checklist");
    if (!checklistId) return;
    section.setAttribute("data-enhanced", "true");
    if (!storageWorks()) section.setAttribute("data-storage", "off");

    // Ticks made before the script ran (slow network) are kept, added to the stored ones.
    var state = readState(checklistId);
    var early = false;
    boxesOf(section).forEach(function (box) {
      if (box.checked && state[box.getAttribute("data-item")] !== true) {
        state[box.getAttribute("data-item")] = true;
        early = true;
      }
    });
    if (early) writeState(checklistId, state, itemIdsOf(section));

    section.addEventListener("change", function (event) {
      try { onChange(section, event); } catch (e) { /* never break the page */ }
    });
    var reset = section.querySelector(".pb-checklist__reset");
    if (reset) {
      reset.addEventListener("click", function () {
        try { onReset(section); } catch (e) { /* never break the page */ }
      });
    }
    var status = section.querySelector(".pb-checklist__status");
    if (status) status.hidden = false;
    paint(section, state, null);
    if (early) refresh(checklistId, null, section);
  }

  function enhanceAll() {
    try {
      var sections = document.querySelectorAll(".pb-checklist[data-checklist]");
      for (var i = 0; i < sections.length; i++) {
        try { enhance(sections[i]); } catch (e) { /* one broken checklist must not stop the others */ }
      }
    } catch (e) {
      /* never break the page */
    }
  }

  // Other tabs: keep instances in sync when another tab ticks or resets.
  function onStorage(event) {
    try {
      if (!event || typeof event.key !== "string" || event.key.indexOf(PREFIX) !== 0) {
        if (event && event.key === null) {
          // storage.clear() elsewhere: repaint everything.
          var seen = {};
          var all = document.querySelectorAll(".pb-checklist[data-enhanced='true']");
          for (var i = 0; i < all.length; i++) {
            var id = all[i].getAttribute("data-checklist");
            if (!seen[id]) { seen[id] = true; refresh(id, null, null); }
          }
        }
        return;
      }
      refresh(event.key.slice(PREFIX.length), null, null);
    } catch (e) {
      /* never break the page */
    }
  }

  if (typeof window !== "undefined" && typeof document !== "undefined") {
    window.addEventListener("storage", onStorage);
    // Material for MkDocs: document$ emits on first load and after every instant navigation.
    // The plain DOM path runs too; enhancing is idempotent (data-enhanced), so both are safe.
    try {
      if (window.document$ && typeof window.document$.subscribe === "function") {
        window.document$.subscribe(function () { enhanceAll(); });
      }
    } catch (e) {
      /* fall back to the DOM events below */
    }
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", enhanceAll);
    } else {
      enhanceAll();
    }
  }

  // For Node's unit tests only (no effect in browsers).
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { parseState: parseState, serializeState: serializeState, PREFIX: PREFIX };
  }
})();
