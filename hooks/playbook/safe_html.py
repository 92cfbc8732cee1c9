"""Contributors' data fields as HTML: inline Markdown yes, raw HTML and script URLs never.

The checklists, the glossary, `rules.yml` and `labels.yml` are data a consultant edits in a pull
request; what they type must never run in a reader's browser. Their text fields are rendered here:
Markdown to HTML (Python-Markdown, with the inline extensions the pages use), then sanitized by
nh3, the Python binding of the Ammonia sanitizer (kept, fast, allowlist-based): only the inline
tags and attributes below survive, `<script>`/`<style>` lose their content too, event handlers
and `style` go, and a link keeps its address only if it is relative or http(s)/mailto, so
`javascript:` and `data:` links lose it. Plain-text fields (a heading, a label) are escaped.

Message texts, titles and contexts are escaped where they are shown (cards.py): they are text,
not Markdown.
"""

from __future__ import annotations

import html
import re

import markdown as python_markdown
import nh3

__all__ = ["ALLOWED_TAGS", "block", "inline", "markdown_text", "sanitize", "text"]

#: What inline Markdown (with attr_list and smartsymbols) produces, and nothing more.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "br", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup",
    "p", "ul", "ol", "li",  # a checklist item's detail may hold a short list
})
_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "abbr": {"title"},
    "code": {"class"},
    "span": {"class"},
}
_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_MARKDOWN = python_markdown.Markdown(extensions=["attr_list", "pymdownx.smartsymbols"],
                                     output_format="html")


def sanitize(markup: str) -> str:
    """`markup` with everything outside the allowlist removed (see the module docstring)."""
    return nh3.clean(markup, tags=set(ALLOWED_TAGS), attributes=_ATTRIBUTES,
                     url_schemes=set(_URL_SCHEMES), link_rel=None, strip_comments=True)


def block(source: str) -> str:
    """A field of inline Markdown as one or more sanitized paragraphs (`<p>…</p>`)."""
    _MARKDOWN.reset()
    return sanitize(_MARKDOWN.convert(source))


def inline(source: str) -> str:
    """A field of inline Markdown as sanitized HTML with no wrapping paragraph (one line)."""
    rendered = block(source).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


def text(value: str) -> str:
    """A plain-text field (a label) escaped for HTML."""
    return html.escape(value, quote=True)


# The characters Python-Markdown lets a backslash escape (ESCAPED_CHARS, `|` added by tables).
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_text(value: str) -> str:
    """A plain-text field spliced into Markdown (a heading in a generated page): escaped for HTML
    and for Markdown, so `[x](javascript:…)` or `{: onclick=… }` stay text. Headings stay Markdown
    so MkDocs puts them in the page's table of contents."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(value, quote=False))
