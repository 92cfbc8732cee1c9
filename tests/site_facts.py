"""Facts about the real site that several test files need: its navigation and its built pages."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation

ROOT = Path(__file__).resolve().parent.parent


@cache
def nav_pages() -> list[tuple[str, str]]:
    """(title, built path) of every page in the navigation, in order, as the real config sees it."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    nav = get_navigation(files, config)
    return [(page.title or "", page.file.dest_uri) for page in nav.pages]
