"""playbook.search: what notebook pages give Material's search index, and the lunr.fr patch."""

from __future__ import annotations

from material.plugins.search.plugin import Parser

from playbook import search

# The shape mkdocs-jupyter gives a notebook: a Markdown cell (heading with its « ¶ » anchor and
# prose), then a code cell whose output nests divs and holds chart text.
NOTEBOOK = (
    '<div class="jp-Cell jp-MarkdownCell"><div class="jp-InputArea">'
    '<h2 id="qualite">Qualité du réseau<a class="anchor-link" href="#qualite">¶</a></h2>'
    "<p>Un réseau choisi vaut mieux qu'un grand réseau.</p></div></div>"
    '<div class="jp-Cell jp-CodeCell jp-Notebook-cell"><div class="jp-Cell-inputWrapper">'
    "<pre>plot(reseau)</pre></div><div class=\"jp-OutputArea\"><div><svg><text>0 50 100 150</text>"
    "<text>RéseauBarres</text></svg></div></div></div>"
    "<p>Après le graphique, la conclusion.</p>"
)


def _indexed(html: str) -> tuple[str, str]:
    """(titles, text) as Material's search plugin would index them."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    titles = " ".join("".join(s.title) for s in parser.data)
    text = " ".join("".join(s.text) for s in parser.data)
    return titles, text


def test_without_the_wrappers_material_indexes_chart_text_and_the_pilcrow():
    titles, text = _indexed(NOTEBOOK)
    assert "¶" in titles and "RéseauBarres" in text  # the problem the wrappers solve


def test_code_cells_and_heading_anchors_stay_out_of_the_index_and_prose_stays_in():
    titles, text = _indexed(search.hide_notebook_noise(NOTEBOOK))
    assert titles.strip() == "Qualité du réseau"
    for noise in ("¶", "0 50 100", "RéseauBarres", "plot(reseau)"):
        assert noise not in titles + text
    assert "Un réseau choisi vaut mieux" in text and "la conclusion" in text


def test_readers_get_the_page_unchanged():
    hidden = search.hide_notebook_noise(NOTEBOOK)
    assert hidden != NOTEBOOK
    assert search.unwrap_hidden(hidden) == NOTEBOOK
    # Material strips data-search-* attributes after indexing; the wrappers still go.
    stripped = hidden.replace(' data-search-exclude="notebook"', "")
    assert search.unwrap_hidden(stripped) == NOTEBOOK


def test_a_page_without_code_cells_is_left_alone():
    html = "<h2 id='a'>Titre</h2><p>Texte</p>"
    assert search.hide_notebook_noise(html) == html


def test_french_folding_is_appended_once(tmp_path):
    target = tmp_path / search.LUNR_FR
    target.parent.mkdir(parents=True)
    target.write_text("/* lunr.fr */\n", encoding="utf-8")
    assert search.add_french_folding(tmp_path)
    assert search.add_french_folding(tmp_path)  # mkdocs serve rebuilds: no second copy
    text = target.read_text(encoding="utf-8")
    assert text.startswith("/* lunr.fr */") and text.count(search.MARK) == 1
    assert "playbookFold" in text


def test_french_folding_reports_a_site_without_lunr_fr(tmp_path):
    assert search.add_french_folding(tmp_path) is False


def test_fold_accents_only_for_a_french_search(tmp_path):
    assert search.fold_accents(tmp_path, ["en"]) == []  # nothing to fold, nothing to report
    problems = search.fold_accents(tmp_path, ["fr"])
    assert len(problems) == 1 and "lunr.fr.min.js is missing" in problems[0]
