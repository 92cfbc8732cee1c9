"""The engine's speed-ups never change a result.

`engine.py` skips work with gates (every mandatory token of a phrase, not only the exported one),
per-rule triggers and a prefilter of patterns by strings every match contains. Here the same
messages are linted with all of that switched off (no gate index, no prefilter) and must give the
same findings, and the prefilter is checked against the regexes themselves.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from playbook.lint import DEFAULT_RULES, lint, normalize
from playbook.lint.engine import Matcher, PatternMatcher, required_strings
from playbook.lint.rules import load_rules_file

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def mixed_texts(base: list[str], count: int, seed: int = 5) -> list[str]:
    """Pieces of real messages glued with odd separators, cut anywhere, upper-cased sometimes."""
    rng = random.Random(seed)
    glue = [" ", "\n", "\r\n", "’", "'", "-", " 👍 ", "\u00a0", ": ", " € ", "%", "[", "]", "{{", "\"", ""]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 4)):
            text = rng.choice(base)
            a = rng.randrange(len(text) + 1)
            parts.append(text[a:a + rng.randint(0, 120)])
            parts.append(rng.choice(glue))
        text = "".join(parts)
        out.append(text.upper() if rng.random() < 0.15 else text)
    return out


def without_speedups(path):
    rules = load_rules_file(path)
    rules.gates = None  # every phrase of every list is searched
    for rule in rules.rules:
        patterns = [rule.matcher, *rule.absent.get("signals", ())]
        for p in patterns:
            if isinstance(p, PatternMatcher):
                p.needed = None
    return rules


def test_same_findings_without_gates_triggers_or_prefilter():
    fast = load_rules_file(DEFAULT_RULES)
    slow = without_speedups(DEFAULT_RULES)
    base = corpus_texts()
    texts = base + mixed_texts(base, 200) + ["", " ", "Re : re: TR: [Prénom] {{x}} 49 €/mois -20 %"]
    channels = [None, *fast.channels]
    for text in texts:
        for lang in (None, "fr", "en"):
            for channel in channels:
                got = lint(text, lang=lang, channel=channel, rules=fast)
                want = lint(text, lang=lang, channel=channel, rules=slow)
                assert got == want, (text, lang, channel)


@pytest.mark.parametrize("source, expected", [
    ("ab|c", (("ab", "c"),)),
    ("x{0}y", (("y",),)),
    ("(?:^|\\n)[ \"*]*((?:re|tr|fwd?|ref) ?:)", (("fw", "re", "tr"), (":",))),
    ("je (?:te|vous) presente [a-z]", (("je vous presente ", "je te presente "),)),
    ("[^a]*", None),
    ("^(.)", None),
    ("(?=[a-z])(?:x|)(?:[a-z]{2})?", None),
    ("(?i)abc", None),
])
def test_required_strings(source, expected):
    assert required_strings(source) == expected


def test_prefilter_never_hides_a_match():
    rules = load_rules_file(DEFAULT_RULES)
    sources = [p.regex.pattern for r in rules.rules for p in [r.matcher, *r.absent.get("signals", ())]
               if isinstance(p, PatternMatcher)]
    sources += ["bonjour(.{0,3})x", "(?=re)+(re) ?:(?!x)?", "(?:([0-9]+) ?€|€ ?[0-9]+)", "\\n[ \"*\\-]*(re|tr) ?:",
                "\"(.+?)\"", "\\{\\{ ?[a-z_]{1,20} ?\\}\\}|\\[[^\\]\\n]{1,30}\\]", "a(?:b|)c", "(?:ab)?c",
                "(?:(?:x))+(?=yz)", "[0-9] ?(?:€|\\$|euros?)|[$€£] ?[0-9]"]
    base = corpus_texts()
    texts = [normalize(t) for t in base + mixed_texts(base, 300, seed=11)]
    checked = 0
    for source in sources:
        needed = required_strings(source)
        if needed is None:
            continue
        regex = re.compile(source)
        for norm in texts:
            if regex.search(norm) is not None:
                checked += 1
                for group in needed:
                    assert any(piece in norm for piece in group), (source, group, norm)
    assert checked > 50


def test_every_phrase_token_gate_is_necessary():
    """A phrase that matches has, for each of its mandatory tokens, a word opening that token's gate."""
    rules = load_rules_file(DEFAULT_RULES)
    matchers = {id(m): m for r in rules.rules
                for m in [r.matcher, r.unless, r.near.get("a"), r.near.get("b"), r.absent.get("when"),
                          *r.absent.get("signals", ())] if isinstance(m, Matcher)}
    base = corpus_texts()
    texts = [normalize(t) for t in base + mixed_texts(base, 300, seed=3)]
    word_re = re.compile(r"[a-z0-9\u00b5\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f]+")
    checked = 0
    for norm in texts:
        words = set(word_re.findall(norm))
        for matcher in matchers.values():
            for phrase, regex in zip(matcher.phrases, matcher.regexes):
                m = regex.search(norm)
                if m is None or phrase.open:
                    continue
                start = m.start()
                if start and word_re.match(norm[start - 1]) and word_re.match(norm[start]):
                    continue  # rejected start (the engine searches on from start + 1)
                checked += 1
                for literal, stems in phrase.gates:
                    assert words & literal or any(w.startswith(s[:4]) for w in words for s in stems), \
                        (phrase.source, literal, stems, norm)
    assert checked > 100
