"""The data formats' JSON Schemas: YAML in, one French ContentError with its line out."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from playbook import validate
from playbook.labels import load_labels

ROOT = Path(__file__).resolve().parents[1]
REAL_LABELS = ROOT / "snippets" / "labels.yml"

# What labels.py's SCHEMA dict required before the JSON Schema (None: a text; "months": 12 texts).
OLD_LABELS = {
    "verdict": ("good", "bad"), "context": None, "invented": None, "findings_title": None, "no_findings": None,
    "severity": ("error", "warning", "info"), "language": ("fr", "en"), "characters": None,
    "library": ("filters", "all", "category", "lang", "channel", "count", "good_section", "good_intro"),
    "rules": ("severity", "languages", "advice", "section", "examples", "no_examples", "channels"),
    "checklist": {"link": ("link", "rule", "category"), "reset": None, "progress": None,
                  "progress_value": None, "done": None, "reset_done": None, "no_storage": None},
    "verifier": ("channel", "channel_none", "lang", "lang_auto", "draft", "placeholder", "preview", "empty",
                 "none", "summary_one", "summary_many", "length", "length_hint", "length_limit", "within",
                 "over", "detected", "chosen", "advice", "rule", "show", "whole", "error"),
    "pdf": {"toc": None, "version": None, "date": None, "online": None, "months": "months"},
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
    validate.validator(name)  # check_schema passes
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
