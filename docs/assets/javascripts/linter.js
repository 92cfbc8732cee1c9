/*
 * The message linter in the browser: a port of hooks/playbook/lint/ (engine.py) that gives the
 * same findings as `playbook lint` for the same text, language and channel.
 *
 * It runs on the rules exported by hooks/playbook/lint/export.py (`export_rules`), in the JSON
 * format of hooks/playbook/lint/SPEC.md, which carries the regexes the Python engine compiles
 * (written for JavaScript from the same regex tree, regex_ast.py), Python's own character
 * normalisation table, its whitespace and function-word lists: nothing is written twice.
 * Each matching function mirrors the engine.py function named in its comment (same steps, same
 * order); engine.py's Python-only speed-ups (probes, token gates, triggers, the pattern
 * prefilter) are left out, as SPEC.md allows. tests/test_linter_parity.py runs this file in Node
 * on thousands of cases and compares every finding with Python's.
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

    // Phrase lists (engine.Matcher) and patterns (engine.PatternMatcher), by their JSON index.
    var matchers = data.matchers.map(function (m, index) {
      return {
        index: index,
        phrases: m.phrases.map(function (p) { return new RegExp(expand(p.regex), "gu"); }),
        open: m.phrases.map(function (p, i) { return p.open ? i : -1; }).filter(function (i) { return i >= 0; }),
      };
    });
    var patterns = data.patterns.map(function (p, index) {
      var source = expand(p.regex);
      return {
        key: "p" + index, source: source, groups: p.groups,
        regex: new RegExp(source, p.groups ? "gdu" : "gu"), sticky: {},
      };
    });

    /** The exported gates as two tables (engine.GateIndex, without its Python-only numbering):
     * word -> [matcher index, phrase index] and, by stem length, stem -> the same. */
    function gateTables() {
      var literal = new Map();
      var stems = new Map();
      data.matchers.forEach(function (m, mi) {
        m.phrases.forEach(function (p, pi) {
          if (p.open) return;
          p.literal.forEach(function (key) {
            if (!literal.has(key)) literal.set(key, []);
            literal.get(key).push([mi, pi]);
          });
          p.stem.forEach(function (key) {
            if (!stems.has(key.length)) stems.set(key.length, new Map());
            var table = stems.get(key.length);
            if (!table.has(key)) table.set(key, []);
            table.get(key).push([mi, pi]);
          });
        });
      });
      return { literal: literal, stems: stems };
    }
    var gates = gateTables();

    var channels = {};
    data.channels.forEach(function (ch) { channels[ch.id] = ch; });
    var categories = {};
    data.categories.forEach(function (cat) { categories[cat.id] = cat; });
    var rulesById = {};
    data.rules.forEach(function (r) { rulesById[r.id] = r; });

    /* ----- per-message context (engine._Context) ----- */

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
    /** engine._Context.starts: the UTF-16 index of each word. */
    Context.prototype.starts = function () {
      if (this._starts === null) this.tokenize();
      return this._starts;
    };
    /** engine._Context.words */
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
    /** engine._Context._compute_passing + GateIndex.keys, on the exported gates only: the
     * indexes of a matcher's phrases whose gate a word of the message opens, plus its open ones. */
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
        new Set(this.words()).forEach(function (word) {
          var hits = gates.literal.get(word);
          if (hits) add(hits);
          gates.stems.forEach(function (table, length) {
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
    /** engine._Context.words_between: number of word starts in [end, start). */
    Context.prototype.wordsBetween = function (end, start) {
      var starts = this.starts();
      return bisectLeft(starts, start) - bisectLeft(starts, end);
    };

    /* ----- matching (spans in UTF-16 units of the normalised text) ----- */

    /** engine._scan: successive leftmost matches of one phrase regex with the word-start check. */
    function scan(regex, norm, out) {
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

    /** engine._merge: sort by (start, longest first), keep the spans that overlap no kept one. */
    function merge(found) {
      if (found.length <= 1) return found;
      found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
      var kept = [], lastEnd = -1;
      for (var j = 0; j < found.length; j++) {
        if (found[j][0] >= lastEnd) {
          kept.push(found[j]);
          lastEnd = found[j][1];
        }
      }
      return kept;
    }

    /** engine.Matcher.spans: the kept spans of a phrase list (memoised per message). */
    function matcherSpans(matcher, ctx) {
      var got = ctx.memo.get(matcher.index);
      if (got !== undefined) return got;
      var found = [];
      var subset = ctx.passing(matcher);
      for (var i = 0; i < subset.length; i++) scan(matcher.phrases[subset[i]], ctx.norm, found);
      found = merge(found);
      ctx.memo.set(matcher.index, found);
      return found;
    }

    /** engine.Matcher.search */
    function matcherSearch(matcher, ctx) {
      var found = matcherSpans(matcher, ctx);
      return found.length ? found[0] : null;
    }

    /** JavaScript only: a match at exactly `pos` that does not end at `pos`, which is what
     * Python's `finditer` looks for after an empty match (engine.PatternMatcher.spans). */
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

    /** engine.PatternMatcher.spans: Python's `finditer`, group 1's span when it took part,
     * non-empty spans only (memoised per message). */
    function patternSpans(pattern, ctx) {
      var got = ctx.memo.get(pattern.key);
      if (got !== undefined) return got;
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
        if (spanEnd > spanStart) spans.push([spanStart, spanEnd]);
        pos = end;
        mustAdvance = end === start;
      }
      ctx.memo.set(pattern.key, spans);
      return spans;
    }

    /** engine.PatternMatcher.search */
    function patternSearch(pattern, ctx) {
      var found = patternSpans(pattern, ctx);
      return found.length ? found[0] : null;
    }

    /** `signal.search(ctx)` in engine.Rule._absent: a signal is a phrase list or a pattern. */
    function signalSearch(signal, ctx) {
      if (signal.matcher !== undefined) return matcherSearch(matchers[signal.matcher], ctx);
      return patternSearch(patterns[signal.pattern], ctx);
    }

    /* ----- rules (spans returned in code points, as Python counts them) ----- */

    function normToCp(ctx, spans) {
      return spans.map(function (s) { return [ctx.normCp(s[0]), ctx.normCp(s[1])]; });
    }

    /** engine.Rule._near */
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

    /** engine.Rule._absent (`str.strip()` is done with the exported whitespace). */
    function absentSpans(rule, ctx) {
      var spec = rule.absent;
      var trigger = null;
      if (spec.when !== null) {
        trigger = matcherSearch(matchers[spec.when], ctx);
        if (trigger === null) return [];
      }
      if (spec.min_words && ctx.words().length < spec.min_words) return [];
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

    /** engine.Rule._kind_spans: the spans of a rule's kind (`unless` is checked by `run`). */
    function kindSpans(rule, ctx, channel) {
      switch (rule.kind) {
        case "phrases":
          return normToCp(ctx, matcherSpans(matchers[rule.matcher], ctx));
        case "pattern":
          return normToCp(ctx, patternSpans(patterns[rule.pattern], ctx));
        case "near":
          return nearSpans(rule, ctx);
        case "absent":
          return absentSpans(rule, ctx);
        case "too_long": {
          // account: "free" measures against the channel's free_max_chars (engine.py, too_long).
          var known = channel !== null && channels[channel] ? channels[channel] : null;
          var limit = rule.limit !== null && rule.limit !== undefined ? rule.limit
            : (known ? (rule.account === "free" ? known.free_max_chars : known.max_chars) : null);
          var length = codePointLength(ctx.text);
          return limit !== null && length > limit ? [[limit, length]] : [];
        }
        default:
          throw LintError("playbook linter: unknown rule kind " + rule.kind);
      }
    }

    /* ----- running the rules ----- */

    /** engine.detect_language / engine._detect: English only with strictly more hits. */
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

    /** engine._plan, without its Python-only triggers: the rules of `lang` that run for
     * `channel`, in rules.yml order (cached). */
    var plans = new Map();
    function plan(lang, channel) {
      var key = lang + "\u0000" + (channel === null ? "" : channel);
      var got = plans.get(key);
      if (got === undefined) {
        got = data.rules.filter(function (rule) {
          if (rule.languages.indexOf(lang) < 0) return false;
          if (rule.channels.length && rule.channels.indexOf(channel) < 0) return false;
          return !(channel !== null && rule.skip_channels.indexOf(channel) >= 0);
        });
        plans.set(key, got);
      }
      return got;
    }

    /* ----- the judgment layer (engine judge.py; SPEC.md step 7) ----- */

    var model = data.model || null;
    var modelIndex = null;
    if (model !== null) {
      if (model.format !== 1) throw LintError("playbook linter: unsupported model format " + model.format);
      modelIndex = new Map();
      for (var mi = 0; mi < model.features.length; mi++) modelIndex.set(model.features[mi], mi);
    }
    var WORD_COUNTS = [15, 30, 60, 120, 250], CAPITALS = [1, 2, 4, 8], SENTENCE_END = ".!?\n:";

    function isCapital(ch) {
      return (ch >= "A" && ch <= "Z") || (ch >= "\u00c0" && ch <= "\u00de" && ch !== "\u00d7");
    }

    /** judge.capitals, on code points (indexes of `starts` are UTF-16 units of `norm`). */
    function capitals(ctx) {
      var starts = ctx.starts(), norm = ctx.norm, text = ctx.text, count = 0;
      var same = text.length === norm.length;
      var textPoints = same ? null : Array.from(text);
      for (var i = 0; i < starts.length; i++) {
        var s = starts[i];
        var ch = same ? text[s] : textPoints[ctx.normCp(s)];
        if (!isCapital(ch)) continue;
        var p = s - 1;
        while (p >= 0 && (norm[p] === " " || norm[p] === "\r")) p--;
        if (p >= 0 && SENTENCE_END.indexOf(norm[p]) < 0) count++;
      }
      return count;
    }

    /** judge.features: the message's feature names. */
    function features(ctx, lang, channel, found) {
      var out = new Set(["l:" + lang, "ch:" + (channel === null ? "-" : channel)]);
      for (var i = 0; i < found.length; i++) {
        out.add("r:" + found[i].rule);
        out.add("c:" + found[i].category);
      }
      var words = ctx.words(), norm = ctx.norm;
      for (var w = 0; w < words.length; w++) {
        out.add("w:" + words[w]);
        if (w > 0) out.add("b:" + words[w - 1] + " " + words[w]);
      }
      for (var t = 0; t < WORD_COUNTS.length; t++) if (words.length >= WORD_COUNTS[t]) out.add("n:" + WORD_COUNTS[t]);
      if (norm.indexOf("?") >= 0) out.add("s:q");
      if (norm.indexOf("http") >= 0 || norm.indexOf("www.") >= 0) out.add("s:link");
      if (/[0-9]/.test(norm)) out.add("s:digit");
      var caps = capitals(ctx);
      for (var c = 0; c < CAPITALS.length; c++) if (caps >= CAPITALS[c]) out.add("s:caps" + CAPITALS[c]);
      return out;
    }

    /** judge.Model.scores: bias plus the weights of the present features, in index order. */
    function scores(names) {
      var rows = [];
      names.forEach(function (name) {
        var i = modelIndex.get(name);
        if (i !== undefined) rows.push(i);
      });
      rows.sort(function (a, b) { return a - b; });
      var out = model.bias.slice();
      for (var r = 0; r < rows.length; r++) {
        var row = model.weights[rows[r]];
        for (var k = 0; k < row.length; k++) out[k] += row[k];
      }
      return out;
    }

    /** judge.decide: warnings of an unconfirmed category become suggestions; a confirmed one
     *  without a finding gets one about the whole message. */
    function decide(found, sc) {
      var confirmed = new Set(), present = new Set();
      for (var k = 0; k < model.categories.length; k++) if (sc[k] >= model.threshold[k]) confirmed.add(model.categories[k]);
      for (var i = 0; i < found.length; i++) {
        var f = found[i];
        if (f.severity === "warning" && !confirmed.has(f.category)) f.severity = "info";
        if (f.severity !== "info") present.add(f.category);
      }
      return model.categories.filter(function (c) { return confirmed.has(c) && !present.has(c); });
    }

    /** engine.run: the findings, sorted by (start, end, rule). */
    function run(text, lang, channel) {
      var norm = normalize(text);
      if (lang === null) lang = detectLanguage(text, norm);
      var ctx = new Context(text, norm);
      var findings = [];
      var selected = plan(lang, channel);
      for (var i = 0; i < selected.length; i++) {
        var rule = selected[i];
        if (rule.unless !== null && matcherSpans(matchers[rule.unless], ctx).length) continue;
        var spans = kindSpans(rule, ctx, channel);
        var scope = rule.kind === "absent" && rule.absent.when === null ? "message" : "span";
        for (var j = 0; j < spans.length; j++) {
          findings.push({
            rule: rule.id, category: rule.category, severity: rule.severity,
            start: spans[j][0], end: spans[j][1], message: rule.message, scope: scope,
          });
        }
      }
      var overall = model !== null ? decide(findings, scores(features(ctx, lang, channel, findings))) : [];
      findings.sort(byPosition);
      if (findings.length > 1) findings = onePerFault(findings);
      if (overall.length) {
        var length = codePointLength(text);
        for (var o = 0; o < overall.length; o++) {
          findings.push({ rule: overall[o], category: overall[o], severity: "warning", start: 0, end: length,
            message: categories[overall[o]].overall, scope: "message" });
        }
        findings.sort(byPosition);
      }
      return { lang: lang, findings: findings };
    }

    function byPosition(a, b) {
      return a.start - b.start || a.end - b.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
    }

    var RANK = { error: 0, warning: 1, info: 2 };

    /** engine._one_per_fault: of overlapping findings of one category, the most severe (then the
     *  narrowest, the earliest, the first rule id) stays. */
    function onePerFault(findings) {
      var order = findings.slice().sort(function (a, b) {
        var ra = a.severity in RANK ? RANK[a.severity] : 9, rb = b.severity in RANK ? RANK[b.severity] : 9;
        return ra - rb || (a.end - a.start) - (b.end - b.start) || a.start - b.start ||
          (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
      });
      var kept = new Map(), out = [];
      for (var i = 0; i < order.length; i++) {
        var f = order[i], same = kept.get(f.category);
        if (same === undefined) { same = []; kept.set(f.category, same); }
        var overlaps = false;
        for (var j = 0; j < same.length && !overlaps; j++) overlaps = same[j].start < f.end && f.start < same[j].end;
        if (!overlaps) { same.push(f); out.push(f); }
      }
      return out.sort(byPosition);
    }

    /* ----- public API ----- */

    /** The checks of playbook.lint.lint on `lang` and `channel`. */
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

    /** playbook.lint.lint plus what the page shows: the language used, the length and the limit. */
    function check(text, opts) {
      if (typeof text !== "string") throw LintError("the message must be a string");
      var o = options(opts);
      var result = run(text, o.lang, o.channel);
      return {
        lang: result.lang,
        detected: o.lang === null,
        channel: o.channel,
        length: codePointLength(text),
        limit: o.channel !== null ? channels[o.channel].max_chars : null,
        findings: result.findings,
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
