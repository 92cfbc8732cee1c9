"""Rule patterns cannot hang CI, `playbook lint` or the reader's browser (playbook.lint.redos).

The checker refuses the shapes that make backtracking engines super-linear; every pattern it
accepts in rules.yml, and the whole linter, runs on 20,000-character inputs built to provoke
backtracking, in Python and in JavaScript. The time limits below are hang guards (a catastrophic
pattern takes minutes; these take milliseconds), not speed goals: those live in `make bench`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from playbook.lint import check_rules, lint, load_rules
from playbook.lint.export import rules_json, translate_regex
from playbook.lint.syntax import SyntaxProblem, check_pattern, compile_pattern

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "snippets" / "rules.yml"
LINTER_JS = ROOT / "docs" / "assets" / "javascripts" / "linter.js"
LENGTH = 20_000
GUARD_SECONDS = 2.0


@pytest.mark.parametrize(("pattern", "why"), [
    (r"(?:[a-z]+[ ,]*)+!!+$", "imbriqués"),
    (r"([a-z]+ ?)*!$", "imbriqués"),
    (r"(a+)+b", "imbriqués"),
    (r"(?:x*y?){3,}z", "imbriqués"),
    (r"(a|a)*b", "alternatives"),
    (r"(a|ab)*c", "alternatives"),
    (r"(?:[a-z]|[0-9a])+!", "alternatives"),
    (r"[a-z]*[a-z]+!", "se suivent"),
    (r"a*a*b", "se suivent"),
])
def test_catastrophic_shapes_are_refused(pattern, why):
    with pytest.raises(SyntaxProblem, match=why):
        check_pattern(pattern)


@pytest.mark.parametrize("pattern", [
    r"(?:ab)+c", r"[a-z]+ [a-z]+", r"(?:a|b)*c", r"x{2,}y", r"(?: [a-z]+){0,2} fin",
    r"(?:^|[^a-z0-9])(xxx+(?![a-z0-9]))", r"[0-9][0-9 .,]*(?:k ?)?(?:€|euros?)",
])
def test_safe_shapes_are_accepted(pattern):
    check_pattern(pattern)


def test_a_catastrophic_pattern_in_rules_yml_is_one_message_with_rule_and_line(tmp_path):
    text = RULES.read_text(encoding="utf-8")
    original = "pattern: '(?:^|\\n)[ \"*]*((?:re|tr|fwd?|ref) ?:)'"
    assert original in text
    line = text[:text.index(original)].count("\n") + 1
    broken = tmp_path / "rules.yml"
    broken.write_text(text.replace(original, "pattern: '(?:[a-z]+[ ,]*)+!!+$'"), encoding="utf-8")
    start = time.perf_counter()
    rules, errors = check_rules(broken)
    assert time.perf_counter() - start < 30  # it used to hang: the build ran past 120 s
    assert rules is None
    assert len(errors) == 1, errors
    assert errors[0].line == line
    assert "objet-re-tr" in str(errors[0]) and "imbriqués" in str(errors[0])


def _patterns() -> list[str]:
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found.append(value)
                elif key == "signal_patterns" and isinstance(value, list):
                    found.extend(v for v in value if isinstance(v, str))
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(RULES.read_text(encoding="utf-8")))
    return found


def _adversarial(pattern: str) -> list[str]:
    """Long inputs made of the pattern's own characters and words: where backtracking hurts."""
    chars = sorted({c for c in re.sub(r"\\.", "", pattern) if c.isalnum() or c in " .,'-/%€$£:\"*"}
                   | {"a", " ", "\n", "0"})
    words = sorted(set(re.findall(r"[a-z]{3,}", pattern)))[:25]
    out = [c * LENGTH for c in chars]
    out += [(c + d) * (LENGTH // 2) for c in chars[:10] for d in chars[:10] if c != d]
    out += [(w + " ") * (LENGTH // (len(w) + 1)) + "!" for w in words]
    return out


def test_rules_yml_has_patterns():
    assert len(_patterns()) >= 10


@pytest.mark.parametrize("pattern", _patterns())
def test_every_pattern_stays_fast_in_python(pattern):
    check_pattern(pattern)
    regex = re.compile(compile_pattern(pattern))
    for text in _adversarial(pattern):
        start = time.perf_counter()
        for _match in regex.finditer(text):
            pass
        assert time.perf_counter() - start < GUARD_SECONDS, (pattern, text[:30])


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    return node


def test_every_pattern_stays_fast_in_javascript(tmp_path):
    cases = []
    for pattern in _patterns():
        js, _groups, _chars, _ranges = translate_regex(compile_pattern(pattern))
        cases.append({"regex": js, "texts": _adversarial(pattern)})
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    script = r"""
      const cases = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
      let worst = 0;
      for (const { regex, texts } of cases) {
        const re = new RegExp(regex, 'gu');
        for (const text of texts) {
          const start = performance.now();
          for (const _ of text.matchAll(re)) { /* every match, as the verifier does */ }
          worst = Math.max(worst, performance.now() - start);
        }
      }
      process.stdout.write(String(worst));
    """
    result = subprocess.run([_node(), "-e", script, str(tmp_path / "cases.json")], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) < GUARD_SECONDS * 1000


def _long_messages() -> list[str]:
    rules_text = RULES.read_text(encoding="utf-8").lower()
    words = sorted(set(re.findall(r"[a-zàâçéèêëîïôûùüÿœ]{3,}", rules_text)))
    stream = " ".join(words)
    return [(stream * (LENGTH // len(stream) + 1))[:LENGTH], "a" * LENGTH, ("je vous " * LENGTH)[:LENGTH],
            ("bonjour, " * LENGTH)[:LENGTH] + "?"]


def test_the_whole_linter_stays_fast_on_long_messages_in_python():
    rules = load_rules(RULES)
    for text in _long_messages():
        start = time.perf_counter()
        lint(text, rules=rules)
        assert time.perf_counter() - start < GUARD_SECONDS * 5, text[:30]


def test_the_whole_linter_stays_fast_on_long_messages_in_javascript(tmp_path):
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(rules_json(load_rules(RULES)), encoding="utf-8")
    (tmp_path / "texts.json").write_text(json.dumps(_long_messages()), encoding="utf-8")
    script = r"""
      const { compile } = require(process.argv[1]);
      const fs = require('fs');
      const linter = compile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
      let worst = 0;
      for (const text of JSON.parse(fs.readFileSync(process.argv[3], 'utf8'))) {
        const start = performance.now();
        linter.lint(text, {});
        worst = Math.max(worst, performance.now() - start);
      }
      process.stdout.write(String(worst));
    """
    result = subprocess.run([_node(), "-e", script, str(LINTER_JS), str(rules_file), str(tmp_path / "texts.json")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) < GUARD_SECONDS * 5000
