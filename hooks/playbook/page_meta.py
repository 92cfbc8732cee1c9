"""A page's front matter, checked before Material's plugins read it.

MkDocs reads a page's YAML front matter itself, but when it is invalid (`tags: [Méthode`, an
unclosed bracket) it says nothing and the block ends up printed at the top of the page; and a
`tags` written as text (`tags: Méthode`) stops the build with an English "Aborted with a
BuildError!" and no line. `check(markdown, meta, path, source)` returns the Markdown to render (the
unreadable block removed), the metadata to use and the problems, each with its line.
"""

from __future__ import annotations

import re

from playbook import validate
from playbook.errors import ContentError

__all__ = ["check"]

_BLOCK = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def check(markdown: str, meta: dict, path: str, source: str = "") -> tuple[str, dict, list[ContentError]]:
    """`source` is the page file as written (for the line of a field MkDocs already read)."""
    errors: list[ContentError] = []
    block = _BLOCK.match(markdown)
    if block is not None and not meta:  # MkDocs could not read it
        fix = ("Corrigez l'en-tête entre les deux lignes --- (par exemple "
               "`tags: [Méthode, Prospection]`, crochets refermés).")
        out = validate.Collector(path, line_offset=1)  # +1: the opening ---
        parsed = validate.parse_yaml(block["yaml"], out, what="en-tête de la page illisible", fix=fix)
        if parsed is not None and parsed[1] is not None and not isinstance(parsed[1], dict):
            out.add(2, "l'en-tête de la page doit être une liste de champs « nom: valeur ».", fix)
        if out.errors:
            errors.extend(out.errors)
            markdown = markdown[block.end():]
    tags = meta.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        written = _BLOCK.match(source.lstrip("\ufeff"))
        line = _line_of(written.group(0), "tags") if written else None
        errors.append(ContentError(path, line, "`tags` doit être une liste de mots-clés.",
                                   "Écrivez par exemple `tags: [Méthode]` ou une ligne `- Méthode` par mot-clé."))
        meta = {**meta, "tags": [str(tags)] if isinstance(tags, (str, int, float)) else []}
    return markdown, meta, errors


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None
