"""The glossary: `snippets/glossary.md`, one `*[Term]: definition` line per term.

pymdownx.snippets appends that file to every page, so the `abbr` extension turns each term into a
tooltip site-wide; nothing here is needed for that. This module checks the file (a line that is not
a glossary entry, a duplicate term, an empty definition) and renders the whole glossary as a
definition list for the `<!-- playbook:glossary -->` marker, so the terms are written only once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from playbook import safe_html, templating, validate
from playbook.errors import ContentError
from playbook.templating import Markup

ENTRY = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<definition>.*)$")


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    line: int


def load_glossary(path: Path, display: str | None = None) -> tuple[list[Term], list[ContentError]]:
    """Parse the glossary file; return its terms (file order) and the problems found."""
    out = validate.Collector(display or path.name)
    terms: list[Term] = []
    seen: dict[str, int] = {}
    text = validate.read_text(path, out, encoding="utf-8-sig")  # a byte-order mark (Windows editors) is no term
    if text is None:
        return [], out.errors
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("<!--"):
            continue
        match = ENTRY.match(line)
        if match is None:
            out.add(number, "cette ligne n'est pas une entrée du glossaire.",
                    "Écrivez chaque terme sous la forme `*[Terme]: définition en une ligne`.")
            continue
        term, definition = match["term"].strip(), match["definition"].strip()
        if not definition:
            out.add(number, f"le terme « {term} » n'a pas de définition.",
                    "Ajoutez une courte définition après les deux-points.")
            continue
        key = term.casefold()
        if key in seen:
            out.add(number, f"le terme « {term} » est déjà défini ligne {seen[key]}.",
                    "Gardez une seule définition par terme.")
            continue
        seen[key] = number
        terms.append(Term(term, definition, number))
    return terms, out.errors


def sort_key(text: str) -> str:
    """French dictionary order, near enough: accents and case ignored."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def render_glossary(terms: list[Term]) -> str:
    """The glossary as an HTML definition list, in alphabetical order: the term escaped, the
    definition's inline Markdown rendered and sanitized (playbook.safe_html), never raw HTML."""
    entries = [{"term": t.term, "definition": Markup(safe_html.inline(t.definition))}
               for t in sorted(terms, key=lambda t: sort_key(t.term))]
    return templating.render("glossary.html", terms=entries)


def plural_forms(terms: list[Term]) -> dict[str, str]:
    """The plural of each term that has a regular one (« crédit InMail » → « crédits InMail »,
    « invitation en attente » → « invitations en attente »), with the term's definition: the
    `abbr` extension matches a term exactly, so a plural in the text would get no tooltip.
    Only the first word takes the mark (French noun phrases: the head comes first); a first word
    in capitals (« SSI »), with a digit (« 2e degré ») or already ending in s, x or z is left as
    it is, and so is a plural that is itself a term. A form that never occurs in the text changes
    nothing, so an imperfect plural (« profils ouvert ») is harmless."""
    taken = {t.term.casefold() for t in terms}
    out = {}
    for t in terms:
        head, space, rest = (re.split(r"(\s)", t.term, maxsplit=1) + ["", ""])[:3]
        if head.isupper() or any(c.isdigit() for c in head) or head[-1:].lower() in ("s", "x", "z") \
                or not head[-1:].isalpha():
            continue
        head += "x" if head.lower().endswith(("eau", "eu")) else "s"
        plural = head + space + rest
        if plural.casefold() not in taken:
            out[plural] = t.definition
    return out
