"""The one parser of the linter's regexes (playbook.lint.regex_ast) and what reads its tree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from playbook.lint import load_rules
from playbook.lint import regex_ast
from playbook.lint.engine import Matcher, PatternMatcher
from playbook.lint.syntax import SyntaxProblem, check_pattern, compile_pattern

LINT = Path(__file__).resolve().parents[2] / "hooks" / "playbook" / "lint"


def _engine_regexes() -> list[str]:
    rules = load_rules()
    found = set()
    for rule in rules.rules:
        for m in [rule.unless, rule.matcher, rule.near.get("a"), rule.near.get("b"), rule.absent.get("when"),
                  *rule.absent.get("signals", ())]:
            if isinstance(m, Matcher):
                found.update(r.pattern for r in m.regexes)
            elif isinstance(m, PatternMatcher):
                found.add(m.regex.pattern)
    return sorted(found)


def test_the_python_regex_is_written_back_as_it_was_read():
    sources = _engine_regexes()
    assert len(sources) > 500
    for source in sources:
        assert regex_ast.to_python(regex_ast.parse(source, portable=False)) == source


def test_the_tree_of_a_pattern():
    tree = regex_ast.parse("(?:^|x)(ab+?)[^a-c\\n]$")
    first, group, klass, end = tree.items
    assert first == regex_ast.Group("(?:", regex_ast.Alt((regex_ast.Seq((regex_ast.Anchor("start"),)),
                                                          regex_ast.Seq((regex_ast.Lit(ord("x"), "x"),)))))
    assert group.number == 1 and isinstance(group.body.items[1], regex_ast.Repeat)
    assert group.body.items[1].lazy and group.body.items[1].high is None
    assert klass.negated and klass.items == ((ord("a"), ord("c"), "a", "c"), (10, 10, "\\n", None))
    assert end == regex_ast.Anchor("end")
    assert regex_ast.to_javascript(tree) == "(?:^|x)(ab+?)[^a-c\\n]$"
    assert compile_pattern("(?:^|x)(ab+?)[^a-c\\n]$") == "(?:^|x)(ab+?)[^a-c\\n](?!(?:.|\\n))"


@pytest.mark.parametrize(("pattern", "words"), [
    ("(a", "motif invalide"), ("a)", "motif invalide"), ("(A", "majuscules"), ("a)\\w", "\\w"),
    ("a??", "deux quantificateurs"), ("a*?+", "ne s'applique à rien"), ("^{", "doit être échappé"),
    ("[]", "vide"), ("[a[]", "\\["), ("(?", "options en ligne"), ("[z-a]", "motif invalide"),
])
def test_problems_are_reported_in_the_order_the_checker_always_used(pattern, words):
    with pytest.raises(SyntaxProblem) as info:
        check_pattern(pattern)
    assert words in str(info.value)
