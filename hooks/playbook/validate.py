"""One validation path for the data files (rules.yml, checklists, message headers, labels.yml).

Every format is described by a JSON Schema (draft 2020-12) in `playbook/schemas/<name>.json`, with
French `description`s. A loader reads its file once (`read_text`), parses it once (`parse_yaml`,
libyaml, line numbers from the node tree), validates it (`check`) and then runs the few semantic
checks a schema cannot express (a pattern's syntax, cross-references, duplicate ids), all reporting
through one `Collector`. Each schema error becomes one `ContentError` at the YAML line of the
offending key or value, in French, naming the key and saying how to fix it.

French wording: a schema (sub)node may carry `x-messages` / `x-fixes`, mapping a JSON Schema
keyword (`required`, `type`, `enum`, `additionalProperties`, `minLength`, `pattern`...) to a
template, or to {JSON type of the wrong value or "*": template}. Placeholders: {where} (the
caller's prefix, e.g. "règle « r1 » : "), {subject}, {key}, {dotted}, {value}, {allowed},
{suggestion}, {limit}, {first}. Without a template the generic French text below is used.

Every `load_*` function of the package returns `(value or None, list[ContentError])`.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from playbook import yamlparse
from playbook.errors import ContentError

__all__ = ["Collector", "check", "display_path", "duplicate_keys", "node_at", "parse_yaml", "read_text",
           "schema", "suggest", "text_data", "validator", "yaml_error"]

SCHEMAS = Path(__file__).with_name("schemas")
_NULL_TAG = "tag:yaml.org,2002:null"
DEFAULT_YAML_FIX = "Vérifiez l'indentation et les guillemets autour de cette ligne."


# --------------------------------------------------------------------------------------------
# Paths, reading, YAML errors


def display_path(path: str | Path, root: str | Path | None = None) -> str:
    """The path as people see it: relative to `root` (or the working directory) when inside it."""
    path = Path(path)
    resolved = path.resolve()
    for base in (root, Path.cwd()):
        if base is not None and resolved.is_relative_to(Path(base).resolve()):
            return resolved.relative_to(Path(base).resolve()).as_posix()
    return path.as_posix()


class Collector:
    """Every `ContentError` found in one file, in the order found; `sorted()` by line."""

    def __init__(self, path: str, line_offset: int = 0):
        self.path = path
        self.line_offset = line_offset  # lines before the YAML text (a message's opening ---)
        self.errors: list[ContentError] = []
        self.failed: set[tuple] = set()  # JSON paths the schema rejected (see `check`)

    def add(self, line: int | None, problem: str, fix: str = "") -> None:
        self.errors.append(ContentError(self.path, line, problem, fix))

    def at(self, node, problem: str, fix: str = "") -> None:
        """An error at a YAML node of the parsed text (None: the file)."""
        self.add(self.line(node), problem, fix)

    def line(self, node) -> int | None:
        return node.start_mark.line + 1 + self.line_offset if node is not None else None

    def sorted(self) -> list[ContentError]:
        """The errors by line (stable), each (line, problem) once."""
        unique, seen = [], set()
        for error in sorted(self.errors, key=lambda e: e.line or 0):
            if (error.line, error.problem) not in seen:
                seen.add((error.line, error.problem))
                unique.append(error)
        return unique


def read_text(path: Path, out: Collector, *, encoding: str = "utf-8") -> str | None:
    """The file's text, or None with the error reported (not UTF-8, unreadable)."""
    try:
        return path.read_text(encoding=encoding)
    except UnicodeDecodeError:
        out.add(None, "le fichier n'est pas enregistré en UTF-8.", "Enregistrez-le en UTF-8 dans votre éditeur.")
    except FileNotFoundError:
        out.add(None, "le fichier est introuvable.", "Vérifiez son nom et son dossier.")
    except OSError:
        out.add(None, "le fichier ne peut pas être lu (droits d'accès, ou ce n'est pas un fichier).",
                "Vérifiez qu'il existe, qu'il est lisible et qu'il est enregistré en UTF-8.")
    return None


def yaml_error(out: Collector, exc: yaml.YAMLError, text: str, *, what: str = "YAML invalide",
               fix: str | Callable[[yaml.YAMLError], str] = DEFAULT_YAML_FIX) -> None:
    """Report a YAML parse error: the line (where a quote opens) and PyYAML's problem, in French.
    `fix` may depend on the error (a callable)."""
    line, problem = yamlparse.describe(exc, text)
    out.add(line + out.line_offset if line else (1 if out.line_offset else None), f"{what} : {problem}.",
            fix(exc) if callable(fix) else fix)


def parse_yaml(text: str, out: Collector, *, as_text: bool = False, **error_options):
    """(root node, data) of a YAML text, or None with the error reported (see `yaml_error`).
    `as_text`: compose only, every scalar as text (`text_data`)."""
    try:
        if as_text:
            node = yamlparse.compose(text)
            return node, text_data(node)
        return yamlparse.parse(text)
    except yaml.YAMLError as exc:
        yaml_error(out, exc, text, **error_options)
        return None
    except ValueError:  # a value YAML reads but cannot build: an impossible date (`2027-13-01`)
        line, written = _impossible_date(text)
        out.add(line + out.line_offset if line else None,
                f"{error_options.get('what', 'YAML invalide')} : la date « {written} » n'existe pas.",
                "Écrivez une date qui existe, au format AAAA-MM-JJ (par exemple 2027-06-01).")
        return None


_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")


def _impossible_date(text: str) -> tuple[int | None, str]:
    """(line, text) of the first date-like value that is no date, for `parse_yaml`."""
    import datetime

    for number, line in enumerate(text.splitlines(), 1):
        for match in _DATE.finditer(line):
            try:
                datetime.date(*map(int, match.groups()))
            except ValueError:
                return number, match[0]
    return None, "?"


def text_data(node):
    """The data of a node tree with every scalar as text (`Non`, `yes`, `12` stay text; null is
    None): for formats whose values are all texts, where YAML 1.1's booleans would surprise."""
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): text_data(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [text_data(v) for v in node.value]
    if node is None or node.tag == _NULL_TAG:
        return None
    return str(node.value)


# --------------------------------------------------------------------------------------------
# Nodes


def node_at(root, path: Iterable) -> tuple:
    """(key node or None, value node) at a JSON path (keys and indexes) in a YAML node tree."""
    key, node = None, root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)),
                         None)
            if found is None:
                return key, node
            key, node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            key, node = None, node.value[part]
        else:
            return key, node
    return key, node


def duplicate_keys(node, out: Collector, where: Callable[[tuple], str] = lambda path: "", path: tuple = ()) -> None:
    """Report a key written twice in one mapping (YAML keeps the last one silently)."""
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int | None] = {}
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                if k.value in first:
                    out.at(k, f"{where(path)}le champ « {k.value} » apparaît deux fois (d'abord ligne {first[k.value]}).",
                           "Gardez-en un seul.")
                else:
                    first[k.value] = out.line(k)
                duplicate_keys(v, out, where, (*path, k.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            duplicate_keys(item, out, where, (*path, index))


def suggest(word: str, allowed: Iterable[str], aliases: Mapping[str, str] | None = None, quote: str = "« {} »") -> str:
    """"Vouliez-vous dire « x » ? " for a close match (or a known French alias), else ""."""
    allowed = [str(a) for a in allowed]
    lowered = str(word).lower()
    if aliases and lowered in aliases and aliases[lowered] in allowed:
        return f"Vouliez-vous dire {quote.format(aliases[lowered])} ? "
    close = difflib.get_close_matches(lowered, allowed, n=1, cutoff=0.6)
    return f"Vouliez-vous dire {quote.format(close[0])} ? " if close else ""


# --------------------------------------------------------------------------------------------
# Schemas


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator(name: str):
    """The compiled validator of a schema, built once per process (the schemas themselves are
    checked against the 2020-12 meta-schema by tests/test_schemas.py, not at every build)."""
    from jsonschema.validators import validator_for  # on first use; mkdocs-jupyter (nbformat) imports it anyway

    document = schema(name)
    return validator_for(document)(document)


_TYPES_FR = {"string": "un texte", "integer": "un nombre entier", "number": "un nombre", "boolean": "true ou false",
             "array": "une liste", "object": "un ensemble de champs", "null": "vide"}

_GENERIC = {
    "required": ("{where}le champ « {key} » manque.", "Ajoutez-le."),
    "additionalProperties": ("{where}champ inconnu « {key} ».", "{suggestion}Champs possibles : {allowed}."),
    "type": ("{where}« {dotted} » doit être {type}.", ""),
    "enum": ("{where}{dotted} « {value} » inconnu.", "{suggestion}Valeurs possibles : {allowed}."),
    "const": ("{where}« {dotted} » doit valoir {allowed}.", ""),
    "minLength": ("{where}« {dotted} » doit être un texte non vide.", "Écrivez le texte après les deux-points."),
    "pattern": ("{where}« {dotted} » : « {value} » n'a pas la forme attendue.", ""),
    "minItems": ("{where}« {dotted} » doit être une liste non vide.", "Écrivez au moins un élément."),
    "maxItems": ("{where}« {dotted} » a trop d'éléments (au plus {limit}).", ""),
    "minimum": ("{where}« {dotted} » doit valoir au moins {limit}.", ""),
    "maximum": ("{where}« {dotted} » doit valoir au plus {limit}.", ""),
    "exclusiveMinimum": ("{where}« {dotted} » doit être plus grand que {limit}.", ""),
    "minProperties": ("{where}« {dotted} » ne doit pas être vide.", ""),
}
_FALLBACK = ("{where}« {dotted} » n'est pas valide.", "Voir la description du format en tête du fichier.")


def _types_fr(expected) -> str:
    """The expected JSON type(s) in French: "un texte ou une liste"."""
    listed = expected if isinstance(expected, list) else [expected]
    return " ou ".join(_TYPES_FR.get(t, str(t)) for t in listed if t != "null")


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _template(sub: dict, table: str, keyword: str, instance, key: str, default: str) -> str:
    """The template of `keyword`; a dict of templates is keyed by the missing or unknown key, or by
    the JSON type of the wrong value, or "*"."""
    texts = (sub.get(table) or {}) if isinstance(sub, dict) else {}
    chosen = texts.get(keyword, texts.get("*", default))
    if isinstance(chosen, dict):
        chosen = chosen.get(f"key:{key}", chosen.get(_json_type(instance), chosen.get("*", default)))
    return chosen


def check(name: str, data, root, out: Collector, *, context: Callable[[tuple], Mapping] | None = None,
          root_line: int | None = None) -> bool:
    """Validate `data` (parsed from the node tree `root`) against schema `name`; report each error
    through `out` with its line. `context(path)` gives the template placeholders of a path (e.g.
    {"where": "règle « r1 » : "}); `root_line` is the line for errors about the whole document.
    True when the data is valid."""
    before = len(out.errors)
    errors = sorted(validator(name).iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    wrong_type = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator != "type" and path in wrong_type:
            continue  # a list where a text is expected: say that, not also that it is too short
        for key, line_path in _subjects(error):
            _report(error, key, (*path, *line_path), root, out, context, root_line)
    return len(out.errors) == before


def _subjects(error) -> list[tuple[str | None, tuple]]:
    """(key named in the message, path to the node to point at, relative to the error's instance)."""
    if error.validator == "required":
        missing = [p for p in error.validator_value if p not in error.instance]
        return [(p, ()) for p in missing if f"{p!r} is a required property" == error.message] or \
            [(p, ()) for p in missing[:1]]
    if error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [(k, (k,)) for k in error.instance if k not in known]
    return [(None, ())]


def _report(error, key, path, root, out, context, root_line) -> None:
    instance = error.instance
    keyword = error.validator
    sub = error.schema
    problem, fix = _GENERIC.get(keyword, _FALLBACK)
    if keyword == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        value_for_template = None
    else:
        allowed = error.validator_value if isinstance(error.validator_value, list) else []
        value_for_template = instance
    names = [str(p) for p in path if isinstance(p, str)]
    key = key if key is not None else (names[-1] if names else "")
    problem = _template(sub, "x-messages", keyword, value_for_template, key, problem)
    fix = _template(sub, "x-fixes", keyword, value_for_template, key, fix)
    values = dict(context(path) if context else {})
    values.setdefault("where", "")
    values.setdefault("subject", "")
    if keyword == "required":
        names.append(key)
    word = str(key) if keyword == "additionalProperties" else str(instance)
    values.update(key=key, dotted=".".join(names) or key, value=instance if _json_type(instance) != "object" else "",
                  allowed=", ".join(map(str, allowed)), limit=error.validator_value,
                  type=_types_fr(error.validator_value) if keyword == "type" else "",
                  suggestion=suggest(word, allowed, sub.get("x-aliases"), sub.get("x-quote", "« {} »"))
                  if allowed and keyword in ("enum", "additionalProperties") else "")
    out.failed.add(tuple(error.absolute_path))
    key_node, node = node_at(root, path)
    line_node = key_node if key_node is not None else node
    line = root_line if (line_node is root and root_line is not None) else out.line(line_node)
    out.add(line, problem.format(**values), fix.format(**values))
