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
    # French spacing (playbook.typography) puts a narrow no-break space before « ? »
    html = notebook_html(real_build, name).replace("\u202f", " ")
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
    text = visible_text(html).replace("\u202f", " ").replace(NBSP, " ")  # French spacing (« ? », « 20 millions »)
    for figure in ("20 millions", "64 %", "17 min", "+ de 500 relations", "2019", "2020"):
        assert figure in text, figure
    assert "La COVID va-t-elle tuer LinkedIn ?" in text
    for caption in re.findall(r"<figcaption>(.*?)</figcaption>", html, flags=re.S):
        assert "Source" in caption, caption
    # The article gives no number for logins and invitations: the page must say so, not chart data.
    evolution = next(c for c in charts_of(html) if "2019" in c["title"])
    assert "sans échelle" in evolution["desc"] or "sans échelle" in " ".join(evolution["texts"])
    values = [t for t in evolution["texts"] if re.search(r"\d", t) and t.strip() not in ("2019", "2020")]
    assert values == [], "the logins/invitations diagram must not carry values"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_shows_no_code(real_build, name):
    html = notebook_html(real_build, name)
    assert "highlight-ipynb" not in html, f"{NOTEBOOKS[name]}: a code cell is shown"
    cells = re.findall(r'class="(jp-Cell jp-CodeCell[^"]*)"', html)
    assert cells and all("celltag_hide-input" in c for c in cells), f"{NOTEBOOKS[name]}: tag every code cell `hide-input`"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_speaks_to_readers_not_to_maintainers(real_build, name):
    """How the page is made (Jupyter, the .ipynb file, docs/) is for docs/contribuer.md."""
    text = visible_text(notebook_html(real_build, name))
    found = sorted(set(re.findall(r"(?i)jupyter|notebook|\.ipynb|\bdocs/", text)))
    assert found == [], f"{NOTEBOOKS[name]}: maintainer wording shown to readers: {found}"


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


def test_library_charts_name_rules_and_examples_in_french(real_build):
    """Readers see a rule's French name (its heading on the rules page) and an example's title,
    never an identifier (`chasing-reply`, `note-trop-longue-bad`), in labels or descriptions;
    two rules never share a bar."""
    from playbook.lint import load_rules
    from playbook.messages import load_library

    rules = load_rules(ROOT / "snippets" / "rules.yml")
    ids = set(rules.by_id) | set(load_library(ROOT / "snippets" / "messages", rules))
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")(?![\w-])")
    html = notebook_html(real_build, "bibliotheque")
    charts = charts_of(html)
    for chart in charts:
        for text in (chart["desc"], *chart["texts"], " ".join(chart["texts"])):
            found = pattern.findall(text)
            assert found == [], f"{chart['title']}: identifiers shown {found}"
    top = next(c for c in charts if "règles qui se déclenchent" in c["title"])
    n = int(re.search(r"Les (\d+) règles", top["title"]).group(1))
    names = [re.sub(r" \([^()]*\) [\d\u202f]+ fois\.?$", "", part)  # without « (category) n fois »
             for part in top["desc"].split(" : ", 1)[1].split(" ; ")]
    assert len(names) == n and len(set(names)) == n, f"rules share a name: {names}"
    examples = next(c for c in charts if "Longueur" in c["title"])
    over = [m for m, v in summary(real_build, "bibliotheque", "bibliotheque")["lengths"].items()
            if v["chars"] > v["limit"]]
    library = load_library(ROOT / "snippets" / "messages", rules)
    described = re.sub(r"[\u00a0\u202f]", " ", examples["desc"])
    for message_id in over:
        assert " ".join(library[message_id].title.split()) in described, message_id


# ---------------------------------------------------------------------------------------------
# Pourquoi la qualité du réseau compte
# ---------------------------------------------------------------------------------------------

def test_network_model_is_labelled_illustrative_with_visible_parameters(real_build):
    html = notebook_html(real_build, "qualite-reseau")
    before_first_chart = visible_text(html.split("<figure", 1)[0])
    assert "Modèle illustratif" in before_first_chart
    assert "ce n'est pas l'algorithme de LinkedIn" in before_first_chart
    for caption in re.findall(r"<figcaption>(.*?)</figcaption>", html, flags=re.S):
        assert "Modèle illustratif" in caption


def test_network_model_states_its_parameters_in_the_text(real_build):
    """The parameters cell is hidden: every value of the table of hypotheses is also written in
    the page's prose, and the random seed (a maintainer's matter) is not."""
    html = notebook_html(real_build, "qualite-reseau")
    table = re.search(r'<table id="hypotheses">(.*?)</table>', html, flags=re.S)
    assert table, "the table of hypotheses is missing"
    values = re.findall(r"<td[^>]*>([^<]*)</td></tr>", table.group(1))
    assert len(values) >= 10
    prose = visible_text(re.sub(r"<(table|figure)\b.*?</\1>", "", html, flags=re.S))
    missing = [v for v in values if not re.search(r"(?<![\d,\u202f])" + re.escape(v) + r"(?![\d,])", prose)]
    assert missing == [], f"values of the model not stated in the text: {missing}"
    assert "SEED" not in visible_text(html)


def test_network_model_supports_what_the_page_says(real_build):
    results = summary(real_build, "qualite-reseau", "qualite-reseau")["results"]
    small, large = results["Petit réseau pertinent"], results["Grand réseau indifférent"]
    assert small["interested"] > 3 * large["interested"]
    assert small["passed_first_test"] > large["passed_first_test"]


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


def test_build_executes_the_notebooks_ahead(real_build):
    """Every notebook page of the build is a cache hit: executed ahead, in parallel, by
    playbook.notebooks (a miss means the plugin executed it itself, one after the other)."""
    from playbook import cache

    if not cache.enabled():
        pytest.skip("PLAYBOOK_CACHE=off: notebooks are executed by mkdocs-jupyter itself")
    hits = re.findall(r"Cache hit: .*?(\w[\w-]*)\.ipynb", real_build.log)
    assert sorted(hits) == sorted(NOTEBOOKS), real_build.log
    assert "Cache miss" not in real_build.log
