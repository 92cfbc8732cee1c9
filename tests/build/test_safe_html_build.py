"""Contributors' data fields never carry script into a page (playbook.safe_html).

Every field a consultant edits that is shown as HTML (checklists, glossary, rules.yml categories,
labels.yml library texts) is rendered by the build's own functions with each payload of
tests/fixtures/xss/payloads.txt; nothing that can run script may come out. The same HTML is
loaded in Chromium by tests/browser/test_xss_browser.py.
"""

from __future__ import annotations

import pytest
from xss_cases import FIELDS, PAYLOADS, page_markdown, unsafe

from playbook import safe_html


def test_a_real_build_escapes_every_field(build_fixture):
    """The whole pipeline (data files, hooks, MkDocs' Markdown): payloads in a checklist, the
    glossary, rules.yml's categories and labels.yml's library texts leave nothing to run."""
    import re

    import yaml

    from xss_cases import ROOT as _ROOT

    chosen = [p for p in PAYLOADS if any(k in p for k in ("<script", "onerror", "javascript:", "{:", "data:"))][:8]
    fixture = _ROOT / "tests" / "fixtures" / "library" / "snippets"
    rules = yaml.safe_load((fixture / "rules.yml").read_text(encoding="utf-8"))
    for category, payload in zip(rules["categories"], chosen, strict=False):
        category["label"], category["description"] = payload, payload
    labels = yaml.safe_load((fixture / "labels.yml").read_text(encoding="utf-8"))
    labels["library"]["good_section"] = labels["library"]["good_intro"] = chosen[0]
    checklist = {"id": "pieges", "title": "Pièges", "intro": chosen[1],
                 "items": [{"id": f"point-{i}", "text": p, "detail": p} for i, p in enumerate(chosen)]}
    glossary = "".join(f"*[Piège{i}]: {p}\n" for i, p in enumerate(chosen))
    build = build_fixture("library", {
        "snippets/rules.yml": yaml.safe_dump(rules, allow_unicode=True),
        "snippets/labels.yml": yaml.safe_dump(labels, allow_unicode=True),
        "snippets/checklists/pieges.yml": yaml.safe_dump(checklist, allow_unicode=True),
        "snippets/glossary.md": glossary,
        "docs/pieges.md": "# Pièges\n\n<!-- playbook:checklist pieges -->\n\n<!-- playbook:glossary -->\n",
    })
    assert build.returncode == 0, build.log
    assert 'data-checklist="pieges"' in build.page("pieges.html") and "Piège7" in build.page("pieges.html")
    for page in ("pieges.html", "messages/index.html", "regles/index.html"):
        article = re.search(r'<article class="md-content__inner.*?</article>', build.page(page), re.S)
        assert article, page
        assert unsafe(article.group(0)) == [], page
