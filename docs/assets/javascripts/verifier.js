/*
 * "Vérifier mon message" (docs/verifier.md): lints the draft as the consultant types.
 *
 * The engine is linter.js (window.playbook.check), fed with the rules the build writes into the
 * page (<script type="application/json" id="pb-rules">). This file only draws:
 *   - the character count against the chosen channel's limit (code points, as Python counts);
 *   - a preview of the draft with every finding highlighted and numbered;
 *   - the findings list: severity, category (linked), message, advice, link to the rule, and a
 *     button that selects the passage in the text area;
 *   - a polite live region announcing the summary once typing pauses.
 * Trust: the user's text is only ever put in the page as text nodes (never innerHTML), nothing is
 * sent anywhere and nothing is stored. Every French text comes from data-text-* attributes of
 * the form, written in the page. Works with Material's instant navigation. Plain ES2019.
 */
(function () {
  "use strict";

  var LIVE_DELAY_MS = 800;
  var EXCERPT_MAX = 140;
  var SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

  // French spacing, as hooks/playbook/typography.py gives every page at build time (its
  // reference): a no-break space before « : » and after a number, a narrow one before « ; ! ? »
  // and « % », inside « » and between groups of thousands.
  // The checker writes its texts after the page is built, so it applies the same rules.
  var SPACE = "[ \\t\\r\\n\\u00a0\\u202f]";
  var BEFORE_HIGH = new RegExp(SPACE + "+([;!?\u00bb])", "g");
  var BEFORE_COLON = new RegExp(SPACE + "+:(?=\\s|$|[\u00bb)\\]])", "g");
  var AFTER_OPEN = new RegExp("\u00ab" + SPACE + "*", "g");
  var GLUED_CLOSE = /(?<=\S)\u00bb/g;
  // A number keeps its word and its « % » on its line; groups of thousands are joined.
  var THOUSANDS = /(?<![\p{L}\p{N}_.,/=:?&#-])([0-9]{1,3})((?: [0-9]{3})+)(?![\p{L}\p{N}_])/gu;
  var NUMBER_WORD = /(?<![\p{L}\p{N}_.,/=:?&#-])(?!(?:19|20)[0-9]{2} )([0-9]+(?:[.,][0-9]+)?) (?=\p{L})/gu;
  var NUMBER_PERCENT = /(?<=[0-9]) (?=%)/g;

  function frenchSpacing(text) {
    return String(text)
      .replace(THOUSANDS, function (whole, head, groups) { return head + groups.replace(/ /g, "\u202f"); })
      .replace(NUMBER_WORD, "$1\u00a0")
      .replace(NUMBER_PERCENT, "\u202f")
      .replace(BEFORE_HIGH, "\u202f$1")
      .replace(BEFORE_COLON, "\u00a0:")
      .replace(AFTER_OPEN, "\u00ab\u202f")
      .replace(GLUED_CLOSE, "\u202f\u00bb");
  }

  // The values filled in may be numbers: the text is spaced once they are in (« 200 caractères »).
  function format(template, values) {
    return frenchSpacing(String(template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    }));
  }

  function number(n) {
    try {
      return n.toLocaleString("fr-FR");
    } catch (e) {
      return String(n);
    }
  }

  /** Maps code-point offsets of `text` to UTF-16 indices (findings count code points). */
  function unitMapper(text) {
    var units = [0];
    for (var i = 0; i < text.length;) {
      var c = text.charCodeAt(i);
      var pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length &&
        text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
      i += pair ? 2 : 1;
      units.push(i);
    }
    return function (cp) { return units[Math.min(cp, units.length - 1)]; };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function worst(findings) {
    var best = "info";
    findings.forEach(function (f) {
      if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[best]) best = f.severity;
    });
    return best;
  }

  function Verifier(form, linter) {
    this.form = form;
    this.linter = linter;
    this.text = function (key) { return frenchSpacing(form.getAttribute("data-text-" + key) || ""); };
    this.draft = form.querySelector("#pb-draft");
    this.channel = form.querySelector("#pb-channel");
    this.lang = form.querySelector("#pb-lang");
    this.count = form.querySelector("#pb-count");
    this.langInfo = form.querySelector("#pb-lang-info");
    this.preview = form.querySelector("#pb-preview");
    this.summary = form.querySelector("#pb-summary");
    this.list = form.querySelector("#pb-results");
    this.live = form.querySelector("#pb-live");
    var ref = document.getElementById("pb-rules-ref");
    this.rulesHref = ref ? (ref.getAttribute("href") || "").split("#")[0] : "";
    this.labels = linter.data.labels || {};
    this.pending = false;
    this.liveTimer = null;
    this.lastAnnounced = null;
    this.current = null;
  }

  Verifier.prototype.start = function () {
    var self = this;
    var chosen = this.channel.value;
    var existing = Array.prototype.map.call(this.channel.options, function (o) { return o.value; });
    this.linter.channels.forEach(function (channel) {
      if (existing.indexOf(channel.id) >= 0) return;
      var option = el("option", null, channel.label + " (" + number(channel.max_chars) + ")");
      option.value = channel.id;
      self.channel.appendChild(option);
    });
    this.channel.value = chosen;
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.draft.addEventListener("input", function () { self.schedule(); });
    this.channel.addEventListener("change", function () { self.schedule(); });
    this.lang.addEventListener("change", function () { self.schedule(); });
    this.form.hidden = false;
    this.update();
    // Nothing to announce on arrival: the live region only speaks about what the reader typed.
    window.clearTimeout(this.liveTimer);
    this.liveTimer = null;
    this.lastAnnounced = this.summary.textContent;
  };

  /** At most one check per animation frame, whatever the typing speed. */
  Verifier.prototype.schedule = function () {
    var self = this;
    if (this.pending) return;
    this.pending = true;
    var run = function () {
      self.pending = false;
      self.update();
    };
    if (typeof window.requestAnimationFrame === "function") window.requestAnimationFrame(run);
    else window.setTimeout(run, 0);
  };

  Verifier.prototype.update = function () {
    var value = this.draft.value;
    var result = this.linter.check(value, {
      lang: this.lang.value === "auto" ? null : this.lang.value,
      channel: this.channel.value || null,
    });
    this.current = { text: value, result: result, units: unitMapper(value) };
    this.renderCount(result);
    this.renderLanguage(result, value);
    this.renderPreview(value, result.findings);
    this.renderFindings(value, result.findings);
    this.announce(this.summaryText(value, result.findings));
  };

  Verifier.prototype.renderCount = function (result) {
    var channel = result.channel ? this.linter.channel(result.channel) : null;
    var text, state;
    if (!channel) {
      text = format(this.text("length"), { n: number(result.length) }) + " — " + this.text("length-hint");
      state = "none";
    } else {
      var over = result.length - channel.max_chars;
      var free = channel.free_max_chars;
      text = format(this.text("length-limit"), {
        n: number(result.length), max: number(channel.max_chars), channel: channel.label,
      }) + " — " + (over > 0 ? format(this.text("over"), { over: number(over) })
        : free && result.length > free ? format(this.text("premium-only"), { free: number(free) })
        : this.text("within"));
      state = over > 0 ? "over" : "ok";
    }
    this.count.textContent = text;
    this.count.setAttribute("data-state", state);
  };

  Verifier.prototype.languageName = function (lang) {
    var names = this.labels.language || {};
    if (names[lang]) return names[lang];
    var option = Array.prototype.filter.call(this.lang.options, function (o) { return o.value === lang; })[0];
    return option ? option.textContent.toLowerCase() : lang;
  };

  Verifier.prototype.renderLanguage = function (result, value) {
    if (!value.trim()) {
      this.langInfo.textContent = "";
      return;
    }
    var template = result.detected ? this.text("detected") : this.text("chosen");
    this.langInfo.textContent = format(template, { lang: this.languageName(result.lang) });
  };

  /** engine.excerpt: one line, at most `limit` characters, cut at a word boundary with « … ». */
  function cut(text, limit) {
    var flat = text.split(/\s+/).filter(Boolean).join(" ");
    var points = Array.from(flat);
    if (points.length <= limit) return flat;
    var head = points.slice(0, limit).join("");
    var space = head.lastIndexOf(" ");
    if (space > Math.floor(limit / 3)) head = head.slice(0, space);
    return head.replace(/[ ,;:.!?-]+$/, "") + "…";
  }

  /** The draft as text nodes, with <mark> around every passage some finding covers. */
  Verifier.prototype.renderPreview = function (value, findings) {
    var preview = this.preview;
    clear(preview);
    if (!value) {
      preview.appendChild(el("span", "pb-verifier__placeholder", this.text("empty")));
      return;
    }
    var units = this.current.units;
    // A finding about the whole message (scope "message") is listed, not painted over the text:
    // the specific passages stay visible.
    var spans = [];
    findings.forEach(function (f, index) {
      if (f.scope !== "message") spans.push({ start: units(f.start), end: units(f.end), finding: f, number: index + 1 });
    });
    var cuts = [0, value.length];
    spans.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts = cuts.filter(function (c, i, all) { return all.indexOf(c) === i; }).sort(function (a, b) { return a - b; });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var from = cuts[i], to = cuts[i + 1];
      var covering = spans.filter(function (s) { return s.start <= from && s.end >= to; });
      var starting = spans.filter(function (s) { return s.start === from; });
      starting.forEach(function (s) {
        var ref = el("span", "pb-mark__ref pb-mark__ref--" + s.finding.severity, String(s.number));
        ref.setAttribute("aria-hidden", "true");
        preview.appendChild(ref);
      });
      var piece = document.createTextNode(value.slice(from, to));
      if (!covering.length) {
        preview.appendChild(piece);
        continue;
      }
      var mark = el("mark", "pb-mark pb-mark--" + worst(covering.map(function (s) { return s.finding; })));
      if (covering.length > 1) mark.classList.add("pb-mark--stacked");
      mark.setAttribute("data-findings", covering.map(function (s) { return s.number; }).join(" "));
      mark.appendChild(piece);
      preview.appendChild(mark);
    }
    // A final line break would be invisible: keep the preview as tall as the text.
    if (value.charAt(value.length - 1) === "\n") preview.appendChild(document.createTextNode("\u200b"));
  };

  Verifier.prototype.summaryText = function (value, findings) {
    if (!value.trim()) return this.text("empty");
    if (!findings.length) return this.text("none");
    var counts = {};
    findings.forEach(function (f) { counts[f.severity] = (counts[f.severity] || 0) + 1; });
    var names = this.labels.severity || {};
    var parts = Object.keys(SEVERITY_ORDER).filter(function (s) { return counts[s]; }).map(function (s) {
      return (names[s] || s) + " : " + counts[s];
    });
    var head = findings.length === 1 ? this.text("summary-one")
      : format(this.text("summary-many"), { n: findings.length });
    return head + " (" + parts.join(" ; ") + ")";
  };

  Verifier.prototype.href = function (anchor) {
    return this.rulesHref ? this.rulesHref + "#" + encodeURIComponent(anchor) : null;
  };

  Verifier.prototype.renderFindings = function (value, findings) {
    var self = this;
    var list = this.list;
    clear(list);
    this.summary.textContent = frenchSpacing(this.summaryText(value, findings));
    this.summary.setAttribute("data-count", String(findings.length));
    var units = this.current.units;
    var names = this.labels.severity || {};
    var trimmed = value.trim();
    findings.forEach(function (f, index) {
      var rule = self.linter.rule(f.rule) || {};
      var whole = f.scope === "message";
      var category = self.linter.category(f.category) || { label: f.category };
      var item = el("li", "pb-result pb-result--" + f.severity);
      item.setAttribute("data-rule", f.rule);
      item.setAttribute("data-start", String(f.start));
      item.setAttribute("data-end", String(f.end));

      var head = el("p", "pb-result__head");
      head.appendChild(el("span", "pb-result__number", String(index + 1)));
      head.appendChild(el("span", "pb-result__severity", names[f.severity] || f.severity));
      var categoryHref = self.href(f.category);
      var categoryNode = el(categoryHref ? "a" : "span", "pb-result__category", frenchSpacing(category.label));
      if (categoryHref) categoryNode.setAttribute("href", categoryHref);
      head.appendChild(categoryNode);
      item.appendChild(head);

      item.appendChild(el("p", "pb-result__message", frenchSpacing(f.message)));
      var passage = value.slice(units(f.start), units(f.end));
      var excerpt = whole || (passage.trim() === trimmed && trimmed.length > EXCERPT_MAX) ? self.text("whole")
        : "\u00ab\u202f" + cut(passage, EXCERPT_MAX) + "\u202f\u00bb"; // the draft itself, as typed
      item.appendChild(el("p", "pb-result__excerpt", excerpt));
      // A whole-message judgment has no rule of its own: its advice is its category's description.
      var adviceText = rule.advice || (self.linter.rule(f.rule) ? "" : category.description);
      if (adviceText) {
        var advice = el("p", "pb-result__advice");
        advice.appendChild(el("strong", null, self.text("advice")));
        advice.appendChild(document.createTextNode(" " + frenchSpacing(adviceText)));
        item.appendChild(advice);
      }
      var actions = el("p", "pb-result__actions");
      var ruleHref = self.linter.rule(f.rule) ? self.href(f.rule) : null;
      if (ruleHref) {
        var link = el("a", "pb-result__rule", self.text("rule"));
        link.setAttribute("href", ruleHref);
        actions.appendChild(link);
        actions.appendChild(document.createTextNode(" "));
      }
      if (!whole) {
        var show = el("button", "md-button pb-result__show", self.text("show"));
        show.type = "button";
        show.addEventListener("click", function () { self.select(f); });
        actions.appendChild(show);
      }
      if (actions.childNodes.length) item.appendChild(actions);
      list.appendChild(item);
    });
  };

  /** Select a finding's passage in the text area (keyboard users land right on it). */
  Verifier.prototype.select = function (finding) {
    if (!this.current || this.current.text !== this.draft.value) return;
    var units = this.current.units;
    this.draft.focus();
    this.draft.setSelectionRange(units(finding.start), units(finding.end));
  };

  /** The live region speaks once typing pauses, and only when the summary changed. */
  Verifier.prototype.announce = function (message) {
    var self = this;
    if (this.liveTimer !== null) window.clearTimeout(this.liveTimer);
    this.liveTimer = window.setTimeout(function () {
      self.liveTimer = null;
      if (message === self.lastAnnounced) return;
      self.lastAnnounced = message;
      self.live.textContent = message;
    }, LIVE_DELAY_MS);
  };

  function fail(form, error) {
    if (form.previousElementSibling && form.previousElementSibling.classList.contains("pb-verifier-error")) return;
    var box = el("div", "admonition failure pb-verifier-error");
    box.setAttribute("role", "alert");
    box.appendChild(el("p", null, form.getAttribute("data-text-error")));
    form.parentNode.insertBefore(box, form);
    if (window.console && error) window.console.error(error);
  }

  function enhance() {
    var form = document.getElementById("pb-verifier");
    if (!form || form.getAttribute("data-enhanced") === "true") return;
    form.setAttribute("data-enhanced", "true");
    var linter = null;
    try {
      linter = window.playbook && typeof window.playbook.rules === "function" ? window.playbook.rules() : null;
    } catch (error) {
      fail(form, error);
      return;
    }
    if (!linter) {
      fail(form, new Error("playbook verifier: linter.js or the #pb-rules data is missing"));
      return;
    }
    new Verifier(form, linter).start();
  }

  if (typeof window !== "undefined" && typeof document !== "undefined") {
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
  }
})();
