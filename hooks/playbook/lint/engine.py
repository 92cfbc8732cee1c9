"""The linter's engine: compiled rules and the `lint` function.

SPEC.md (next to this file) states once the rules JSON that `export.py` writes and how an engine
evaluates it; docs/assets/javascripts/linter.js mirrors the functions below one by one (each JS
function names the Python one it mirrors), without the Python-only speed-ups listed at the end.

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
- `too_long`: `{limit: N}`, `{account: free}` or `{}`: fires when the message is longer than N
  code points, or than the channel's `max_chars` when no limit is given (its `free_max_chars`, a
  free account's lower limit, with `account: free`; only when a channel is known and has that
  limit). Span: the characters beyond the limit.

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
(`GateIndex`, one dictionary for all rules). Only phrases whose gate passes are searched; a rule
with none is skipped. A port may skip gates entirely and find the same matches.

Python-only speed-ups (same results; tests/test_lint_speedups.py compares with them switched off):
the engine requires the gates of ALL mandatory tokens of a phrase (`Phrase.gates`), not only the
exported one; phrases with the same regex and gates are searched once per message; the rules to
run for a (language, channel) pair are listed once, each with the phrase lists it needs, so that a
rule whose needed list cannot match is skipped before any search; and a `pattern` (or
`signal_patterns`) regex only runs when the text contains one string of each of a few groups that
every match must contain (`required_strings`, read from the parsed regex).

Language detection (`detect_language`): count French and English function words (the lists
below); English wins only with strictly more hits, so French (the playbook's language) is the
default for ties and empty texts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from . import regex_ast as ast
from .judge import decide, features as judge_features
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


_ENGLISH_ONLY = ENGLISH_WORDS - FRENCH_WORDS  # a word of both lists counts as French


def _detect(words: list) -> str:
    fr = sum(map(FRENCH_WORDS.__contains__, words))
    en = sum(map(_ENGLISH_ONLY.__contains__, words))
    return "en" if en > fr else "fr"


def detect_language(text: str, normalized: str | None = None) -> str:
    """'fr' or 'en': whichever function-word list has more hits (ties and nothing: 'fr')."""
    norm = normalized if normalized is not None else normalize(text)
    return _detect(WORD_RE.findall(norm))


@dataclass(frozen=True)
class Finding:
    """One problem found in a message; `start`/`end` are code-point offsets in the original text."""

    rule: str
    category: str
    severity: str
    start: int
    end: int
    message: str
    scope: str = "span"  # "message": about the whole text, not painted over it

    def to_dict(self) -> dict:
        return {"rule": self.rule, "category": self.category, "severity": self.severity,
                "start": self.start, "end": self.end, "message": self.message, "scope": self.scope}


def excerpt(text: str, limit: int = 80) -> str:
    """`text` on one line, cut to at most `limit` characters at a word boundary with « … » (a
    quoted excerpt never stops mid-word). linter.js's verifier does the same (`cut`)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[:limit]
    space = head.rfind(" ")
    if space > limit // 3:
        head = head[:space]
    return head.rstrip(" ,;:.!?-") + "…"


class Matcher:
    """A compiled list of phrases, each with its own regex and gate.

    Matches of a list: every phrase whose gate passes is searched on its own (successive leftmost
    matches with the word-boundary check); all these spans are then sorted by (start, longest
    first) and kept greedily when they do not overlap a span already kept. A port reproduces this
    with one `matchAll` per phrase and the same merge.

    With a `GateIndex` (always, through `run`), each phrase is a "probe" of the index: phrases
    with the same regex and gate keys share one probe, searched at most once per message.
    """

    _next_id = 0

    def __init__(self, phrases: list[Phrase]):
        self.phrases = list(phrases)
        self.id = Matcher._next_id
        Matcher._next_id += 1
        self.regexes = [LazyRegex(f"(?:{p.regex})(?![{WORD_CLASS}])") for p in self.phrases]

    def _spans_ungated(self, ctx: "_Context") -> list:
        found = []
        norm = ctx.norm
        for regex in self.regexes:
            found.extend(_scan(regex, norm))
        return _merge(found)

    def spans(self, ctx: "_Context") -> list:
        """The kept spans (sorted, non-overlapping); memoised per message. Do not modify."""
        memo = ctx.memo
        got = memo.get(self.id)
        if got is not None:
            return got
        gates = ctx.gates
        plan = gates.plans.get(self.id) if gates is not None else None
        if plan is None:
            found = self._spans_ungated(ctx)
        else:
            gated, opened = plan
            passing = ctx.passing_probes
            if passing is None:
                passing = ctx._compute_passing()
            selected = gated & passing if gated else ()
            if opened:
                selected = [*selected, *opened]
            if not selected:
                found = _EMPTY
            elif len(selected) == 1:
                for probe in selected:
                    found = ctx.probe_spans(probe)
            else:
                found = []
                probe_spans = ctx.probe_spans
                for probe in selected:
                    found += probe_spans(probe)
                found = _merge(found)
        memo[self.id] = found
        return found

    def search(self, ctx: "_Context"):
        found = self.spans(ctx)
        return found[0] if found else None


_EMPTY: list = []  # shared, never modified
_WORD_CHARS = frozenset(ch for ch in map(chr, range(0x250)) if is_word_char(ch))


def _span_key(span):
    return (span[0], -span[1])


def _merge(found: list) -> list:
    """Sort spans by (start, longest first) and keep those that overlap no span already kept."""
    if len(found) > 1:
        found.sort(key=_span_key)
        kept, last_end = [], -1
        for span in found:
            if span[0] >= last_end:
                kept.append(span)
                last_end = span[1]
        return kept
    return found


class LazyRegex:
    """A phrase's regex, compiled the first time it is searched. Most phrases never pass their
    gate in a run (a build lints ~100 messages), and compiling all ~930 up front cost about a second
    of every build and every `playbook lint` start-up (the word class is a large character set
    for `re` to compile). `pattern` is there at once (export, probe keys)."""

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._compiled = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return getattr(self._compiled, name)


def _scan(regex: re.Pattern | LazyRegex, norm: str) -> list:
    """Successive leftmost matches of a phrase regex with the word-boundary check at the start."""
    search = regex.search
    word = _WORD_CHARS
    out = []
    pos = 0
    while True:
        m = search(norm, pos)
        if m is None:
            return out
        start, end = m.span()
        if start > 0 and norm[start - 1] in word and norm[start] in word:
            pos = start + 1
            continue
        out.append((start, end))
        pos = end if end > start else start + 1


class _WordKeys(dict):
    """Cache word -> frozenset of the gate numbers that word opens (bounded in size)."""

    __slots__ = ("literal", "stems")
    LIMIT = 100_000

    def __init__(self, literal: dict, stems: tuple):
        super().__init__()
        self.literal, self.stems = literal, stems

    def __missing__(self, word: str) -> frozenset:
        if len(self) >= self.LIMIT:
            self.clear()
        found = set()
        hits = self.literal.get(word)
        if hits:
            found.update(hits)
        for length, table in self.stems:
            if len(word) >= length:
                hits = table.get(word[:length])
                if hits:
                    found.update(hits)
        value = frozenset(found) if found else _NOTHING
        self[word] = value
        return value


_NOTHING: frozenset = frozenset()


class GateIndex:
    """Maps words and word prefixes to the phrases whose gate they open, for all matchers.

    The exported gate of a phrase (`Phrase.literal` / `Phrase.stem`, stems cut to 4 letters) is
    what a port tests (linter.js `gateTables`). For speed, the engine numbers things once per rule
    set:

    - every distinct token gate (literal words, stems cut to 4 letters) of every mandatory token
      (`Phrase.gates`) gets a negative number; a phrase can only match when ALL of its token gates
      are open (each is a necessary condition, like the exported one, which is among them);
    - every distinct phrase (same regex, same gates) is a "probe" with a number >= 0, searched at
      most once per message; `regexes[probe]`, `required[probe]` (its token gates);
    - `plans[matcher id]` = (frozenset of its gated probes, tuple of its open probes);
    - `words` caches, for each word, the numbers it opens: its token gates, and the probes whose
      exported gate it opens; `keys(words)` then drops the probes (`several`) whose other token
      gates stay closed.
    """

    def __init__(self, matchers):
        self.regexes: list = []
        self.required: list = []
        self.plans: dict[int, tuple] = {}
        probe_of: dict = {}
        gate_of: dict = {}
        literal_keys: dict[str, set] = {}
        stem_keys: dict[int, dict[str, set]] = {}

        def add_keys(number, literal, stems):
            for word in literal:
                literal_keys.setdefault(word, set()).add(number)
            for stem in stems:
                stem_keys.setdefault(len(stem), {}).setdefault(stem, set()).add(number)

        for matcher in matchers:
            gated, opened = set(), []
            for index, phrase in enumerate(matcher.phrases):
                regex = matcher.regexes[index]
                primary = (frozenset(phrase.literal), frozenset(key[:4] for key in phrase.stem))
                tokens = {(frozenset(lit), frozenset(key[:4] for key in st))
                          for lit, st in getattr(phrase, "gates", ())}
                tokens.add(primary)
                key = (regex.pattern, bool(phrase.open), primary, frozenset(tokens))
                probe = probe_of.get(key)
                if probe is None:
                    probe = probe_of[key] = len(self.regexes)
                    self.regexes.append(regex)
                    required = set()
                    if not phrase.open:
                        add_keys(probe, *primary)
                        for gate in tokens:
                            number = gate_of.get(gate)
                            if number is None:
                                number = gate_of[gate] = -1 - len(gate_of)
                                add_keys(number, *gate)
                            required.add(number)
                    self.required.append(frozenset(required))
                if phrase.open:
                    if probe not in opened:
                        opened.append(probe)
                    continue
                gated.add(probe)
            self.plans[matcher.id] = (frozenset(gated), tuple(opened))
        # probes with more than one token gate (the others pass as soon as their word is seen)
        self.several = frozenset(probe for probe, required in enumerate(self.required) if len(required) > 1)
        self._literal_keys, self._stem_keys = literal_keys, stem_keys
        self.words = self._word_keys(None)
        self._restricted: dict = {}

    def _word_keys(self, relevant: frozenset | None) -> _WordKeys:
        def keep(numbers):
            return frozenset(numbers) if relevant is None else frozenset(numbers) & relevant
        literal = {k: keep(v) for k, v in self._literal_keys.items()}
        stems = tuple((length, {k: keep(v) for k, v in table.items()}) for length, table in self._stem_keys.items())
        return _WordKeys({k: v for k, v in literal.items() if v},
                         tuple((length, {k: v for k, v in table.items() if v}) for length, table in stems))

    def restricted(self, matchers) -> tuple:
        """(word cache, probes with several gates) limited to the probes of `matchers`: enough for
        `keys` when only these matchers will be searched."""
        probes = set()
        for matcher in matchers:
            plan = self.plans.get(matcher.id)
            if plan is None:
                return self.words, self.several
            probes |= plan[0]
        probes = frozenset(probes)
        got = self._restricted.get(probes)
        if got is None:
            relevant = set(probes)
            for probe in probes:
                relevant |= self.required[probe]
            got = self._restricted[probes] = (self._word_keys(frozenset(relevant)), self.several & probes)
        return got

    def keys(self, words, restricted: tuple | None = None) -> set:
        """The gate numbers (see the class docstring) that `words` open, without the probes whose
        other token gates stay closed: the probes left are exactly those that may match (among
        those of `restricted`, from `restricted()`, when given)."""
        cache, several = restricted if restricted is not None else (self.words, self.several)
        keys = set().union(*map(cache.__getitem__, words))
        required = self.required
        for probe in keys & several:
            if not required[probe] <= keys:
                keys.discard(probe)
        return keys


# --- pattern prefilter ------------------------------------------------------------------------
#
# A pattern is only run when the text contains one of a few strings that every match must contain
# (found by reading the regex's tree, `regex_ast`; None when nothing useful is certain). Speed only: a text
# without any of them has no match at all, so no span.

_CAP = 48  # most strings an exact set may hold
_MAX_CHOICE = 8  # most strings a sequence's requirement may have
_MAX_NEEDED = 16  # most strings worth testing with `in`


def _items(node) -> tuple:
    """A body as a sequence of items (an alternation is one item)."""
    return node.items if isinstance(node, ast.Seq) else (node,)


def _exact(items) -> set | None:
    """Every string a sequence of tree items can match, when they are few; else None."""
    out = {""}
    for item in items:
        got = _exact_item(item)
        if got is None:
            return None
        out = {a + b for a in out for b in got}
        if len(out) > _CAP:
            return None
    return out


def _exact_item(item) -> set | None:
    if isinstance(item, ast.Lit):
        return {chr(item.cp)}
    if isinstance(item, ast.Class):
        if item.negated:
            return None
        chars = set()
        for low, high, _low_src, _high_src in item.items:
            if high - low >= _CAP:
                return None
            chars.update(map(chr, range(low, high + 1)))
            if len(chars) > _CAP:
                return None
        return chars
    if isinstance(item, ast.Group):
        return {""} if item.kind in ast.LOOKAHEADS else _exact(_items(item.body))
    if isinstance(item, ast.Alt):
        out = set()
        for branch in item.branches:
            got = _exact(_items(branch))
            if got is None:
                return None
            out |= got
            if len(out) > _CAP:
                return None
        return out
    if isinstance(item, ast.Repeat):
        if item.high is None or item.high > 1:
            return None
        got = _exact_item(item.body)
        if got is None:
            return None
        return got | {""} if item.low == 0 else got
    if isinstance(item, ast.Anchor):
        return {""}  # consumes nothing
    return None  # Any


def _minimal(strings) -> set:
    """Drop the strings that contain another one (finding the shorter one is enough)."""
    ordered = sorted(strings, key=len)
    return {x for i, x in enumerate(ordered) if not any(y in x for y in ordered[:i])}


def _score(strings) -> tuple:
    return (min(4, min(map(len, strings))), -len(strings))


def _needed(items) -> set | None:
    """Strings one of which every match of the sequence `items` contains; None when unknown."""
    candidates = _candidates(items)
    return max(candidates, key=_score) if candidates else None


def _candidates(items) -> list:
    """Sets of strings that every match of the sequence `items` contains one of (each set on its
    own is necessary), at most `_MAX_CHOICE` strings each, without redundant strings."""
    candidates = []
    run: list = []

    def close_run():
        # consecutive exact items match one string of the product of their sets; when that would
        # have too many strings, cut the run into pieces that do not
        strings = {""}
        for one in run:
            got = _exact_item(one)
            if len(strings) * len(got) <= _MAX_CHOICE:
                strings = {a + b for a in strings for b in got}
            else:
                if "" not in strings:
                    candidates.append(strings)
                strings = got
        if "" not in strings:
            candidates.append(strings)
        if len(run) > 1:  # and each item on its own (fewer strings)
            for one in run:
                got = _exact_item(one)
                if "" not in got:
                    candidates.append(got)
        run.clear()

    for item in items:
        if _exact_item(item) is not None:
            run.append(item)
        else:
            close_run()
        got = None
        if isinstance(item, ast.Group) and item.kind != "(?!":
            candidates.extend(_candidates(_items(item.body)))  # a group or positive lookahead
        elif isinstance(item, ast.Alt):
            got = set()
            for branch in item.branches:
                sub = _needed(_items(branch))
                if sub is None:
                    got = None
                    break
                got |= sub
        elif isinstance(item, ast.Repeat) and item.low >= 1:
            candidates.extend(_candidates(_items(item.body)))
        if got:
            candidates.append(got)
    close_run()
    return [c for c in map(_minimal, candidates) if c and len(c) <= _MAX_CHOICE]


def required_strings(source: str) -> tuple | None:
    """Groups of strings such that every match of regex `source` contains a string of each group
    (at most 2 groups, the most selective), or None when nothing useful is certain."""
    try:
        items = _items(ast.parse(source, portable=False))
    except ValueError:  # not a regex of the engine's dialect: no prefilter
        return None
    candidates = _candidates(items)
    if len(items) == 1 and not candidates:  # a single item (a top-level alternation)
        whole = _needed(items)
        candidates = [_minimal(whole)] if whole else []
    groups = []
    for needed in sorted(candidates, key=_score, reverse=True):
        if not needed or "" in needed or len(needed) > _MAX_NEEDED:
            continue
        # skip a group implied by one already kept (each of its strings contains one of needed)
        if any(all(any(y in x for y in needed) for x in kept) for kept in groups):
            continue
        groups.append(needed)
    if not groups:
        return None
    return tuple(tuple(sorted(g, key=lambda x: (-len(x), x))) for g in groups[:2])


class PatternMatcher:
    """A rule-author regex (already checked and rewritten by `syntax.compile_pattern`)."""

    def __init__(self, source: str):
        self.regex = re.compile(source)
        self._id = ("pattern", id(self))
        self.needed = required_strings(source)

    def spans(self, ctx: "_Context") -> list:
        """All spans (group 1's when the pattern has a group and it took part; empty ones dropped)."""
        memo = ctx.memo
        got = memo.get(self._id)
        if got is not None:
            return got
        norm = ctx.norm
        needed = self.needed
        if needed is not None:
            for group in needed:
                for piece in group:
                    if piece in norm:
                        break
                else:
                    memo[self._id] = _EMPTY
                    return _EMPTY
        out = []
        if self.regex.groups:
            for m in self.regex.finditer(norm):
                if m.group(1) is not None:
                    start, end = m.span(1)
                else:
                    start, end = m.span()
                if end > start:
                    out.append((start, end))
        else:
            for m in self.regex.finditer(norm):
                start, end = m.span()
                if end > start:
                    out.append((start, end))
        memo[self._id] = out
        return out

    def search(self, ctx: "_Context"):
        found = self.spans(ctx)
        return found[0] if found else None


class _Context:
    """Per-message data shared by all rules: normalised text, words, gates, memoised searches."""

    __slots__ = ("text", "norm", "gates", "memo", "probe_memo", "_starts", "_words", "passing_probes")

    def __init__(self, text: str, norm: str, gates: "GateIndex | None" = None, words: list | None = None):
        self.text = text
        self.norm = norm
        self.gates = gates
        self.memo: dict = {}
        self.probe_memo: dict = {}
        self._starts = None
        self._words = words
        self.passing_probes = None

    @property
    def words(self) -> list:
        if self._words is None:
            self._words = WORD_RE.findall(self.norm)
        return self._words

    def _compute_passing(self) -> set:
        self.passing_probes = self.gates.keys(self.words)
        return self.passing_probes

    def probe_spans(self, probe: int) -> list:
        got = self.probe_memo.get(probe)
        if got is None:
            got = self.probe_memo[probe] = _scan(self.gates.regexes[probe], self.norm)
        return got

    @property
    def starts(self) -> list:
        if self._starts is None:
            self._starts = [m.start() for m in WORD_RE.finditer(self.norm)]
        return self._starts

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
    account: str | None = None  # too_long: "free" measures against the channel's free_max_chars

    def _kind_spans(self, ctx: _Context, channel: str | None, limits_by_account: dict) -> list:
        kind = self.kind
        if kind == "phrases" or kind == "pattern":
            return self.matcher.spans(ctx)
        if kind == "near":
            return self._near(ctx)
        if kind == "absent":
            return self._absent(ctx)
        if kind == "too_long":
            limit = self.limit if self.limit is not None else limits_by_account[self.account].get(channel)
            if limit is not None and len(ctx.text) > limit:
                return [(limit, len(ctx.text))]
        return _EMPTY

    def _near(self, ctx: _Context) -> list:
        near = self.near
        a_spans = near["a"].spans(ctx)
        if not a_spans:
            return _EMPTY
        b_spans = near["b"].spans(ctx)
        if not b_spans:
            return _EMPTY
        within, ordered = near["within"], near["ordered"]
        out = []
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
                    out.append((start, end))
                    last_end = end
                    break
        return out

    def _absent(self, ctx: _Context) -> list:
        spec = self.absent
        trigger = None
        when = spec["when"]
        if when is not None:
            trigger = when.search(ctx)
            if trigger is None:
                return _EMPTY
        min_words = spec["min_words"]
        if min_words and len(ctx.words) < min_words:
            return _EMPTY
        for matcher in spec["signals"]:
            if matcher.search(ctx) is not None:
                return _EMPTY
        if trigger is not None:
            return [trigger]
        text = ctx.text
        if spec["span"] == "first-line":
            offset = 0
            for line in text.split("\n"):
                if line.strip():
                    lead = len(line) - len(line.lstrip())
                    return [(offset + lead, offset + len(line.rstrip()))]
                offset += len(line) + 1
            return _EMPTY
        lead = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        if end > lead:
            return [(lead, end)]
        return _EMPTY


def _triggers(rule: Rule, gates: GateIndex) -> tuple:
    """Sets of gate numbers that must each meet the message's for `rule` to fire ((): no test).

    A phrase list without open phrases can only match when one of its probes' exported gates is
    open; `phrases` needs its list, `near` both lists, `absent` with `when` its `when` list.
    """
    def of(matcher):
        if not isinstance(matcher, Matcher):
            return None
        plan = gates.plans.get(matcher.id)
        if plan is None or plan[1]:
            return None
        return plan[0]

    if rule.kind == "phrases":
        needed = [of(rule.matcher)]
    elif rule.kind == "near":
        needed = [of(rule.near.get("a")), of(rule.near.get("b"))]
    elif rule.kind == "absent" and rule.absent.get("when") is not None:
        needed = [of(rule.absent["when"])]
    else:
        needed = []
    return tuple(t for t in needed if t is not None)


def _rule_matchers(rule: Rule) -> list:
    found = [rule.unless, rule.matcher, rule.near.get("a"), rule.near.get("b"), rule.absent.get("when"),
             *rule.absent.get("signals", ())]
    return [m for m in found if isinstance(m, Matcher)]


def _plan(rules, lang: str, channel: str | None) -> tuple:
    """([(rule, triggers)] for the rules of `lang` that run for `channel`, restricted gate data
    for their phrase lists (or None)); cached on the rule set."""
    cache = rules.__dict__.setdefault("_engine_plans", {})
    key = (lang, channel)
    got = cache.get(key)
    if got is None:
        gates = rules.gates
        selected = []
        for rule in rules.for_language(lang):
            if rule.channels and channel not in rule.channels:
                continue
            if channel is not None and channel in rule.skip_channels:
                continue
            selected.append((rule, _triggers(rule, gates) if gates is not None else ()))
        restricted = None
        if gates is not None:
            restricted = gates.restricted([m for rule, _ in selected for m in _rule_matchers(rule)])
        got = (selected, restricted)
        if len(cache) < 64:
            cache[key] = got
    return got


def _finding_key(item):
    return item[:3]


_RANK = {"error": 0, "warning": 1, "info": 2}


def _one_per_fault(found: list) -> list:
    """One finding per fault: of the findings of one category whose spans overlap, only the most
    severe stays (then the narrowest, the earliest, then the first rule id), so « merci de me
    répondre rapidement » is one remark, not three. `found` holds (start, end, rule id, severity,
    category, rule) and is sorted by `_finding_key`; so is the result."""
    order = sorted(found, key=lambda f: (_RANK.get(f[3], 9), f[1] - f[0], f[0], f[2]))
    kept: dict[str, list] = {}
    for item in order:
        same = kept.setdefault(item[4], [])
        if not any(start < item[1] and item[0] < end for start, end, *_ in same):
            same.append(item)
    return sorted((item for items in kept.values() for item in items), key=_finding_key)


def _whole(rule: Rule) -> bool:
    """An `absent` rule without `when`: the fault is what the whole message lacks, so its finding
    is about the message (its span, the text or its first line, is not a place to fix)."""
    return rule.kind == "absent" and rule.absent.get("when") is None


def _raw(text: str, rules, lang: str | None, channel: str | None) -> tuple:
    """(context, language, [(start, end, rule id, severity, category, rule)]): every rule's spans."""
    norm = normalize(text)
    words = WORD_RE.findall(norm)
    if lang is None:
        lang = _detect(words)
    gates = rules.gates
    ctx = _Context(text, norm, gates, words)
    selected, restricted = _plan(rules, lang, channel)
    if gates is not None:
        # only the matchers of `selected` are searched: the restricted keys are enough for them
        passing = ctx.passing_probes = gates.keys(words, restricted)
        isdisjoint = passing.isdisjoint
    limits = rules.limits_by_account
    found = []
    for rule, triggers in selected:
        if triggers and any(map(isdisjoint, triggers)):
            continue  # a list the rule needs cannot match
        unless = rule.unless
        if unless is not None and unless.spans(ctx):
            continue
        if rule.kind == "phrases":
            spans = rule.matcher.spans(ctx)
        else:
            spans = rule._kind_spans(ctx, channel, limits)
        if spans:
            rid, severity, category = rule.id, rule.severity, rule.category
            for start, end in spans:
                found.append((start, end, rid, severity, category, rule))
    return ctx, lang, found


def features(text: str, rules, lang: str | None, channel: str | None) -> set[str]:
    """The judgment layer's feature names for a message (what tools/train.py learns from)."""
    ctx, lang, found = _raw(text, rules, lang, channel)
    return judge_features(text, ctx.norm, ctx.words, lang, channel, [(f[2], f[4]) for f in found])


def run(text: str, rules, lang: str | None, channel: str | None, one_per_fault: bool = True,
        judge: bool = True) -> list[Finding]:
    """Lint `text` with a loaded `RuleSet`; see `playbook.lint.lint`. `judge=False` skips the
    judgment layer (judge.py): the rules' own severities."""
    ctx, lang, found = _raw(text, rules, lang, channel)
    model = rules.model if judge else None
    overall = ()
    if model is not None:
        scores = model.message_scores(text, ctx.norm, ctx.words, lang, channel, [(f[2], f[4]) for f in found])
        judged, overall = decide(model, scores, [f[:5] for f in found])
        found = [(*j, f[5]) for j, f in zip(judged, found)]
    if not found and not overall:
        return []
    if len(found) > 1:
        found.sort(key=_finding_key)
        if one_per_fault:
            found = _one_per_fault(found)
    out = [Finding(rid, category, severity, start, end, rule.message, "message" if _whole(rule) else "span")
           for start, end, rid, severity, category, rule in found]
    if overall:
        cats = rules.categories
        out.extend(Finding(c, c, "warning", 0, len(text), cats[c].overall, "message") for c in overall)
        out.sort(key=lambda f: (f.start, f.end, f.rule))
    return out
