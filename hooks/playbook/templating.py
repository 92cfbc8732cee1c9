"""The markup the hooks add to pages, as Jinja2 templates (hooks/playbook/templates/).

Jinja2 ships with MkDocs, so this costs no dependency, and it escapes every value by default
(`autoescape`): a contributor's YAML reaches a template as data and comes out as text. The only
HTML a template prints unescaped is what `playbook.safe_html` sanitized (inline Markdown of
checklist texts, glossary definitions...), which the Python side passes as `Markup`.

HTML templates render fragments spliced into Markdown pages, so they must not produce blank lines
(a blank line ends a raw HTML block): `render` strips them. Markdown templates (`.md`) keep them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

__all__ = ["Markup", "render"]

TEMPLATES = Path(__file__).with_name("templates")
_BLANK_LINES = re.compile(r"\n\s*\n")


def _br(text: str) -> Markup:
    """Escaped text whose line breaks become <br> (a message's own line breaks)."""
    return Markup(escape(text)).replace("\n", Markup("<br>"))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a key missing from labels.yml fails loudly in tests
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["br"] = _br
    return env


def render(name: str, **context) -> str:
    """Template `name` rendered with `context`, without surrounding whitespace. An HTML template
    loses its blank lines; a Markdown one (`.md`) keeps them, as Markdown needs them."""
    out = environment().get_template(name).render(**context).strip()
    return out if name.endswith(".md") else _BLANK_LINES.sub("\n", out)
