/*
 * The message linter in the browser: a port of hooks/playbook/lint/ (engine.py) that gives the
 * same findings as `playbook lint` for the same text, language and channel.
 *
 * It runs on the rules exported by hooks/playbook/lint/export.py (`export_rules`), which carry the
 * regexes the Python engine compiles (translated to JavaScript syntax), Python's own character
 * normalisation table, its whitespace and function-word lists: nothing is written twice.
 * tests/test_linter_parity.py runs this file in Node on thousands of cases and compares every
 * finding with Python's.
 *
 * How offsets are kept: the JavaScript engine works in UTF-16 indices of the normalised text (as
 * RegExp does) and converts every span to code-point offsets at the end, as Python counts them
 * (an emoji such as 👍 is one code point but two UTF-16 units). Regexes use the "u" flag, so
 * classes, `.` (exported as [^\n]) and counted repeats see code points, like Python's `re`.
 *
 * Usage:
 *   Node:    const { compile } = require(".../linter.js"); compile(data).lint(text, {lang, channel})
 *   Browser: window.playbook.lint(text, {lang, channel}) reads the rules from the page's
 *            <script type="application/json" id="pb-rules"> element (compiled once per element).
 * `lang`: "fr", "en", or null / "auto" to detect it like Python. `channel`: a channel id or null.
 * Findings: [{rule, category, severity, start, end, message}] sorted by (start, end, rule).
 *
 * Plain ES2019 plus RegExp match indices (the "d" flag, Chromium 90+ / Node 16+); no dependency.
 */
(function (root) {
  "use strict";

  var SUPPORTED_FORMAT = 1;
  var BMP_FAST = 0x3000;

  function LintError(message) {
    var error = new Error(message);
    error.name = "LintError";
    return error;
  }

  /* ---------- text helpers ---------- */

  /** UTF-16 length of the code point starting at `i`. */
  function unitLength(s, i) {
    var c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      var d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return 2;
    }
    return 1;
  }

  /** A function mapping a UTF-16 index of `s` to its code-point offset. */
  function offsetMapper(s) {
    var astral = false;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdfff) { astral = true; break; }
    }
    if (!astral) return function (unit) { return unit; };
    var map = new Int32Array(s.length + 1);
    var cp = 0;
    for (var j = 0; j < s.length;) {
      var len = unitLength(s, j);
      map[j] = cp;
      if (len === 2) map[j + 1] = cp;
      j += len;
      cp += 1;
    }
    map[s.length] = cp;
    return function (unit) { return map[unit]; };
  }

  function codePointLength(s) {
    var n = 0;
    for (var i = 0; i < s.length; i += unitLength(s, i)) n++;
    return n;
  }

  /** Python's bisect_left on a sorted array of numbers. */
  function bisectLeft(list, value) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* ---------- compilation of the exported rules ---------- */

  function compile(data) {
    if (!data || typeof data !== "object" || data.format !== SUPPORTED_FORMAT) {
      throw LintError("playbook linter: unsupported rules data (expected format " + SUPPORTED_FORMAT + ")");
    }
    var W = data.word_class;
    var NOT_W = "[^" + W.slice(1);
    var wordOne = new RegExp("^" + W + "$", "u");
    var wordRun = new RegExp(W + "+", "gu");

    // Word characters (all in the BMP by construction of the class), as a lookup table.
    var wordFast = new Uint8Array(BMP_FAST);
    for (var c = 0; c < BMP_FAST; c++) wordFast[c] = wordOne.test(String.fromCharCode(c)) ? 1 : 0;
    function isWordUnit(u) {
      if (u < BMP_FAST) return wordFast[u] === 1;
      if (u >= 0xd800 && u <= 0xdfff) return false;
      return wordOne.test(String.fromCharCode(u));
    }

    // Normalisation: Python's mapping for every code point that matters (see export.py).
    var normFast = new Uint32Array(BMP_FAST);
    for (var k = 0; k < BMP_FAST; k++) normFast[k] = k;
    var normMap = new Map();
    data.normalize.forEach(function (pair) {
      if (pair[0] < BMP_FAST) normFast[pair[0]] = pair[1];
      else normMap.set(pair[0], pair[1]);
    });
    function normalize(text) {
      var pieces = null;
      var last = 0;
      for (var i = 0; i < text.length;) {
        var len = unitLength(text, i);
        var cp = len === 2 ? text.codePointAt(i) : text.charCodeAt(i);
        var out = cp < BMP_FAST ? normFast[cp] : (normMap.has(cp) ? normMap.get(cp) : cp);
        if (out !== cp) {
          if (pieces === null) pieces = [];
          pieces.push(text.slice(last, i), String.fromCodePoint(out));
          last = i + len;
        }
        i += len;
      }
      if (pieces === null) return text;
      pieces.push(text.slice(last));
      return pieces.join("");
    }

    var whitespace = new Set(data.whitespace);
    function isSpaceUnit(u) { return whitespace.has(u); }

    var frenchWords = new Set(data.function_words.fr);
    var englishWords = new Set(data.function_words.en);

    function expand(source) {
      return source.split("\ue000").join(W).split("\ue001").join(NOT_W);
    }

    // Phrase lists (Matcher in engine.py) and patterns (PatternMatcher).
    var matchers = data.matchers.map(function (m, index) {
      return {
        index: index,
        phrases: m.phrases.map(function (p) { return new RegExp(expand(p.regex), "gu"); }),
        open: m.phrases.map(function (p, i) { return p.open ? i : -1; }).filter(function (i) { return i >= 0; }),
      };
    });
    var patterns = data.patterns.map(function (p) {
      var source = expand(p.regex);
      return { source: source, groups: p.groups, regex: new RegExp(source, p.groups ? "gdu" : "gu"), sticky: {} };
    });

    // Gates (GateIndex): word -> phrases that may match; stems by length.
    var gateLiteral = new Map();
    var gateStems = new Map();
    data.matchers.forEach(function (m, mi) {
      m.phrases.forEach(function (p, pi) {
        if (p.open) return;
        p.literal.forEach(function (key) {
          if (!gateLiteral.has(key)) gateLiteral.set(key, []);
          gateLiteral.get(key).push([mi, pi]);
        });
        p.stem.forEach(function (key) {
          if (!gateStems.has(key.length)) gateStems.set(key.length, new Map());
          var table = gateStems.get(key.length);
          if (!table.has(key)) table.set(key, []);
          table.get(key).push([mi, pi]);
        });
      });
    });

    var channels = {};
    data.channels.forEach(function (ch) { channels[ch.id] = ch; });
    var categories = {};
    data.categories.forEach(function (cat) { categories[cat.id] = cat; });
    var rulesById = {};
    data.rules.forEach(function (r) { rulesById[r.id] = r; });
    var byLang = {};
    data.languages.forEach(function (lang) {
      byLang[lang] = data.rules.filter(function (r) { return r.languages.indexOf(lang) >= 0; });
    });

    /* ----- per-message context ----- */

    function Context(text, norm) {
      this.text = text;
      this.norm = norm;
      this.memo = new Map();
      this._starts = null;
      this._words = null;
      this._passing = null;
      this._normCp = null;
      this._textCp = null;
    }
    Context.prototype.tokenize = function () {
      var starts = [], words = [];
      wordRun.lastIndex = 0;
      var m;
      while ((m = wordRun.exec(this.norm)) !== null) {
        starts.push(m.index);
        words.push(m[0]);
      }
      this._starts = starts;
      this._words = words;
    };
    Context.prototype.starts = function () {
      if (this._starts === null) this.tokenize();
      return this._starts;
    };
    Context.prototype.words = function () {
      if (this._words === null) this.tokenize();
      return this._words;
    };
    Context.prototype.normCp = function (unit) {
      if (this._normCp === null) this._normCp = offsetMapper(this.norm);
      return this._normCp(unit);
    };
    Context.prototype.textCp = function (unit) {
      if (this._textCp === null) this._textCp = offsetMapper(this.text);
      return this._textCp(unit);
    };
    /** Indexes of a matcher's phrases whose gate passes, plus its open phrases. */
    Context.prototype.passing = function (matcher) {
      if (this._passing === null) {
        var out = new Map();
        var add = function (hits) {
          for (var i = 0; i < hits.length; i++) {
            var mi = hits[i][0];
            if (!out.has(mi)) out.set(mi, new Set());
            out.get(mi).add(hits[i][1]);
          }
        };
        var seen = new Set(this.words());
        seen.forEach(function (word) {
          var hits = gateLiteral.get(word);
          if (hits) add(hits);
          gateStems.forEach(function (table, length) {
            if (word.length >= length) {
              var stemHits = table.get(word.slice(0, length));
              if (stemHits) add(stemHits);
            }
          });
        });
        this._passing = out;
      }
      var found = this._passing.get(matcher.index);
      var all = found ? Array.from(found) : [];
      for (var j = 0; j < matcher.open.length; j++) {
        if (!found || !found.has(matcher.open[j])) all.push(matcher.open[j]);
      }
      return all;
    };
    /** Number of word starts in [end, start) (engine._Context.words_between). */
    Context.prototype.wordsBetween = function (end, start) {
      var starts = this.starts();
      return bisectLeft(starts, start) - bisectLeft(starts, end);
    };

    /* ----- matching (spans in UTF-16 units of the normalised text) ----- */

    /** Successive leftmost matches of one phrase regex with the word-start check. */
    function scanPhrase(regex, norm, out) {
      var pos = 0;
      while (pos <= norm.length) {
        regex.lastIndex = pos;
        var m = regex.exec(norm);
        if (m === null) return;
        var start = m.index, end = start + m[0].length;
        if (start > 0 && isWordUnit(norm.charCodeAt(start - 1)) && isWordUnit(norm.charCodeAt(start))) {
          pos = start + unitLength(norm, start);
          continue;
        }
        out.push([start, end]);
        pos = end > start ? end : start + unitLength(norm, start);
      }
    }

    function matcherSpans(matcher, ctx) {
      var got = ctx.memo.get(matcher.index);
      if (got !== undefined) return got;
      var found = [];
      var subset = ctx.passing(matcher);
      for (var i = 0; i < subset.length; i++) scanPhrase(matcher.phrases[subset[i]], ctx.norm, found);
      if (found.length > 1) {
        found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
        var kept = [], lastEnd = -1;
        for (var j = 0; j < found.length; j++) {
          if (found[j][0] >= lastEnd) {
            kept.push(found[j]);
            lastEnd = found[j][1];
          }
        }
        found = kept;
      }
      ctx.memo.set(matcher.index, found);
      return found;
    }

    function matcherSearch(matcher, ctx) {
      var found = matcherSpans(matcher, ctx);
      return found.length ? found[0] : null;
    }

    /** A match at exactly `pos` that does not end at `pos` (Python's rule after an empty match). */
    function nonEmptyAt(pattern, ctx, pos) {
      var offset = ctx.normCp(pos);
      var regex = pattern.sticky[offset];
      if (!regex) {
        regex = new RegExp("(?:" + pattern.source + ")(?<!^[^]{" + offset + "})", pattern.groups ? "dyu" : "yu");
        pattern.sticky[offset] = regex;
      }
      regex.lastIndex = pos;
      return regex.exec(ctx.norm);
    }

    /** Python's `finditer` over a pattern: group 1's span when it took part, non-empty only. */
    function patternSpans(pattern, ctx, firstOnly) {
      var spans = [];
      var norm = ctx.norm;
      var regex = pattern.regex;
      var pos = 0, mustAdvance = false;
      while (pos <= norm.length) {
        var m = null;
        if (mustAdvance) {
          m = nonEmptyAt(pattern, ctx, pos);
          if (m === null) {
            pos += unitLength(norm, pos);
            if (pos > norm.length) break;
          }
        }
        if (m === null) {
          regex.lastIndex = pos;
          m = regex.exec(norm);
          if (m === null) break;
        }
        var start = m.index, end = start + m[0].length;
        var spanStart = start, spanEnd = end;
        if (pattern.groups && m.indices && m.indices[1] !== undefined) {
          spanStart = m.indices[1][0];
          spanEnd = m.indices[1][1];
        }
        if (spanEnd > spanStart) {
          spans.push([spanStart, spanEnd]);
          if (firstOnly) return spans;
        }
        pos = end;
        mustAdvance = end === start;
      }
      return spans;
    }

    function signalSearch(signal, ctx) {
      if (signal.matcher !== undefined) return matcherSearch(matchers[signal.matcher], ctx);
      var spans = patternSpans(patterns[signal.pattern], ctx, true);
      return spans.length ? spans[0] : null;
    }

    /* ----- rules (spans returned in code points) ----- */

    function normToCp(ctx, spans) {
      return spans.map(function (s) { return [ctx.normCp(s[0]), ctx.normCp(s[1])]; });
    }

    function nearSpans(rule, ctx) {
      var spec = rule.near;
      var aSpans = matcherSpans(matchers[spec.a], ctx);
      if (!aSpans.length) return [];
      var bSpans = matcherSpans(matchers[spec.b], ctx);
      if (!bSpans.length) return [];
      var out = [], lastEnd = -1;
      for (var i = 0; i < aSpans.length; i++) {
        var aStart = aSpans[i][0], aEnd = aSpans[i][1];
        if (aStart < lastEnd) continue;
        for (var j = 0; j < bSpans.length; j++) {
          var bStart = bSpans[j][0], bEnd = bSpans[j][1];
          var gap;
          if (bStart >= aEnd) gap = ctx.wordsBetween(aEnd, bStart);
          else if (!spec.ordered && bEnd <= aStart) gap = ctx.wordsBetween(bEnd, aStart);
          else continue;
          if (gap <= spec.within) {
            var start = Math.min(aStart, bStart), end = Math.max(aEnd, bEnd);
            if (start < lastEnd) continue;
            out.push([start, end]);
            lastEnd = end;
            break;
          }
        }
      }
      return normToCp(ctx, out);
    }

    function absentSpans(rule, ctx) {
      var spec = rule.absent;
      var trigger = null;
      if (spec.when !== null) {
        trigger = matcherSearch(matchers[spec.when], ctx);
        if (trigger === null) return [];
      }
      if (spec.min_words && ctx.starts().length < spec.min_words) return [];
      for (var i = 0; i < spec.signals.length; i++) {
        if (signalSearch(spec.signals[i], ctx) !== null) return [];
      }
      if (trigger !== null) return normToCp(ctx, [trigger]);
      var text = ctx.text;
      if (spec.span === "first-line") {
        var offset = 0;
        var lines = text.split("\n");
        for (var j = 0; j < lines.length; j++) {
          var line = lines[j];
          var lead = 0;
          while (lead < line.length && isSpaceUnit(line.charCodeAt(lead))) lead++;
          if (lead < line.length) {
            var stop = line.length;
            while (stop > lead && isSpaceUnit(line.charCodeAt(stop - 1))) stop--;
            return [[ctx.textCp(offset + lead), ctx.textCp(offset + stop)]];
          }
          offset += line.length + 1;
        }
        return [];
      }
      var first = 0;
      while (first < text.length && isSpaceUnit(text.charCodeAt(first))) first++;
      var last = text.length;
      while (last > 0 && isSpaceUnit(text.charCodeAt(last - 1))) last--;
      if (last > first) return [[ctx.textCp(first), ctx.textCp(last)]];
      return [];
    }

    function ruleSpans(rule, ctx, channel) {
      if (rule.unless !== null && matcherSearch(matchers[rule.unless], ctx) !== null) return [];
      switch (rule.kind) {
        case "phrases":
          return normToCp(ctx, matcherSpans(matchers[rule.matcher], ctx));
        case "pattern":
          return normToCp(ctx, patternSpans(patterns[rule.pattern], ctx, false));
        case "near":
          return nearSpans(rule, ctx);
        case "absent":
          return absentSpans(rule, ctx);
        case "too_long": {
          var limit = rule.limit !== null && rule.limit !== undefined ? rule.limit
            : (channel !== null && channels[channel] ? channels[channel].max_chars : null);
          var length = codePointLength(ctx.text);
          return limit !== null && length > limit ? [[limit, length]] : [];
        }
        default:
          throw LintError("playbook linter: unknown rule kind " + rule.kind);
      }
    }

    /* ----- public API ----- */

    function detectLanguage(text, norm) {
      var n = norm === undefined ? normalize(text) : norm;
      var fr = 0, en = 0;
      var words = n.match(wordRun) || [];
      for (var i = 0; i < words.length; i++) {
        if (frenchWords.has(words[i])) fr++;
        else if (englishWords.has(words[i])) en++;
      }
      return en > fr ? "en" : "fr";
    }

    function options(opts) {
      var o = opts || {};
      var lang = o.lang === undefined || o.lang === "" || o.lang === "auto" ? null : o.lang;
      if (lang !== null && data.languages.indexOf(lang) < 0) {
        throw LintError("unknown language " + JSON.stringify(lang) + ": use 'fr', 'en' or null");
      }
      var channel = o.channel === undefined || o.channel === "" ? null : o.channel;
      if (channel !== null && !Object.prototype.hasOwnProperty.call(channels, channel)) {
        throw LintError("unknown channel " + JSON.stringify(channel) + ": use one of " +
          Object.keys(channels).join(", "));
      }
      return { lang: lang, channel: channel };
    }

    /** Findings plus what the page shows: the language used, the length and the channel limit. */
    function check(text, opts) {
      if (typeof text !== "string") throw LintError("the message must be a string");
      var o = options(opts);
      var norm = normalize(text);
      var lang = o.lang === null ? detectLanguage(text, norm) : o.lang;
      var ctx = new Context(text, norm);
      var findings = [];
      var list = byLang[lang] || [];
      for (var i = 0; i < list.length; i++) {
        var rule = list[i];
        if (rule.channels.length && rule.channels.indexOf(o.channel) < 0) continue;
        if (o.channel !== null && rule.skip_channels.indexOf(o.channel) >= 0) continue;
        var spans = ruleSpans(rule, ctx, o.channel);
        for (var j = 0; j < spans.length; j++) {
          findings.push({
            rule: rule.id, category: rule.category, severity: rule.severity,
            start: spans[j][0], end: spans[j][1], message: rule.message,
          });
        }
      }
      findings.sort(function (a, b) {
        return a.start - b.start || a.end - b.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
      });
      return {
        lang: lang,
        detected: o.lang === null,
        channel: o.channel,
        length: codePointLength(text),
        limit: o.channel !== null ? channels[o.channel].max_chars : null,
        findings: findings,
      };
    }

    return {
      data: data,
      lint: function (text, opts) { return check(text, opts).findings; },
      check: check,
      normalize: normalize,
      detectLanguage: function (text) { return detectLanguage(text); },
      rule: function (id) { return rulesById[id] || null; },
      category: function (id) { return categories[id] || null; },
      channel: function (id) { return channels[id] || null; },
      channels: data.channels.slice(),
      categories: data.categories.slice(),
    };
  }

  var api = { compile: compile, codePointLength: codePointLength, SUPPORTED_FORMAT: SUPPORTED_FORMAT };

  // Browser: window.playbook.lint / .check read the rules of the current page.
  if (typeof window !== "undefined" && typeof document !== "undefined") {
    var playbook = window.playbook = window.playbook || {};
    var compiled = typeof WeakMap === "function" ? new WeakMap() : null;
    playbook.linter = api;
    playbook.rules = function () {
      var element = document.getElementById("pb-rules");
      if (!element) return null;
      var linter = compiled && compiled.get(element);
      if (!linter) {
        linter = compile(JSON.parse(element.textContent));
        if (compiled) compiled.set(element, linter);
      }
      return linter;
    };
    var required = function () {
      var linter = playbook.rules();
      if (!linter) throw LintError("playbook linter: this page has no rules (#pb-rules)");
      return linter;
    };
    playbook.lint = function (text, opts) { return required().lint(text, opts); };
    playbook.check = function (text, opts) { return required().check(text, opts); };
  }
  if (typeof module === "object" && module && module.exports) {
    module.exports = api;
  } else if (root) {
    root.playbookLinter = api;
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
