"""The linter's engine: compiled rules and the `lint` function.

Rule kinds (a rule has exactly one; rules.yml documents them in French for consultants):

- `phrases`: a list of phrases (syntax in `syntax.py`); each match is a finding.
- `pattern`: a regex in the portable subset (`syntax.py`), run on the normalised text; each match
  is a finding; when the pattern has a capture group, the span is group 1's.
- `near`: `{a: [phrases], b: [phrases], within: N, ordered: false}`: a phrase of `a` and one of `b`
  with at most N words between them (`ordered: true`: `a` first). Span: from the start of the first
  to the end of the second.
- `absent`: `{signals: [phrases], signal_patterns: [regex], when: [phrases], min_words: N,
  span: message | first-line}`: fires when no signal appears in the message. With `when`, it only
  fires when one of those phrases appears, and the span is that phrase; otherwise the span is the
  whole message (trimmed) or its first non-empty line. `min_words` skips shorter messages.
- `too_long`: `{limit: N}` or `{}`: fires when the message is longer than N code points, or than
  the channel's `max_chars` when no limit is given (only when a channel is known). Span: the
  characters beyond the limit.

Every rule may also have `channels` (only run for these channels; skipped when the channel is
unknown), `skip_channels` (not run for these channels; run when the channel is unknown) and `unless` (phrases: the rule does not fire when one of them appears anywhere).

Word boundaries: a phrase matches only whole words. Its regex is followed by the lookahead
`(?![WORD])`, and a match is accepted only when it starts the text, follows a non-word character,
or starts with a non-word character (checked in code; on a rejected start the search resumes one
code point later). Each phrase of a list is searched on its own (successive leftmost matches, like
`re.finditer` / JavaScript `matchAll` with that check); the spans of all phrases are then sorted
by (start, longest first) and kept greedily when they do not overlap a span already kept.

Gates (speed only, never a change of result): a phrase can only match if the message has a word
equal to one of the words of its most selective mandatory token, or starting with one of its stems
(`GateIndex`, one dictionary for all rules). Only phrases whose gate passes are put in the regex
that runs; a rule with none is skipped. A port may skip gates entirely and find the same matches.

Language detection (`detect_language`): count French and English function words (the lists
below); English wins only with strictly more hits, so French (the playbook's language) is the
default for ties and empty texts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from .normalize import WORD_CLASS, WORD_RE, is_word_char, normalize
from .syntax import Phrase, compile_phrase

SEVERITIES = ("error", "warning", "info")
LANGUAGES = ("fr", "en")

FRENCH_WORDS = frozenset(
    "le la les des du de et est vous votre vos je nous pour avec sur une un pas que qui dans mon ma "
    "mes suis bonjour merci au aux ce cette mais tres bien ai avez etes serait j c l d n qu".split())
ENGLISH_WORDS = frozenset(
    "the and you your is are to of for with on an i my we our hi hello thanks thank this that in be "
    "it would would love just me have has was at from".split())


def detect_language(text: str, normalized: str | None = None) -> str:
    """'fr' or 'en': whichever function-word list has more hits (ties and nothing: 'fr')."""
    norm = normalized if normalized is not None else normalize(text)
    fr = en = 0
    for word in WORD_RE.findall(norm):
        if word in FRENCH_WORDS:
            fr += 1
        elif word in ENGLISH_WORDS:
            en += 1
    return "en" if en > fr else "fr"


@dataclass(frozen=True)
class Finding:
    """One problem found in a message; `start`/`end` are code-point offsets in the original text."""

    rule: str
    category: str
    severity: str
    start: int
    end: int
    message: str

    def to_dict(self) -> dict:
        return {"rule": self.rule, "category": self.category, "severity": self.severity,
                "start": self.start, "end": self.end, "message": self.message}


class Matcher:
    """A compiled list of phrases, each with its own regex and gate.

    Matches of a list: every phrase whose gate passes is searched on its own (successive leftmost
    matches with the word-boundary check); all these spans are then sorted by (start, longest
    first) and kept greedily when they do not overlap a span already kept. A port reproduces this
    with one `matchAll` per phrase and the same merge.
    """

    _next_id = 0

    def __init__(self, phrases: list[Phrase]):
        self.phrases = list(phrases)
        self.id = Matcher._next_id
        Matcher._next_id += 1
        self.open_indexes = frozenset(i for i, p in enumerate(self.phrases) if p.open)
        self.regexes = [re.compile(f"(?:{p.regex})(?![{WORD_CLASS}])") for p in self.phrases]

    @staticmethod
    def _scan(regex: re.Pattern, norm: str):
        search = regex.search
        pos = 0
        while True:
            m = search(norm, pos)
            if m is None:
                return
            start, end = m.span()
            if start > 0 and is_word_char(norm[start - 1]) and is_word_char(norm[start]):
                pos = start + 1
                continue
            yield start, end
            pos = end if end > start else start + 1

    def spans(self, ctx: "_Context") -> list:
        memo = ctx.memo
        got = memo.get(self.id)
        if got is not None:
            return got
        subset = ctx.passing(self)
        found = []
        norm = ctx.norm
        for index in subset:
            found.extend(self._scan(self.regexes[index], norm))
        if len(found) > 1:
            found.sort(key=lambda span: (span[0], -span[1]))
            kept, last_end = [], -1
            for span in found:
                if span[0] >= last_end:
                    kept.append(span)
                    last_end = span[1]
            found = kept
        memo[self.id] = found
        return found

    def finditer(self, ctx: "_Context"):
        return iter(self.spans(ctx))

    def search(self, ctx: "_Context"):
        found = self.spans(ctx)
        return found[0] if found else None


class GateIndex:
    """Maps words and word prefixes to the phrases whose gate they open, for all matchers."""

    def __init__(self, matchers):
        self.literal: dict[str, list] = {}
        self.stems: dict[int, dict[str, list]] = {}
        self.open: dict[int, frozenset] = {}
        for matcher in matchers:
            self.open[matcher.id] = matcher.open_indexes
            for index, phrase in enumerate(matcher.phrases):
                if phrase.open:
                    continue
                for key in phrase.literal:
                    self.literal.setdefault(key, []).append((matcher.id, index))
                for key in phrase.stem:
                    key = key[:4]
                    self.stems.setdefault(len(key), {}).setdefault(key, []).append((matcher.id, index))

    def passing(self, words) -> dict[int, set]:
        out: dict[int, set] = {}
        literal, stems = self.literal, self.stems
        for word in words:
            hits = literal.get(word)
            if hits:
                for mid, index in hits:
                    out.setdefault(mid, set()).add(index)
            for length, table in stems.items():
                if len(word) >= length:
                    hits = table.get(word[:length])
                    if hits:
                        for mid, index in hits:
                            out.setdefault(mid, set()).add(index)
        return out


class PatternMatcher:
    """A rule-author regex (already checked and rewritten by `syntax.compile_pattern`)."""

    def __init__(self, source: str):
        self.regex = re.compile(source)

    def finditer(self, ctx: "_Context"):
        for m in self.regex.finditer(ctx.norm):
            if m.re.groups and m.group(1) is not None:
                start, end = m.span(1)
            else:
                start, end = m.span()
            if end > start:
                yield start, end

    def search(self, ctx: "_Context"):
        for span in self.finditer(ctx):
            return span
        return None


class _Context:
    """Per-message data shared by all rules: normalised text, words, gates, memoised searches."""

    def __init__(self, text: str, norm: str, gates: "GateIndex | None" = None):
        self.text = text
        self.norm = norm
        self.gates = gates
        self.memo: dict = {}
        self._starts = None
        self._words = None
        self._passing = None

    def _tokenize(self):
        starts, words = [], []
        for m in WORD_RE.finditer(self.norm):
            starts.append(m.start())
            words.append(m.group())
        self._starts, self._words = starts, words

    @property
    def starts(self) -> list:
        if self._starts is None:
            self._tokenize()
        return self._starts

    def passing(self, matcher: Matcher) -> frozenset:
        """Indexes of the matcher's phrases whose gate passes (all of them without an index)."""
        if self.gates is None:
            return frozenset(range(len(matcher.phrases)))
        if self._passing is None:
            if self._words is None:
                self._tokenize()
            self._passing = self.gates.passing(set(self._words))
        found = self._passing.get(matcher.id)
        opened = matcher.open_indexes
        if found is None:
            return opened
        return frozenset(found | opened) if opened else frozenset(found)

    def words_between(self, end: int, start: int) -> int:
        starts = self.starts
        return bisect_left(starts, start) - bisect_left(starts, end)


@dataclass
class Rule:
    """A compiled rule; see the module docstring for the kinds."""

    id: str
    category: str
    severity: str
    languages: tuple
    message: str
    advice: str
    link: str
    kind: str
    line: int = 0
    channels: tuple = ()
    skip_channels: tuple = ()
    unless: Matcher | None = None
    matcher: object = None  # phrases / pattern
    near: dict = field(default_factory=dict)
    absent: dict = field(default_factory=dict)
    limit: int | None = None

    def spans(self, ctx: _Context, channel: str | None, channel_limits: dict):
        if self.unless is not None and self.unless.search(ctx) is not None:
            return
        kind = self.kind
        if kind in ("phrases", "pattern"):
            yield from self.matcher.finditer(ctx)
        elif kind == "near":
            yield from self._near(ctx)
        elif kind == "absent":
            yield from self._absent(ctx)
        elif kind == "too_long":
            limit = self.limit if self.limit is not None else channel_limits.get(channel)
            if limit is not None and len(ctx.text) > limit:
                yield limit, len(ctx.text)

    def _near(self, ctx: _Context):
        a_m, b_m = self.near["a"], self.near["b"]
        a_spans = list(a_m.finditer(ctx))
        if not a_spans:
            return
        b_spans = list(b_m.finditer(ctx))
        if not b_spans:
            return
        within, ordered = self.near["within"], self.near["ordered"]
        last_end = -1
        for a_start, a_end in a_spans:
            if a_start < last_end:
                continue
            for b_start, b_end in b_spans:
                if b_start >= a_end:
                    gap = ctx.words_between(a_end, b_start)
                elif not ordered and b_end <= a_start:
                    gap = ctx.words_between(b_end, a_start)
                else:
                    continue
                if gap <= within:
                    start, end = min(a_start, b_start), max(a_end, b_end)
                    if start < last_end:
                        continue
                    yield start, end
                    last_end = end
                    break

    def _absent(self, ctx: _Context):
        spec = self.absent
        trigger = None
        if spec["when"] is not None:
            trigger = spec["when"].search(ctx)
            if trigger is None:
                return
        if spec["min_words"] and len(ctx.starts) < spec["min_words"]:
            return
        for matcher in spec["signals"]:
            if matcher.search(ctx) is not None:
                return
        if trigger is not None:
            yield trigger
            return
        text = ctx.text
        if spec["span"] == "first-line":
            offset = 0
            for line in text.split("\n"):
                if line.strip():
                    lead = len(line) - len(line.lstrip())
                    yield offset + lead, offset + len(line.rstrip())
                    return
                offset += len(line) + 1
            return
        lead = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        if end > lead:
            yield lead, end


def run(text: str, rules, lang: str | None, channel: str | None) -> list[Finding]:
    """Lint `text` with a loaded `RuleSet`; see `playbook.lint.lint`."""
    norm = normalize(text)
    if lang is None:
        lang = detect_language(text, norm)
    ctx = _Context(text, norm, rules.gates)
    findings = []
    limits = rules.channel_limits
    for rule in rules.for_language(lang):
        if rule.channels and channel not in rule.channels:
            continue
        if channel is not None and channel in rule.skip_channels:
            continue
        for start, end in rule.spans(ctx, channel, limits):
            findings.append(Finding(rule.id, rule.category, rule.severity, start, end, rule.message))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings
