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
