"""The data formats' JSON Schemas: YAML in, one French ContentError with its line out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from playbook import validate
from playbook.labels import load_labels

ROOT = Path(__file__).resolve().parents[2]
REAL_LABELS = ROOT / "snippets" / "labels.yml"

# What labels.py's SCHEMA dict required before the JSON Schema (None: a text; "months": 12 texts).
OLD_LABELS = {
    "verdict": ("good", "bad"), "context": None, "invented": None, "findings_title": None, "no_findings": None, "whole_message": None, "rule_link": None,
    "severity": ("error", "warning", "info"), "language": ("fr", "en"), "characters": None,
    "library": ("filters", "all", "category", "lang", "channel", "count", "good_section", "good_intro"),
    "rules": ("severity", "languages", "advice", "section", "examples", "no_examples", "channels"),
    "checklist": {"link": ("link", "rule", "category"), "reset": None, "progress": None,
                  "progress_value": None, "done": None, "reset_done": None, "no_storage": None},
    "verifier": ("channel", "channel_none", "lang", "lang_auto", "draft", "placeholder", "preview", "empty",
                 "none", "summary_one", "summary_many", "length", "length_hint", "length_limit", "within",
                 "over", "premium_only", "detected", "chosen", "advice", "rule", "show", "whole", "error"),
    "pdf": {"toc": None, "edition": None, "undated": None, "version": None, "online": None, "months": "months"},
}


def _required(node: dict, schema: dict) -> dict:
    out = {}
    for key in node["required"]:
        sub = node["properties"][key]
        if "$ref" in sub:
            out[key] = "months" if sub["$ref"].endswith("months") else None
        else:
            out[key] = _required(sub, schema)
    return out


def _normalize(old) -> dict:
    items = old.items() if isinstance(old, dict) else ((k, None) for k in old)
    return {k: (v if v in (None, "months") else _normalize(v)) for k, v in items}


def test_labels_schema_requires_exactly_what_the_code_reads():
    schema = validate.schema("labels")
    assert _required(schema, schema) == _normalize(OLD_LABELS)


@pytest.mark.parametrize("name", ["labels", "rules", "checklist", "message"])
def test_schemas_are_valid_2020_12_with_french_descriptions(name):
    schema = validate.schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    type(validate.validator(name)).check_schema(schema)  # raises on an invalid schema
    assert "description" in schema and " " in schema["description"]


def labels_with(tmp_path, old: str, new: str):
    text = REAL_LABELS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "labels.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_labels(path)


def line_of(path_text: str, start: str) -> int:
    return next(n for n, line in enumerate(path_text.splitlines(), 1) if line.startswith(start))


def test_labels_unknown_key_suggests_the_right_one(tmp_path):
    labels, errors = labels_with(tmp_path, "invented:", "inventd:")
    problems = [str(e) for e in errors]
    assert labels is None
    assert any("libellé inconnu `inventd`" in p and "Vouliez-vous dire « invented » ?" in p for p in problems), problems
    assert any("il manque le libellé `invented`" in p for p in problems)


def test_labels_months_must_be_twelve_texts(tmp_path):
    text = REAL_LABELS.read_text(encoding="utf-8")
    start = text.index("  months:")
    end = text.index("\n", start)
    labels, errors = labels_with(tmp_path, text[start:end], "  months: [janvier, février]")
    assert labels is None and len(errors) == 1
    assert "`pdf.months` doit être la liste des douze mois" in errors[0].problem
    assert errors[0].line == line_of(text, "  months:")


def test_labels_section_written_as_text(tmp_path):
    labels, errors = labels_with(tmp_path, "verdict:\n  good: À préférer\n  bad: À éviter\n", "verdict: bon\n")
    assert labels is None and [e.problem for e in errors] == ["`verdict` doit être un ensemble de libellés."]
    assert errors[0].line == 3


def test_labels_number_instead_of_text(tmp_path):
    labels, errors = labels_with(tmp_path, "characters:", "characters: 12\nx_characters:")
    assert any("le libellé `characters` doit être un texte non vide" in e.problem for e in errors)


def test_labels_repeated_key(tmp_path):
    labels, errors = labels_with(tmp_path, "context: Contexte", "context: Contexte\ncontext: Autre")
    assert any("« context » apparaît deux fois" in e.problem for e in errors)


# ---------------------------------------------------------------------------------------------
# One test per kind of mistake, straight through `validate` (YAML in, French message and line out)


def run(name: str, text: str, **options) -> list:
    out = validate.Collector("f.yml")
    parsed = validate.parse_yaml(text, out)
    if parsed is not None:
        validate.duplicate_keys(parsed[0], out)
        validate.check(name, parsed[1], parsed[0], out, **options)
    return out.sorted()


RULE = """\
categories: []
channels: [{id: note, label: Note, max_chars: 300}]
rules:
  - id: r1
    category: generic
    severity: warning
    languages: [fr]
    phrases: [bonjour]
    message: m
    advice: a
    link: page.md
"""


def rules_error(old: str, new: str):
    assert old in RULE
    errors = run("rules", RULE.replace(old, new, 1), context=lambda p: {"where": "règle « r1 » : " if p[:1] == ("rules",) else ""})
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def test_required_names_the_key_at_the_line_of_its_parent():
    error = rules_error("    advice: a\n", "")
    assert (error.line, error.problem) == (4, "règle « r1 » : le champ « advice » manque.")
    assert error.fix


def test_type_names_the_key_and_the_expected_type():
    error = rules_error("max_chars: 300", "max_chars: beaucoup")
    assert (error.line, error.problem) == (2, "max_chars doit être un nombre entier positif.")


def test_enum_suggests_the_close_value():
    error = rules_error("severity: warning", "severity: warnings")
    assert error.line == 6 and "sévérité inconnue « warnings »" in error.problem
    assert error.fix.startswith("Vouliez-vous dire « warning » ?")


def test_unknown_key_is_reported_on_its_line_with_a_suggestion():
    error = rules_error("    advice: a\n", "    advice: a\n    adivce: b\n")
    assert (error.line, error.problem) == (11, "règle « r1 » : champ inconnu « adivce ».")
    assert error.fix.startswith("Vouliez-vous dire « advice » ?")


def test_pattern_uses_the_schema_s_own_french_text():
    error = rules_error("link: page.md", "link: 'http://x'")
    assert (error.line, error.problem) == (11, "règle « r1 » : lien « http://x » mal formé.")


def test_min_items_and_maximum():
    assert "une liste d'expressions non vide" in rules_error("phrases: [bonjour]", "phrases: []").problem
    error = rules_error("phrases: [bonjour]", "near: {a: [x], b: [y], within: 51}")
    assert (error.line, error.problem) == (8, "règle « r1 » : within doit être un nombre de mots entre 0 et 50.")


def test_a_wrong_type_is_one_message_not_one_per_keyword():
    error = rules_error("languages: [fr]", "languages: fr")
    assert error.problem == "règle « r1 » : languages doit être une liste parmi fr, en."


def test_message_templates_by_type_of_the_wrong_value():
    empty = run("checklist", "id: a\ntitle: T\nitems:\n")
    listed = run("checklist", "id: a\ntitle: T\nitems: {a: b}\n")
    assert [(e.line, e.problem) for e in empty] == [(3, "la checklist n'a aucun point.")]
    assert [(e.line, e.problem) for e in listed] == [(3, "le champ `items` doit être une liste.")]


def test_conditional_requirements_and_the_document_line():
    errors = run("message", "lang: fr\nchannel: note\nverdict: bad\ncontext: c\nexpect: [generic]\n", root_line=1)
    assert [(e.line, e.problem) for e in errors] == [
        (1, "un message « bad » doit avoir sa réécriture : le champ « pair » manque.")]
    errors = run("message", "lang: fr\nchannel: note\nverdict: good\ncontext: c\nexpect: [generic]\n")
    assert [(e.line, e.problem) for e in errors] == [(5, "« expect » ne concerne que les messages « bad ».")]


def test_duplicate_key_and_yaml_error_have_their_line():
    errors = run("labels", "context: a\ncontext: b\n")
    assert any(e.line == 2 and "« context » apparaît deux fois (d'abord ligne 1)" in e.problem for e in errors)
    errors = run("labels", 'context: "pas fermé\nverdict: x\n')
    assert len(errors) == 1 and errors[0].line == 1 and "guillemet est ouvert" in errors[0].problem


def test_validators_are_compiled_once_per_process():
    assert validate.validator("rules") is validate.validator("rules")


def test_rules_schema_agrees_with_the_engine():
    from playbook.lint.engine import LANGUAGES, SEVERITIES
    from playbook.lint.rules import CATEGORY_IDS, KINDS

    rule = validate.schema("rules")["properties"]["rules"]["items"]
    assert rule["properties"]["severity"]["enum"] == list(SEVERITIES)
    assert set(rule["properties"]["languages"]["items"]["enum"]) == set(LANGUAGES)
    assert rule["properties"]["category"]["enum"] == list(CATEGORY_IDS)
    assert set(KINDS) <= set(rule["properties"])
