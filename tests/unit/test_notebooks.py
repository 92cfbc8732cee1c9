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


def test_shorten_cuts_long_labels_at_a_word_with_an_ellipsis():
    from playbook.charts import shorten

    name = "Rien dans ce message ne parle du destinataire (au mieux son prénom)"
    assert shorten(name, 100) == name
    assert shorten(name, 46) == "Rien dans ce message ne parle du destinataire…"
    assert shorten(name, 47) == "Rien dans ce message ne parle du destinataire…"
    assert shorten("Relance  insistante\n", 30) == "Relance insistante"
    assert shorten("Démo, essai gratuit ou offre", 12) == "Démo, essai…"
    assert shorten("Anticonstitutionnellement", 8) == "Anticon…"
    assert all(len(shorten(name, width)) <= width for width in range(2, 80))


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


# ---------------------------------------------------------------------------------------------
# The notebooks' sources: written for readers, code hidden
# ---------------------------------------------------------------------------------------------

def _cells(name: str, kind: str) -> list[str]:
    notebook = json.loads((ROOT / "docs" / "analyses" / f"{name}.ipynb").read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == kind]


def _tags(name: str) -> list[list[str]]:
    notebook = json.loads((ROOT / "docs" / "analyses" / f"{name}.ipynb").read_text(encoding="utf-8"))
    return [cell.get("metadata", {}).get("tags", []) for cell in notebook["cells"] if cell["cell_type"] == "code"]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_code_cell_of_an_analysis_is_hidden_from_readers(name):
    shown = [index for index, tags in enumerate(_tags(name)) if "hide-input" not in tags]
    assert shown == [], f"{name}.ipynb: code cells {shown} lack the `hide-input` tag"


#: What only a maintainer needs: the tools, the files, the code. Links to other pages are fine.
_DEVELOPER_WORDS = re.compile(r"jupyter|notebook|\.ipynb|docs/|`|<code>|\bcellule|\bSEED\b", re.I)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_analysis_prose_speaks_to_readers_not_to_maintainers(name):
    for text in _cells(name, "markdown"):
        prose = re.sub(r"\]\([^)]*\)|\shref=\"[^\"]*\"", "", text)  # link targets
        found = sorted({m.group(0) for m in _DEVELOPER_WORDS.finditer(prose)})
        assert found == [], f"{name}.ipynb: maintainer wording in the page's text {found}: move it to docs/contribuer.md"


def test_network_prose_states_every_parameter_of_the_model():
    """The parameters cell is hidden: the page's text must give its values, the same ones."""
    from playbook.charts import fr_number, fr_percent

    parameters: dict = {}
    exec(next(code for code in _cells("qualite-reseau", "code") if "SEED =" in code), parameters)
    p = parameters
    expected = [fr_number(p[name]) for name in ("POSTS", "AUDIENCE_PER_REACTION", "SWEEP_SIZE", "SWEEP_POSTS")]
    expected += [fr_percent(100 * p[name]) for name in (
        "FIRST_SAMPLE_SHARE", "ENGAGE_INTERESTED", "ENGAGE_INDIFFERENT", "THRESHOLD", "EXTENSION_SHARE",
        "INTERESTED_NEAR_INTERESTED", "INTERESTED_NEAR_INDIFFERENT")]
    for network in p["NETWORKS"].values():
        expected += [fr_number(network["size"]), fr_percent(100 * network["interested_share"])]
    prose = re.sub(r"[\u00a0\u202f]", " ", "\n".join(_cells("qualite-reseau", "markdown")))
    missing = [value for value in expected
               if not re.search(r"(?<![\d,])" + re.escape(re.sub(r"[\u00a0\u202f]", " ", value)) + r"(?![\d,])", prose)]
    assert missing == [], f"qualite-reseau.ipynb: the text does not state {missing}"
