"""The interface texts: snippets/labels.yml (card badges, listing headings, checklist buttons...).

The texts are French data that consultants may edit; their keys are a contract with the code that
shows them. `load_labels` checks the file once: a YAML error, a missing key or a value that is not
text is one `ContentError` naming the file, the line and the key, instead of a KeyError later.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from playbook import yamlparse
from playbook.errors import ContentError

#: Every key the code reads: a section maps to the keys it must hold (None: the key is a text).
SCHEMA: dict[str, tuple[str, ...] | dict | None] = {
    "verdict": ("good", "bad"),
    "context": None,
    "invented": None,
    "findings_title": None,
    "no_findings": None,
    "severity": ("error", "warning", "info"),
    "language": ("fr", "en"),
    "characters": None,
    "library": ("filters", "all", "category", "lang", "channel", "count", "good_section", "good_intro"),
    "rules": ("severity", "languages", "advice", "section", "examples", "no_examples", "channels"),
    "checklist": {"link": ("link", "rule", "category"), "reset": None, "progress": None,
                  "progress_value": None, "done": None, "reset_done": None, "no_storage": None},
    "verifier": ("channel", "channel_none", "lang", "lang_auto", "draft", "placeholder", "preview", "empty",
                 "none", "summary_one", "summary_many", "length", "length_hint", "length_limit", "within",
                 "over", "detected", "chosen", "advice", "rule", "show", "whole", "error"),
    "pdf": {"toc": None, "version": None, "date": None, "online": None, "months": "months"},
}


def load_labels(path: Path, display: str = "snippets/labels.yml") -> tuple[dict | None, list[ContentError]]:
    """The labels as a dict, or None with the errors found."""
    try:
        text = path.read_text(encoding="utf-8")
        node, data = yamlparse.parse(text)
    except UnicodeDecodeError:
        return None, [ContentError(display, None, "le fichier n'est pas enregistré en UTF-8.",
                                   "Enregistrez-le en UTF-8 dans votre éditeur.")]
    except yaml.YAMLError as error:
        line, problem = yamlparse.describe(error, text)
        return None, [ContentError(display, line, f"YAML invalide : {problem}.",
                                   "Vérifiez l'indentation et les guillemets autour de cette ligne.")]
    errors: list[ContentError] = []
    _check(data, node, SCHEMA, "", display, errors)
    return (data if not errors else None), errors


def _check(data, node, schema, prefix: str, display: str, errors: list[ContentError]) -> None:
    line = node.start_mark.line + 1 if node is not None else None
    if not isinstance(data, dict):
        errors.append(ContentError(display, line, f"`{prefix or 'le fichier'}` doit être un ensemble de libellés.",
                                   "Écrivez une clé par ligne, suivie de deux-points et du texte."))
        return
    children = {key.value: value for key, value in node.value} if isinstance(node, yaml.MappingNode) else {}
    keys = schema.items() if isinstance(schema, dict) else ((k, None) for k in schema)
    for key, sub in keys:
        dotted = f"{prefix}.{key}" if prefix else key
        if key not in data:
            errors.append(ContentError(display, line, f"il manque le libellé `{dotted}`.",
                                       "Rétablissez cette clé (le texte à droite des deux-points est libre)."))
        elif sub == "months":
            value = data[key]
            if not (isinstance(value, list) and len(value) == 12 and all(isinstance(v, str) and v.strip() for v in value)):
                where = children.get(key)
                errors.append(ContentError(display, where.start_mark.line + 1 if where is not None else line,
                                           f"`{dotted}` doit être la liste des douze mois, entre crochets.",
                                           "Écrivez `[janvier, février, …, décembre]`."))
        elif sub is None:
            if not isinstance(data[key], str) or not data[key].strip():
                where = children.get(key)
                errors.append(ContentError(display, where.start_mark.line + 1 if where is not None else line,
                                           f"le libellé `{dotted}` doit être un texte non vide.",
                                           "Écrivez le texte après les deux-points."))
        else:
            _check(data[key], children.get(key), sub, dotted, display, errors)
