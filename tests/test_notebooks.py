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

ROOT = Path(__file__).resolve().parent.parent
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
# The chart helper (plain functions, no build)
# ---------------------------------------------------------------------------------------------

def test_french_number_formatting():
    from playbook.charts import fr_number, fr_percent

    assert fr_number(20_000_000) == f"20{NNBSP}000{NNBSP}000"
    assert fr_number(1234.5, 1) == f"1{NNBSP}234,5"
    assert fr_percent(64) == f"64{NBSP}%"
    assert fr_percent(58.75, 1) == f"58,8{NBSP}%"
    assert fr_percent(0) == f"0{NBSP}%"
    assert fr_percent(0.05) == f"moins de 1{NBSP}%", "a rare event must not read as 0 %"


def test_render_makes_an_accessible_theme_aware_svg():
    from playbook import charts

    def chart(key):
        fig, ax = charts.new(3, 2)
        ax.bar(["a", "b"], [1, 2])
        return charts.render(fig, key=key, title="Deux barres <test>", desc="Une barre à 1, une à 2.",
                             source="essai").html

    first, second = chart("premier"), chart("second")
    assert first.startswith('<figure class="playbook-chart" id="premier"')
    assert '<title id="premier-title">Deux barres &lt;test&gt;</title>' in first
    assert 'role="img" aria-labelledby="premier-title premier-desc"' in first
    assert "currentColor" in first and "#010101" not in first and "<?xml" not in first
    ids = set(re.findall(r' id="([^"]+)"', first))
    assert all(i.startswith("premier") for i in ids), "ids must be unique per chart"
    assert not ids & set(re.findall(r' id="([^"]+)"', second))
    assert first == chart("premier"), "rendering must be deterministic"


def test_table_and_summary_escape_their_content():
    from playbook import charts

    html = charts.table(["Nom", "Nombre"], [["<b>", 1234]], numeric={1}).html
    assert "&lt;b&gt;" in html and f"1{NNBSP}234" in html and "<table>" in html
    payload = charts.summary("essai", {"text": "</script>"}).html
    assert payload.count("</script>") == 1
    assert summaries(payload, "summary")["essai"] == {"text": "</script>"}


# ---------------------------------------------------------------------------------------------
# Every notebook
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_holds_its_executed_charts(real_build, name):
    html = notebook_html(real_build, name)
    charts = charts_of(html)
    assert charts, f"{NOTEBOOKS[name]}: no chart (was the notebook executed?)"
    assert html.count('<figure class="playbook-chart"') == len(charts)
    assert html.count("<figcaption>") == len(charts), "every chart needs its caption"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_shows_no_error_and_no_prompt(real_build, name):
    html = notebook_html(real_build, name)
    assert "application/vnd.jupyter.stderr" not in html, f"{NOTEBOOKS[name]}: a cell wrote to stderr"
    assert "jp-OutputArea-error" not in html and "Traceback" not in html
    text = visible_text(html)
    assert not re.search(r"\b(In|Out)\s*\[\s*\d*\s*\]", text), "execution prompts are shown"
    assert "&lt;playbook.charts" not in html and "<playbook.charts" not in text


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_chart_is_accessible_and_follows_the_theme(real_build, name):
    for chart in charts_of(notebook_html(real_build, name)):
        attrs = chart["attrs"]
        label = chart["title"] or "(untitled)"
        assert attrs.get("role") == "img", label
        labelled_by = (attrs.get("aria-labelledby") or "").split()
        assert len(labelled_by) == 2 and all(i in chart["ids"] for i in labelled_by), label
        assert len(chart["title"]) > 10 and len(chart["desc"]) > 40, f"{label}: describe the chart"
        # Width follows the page; text and axes use the page's text colour (light, dark, print).
        assert attrs.get("width") == "100%" and "viewbox" in {k.lower() for k in attrs}, label


def test_chart_text_uses_current_color(real_build):
    for name in NOTEBOOKS:
        html = notebook_html(real_build, name)
        for svg in re.findall(r'<figure class="playbook-chart".*?</figure>', html, flags=re.S):
            assert "fill: currentColor" in svg, f"{name}: chart text does not use currentColor"
            assert "#010101" not in svg, f"{name}: the drawing colour was not replaced"
            assert "DejaVu" not in svg and "font-family: inherit" in svg, f"{name}: chart font"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_numbers_are_written_the_french_way(real_build, name):
    html = notebook_html(real_build, name)
    for chart in charts_of(html):
        for text in chart["texts"]:
            assert not re.search(r"\d\.\d|\d,\d{3}\b", text), f"{chart['title']}: {text!r}"
    text = visible_text(html)
    assert not re.search(r"\d%", text), "a percent sign must follow a no-break space"
    assert not re.search(r"\d %", text), "use a no-break space before %, not a plain space"
    assert not re.search(r"\b\d{1,3}[ ,]\d{3}\b", text), "separate thousands with a narrow no-break space"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_page_starts_with_what_you_learn_and_ends_with_next_steps(real_build, name):
    html = notebook_html(real_build, name)
    headings = re.findall(r"<h([12])[^>]*>(.*?)<", html)
    assert headings[0][0] == "1", "the notebook starts with its title"
    assert "Ce que vous allez apprendre" in html.split("<h2", 1)[0]
    assert headings[-1][1].strip() == "Et maintenant ?", headings[-1]
    last = html.rsplit("Et maintenant ?", 1)[1]
    assert len(re.findall(r'<a href="', last)) >= 2


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_links_in_notebooks_lead_to_built_pages(real_build, name):
    """Notebook Markdown is not processed by MkDocs: links must be rewritten to built pages."""
    page_path = real_build.site / NOTEBOOKS[name]
    html = notebook_html(real_build, name)
    for href in re.findall(r'<a\s[^>]*href="([^"]+)"', html):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        assert not parts.path.endswith((".md", ".ipynb")), f"{NOTEBOOKS[name]}: link left as {href}"
        target = (page_path.parent / unquote(parts.path)).resolve()
        assert target.is_file(), f"{NOTEBOOKS[name]}: broken link {href}"
        if parts.fragment:
            assert f'id="{parts.fragment}"' in target.read_text(encoding="utf-8"), href


# ---------------------------------------------------------------------------------------------
# Les chiffres
# ---------------------------------------------------------------------------------------------

def test_figures_page_shows_each_figure_with_its_source(real_build):
    html = notebook_html(real_build, "chiffres")
    text = visible_text(html)
    for figure in ("20 millions", f"64{NBSP}%", "17 min", "+ de 500 relations", "2019", "2020"):
        assert figure in text, figure
    assert "La COVID va-t-elle tuer LinkedIn ?" in text
    for caption in re.findall(r"<figcaption>(.*?)</figcaption>", html, flags=re.S):
        assert "Source" in caption, caption
    # The article gives no number for logins and invitations: the page must say so, not chart data.
    evolution = next(c for c in charts_of(html) if "2019" in c["title"])
    assert "sans échelle" in evolution["desc"] or "sans échelle" in " ".join(evolution["texts"])
    values = [t for t in evolution["texts"] if re.search(r"\d", t) and t.strip() not in ("2019", "2020")]
    assert values == [], "the logins/invitations diagram must not carry values"


def test_figures_page_hides_its_code(real_build):
    assert "highlight-ipynb" not in notebook_html(real_build, "chiffres")


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


def test_library_notebook_counts_match_the_linter(real_build):
    shown = summary(real_build, "bibliotheque", "bibliotheque")
    expected = library_counts()
    assert shown == expected


def test_library_notebook_tables_show_the_same_counts(real_build):
    html = notebook_html(real_build, "bibliotheque")
    expected = library_counts()
    table = re.search(r'<table id="findings-by-category">(.*?)</table>', html, flags=re.S)
    assert table, "the table of findings by category is missing"
    rows = re.findall(r"<tr><td>(.*?)</td>.*?<td[^>]*>([\d\u202f]+)</td></tr>", table.group(1))
    shown_total = sum(int(count.replace(NNBSP, "")) for _label, count in rows)
    assert shown_total == expected["findings"]


# ---------------------------------------------------------------------------------------------
# Pourquoi la qualité du réseau compte
# ---------------------------------------------------------------------------------------------

def test_network_model_is_labelled_illustrative_with_visible_parameters(real_build):
    html = notebook_html(real_build, "qualite-reseau")
    before_first_chart = visible_text(html.split("<figure", 1)[0])
    assert "Modèle illustratif" in before_first_chart
    assert "ce n'est pas l'algorithme de LinkedIn" in before_first_chart
    code = re.findall(r'<div class="highlight-ipynb[^"]*">(.*?)</div>', html, flags=re.S)
    assert len(code) == 1, "only the parameters cell is shown"
    assert "SEED" in visible_text(code[0])
    for caption in re.findall(r"<figcaption>(.*?)</figcaption>", html, flags=re.S):
        assert "Modèle illustratif" in caption


def test_network_model_supports_what_the_page_says(real_build):
    results = summary(real_build, "qualite-reseau", "qualite-reseau")["results"]
    small, large = results["Petit réseau pertinent"], results["Grand réseau indifférent"]
    assert small["interested"] > 3 * large["interested"]
    assert small["passed_first_test"] > large["passed_first_test"]


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


def test_notebooks_are_deterministic_and_read_only_their_cache_inputs(real_build):
    """Run every notebook again: same summaries as in the build. Every file of the repository
    they open is under playbook.cache.NOTEBOOK_INPUTS, the digest that names their cache, so a
    change anywhere they read executes them again."""
    import nbformat
    from nbclient import NotebookClient

    from playbook import cache

    allowed = [path.resolve() for path in cache.notebook_inputs(ROOT)]
    environment = Path(sys.prefix).resolve()
    for name in NOTEBOOKS:
        path = ROOT / "docs" / "analyses" / f"{name}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        notebook.cells.insert(0, nbformat.v4.new_code_cell(_WATCH))
        notebook.cells.append(nbformat.v4.new_code_cell(_REPORT))
        NotebookClient(notebook, timeout=60, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        report = "".join(output.get("text", "") for output in notebook.cells[-1].outputs)
        opened = json.loads(report.split("OPENED=", 1)[1])
        del notebook.cells[0], notebook.cells[-1]
        outputs = "".join(
            "".join(output.get("data", {}).get("text/html", ""))
            for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs)
        built = summaries(real_build.page(NOTEBOOKS[name]), NOTEBOOKS[name])
        for key, data in summaries(outputs, f"{name}.ipynb run again").items():
            assert data == built[key], f"{name}: `{key}` differs between two runs"
        read = {Path(p).resolve() for p in opened if Path(p).is_file()}
        in_repo = {p for p in read if ROOT in p.parents and environment not in p.parents
                   and environment != p}
        assert any(ROOT / "hooks" / "playbook" in p.parents for p in in_repo), \
            f"{name}: the audit saw no import of the playbook package"
        outside = sorted(str(p.relative_to(ROOT)) for p in in_repo
                         if not any(p == a or a in p.parents for a in allowed))
        assert outside == [], f"{name} reads files its cache key ignores: {outside}"


def test_build_fills_the_notebook_cache_named_after_their_inputs(real_build):
    """The hook points mkdocs-jupyter's cache at the folder of the current inputs' digest."""
    from playbook import cache

    if not cache.enabled():
        pytest.skip("PLAYBOOK_CACHE=off: the build used no cache")
    folder = cache.cache_dir(ROOT, "notebooks")
    entries = [p.name for p in folder.iterdir()] if folder.is_dir() else []
    assert entries == [cache.notebook_inputs_digest(ROOT)]
    assert len(list((folder / entries[0]).glob("*.json"))) == len(NOTEBOOKS)


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


def test_prewarm_writes_the_cache_entry_mkdocs_jupyter_reads(tmp_path):
    """A notebook executed ahead is found by mkdocs-jupyter under the key it computes itself; a
    failing one gives its reason in French and a marked placeholder, never half a file."""
    from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

    from playbook import notebooks

    config = _jupyter_config(tmp_path / "cache")
    good = _notebook(tmp_path / "good.ipynb", "print(6 * 7)")
    bad = _notebook(tmp_path / "bad.ipynb", "raise ValueError('cassé')")
    prewarm = notebooks.Prewarm()
    prewarm.start([good, bad], config)
    assert prewarm.wait(good) is None
    assert "ValueError: cassé" in prewarm.wait(bad)
    entry = _get_cache_path(config["cache_dir"], _compute_cache_key(str(good), config, True))
    cached = json.loads(entry.read_text(encoding="utf-8"))
    assert "42" in cached["content"]
    assert cached["title"] == "Essai"
    failed = _get_cache_path(config["cache_dir"], _compute_cache_key(str(bad), config, True))
    assert json.loads(failed.read_text(encoding="utf-8"))[notebooks.FAILED] is True
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted([entry.name, failed.name])

    # Already cached: nothing to run again.
    again = notebooks.Prewarm()
    again.start([good], config)
    assert again._jobs == {}


def test_build_executes_the_notebooks_ahead(real_build):
    """Every notebook page of the build is a cache hit: executed ahead, in parallel, by
    playbook.notebooks (a miss means the plugin executed it itself, one after the other)."""
    from playbook import cache

    if not cache.enabled():
        pytest.skip("PLAYBOOK_CACHE=off: notebooks are executed by mkdocs-jupyter itself")
    hits = re.findall(r"Cache hit: .*?(\w[\w-]*)\.ipynb", real_build.log)
    assert sorted(hits) == sorted(NOTEBOOKS), real_build.log
    assert "Cache miss" not in real_build.log


def _notebook_project(changes: dict[str, str]) -> dict[str, str]:
    config = (ROOT / "tests" / "fixtures" / "minimal" / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("nav:\n", "plugins:\n  - search\n  - mkdocs-jupyter:\n      execute: true\n"
                                      "      allow_errors: false\n      cache: true\nnav:\n")
    return {"mkdocs.yml": config + "  - Carnet: carnet.ipynb\n", **changes}


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


def test_a_failure_placeholder_is_executed_again_next_time(tmp_path):
    from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

    from playbook import notebooks

    config = _jupyter_config(tmp_path / "cache")
    good = _notebook(tmp_path / "good.ipynb", "print(6 * 7)")
    entry = _get_cache_path(config["cache_dir"], _compute_cache_key(str(good), config, True))
    entry.parent.mkdir(parents=True)
    entry.write_text(json.dumps({"content": "échec", "toc_tokens": [], "title": None, notebooks.FAILED: True}),
                     encoding="utf-8")
    prewarm = notebooks.Prewarm()
    prewarm.start([good], config)
    assert prewarm.wait(good) is None
    assert "42" in json.loads(entry.read_text(encoding="utf-8"))["content"]
