"""MkDocs entry points of the playbook.

Thin on purpose: each hook gathers what MkDocs knows (paths, pages, files) and calls plain functions
of the `playbook` package (hooks/playbook/), which are tested without MkDocs and also serve the
`playbook` command line. Content problems are logged as warnings, which `mkdocs build --strict`
turns into a failed build; each names the file and line and says how to fix it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from playbook import glossary, markers
from playbook.errors import ContentError

log = logging.getLogger("mkdocs.plugins.playbook")

# What on_config loaded for this build (reset on every build, so `mkdocs serve` sees edits).
_build: dict = {}


# ---------------------------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------------------------

def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    snippets = root / "snippets"
    _build.clear()
    _build["root"] = root
    _build["docs"] = Path(config.docs_dir).resolve()
    _build["glossary"] = None
    if (snippets / "glossary.md").is_file():
        terms, errors = glossary.load_glossary(snippets / "glossary.md", "snippets/glossary.md")
        _report(errors)
        _build["glossary"] = terms
    return config


def on_page_markdown(markdown, page, config, files):
    text, errors = markers.expand(markdown, _renderers(), _page_path(page))
    _report(errors)
    return text


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

def _renderers() -> dict[str, markers.Renderer]:
    return {
        "glossary": markers.Renderer(
            _render_glossary,
            takes_argument=False,
            usage="<!-- playbook:glossary -->",
        ),
    }


def _render_glossary(_arg: None) -> str:
    if _build["glossary"] is None:
        raise markers.MarkerError(
            "the glossary marker needs snippets/glossary.md, which does not exist.",
            "Create it with one `*[Terme]: définition` line per term.",
        )
    return glossary.render_glossary(_build["glossary"])


def _page_path(page) -> str:
    """The page's path as a contributor sees it in the repository (e.g. docs/reseau/index.md)."""
    docs = _build["docs"]
    try:
        prefix = docs.relative_to(_build["root"]).as_posix()
    except ValueError:
        prefix = docs.as_posix()
    return f"{prefix}/{page.file.src_uri}"


def _report(errors: list[ContentError]) -> None:
    for error in errors:
        log.warning(str(error))
