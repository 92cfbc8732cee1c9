"""The loaded rules as JSON for the browser port of the linter (docs/assets/javascripts/linter.js).

`export_rules(rules)` returns a JSON-ready dict holding everything the JavaScript engine needs to
give exactly the answers of `playbook.lint.lint`; `render_rules_json(rules)` wraps it in the
`<script type="application/json" id="pb-rules">` element that the verifier page reads.

Nothing the engine decides is written twice: the regexes are the ones `engine.py` compiles,
translated to JavaScript syntax here; the function words, word class, whitespace and the
normalisation of characters come from the Python constants and functions themselves.

How the translation keeps Python's answers (`tests/test_linter_parity.py` checks them):

- Regexes. The sources the engine compiles (phrases with their word-boundary lookahead, and
  rule-author patterns after `syntax.compile_pattern`) are parsed and re-emitted for a JavaScript
  `RegExp` with the "u" flag (code points, like Python): `.` becomes `[^\\n]` (Python's `.` only
  excludes `\\n`; JavaScript's also excludes `\\r`, U+2028 and U+2029); `$` becomes `(?=\\n?$)`
  (Python's `$` also matches before a final newline); `{,n}` becomes `{0,n}`; escaped punctuation
  (which "u" refuses, like `\\&` from `re.escape`) becomes `\\u{…}`; a literal `-` in a class
  becomes `\\-`; a repeated lookahead such as `(?=a)*` is wrapped in `(?:…)`. Anything outside
  the subset the engine produces raises `ExportError`, and so does a capture group inside a
  repeated group, which Python and JavaScript fill differently (`export_problems` reports it
  to the rule's author with the line in rules.yml).
- Normalisation. Python maps each code point with `str.lower` and `unicodedata` (Unicode 14 in
  Python 3.11), whose tables differ from a browser's. So the JSON carries Python's own mapping
  for every code point that could change a match: each code point whose normalised form differs
  from itself and either is, or maps to, a "relevant" character. Relevant characters are ASCII,
  the word characters and every character a rule's regex names (literals and class ranges).
  Any other character can only meet a regex through a negated class or `.`, where one irrelevant
  character behaves like another; the JavaScript engine keeps it as is.
- Stripping. `absent` spans trim the original text with `str.strip()`; the JSON lists the code
  points Python counts as whitespace.

- Matching. Everything else (phrases searched one by one with the word-start check, the merge of
  overlapping spans, gates, `near`, `absent`, `too_long`, `unless`, channels, language detection,
  Python's `finditer` rule after an empty match, sorting) is ported in linter.js, line for line.

Everything is computed from the loaded `RuleSet`, so any valid rules file exports. The JSON is
about 200 kB, most of it phrase regexes (the word class is abbreviated, see `WORD_JS`).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from .engine import ENGLISH_WORDS, FRENCH_WORDS, LANGUAGES, SEVERITIES, Matcher, PatternMatcher
from .normalize import WORD_CLASS, normalize_char

FORMAT_VERSION = 1

#: Characters that are regex syntax in JavaScript with the "u" flag (identity escapes allowed).
_JS_SYNTAX = set("^$\\.*+?()[]{}|/")
_QUANTIFIER = re.compile(r"\{([0-9]*)(,?)([0-9]*)\}")
_SIMPLE_ESCAPES = {"n": "\\n", "t": "\\t", "r": "\\r", "f": "\\f", "v": "\\v"}


class ExportError(ValueError):
    """A compiled regex that the JavaScript port cannot reproduce (never for the engine's subset)."""


# --- regex translation ----------------------------------------------------------------------------

def _u(cp: int) -> str:
    return f"\\u{{{cp:x}}}"


def _literal_out(ch: str) -> str:
    """A literal character outside a class, written for JavaScript's "u" mode."""
    if ch.isalnum() and ord(ch) < 128:
        return ch
    if ord(ch) > 127 and ch.isprintable() and not ch.isspace():
        return ch
    return _u(ord(ch))


def _literal_in_class(ch: str) -> str:
    if (ch.isalnum() and ord(ch) < 128) or (ord(ch) > 127 and ch.isprintable() and not ch.isspace()):
        return ch
    return _u(ord(ch))


class _Translator:
    """Parses a Python regex of the engine's subset and writes the JavaScript equivalent."""

    def __init__(self, source: str):
        self.src = source
        self.i = 0
        self.out: list[str] = []
        self.chars: set[int] = set()
        self.ranges: list[tuple[int, int]] = []
        self.groups = 0
        self.can_repeat = False  # an atom precedes (a quantifier may follow)
        self.after_quantifier = False
        self.stack: list[tuple[int, bool]] = []  # open groups: (index in out, is a lookahead)
        self.last_lookahead: int | None = None  # out index of a lookahead that just closed
        self.last_group: int | None = None  # out index where the group that just closed opened
        self.group1_at: int | None = None  # out index where capture group 1 opens
        self.group1_repeated = False  # group 1 sits inside a group repeated more than once

    def fail(self, what: str) -> ExportError:
        return ExportError(f"cannot translate regex {self.src!r} for JavaScript: {what} at {self.i}")

    def escape(self) -> tuple[int | None, str]:
        """Read an escape at self.i (a backslash); return (literal code point or None, JS text)."""
        src = self.src
        if self.i + 1 >= len(src):
            raise self.fail("trailing backslash")
        nxt = src[self.i + 1]
        self.i += 2
        if nxt in _SIMPLE_ESCAPES:
            cp = ord({"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}[nxt])
            return cp, _SIMPLE_ESCAPES[nxt]
        if nxt in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[nxt]
            digits = src[self.i:self.i + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise self.fail(f"malformed \\{nxt} escape")
            self.i += width
            cp = int(digits, 16)
            return cp, _u(cp)
        if nxt.isalnum() or nxt == "_":
            raise self.fail(f"escape \\{nxt} has no portable meaning")
        return ord(nxt), _u(ord(nxt))

    def klass(self) -> None:
        """Translate a class starting at self.i ('['), with Python's range rules."""
        src = self.src
        self.i += 1
        out = ["["]
        if self.i < len(src) and src[self.i] == "^":
            out.append("^")
            self.i += 1
        first = True
        while True:
            if self.i >= len(src):
                raise self.fail("unterminated class")
            ch = src[self.i]
            if ch == "]" and not first:
                self.i += 1
                break
            first = False
            lo, lo_text = self.class_atom()
            if src.startswith("-", self.i) and self.i + 1 < len(src) and src[self.i + 1] != "]":
                self.i += 1
                hi, hi_text = self.class_atom()
                if lo is None or hi is None or hi < lo:
                    raise self.fail("bad class range")
                self.ranges.append((lo, hi))
                out.append(f"{lo_text}-{hi_text}")
            else:
                if lo is not None:
                    self.chars.add(lo)
                out.append(lo_text)
        out.append("]")
        self.out.append("".join(out))

    def class_atom(self) -> tuple[int | None, str]:
        ch = self.src[self.i]
        if ch == "\\":
            return self.escape()
        if ch == "[" and self.src.startswith("[:", self.i):
            raise self.fail("POSIX class")
        self.i += 1
        if ch == "-":
            return ord(ch), "\\-"
        return ord(ch), _literal_in_class(ch)

    def quantifier(self, text: str) -> None:
        if self.after_quantifier and text != "?":
            raise self.fail("possessive or repeated quantifier")
        if self.after_quantifier:  # lazy marker
            self.out.append("?")
            self.after_quantifier = False
            return
        if not self.can_repeat:
            raise self.fail("quantifier without atom")
        if (self.last_group is not None and self.group1_at is not None
                and self.last_group < self.group1_at and _may_repeat(text)):
            self.group1_repeated = True
        if self.last_lookahead is not None:
            # Python repeats a lookahead; JavaScript's "u" mode only repeats a group around it.
            self.out.insert(self.last_lookahead, "(?:")
            self.out.append(")")
        self.out.append(text)
        self.after_quantifier, self.can_repeat = True, False
        self.last_lookahead = self.last_group = None

    def run(self) -> str:
        src = self.src
        while self.i < len(src):
            ch = src[self.i]
            if ch not in "*+?{":
                self.last_lookahead = self.last_group = None
            if ch == "\\":
                cp, text = self.escape()
                self.chars.add(cp)
                self.out.append(text)
                self.can_repeat, self.after_quantifier = True, False
            elif ch == "[":
                self.klass()
                self.can_repeat, self.after_quantifier = True, False
            elif ch == "(":
                if src.startswith("(?", self.i):
                    head = src[self.i:self.i + 3]
                    if head in ("(?:", "(?=", "(?!"):
                        self.stack.append((len(self.out), head != "(?:"))
                        self.out.append(head)
                        self.i += 3
                    else:
                        raise self.fail(f"group {src[self.i:self.i + 4]!r}")
                else:
                    self.groups += 1
                    if self.groups == 1:
                        self.group1_at = len(self.out)
                    self.stack.append((len(self.out), False))
                    self.out.append("(")
                    self.i += 1
                self.can_repeat, self.after_quantifier = False, False
            elif ch == ")":
                if not self.stack:
                    raise self.fail("unbalanced parenthesis")
                start, lookahead = self.stack.pop()
                self.out.append(")")
                self.i += 1
                self.can_repeat, self.after_quantifier = True, False
                self.last_lookahead = start if lookahead else None
                self.last_group = start
                continue
            elif ch in "*+?":
                self.i += 1
                self.quantifier(ch)
            elif ch == "{":
                m = _QUANTIFIER.match(src, self.i)
                # Python reads a brace that starts no quantifier (or "{}") as a literal.
                if m is None or src.startswith("{}", self.i):
                    self.i += 1
                    self.last_lookahead = self.last_group = None
                    self.chars.add(ord("{"))
                    self.out.append("\\{")
                    self.can_repeat, self.after_quantifier = True, False
                    continue
                self.i = m.end()
                lo, comma, hi = m.groups()
                if not lo and not hi:
                    text = "*"
                elif comma and not hi:
                    text = f"{{{lo or 0},}}"
                elif comma:
                    text = f"{{{lo or 0},{hi}}}"
                else:
                    text = f"{{{lo}}}"
                self.quantifier(text)
            elif ch == ".":
                self.i += 1
                self.out.append("[^\\n]")
                self.can_repeat, self.after_quantifier = True, False
            elif ch == "$":
                self.i += 1
                self.out.append("(?=\\n?$)")
                self.can_repeat, self.after_quantifier = False, False
            elif ch in "^|":
                self.i += 1
                self.out.append(ch)
                self.can_repeat, self.after_quantifier = False, False
            else:
                self.i += 1
                self.chars.add(ord(ch))
                self.out.append(_literal_out(ch) if ch not in "]}" else "\\" + ch)
                self.can_repeat, self.after_quantifier = True, False
        if self.stack:
            raise self.fail("unbalanced parenthesis")
        return "".join(self.out)


def _may_repeat(quantifier: str) -> bool:
    """Whether a quantifier (as written for JavaScript) allows more than one repetition."""
    if quantifier in ("*", "+"):
        return True
    if quantifier == "?":
        return False
    lo, _, hi = quantifier.strip("{}").partition(",")
    if "," not in quantifier:
        return int(lo) > 1
    return not hi or int(hi) > 1


def translate_regex(source: str) -> tuple[str, int, set[int], list[tuple[int, int]]]:
    """(JavaScript source for the "u" flag, number of capture groups, literal code points,
    class ranges) of a Python regex of the engine's subset; raises `ExportError`.

    Refused as well: a capture group 1 inside a group repeated more than once, as in
    `(?:([a-z])|[0-9])+`. Python keeps the group's last value from any repetition; JavaScript
    forgets it at each repetition, so the highlighted span would differ.
    """
    t = _Translator(source)
    js = t.run()
    if t.group1_repeated:
        raise ExportError(f"cannot translate regex {source!r} for JavaScript: capture group 1 is "
                          "inside a repeated group")
    return js, t.groups, t.chars, t.ranges


# --- normalisation and whitespace ------------------------------------------------------------------

#: Above this, Unicode has no code point that lowercasing, accent stripping or the fixed table of
#: normalize.py changes, and no whitespace: planes 3 to 16 hold CJK ideographs without case or
#: decomposition, tags and private use. Scanning 0x30000 code points instead of 0x110000 saves
#: seconds per build; tests/test_lint_export.py scans them all to hold this claim.
SCANNED_CODE_POINTS = 0x30000


@lru_cache(maxsize=1)
def _changed_code_points(limit: int = SCANNED_CODE_POINTS) -> dict[int, int]:
    """Every code point below `limit` whose normalised form differs from itself."""
    changed = {}
    for cp in range(limit):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        out = normalize_char(ch)
        if out != ch:
            changed[cp] = ord(out)
    return changed


@lru_cache(maxsize=1)
def _whitespace(limit: int = SCANNED_CODE_POINTS) -> tuple[int, ...]:
    """Code points below `limit` that `str.strip()` removes."""
    return tuple(cp for cp in range(limit) if chr(cp).isspace())


def _word_code_points() -> set[int]:
    t = _Translator(f"[{WORD_CLASS}]")
    t.run()
    out = set(t.chars)
    for lo, hi in t.ranges:
        out.update(range(lo, hi + 1))
    return out


def normalization_table(relevant: set[int]) -> list[list[int]]:
    """[[code point, normalised code point], ...] for code points that are or map to `relevant`."""
    return [[cp, out] for cp, out in sorted(_changed_code_points().items())
            if out in relevant or cp in relevant]


# --- the export ----------------------------------------------------------------------------------

#: The word class as JavaScript writes it. In exported regexes, U+E000 stands for this class and
#: U+E001 for its negation (they are most of the text; a translated source never holds a raw
#: private-use character, it escapes them as \u{…}, so the shorthand is unambiguous).
#: linter.js expands them.
WORD_JS = translate_regex(f"[{WORD_CLASS}]")[0]
NOT_WORD_JS = "[^" + WORD_JS[1:]


def _shorten(js: str) -> str:
    return js.replace(NOT_WORD_JS, "\ue001").replace(WORD_JS, "\ue000")


def export_rules(rules, labels: dict | None = None) -> dict:
    """Everything linter.js needs to lint like `playbook.lint.lint(text, rules=rules)`, JSON-ready.

    `labels` (snippets/labels.yml, optional) adds the French names of severities and languages.
    """
    relevant = set(range(128)) | _word_code_points()
    matcher_index: dict[int, int] = {}
    matchers_out: list[dict] = []
    patterns_out: list[dict] = []
    pattern_index: dict[int, int] = {}

    def add_chars(chars, ranges):
        relevant.update(chars)
        for lo, hi in ranges:
            relevant.update(range(lo, hi + 1))

    def matcher_ref(m: Matcher | None):
        if m is None:
            return None
        if m.id not in matcher_index:
            phrases = []
            for phrase, regex in zip(m.phrases, m.regexes):
                js, _groups, chars, ranges = translate_regex(regex.pattern)
                add_chars(chars, ranges)
                phrases.append({
                    "regex": _shorten(js), "open": bool(phrase.open),
                    "literal": sorted(phrase.literal), "stem": sorted({k[:4] for k in phrase.stem}),
                })
            matcher_index[m.id] = len(matchers_out)
            matchers_out.append({"phrases": phrases})
        return matcher_index[m.id]

    def pattern_ref(p: PatternMatcher):
        key = id(p)
        if key not in pattern_index:
            js, groups, chars, ranges = translate_regex(p.regex.pattern)
            add_chars(chars, ranges)
            pattern_index[key] = len(patterns_out)
            patterns_out.append({"regex": _shorten(js), "groups": groups})
        return pattern_index[key]

    rules_out = []
    for rule in rules.rules:
        item = {
            "id": rule.id, "category": rule.category, "severity": rule.severity,
            "languages": list(rule.languages), "message": rule.message, "advice": rule.advice,
            "link": rule.link, "kind": rule.kind, "channels": list(rule.channels),
            "skip_channels": list(rule.skip_channels), "unless": matcher_ref(rule.unless),
        }
        if rule.kind == "phrases":
            item["matcher"] = matcher_ref(rule.matcher)
        elif rule.kind == "pattern":
            item["pattern"] = pattern_ref(rule.matcher)
        elif rule.kind == "near":
            item["near"] = {"a": matcher_ref(rule.near["a"]), "b": matcher_ref(rule.near["b"]),
                            "within": rule.near["within"], "ordered": bool(rule.near["ordered"])}
        elif rule.kind == "absent":
            spec = rule.absent
            signals = []
            for signal in spec["signals"]:
                if isinstance(signal, Matcher):
                    signals.append({"matcher": matcher_ref(signal)})
                else:
                    signals.append({"pattern": pattern_ref(signal)})
            item["absent"] = {"signals": signals, "when": matcher_ref(spec["when"]),
                              "min_words": spec["min_words"], "span": spec["span"]}
        elif rule.kind == "too_long":
            item["limit"] = rule.limit
        else:  # pragma: no cover - rules.py only knows these kinds
            raise ExportError(f"rule {rule.id}: unknown kind {rule.kind}")
        rules_out.append(item)

    data = {
        "format": FORMAT_VERSION,
        "word_class": WORD_JS,
        "languages": list(LANGUAGES),
        "severities": list(SEVERITIES),
        "function_words": {"fr": sorted(FRENCH_WORDS), "en": sorted(ENGLISH_WORDS)},
        "whitespace": list(_whitespace()),
        "normalize": normalization_table(relevant),
        "categories": [{"id": c.id, "label": c.label, "description": c.description, "link": c.link}
                       for c in rules.categories.values()],
        "channels": [{"id": c.id, "label": c.label, "max_chars": c.max_chars}
                     for c in rules.channels.values()],
        "matchers": matchers_out,
        "patterns": patterns_out,
        "rules": rules_out,
    }
    if labels:
        data["labels"] = {key: dict(labels[key]) for key in ("severity", "language")
                          if isinstance(labels.get(key), dict)}
    return data


def export_problems(rules) -> list:
    """Rules the browser cannot reproduce, as `ContentError`s for snippets/rules.yml (build errors).

    Only a `pattern` (or `signal_patterns`) whose capture group sits inside a repeated group can be
    refused today; every other valid rule exports.
    """
    from ..errors import ContentError

    problems = []
    for rule in rules.rules:
        patterns = [rule.matcher] if isinstance(rule.matcher, PatternMatcher) else []
        patterns += [s for s in rule.absent.get("signals", []) if isinstance(s, PatternMatcher)]
        for pattern in patterns:
            try:
                translate_regex(pattern.regex.pattern)
            except ExportError:
                problems.append(ContentError(
                    "snippets/rules.yml", rule.line or None,
                    f"règle « {rule.id} » : le vérificateur du site ne peut pas reproduire ce motif "
                    "(un groupe entre parenthèses est répété, par exemple « (?:([a-z])|x)+ » ; "
                    "Python et les navigateurs n'y soulignent pas le même texte).",
                    "Sortez le groupe ( … ) de la répétition, ou remplacez-le par (?: … ) et "
                    "laissez souligner tout le motif."))
    return problems


def rules_json(rules, labels: dict | None = None) -> str:
    """The export as compact JSON text (the content of assets/playbook-rules.json if wanted)."""
    return json.dumps(export_rules(rules, labels), ensure_ascii=False, separators=(",", ":"))


def render_rules_json(rules, labels: dict | None = None) -> str:
    """The export inside `<script type="application/json" id="pb-rules">`, safe in any HTML page.

    `<`, `>` and `&` are written as JSON escapes (\\u003c…), so the text can never close the
    script element or open a comment, whatever the rules say; U+2028/2029 are escaped too.
    """
    text = rules_json(rules, labels)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return f'<script type="application/json" id="pb-rules">{text}</script>'


__all__ = ["ExportError", "FORMAT_VERSION", "export_problems", "export_rules", "normalization_table",
           "render_rules_json", "rules_json", "translate_regex"]
