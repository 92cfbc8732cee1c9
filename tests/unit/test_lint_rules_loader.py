"""The rule loader rejects every kind of invalid rule with a ContentError naming rule and line."""

from __future__ import annotations

import textwrap

import pytest

from playbook.errors import ContentError
from playbook.lint import DEFAULT_RULES, check_rules, lint, load_rules
from playbook.lint.syntax import SyntaxProblem, check_pattern, compile_phrase

HEADER = textwrap.dedent("""\
    categories:
      - {id: generic, label: Robot, description: d, link: prospecter/cinq-fautes.md#robot}
      - {id: not-personalized, label: P, description: d, link: prospecter/cinq-fautes.md#p}
      - {id: false-pretext, label: F, description: d, link: prospecter/cinq-fautes.md#f}
      - {id: demands-reply, label: D, description: d, link: prospecter/relances.md}
      - {id: hard-sell, label: H, description: d, link: prospecter/cinq-fautes.md#h}
      - {id: no-purpose, label: N, description: d, link: prospecter/cinq-fautes.md#n}
    channels:
      - {id: connection-note, label: Note, max_chars: 300}
      - {id: follow-up, label: Relance, max_chars: 8000}
    lists:
      perso: ["votre article"]
    rules:
    """)

GOOD_RULE = """\
  - id: ok-rule
    category: generic
    severity: warning
    languages: [fr]
    phrases: ["comme convenu"]
    message: m
    advice: a
    link: prospecter/cinq-fautes.md#robot
"""


def write(tmp_path, rules: str):
    path = tmp_path / "rules.yml"
    path.write_text(HEADER + rules, encoding="utf-8")
    return path


def rule(**fields) -> str:
    base = {"id": "r1", "category": "generic", "severity": "warning", "languages": "[fr]",
            "phrases": '["bonjour"]', "message": "m", "advice": "a", "link": "prospecter/cinq-fautes.md#robot"}
    base.update(fields)
    lines = ["  - id: " + base.pop("id")]
    for key, value in base.items():
        if value is not None:
            lines.append(f"    {key}: {value}")
    return "\n".join(lines) + "\n"


def only_error(path) -> ContentError:
    ruleset, errors = check_rules(path)
    assert ruleset is None
    assert errors, "expected an error"
    return errors[0]


def test_valid_file_loads(tmp_path):
    rs = load_rules(write(tmp_path, GOOD_RULE))
    assert [r.id for r in rs] == ["ok-rule"]
    assert [f.rule for f in lint("Bonjour, comme convenu.", rules=rs)] == ["ok-rule"]


def test_default_rules_load_and_are_cached():
    assert DEFAULT_RULES.name == "rules.yml" and DEFAULT_RULES.exists()
    assert load_rules() is load_rules()
    assert len(load_rules()) >= 30


@pytest.mark.parametrize("pattern, words", [
    (r"\bcomme\b", "\\b"), (r"\w+", "\\w"), (r"\d+", "\\d"), (r"\s", "\\s"),
    ("(?<=a)b", "regard en arrière"), ("(?i)abc", "options"), ("(?P<x>a)", "nommés"),
    ("(?<x>a)", "nommés"), (r"(a)\1", "références"), ("a++", "quantificateurs"), ("(?>a)", "atomiques"),
    (r"\p{L}", "\\p"), (r"\Aabc", "\\A"), ("Abc", "majuscules"), ("a{", "{"), ("a]", "]"),
    ("[abc", "fermée"), ("a*", "vide"), (r"\:", "échappement"),
])
def test_pattern_outside_portable_subset_is_rejected(tmp_path, pattern, words):
    path = write(tmp_path, GOOD_RULE + rule(id="bad-pattern", phrases=None, pattern=f"'{pattern}'"))
    error = only_error(path)
    assert "bad-pattern" in error.problem and words in error.problem
    assert error.line == 29  # the pattern's line in the temporary file


@pytest.mark.parametrize("pattern", ["(?:^|[^a-z0-9])(re ?:)", "ab(?=c)", "a(?!b)", "[a-z]{2,4}?", r"\.\$\n", "a|b$"])
def test_portable_patterns_are_accepted(pattern):
    check_pattern(pattern)


def test_unknown_category_names_rule_and_line(tmp_path):
    error = only_error(write(tmp_path, GOOD_RULE + rule(id="cat-rule", category="spam")))
    assert "cat-rule" in error.problem and "spam" in error.problem
    assert error.line == 23 and error.path.endswith("rules.yml")


def test_duplicate_id(tmp_path):
    error = only_error(write(tmp_path, GOOD_RULE + rule(id="ok-rule")))
    assert "ok-rule" in error.problem and "déjà utilisé ligne 14" in error.problem
    assert error.line == 22


@pytest.mark.parametrize("missing", ["category", "severity", "languages", "message", "advice", "link"])
def test_missing_field(tmp_path, missing):
    error = only_error(write(tmp_path, rule(**{missing: None})))
    assert f"« {missing} » manque" in error.problem and "r1" in error.problem
    assert error.line == 14


@pytest.mark.parametrize("fields, words", [
    ({"severity": "fatal"}, "sévérité"),
    ({"languages": "[de]"}, "languages"),
    ({"serverity": "error"}, "champ inconnu"),
    ({"link": "'http://example.com'"}, "lien"),
    ({"channels": "[sms]"}, "channels"),
    ({"pattern": "'abc'"}, "exactement une sorte"),
    ({"phrases": None}, "aucune trouvée"),
    ({"phrases": '["relanc* (a|"]'}, "parenthèse"),
    ({"phrases": '["~3 vous"]'}, "~N"),
    ({"phrases": '["vous? ici"]'}, "facultatif"),
    ({"phrases": '["@inconnue"]'}, "n'existe pas"),
    ({"phrases": "[]"}, "non vide"),
    ({"phrases": None, "near": "{a: [x], within: 2}"}, "near attend"),
    ({"phrases": None, "near": "{a: [x], b: [y], within: 99}"}, "within"),
    ({"phrases": None, "absent": "{when: [x]}"}, "absent attend"),
    ({"phrases": None, "absent": "{signals: [x], span: all}"}, "span"),
    ({"phrases": None, "too_long": "{}"}, "channels"),
    ({"phrases": None, "too_long": "{limit: -3}"}, "limit"),
    ({"phrases": None, "too_long": "{account: premium}"}, "account"),
    ({"phrases": None, "too_long": "{account: free}", "channels": "[connection-note]"}, "free_max_chars"),
    ({"phrases": None, "too_long": "{limit: 3, account: free}", "channels": "[connection-note]"}, "pas les deux"),
    ({"id": "Bad_Id"}, "minuscules"),
])
def test_invalid_rule_fields(tmp_path, fields, words):
    error = only_error(write(tmp_path, rule(**fields)))
    assert words in error.problem, error.problem


def test_all_errors_are_collected(tmp_path):
    path = write(tmp_path, rule(id="a1", severity="bad") + rule(id="a2", category="nope"))
    _, errors = check_rules(path)
    assert len(errors) == 2 and errors[0].line < errors[1].line


def test_invalid_yaml_and_missing_categories(tmp_path):
    path = tmp_path / "rules.yml"
    path.write_text("rules: [\n", encoding="utf-8")
    assert "YAML invalide" in only_error(path).problem
    path.write_text(HEADER.replace("  - {id: no-purpose, label: N, description: d, link: prospecter/cinq-fautes.md#n}\n", "") + GOOD_RULE,
                    encoding="utf-8")
    assert "no-purpose" in only_error(path).problem


def test_load_rules_raises_content_error(tmp_path):
    with pytest.raises(ContentError) as info:
        load_rules(write(tmp_path, rule(category="nope")))
    assert "rules.yml:" in str(info.value)


def test_phrase_syntax_errors_are_clear():
    for bad in ["", "(a b", "a) b", "a|", "rel*ance", "~x a"]:
        with pytest.raises(SyntaxProblem):
            compile_phrase(bad)


def test_a_list_named_with_a_number_is_text_not_a_traceback(tmp_path):
    text = DEFAULT_RULES.read_text(encoding="utf-8").replace("lists:\n", 'lists:\n  12:\n    - "bonjour bonjour"\n', 1)
    text = text.replace('signals: ["@specifique-fr"]', 'signals: ["@specifique-frx"]', 1)
    (tmp_path / "rules.yml").write_text(text, encoding="utf-8")
    rules, errors = check_rules(tmp_path / "rules.yml")
    assert rules is None and len(errors) == 1 and "« specifique-frx » n'existe pas" in errors[0].problem


def test_a_yaml_slip_below_a_quoted_hash_is_reported_on_its_own_line():
    import yaml

    from playbook import yamlparse

    text = 'a: "(promo #|alumni)"\nb: 1\nc: *nope\n'
    with pytest.raises(yaml.YAMLError) as error:
        yaml.safe_load(text)
    assert yamlparse.describe(error.value, text) == (3, "un alias * renvoie à une ancre & inconnue : mettez la valeur entre guillemets")
    with pytest.raises(yaml.YAMLError) as error:
        yaml.safe_load("a:\n\tb: 1\n")
    assert yamlparse.describe(error.value, "a:\n\tb: 1\n")[1].startswith("une tabulation")


def test_a_free_account_limit_must_be_below_the_channel_limit(tmp_path):
    path = write(tmp_path, rule(channels="[connection-note]"))
    text = path.read_text(encoding="utf-8").replace("max_chars: 300}", "max_chars: 300, free_max_chars: 300}")
    path.write_text(text, encoding="utf-8")
    assert len(check_rules(path)[1]) == 1  # the channel stays declared: its rules are not reported too
    error = only_error(path)
    line = 1 + text.splitlines().index("  - {id: connection-note, label: Note, max_chars: 300, free_max_chars: 300}")
    assert "free_max_chars (300) doit être plus petit" in error.problem and error.line == line
