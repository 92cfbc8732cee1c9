"""The analysis notebooks (docs/analyses/*.ipynb), as the real build renders them.

mkdocs-jupyter executes each notebook during `mkdocs build --strict` (`allow_errors: false`, so a
failing cell fails the build). These tests read the built pages: outputs are present, charts are
accessible and follow the page's colours, nothing leaks (errors, prompts, hidden code, English
numbers), links resolve, and the library notebook's counts match what the linter says today.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from notebook_pages import ROOT, NOTEBOOKS, NBSP, NNBSP, notebook_html, summary, summaries, visible_text, Charts, charts_of, library_counts, _WATCH, _REPORT, _jupyter_config, _notebook, _notebook_project  # noqa: F401 (shared by the tiers)


def test_a_failing_notebook_cell_is_one_french_line_without_traceback(build_fixture, tmp_path):
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Carnet"), nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('cassé')")])
    build = build_fixture("minimal", _notebook_project({"docs/carnet.ipynb": nbformat.writes(notebook)}))
    assert build.returncode != 0
    assert len(build.warnings) == 1, build.log
    assert "docs/carnet.ipynb" in build.warnings[0]
    assert "la cellule 2 échoue : ValueError: cassé" in build.warnings[0]
    assert "Traceback" not in build.log and "\x1b[" not in build.log


def test_a_notebook_that_is_not_json_is_one_french_line(build_fixture):
    build = build_fixture("minimal", _notebook_project({"docs/carnet.ipynb": '{"cells": [ oups'}))
    assert build.returncode != 0
    assert len(build.warnings) == 1, build.log
    assert "pas un notebook lisible" in build.warnings[0]
    assert "Traceback" not in build.log
