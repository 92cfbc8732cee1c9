"""Relative links in HTML that did not go through MkDocs' Markdown link handling.

mkdocs-jupyter renders a notebook's Markdown cells itself, so their links to other pages
(`../reseau/diffusion.md#cercles`) reach the built page unchanged. `rewrite_page_links` turns each
into the built URL, through a `resolve` function the caller provides (the hook uses MkDocs' files),
and returns the links that lead to no page, so the caller can report them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

#: href="path/to/page.md#anchor": relative (no scheme, no leading / or #), ending in .md or .ipynb.
PAGE_LINK = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|#|/)([^"#?]+\.(?:md|ipynb))(#[^"]*)?"')


def rewrite_page_links(html: str, src_uri: str, resolve: Callable[[str], str | None]) -> tuple[str, list[str]]:
    """Rewrite links of the page `src_uri` (docs-relative); `resolve(target_src_uri)` gives the
    URL to use, or None when no page has that path. Returns (html, links that lead nowhere)."""
    base = posixpath.dirname(src_uri)
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        url = resolve(posixpath.normpath(posixpath.join(base, match[1])))
        if url is None:
            missing.append(match[1])
            return match[0]
        return f'href="{url}{match[2] or ""}"'

    return PAGE_LINK.sub(replace, html), missing
