"""One parse of a YAML document into its node tree (for line numbers) and its data.

The data files were parsed twice each (`yaml.compose` for the lines, `yaml.safe_load` for the
values) with PyYAML's pure-Python parser. `parse` parses once, with libyaml (`CSafeLoader`, about
ten times faster) when PyYAML was built with it. A document libyaml rejects is parsed again with
the pure-Python `SafeLoader`, so the error a contributor reads (problem and line) is the same
whichever parser is installed.
"""

from __future__ import annotations

import re

import yaml

__all__ = ["compose", "describe", "parse"]

_FAST = getattr(yaml, "CSafeLoader", None)


def parse(text: str):
    """(root node or None for an empty document, data); raises `yaml.YAMLError`."""
    if _FAST is not None:
        try:
            return _compose_and_construct(_FAST, text)
        except yaml.YAMLError:
            pass  # report the pure-Python parser's own error, below
    return _compose_and_construct(yaml.SafeLoader, text)


def compose(text: str):
    """The root node (None for an empty document) without constructing the data."""
    if _FAST is not None:
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _compose_and_construct(loader_class, text: str):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return node, data
    finally:
        loader.dispose()


# PyYAML's problems, in the words of a consultant editing a data file (matched in this order).
_PROBLEMS = (
    ("end of stream", "quoted scalar", "un guillemet est ouvert mais jamais refermé"),
    ("mapping values are not allowed", "", "deux-points inattendu : un texte qui contient « : » doit être "
     "entre guillemets"),
    ("could not find expected ':'", "", "il manque « : » après le nom d'un champ, ou un guillemet n'est pas refermé"),
    ("cannot start any token", "'\\t'", "une tabulation décale la ligne : n'utilisez que des espaces"),
    ("cannot start any token", "", "un caractère ne peut pas commencer une valeur : mettez la valeur entre guillemets"),
    ("expected <block end>", "", "le décalage de la ligne ne correspond pas à celui des lignes voisines"),
    ("expected ',' or ']'", "", "une liste entre crochets [ ] n'est pas refermée"),
    ("expected ',' or '}'", "", "un ensemble entre accolades { } n'est pas refermé"),
    ("found duplicate anchor", "", "une ancre & est définie deux fois"),
    ("found undefined alias", "", "un alias * renvoie à une ancre & inconnue : mettez la valeur entre guillemets"),
)


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^:#'"\s][^:#]*:\s+)?(["'])(.*)$""")


def _unclosed_quote(text: str, before: int) -> int | None:
    """0-based index of the first line up to `before` whose value opens a quote it never closes."""
    for index, line in enumerate(text.split("\n")[:before + 1]):
        match = _QUOTED_VALUE.match(line)
        if match:
            quote, rest = match.groups()
            # Closed when the quote comes again, unescaped: \" inside "…", '' inside '…'. A « # »
            # inside the quotes is text, not a comment.
            closing = r'(?<!\\)"' if quote == '"' else "'"
            if not re.search(closing, rest.replace("''", "") if quote == "'" else rest):
                return index
    return None


def describe(error: yaml.YAMLError, text: str | None = None) -> tuple[int | None, str]:
    """(1-based line in the YAML text or None, French description) of a parse error.

    An unclosed quote is reported where it opens: PyYAML reports where the damage shows, often
    lines below (pass the parsed `text` for that)."""
    problem = str(getattr(error, "problem", None) or "")
    context = str(getattr(error, "context", None) or "")
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    described = "la syntaxe YAML n'est pas valide"
    for needle, also, french in _PROBLEMS:
        if needle in problem and (not also or also in problem + context):
            described = french
            break
    mark = problem_mark
    if context_mark is not None and ("quoted scalar" in context or "flow" in context):
        mark = context_mark  # where the quote or bracket was opened
    if text is not None and mark is not None:
        opened = _unclosed_quote(text, mark.line)
        if opened is not None:
            return opened + 1, "un guillemet est ouvert mais jamais refermé"
    return (mark.line + 1 if mark is not None else None), described
