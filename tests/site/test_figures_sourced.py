"""Issue 16: every figure a reader meets is sourced or marked illustrative (playbook.figures).

The build checks it (mkdocs.yml's `extra.figures`; tests/build/test_figures_build.py, and the
rules on small pages in tests/unit/test_figures.py); this checks that the finder still finds the
real site's figures, so that a passing build means something.
"""

from __future__ import annotations

from site_facts import nav_pages, real_config

from playbook.figures import sourced_figures, unsourced_figures


def _not_prose() -> set[str]:
    """The built paths of mkdocs.yml's `extra.figures` pages (Sources and `not_prose`)."""
    settings = real_config().extra["figures"]
    names = [settings["sources"], *settings["not_prose"]]
    return {name.rsplit(".", 1)[0] + ".html" for name in names} | {name.rsplit(".", 1)[0] + "/index.html" for name in names}


def test_the_real_sites_figures_are_found_and_sourced(real_build):
    site = real_build.site
    sourced = sourced_figures((site / "sources.html").read_text(encoding="utf-8"))
    assert all(any(unit in row for row in sourced.get(n, [])) for n, unit in
               (("17", "minutes"), ("64", "%"), ("200", "caractères")))
    skipped = _not_prose()
    assert {"sources.html", "contribuer.html", "regles/index.html"} <= skipped
    pages = [dest for _title, dest in nav_pages() if dest not in skipped]
    assert len(pages) >= 25
    problems, seen = {}, []
    for dest in pages:
        found = unsourced_figures((site / dest).read_text(encoding="utf-8"), sourced, seen)
        if found:
            problems[dest] = found
    # The strict build passed, so nothing is unsourced; a finder that found nothing would pass too.
    assert len(seen) > 100, f"only {len(seen)} figures found in the reader pages: is the finder broken?"
    assert problems == {}
