"""Facts about the real site that several test files need: its navigation and its built pages;
and `tool(name)`, the developer tools of tools/ (outside the `playbook` package)."""

from __future__ import annotations

import importlib
import os
import sys
from functools import cache
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation

ROOT = Path(__file__).resolve().parent.parent


@cache
def real_config():
    """The real site's mkdocs.yml, loaded by MkDocs (plugins not started)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return load_config(str(ROOT / "mkdocs.yml"))


@cache
def _nav():
    """The real site's navigation, as `mkdocs build` makes it from mkdocs.yml (plugins included)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    return get_navigation(files, config)


def nav_pages() -> list[tuple[str, str]]:
    """(title, built path) of every page in the navigation, in order, as the real config sees it."""
    return [(page.title or "", page.file.dest_uri) for page in _nav().pages]


def nav_sources() -> frozenset[str]:
    """The docs/ paths (`prospecter/relances.md`) of every page in the real navigation."""
    return frozenset(page.file.src_uri for page in _nav().pages)


def tool(name: str):
    """The developer tool `tools.<name>` (run from the repository root with `python -m`; pytest
    does not put the root on sys.path, so it is added here)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(f"tools.{name}")


#: Files of tests/corpus/ that hold labels only (no message text): the second labelling.
LABELS_ONLY = frozenset({"second-pass.jsonl"})


def message_corpora() -> list[Path]:
    """Every JSONL file of messages under tests/corpus/ (the team's corpora and the real splits)."""
    return [p for p in sorted((ROOT / "tests" / "corpus").glob("**/*.jsonl")) if p.name not in LABELS_ONLY]
