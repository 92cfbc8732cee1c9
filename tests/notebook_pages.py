"""Shared by the test_notebooks tests of every tier (unit, build, site)."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {
    "chiffres": "analyses/chiffres.html",
    "bibliotheque": "analyses/bibliotheque.html",
    "qualite-reseau": "analyses/qualite-reseau.html",
}
NBSP, NNBSP = "\u00a0", "\u202f"


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

def notebook_html(build, name: str) -> str:
    """The notebook part of a built page, without its inlined CSS and scripts."""
    page = build.page(NOTEBOOKS[name])
    start = page.index('<div class="jupyter-wrapper">')
    end = page.index("<!-- jupyter-wrapper -->", start)
    body = page[start:end]
    body = re.sub(r"<style\b.*?</style>", "", body, flags=re.S)
    return re.sub(r"<script\b.*?</script>", "", body, flags=re.S)


def summary(build, name: str, key: str) -> dict:
    """The JSON a notebook emitted with `charts.summary(key, ...)`."""
    page = build.page(NOTEBOOKS[name])
    return summaries(page, NOTEBOOKS[name])[key]


def summaries(html: str, where: str) -> dict[str, dict]:
    """Every `charts.summary` of a page or of a notebook's outputs, by key."""
    found = {}
    for tag, payload in re.findall(r"(<script\b[^>]*>)(.*?)</script>", html, flags=re.S):
        key = re.search(r'\sid="playbook-summary-([\w-]+)"', tag)
        if key and 'type="application/json"' in tag:
            found[key.group(1)] = json.loads(payload)
    assert found, f"{where}: no summary (the notebook must call charts.summary)"
    return found


def visible_text(html: str) -> str:
    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return "\n".join(parser.parts)


class Charts(HTMLParser):
    """Every chart (<svg> in a playbook figure): attributes, <title>, <desc> and <text>s."""

    def __init__(self):
        super().__init__()
        self.svgs: list[dict] = []
        self._svg: dict | None = None
        self._field: str | None = None
        self._in_figure = False

    def handle_starttag(self, tag, attrs):
        if tag == "figure" and "playbook-chart" in (dict(attrs).get("class") or ""):
            self._in_figure = True
        if tag == "svg" and self._svg is None and self._in_figure:
            self._svg = {"attrs": dict(attrs), "title": "", "desc": "", "texts": [], "ids": {}}
        if self._svg is not None:
            attributes = dict(attrs)
            if "id" in attributes:
                self._svg["ids"][attributes["id"]] = tag
            if tag in ("title", "desc", "text"):
                self._field = tag

    def handle_endtag(self, tag):
        if tag == "figure":
            self._in_figure = False
        if tag == "svg" and self._svg is not None:
            self.svgs.append(self._svg)
            self._svg = None
        if tag in ("title", "desc", "text"):
            self._field = None

    def handle_data(self, data):
        if self._svg is None or self._field is None:
            return
        if self._field == "text":
            self._svg["texts"].append(data)
        else:
            self._svg[self._field] += data


def charts_of(html: str) -> list[dict]:
    parser = Charts()
    parser.feed(html)
    return parser.svgs


# ---------------------------------------------------------------------------------------------
# La bibliothèque de messages en chiffres
# ---------------------------------------------------------------------------------------------

def library_counts() -> dict:
    """What the library notebook must show, computed here with the linter itself."""
    from playbook.lint import lint, load_rules
    from playbook.messages import load_library

    rules = load_rules(ROOT / "snippets" / "rules.yml")
    library = load_library(ROOT / "snippets" / "messages", rules)
    messages = [library[key] for key in sorted(library)]
    counts: dict[str, Counter] = {k: Counter() for k in
                                  ("category", "lang", "channel", "rule", "severity")}
    lengths = {}
    for message in messages:
        for finding in lint(message.text, lang=message.lang, channel=message.channel, rules=rules):
            counts["category"][finding.category] += 1
            counts["lang"][message.lang] += 1
            counts["channel"][message.channel] += 1
            counts["rule"][finding.rule] += 1
            counts["severity"][finding.severity] += 1
        lengths[message.id] = {"chars": len(message.text),
                               "limit": rules.channel_limits[message.channel]}
    return {
        "messages": len(messages),
        "verdicts": dict(Counter(m.verdict for m in messages)),
        "findings": sum(counts["rule"].values()),
        **{f"by_{key}": dict(counter) for key, counter in counts.items()},
        "lengths": lengths,
    }


# ---------------------------------------------------------------------------------------------
# Execution: deterministic (how long it takes is `make bench`'s business, not a test's)
# ---------------------------------------------------------------------------------------------

# Injected around each notebook's own cells: every file the kernel opens is recorded.
_WATCH = """
import sys as _s
_opened = set()
_s.addaudithook(lambda event, args: _opened.add(str(args[0])) if event == "open" and isinstance(args[0], str) else None)
"""
_REPORT = "import json as _j; print('OPENED=' + _j.dumps(sorted(_opened)))"


def _jupyter_config(cache_dir: Path):
    """mkdocs-jupyter's configuration, as the plugin validates it, executing into `cache_dir`."""
    from mkdocs_jupyter.plugin import Plugin

    plugin = Plugin()
    errors, _warnings = plugin.load_config({"execute": True, "cache": True, "cache_dir": str(cache_dir),
                                            "no_prompt": True, "allow_errors": False})
    assert errors == []
    return plugin.config


def _notebook(path: Path, code: str) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Essai"),
                                              nbformat.v4.new_code_cell(code)])
    nbformat.write(notebook, path)
    return path


def _notebook_project(changes: dict[str, str]) -> dict[str, str]:
    config = (ROOT / "tests" / "fixtures" / "minimal" / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("nav:\n", "plugins:\n  - search\n  - mkdocs-jupyter:\n      execute: true\n"
                                      "      allow_errors: false\n      cache: true\nnav:\n")
    return {"mkdocs.yml": config + "  - Carnet: carnet.ipynb\n", **changes}
