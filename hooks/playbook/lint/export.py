"""The loaded rules as JSON for the browser port of the linter (docs/assets/javascripts/linter.js).

`export_rules(rules)` returns a JSON-ready dict holding everything the JavaScript engine needs to
give exactly the answers of `playbook.lint.lint`; `render_rules_json(rules)` wraps it in the
`<script type="application/json" id="pb-rules">` element that the verifier page reads.
The format and how an engine evaluates it are written down once, in SPEC.md.

Nothing the engine decides is written twice: the regexes are the ones `engine.py` compiles,
translated to JavaScript syntax here; the function words, word class, whitespace and the
normalisation of characters come from the Python constants and functions themselves.

How the translation keeps Python's answers (`tests/test_linter_parity.py` checks them):

- Regexes. The sources the engine compiles (phrases with their word-boundary lookahead, and
  rule-author patterns after `syntax.compile_pattern`) are parsed by `regex_ast.parse` (the
  engine's dialect) and written by `regex_ast.to_javascript` for a JavaScript
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
  Python's `finditer` rule after an empty match, sorting) is specified in SPEC.md and ported in
  linter.js function by function (SPEC.md's function map).

Everything is computed from the loaded `RuleSet`, so any valid rules file exports. The JSON is
about 200 kB, most of it phrase regexes (the word class is abbreviated, see `WORD_JS`).
"""

from __future__ import annotations

import json
from functools import lru_cache

from . import regex_ast
from .engine import ENGLISH_WORDS, FRENCH_WORDS, LANGUAGES, SEVERITIES, Matcher, PatternMatcher
from .normalize import WORD_CLASS, normalize_char

FORMAT_VERSION = 1

class ExportError(ValueError):
    """A compiled regex that the JavaScript port cannot reproduce (never for the engine's subset)."""


# --- regex translation ----------------------------------------------------------------------------

def translate_regex(source: str) -> tuple[str, int, set[int], list[tuple[int, int]]]:
    """(JavaScript source for the "u" flag, number of capture groups, literal code points,
    class ranges) of a Python regex of the engine's subset; raises `ExportError`.

    The regex is parsed by `regex_ast.parse(source, portable=False)` and written back by
    `regex_ast.to_javascript`. Refused as well: a capture group 1 inside a group repeated more
    than once, as in `(?:([a-z])|[0-9])+`. Python keeps the group's last value from any
    repetition; JavaScript forgets it at each repetition, so the highlighted span would differ.
    """
    try:
        tree = regex_ast.parse(source, portable=False)
    except regex_ast.NotPortable as exc:
        raise ExportError(str(exc)) from None
    groups, chars, ranges = 0, set(), []
    for node in regex_ast.walk(tree):
        if isinstance(node, regex_ast.Group) and node.number:
            groups += 1
        elif isinstance(node, regex_ast.Lit):
            chars.add(node.cp)
        elif isinstance(node, regex_ast.Class):
            for low, high, _low_src, high_src in node.items:
                if high_src is None:
                    chars.add(low)
                else:
                    ranges.append((low, high))
        elif isinstance(node, regex_ast.Repeat) and _repeats_group_1(node):
            raise ExportError(f"cannot translate regex {source!r} for JavaScript: capture group 1 is "
                              "inside a repeated group")
    return regex_ast.to_javascript(tree), groups, chars, ranges


def _repeats_group_1(node: regex_ast.Repeat) -> bool:
    """Whether `node` may repeat more than once a group holding capture group 1 (not being it)."""
    if node.high is not None and node.high <= 1:
        return False
    if isinstance(node.body, regex_ast.Group) and node.body.number == 1:
        return False  # the group itself repeated: both engines keep its last value
    return any(isinstance(n, regex_ast.Group) and n.number == 1 for n in regex_ast.walk(node.body))


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
    _js, _groups, chars, ranges = translate_regex(f"[{WORD_CLASS}]")
    out = set(chars)
    for lo, hi in ranges:
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


class _Tables:
    """The phrase lists (`matchers`) and patterns of the export, each written once, and the code
    points their regexes name (`relevant`, for the normalisation table)."""

    def __init__(self):
        self.relevant = set(range(128)) | _word_code_points()
        self.matchers: list[dict] = []
        self.patterns: list[dict] = []
        self._matcher_index: dict[int, int] = {}
        self._pattern_index: dict[int, int] = {}

    def _translate(self, source: str) -> tuple[str, int]:
        js, groups, chars, ranges = translate_regex(source)
        self.relevant.update(chars)
        for lo, hi in ranges:
            self.relevant.update(range(lo, hi + 1))
        return _shorten(js), groups

    def matcher(self, m: Matcher | None) -> int | None:
        """Index of a phrase list in `matchers` (None stays None)."""
        if m is None:
            return None
        if m.id not in self._matcher_index:
            phrases = []
            for phrase, regex in zip(m.phrases, m.regexes):
                phrases.append({
                    "regex": self._translate(regex.pattern)[0], "open": bool(phrase.open),
                    "literal": sorted(phrase.literal), "stem": sorted({k[:4] for k in phrase.stem}),
                })
            self._matcher_index[m.id] = len(self.matchers)
            self.matchers.append({"phrases": phrases})
        return self._matcher_index[m.id]

    def pattern(self, p: PatternMatcher) -> int:
        """Index of a pattern in `patterns`."""
        if id(p) not in self._pattern_index:
            regex, groups = self._translate(p.regex.pattern)
            self._pattern_index[id(p)] = len(self.patterns)
            self.patterns.append({"regex": regex, "groups": groups})
        return self._pattern_index[id(p)]


def _rule_item(rule, tables: _Tables) -> dict:
    """One rule of the export: its texts, its filters and its kind's fields."""
    item = {
        "id": rule.id, "category": rule.category, "severity": rule.severity,
        "languages": list(rule.languages), "message": rule.message, "advice": rule.advice,
        "link": rule.link, "kind": rule.kind, "channels": list(rule.channels),
        "skip_channels": list(rule.skip_channels), "unless": tables.matcher(rule.unless),
    }
    if rule.kind == "phrases":
        item["matcher"] = tables.matcher(rule.matcher)
    elif rule.kind == "pattern":
        item["pattern"] = tables.pattern(rule.matcher)
    elif rule.kind == "near":
        item["near"] = {"a": tables.matcher(rule.near["a"]), "b": tables.matcher(rule.near["b"]),
                        "within": rule.near["within"], "ordered": bool(rule.near["ordered"])}
    elif rule.kind == "absent":
        spec = rule.absent
        signals = [{"matcher": tables.matcher(signal)} if isinstance(signal, Matcher)
                   else {"pattern": tables.pattern(signal)} for signal in spec["signals"]]
        item["absent"] = {"signals": signals, "when": tables.matcher(spec["when"]),
                          "min_words": spec["min_words"], "span": spec["span"]}
    elif rule.kind == "too_long":
        item["limit"] = rule.limit
        item["account"] = rule.account
    else:  # pragma: no cover - rules.py only knows these kinds
        raise ExportError(f"rule {rule.id}: unknown kind {rule.kind}")
    return item


def export_rules(rules, labels: dict | None = None) -> dict:
    """Everything linter.js needs to lint like `playbook.lint.lint(text, rules=rules)`, JSON-ready
    (the format is described in SPEC.md).

    `labels` (snippets/labels.yml, optional) adds the French names of severities and languages.
    """
    tables = _Tables()
    rules_out = [_rule_item(rule, tables) for rule in rules.rules]
    data = {
        "format": FORMAT_VERSION,
        "word_class": WORD_JS,
        "languages": list(LANGUAGES),
        "severities": list(SEVERITIES),
        "function_words": {"fr": sorted(FRENCH_WORDS), "en": sorted(ENGLISH_WORDS)},
        "whitespace": list(_whitespace()),
        "normalize": normalization_table(tables.relevant),
        "categories": [{"id": c.id, "label": c.label, "description": c.description, "link": c.link,
                        "overall": c.overall} for c in rules.categories.values()],
        "channels": [{"id": c.id, "label": c.label, "max_chars": c.max_chars, "free_max_chars": c.free_max_chars}
                     for c in rules.channels.values()],
        "matchers": tables.matchers,
        "patterns": tables.patterns,
        "rules": rules_out,
        "model": rules.model.to_json() if rules.model is not None else None,
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
