"""Issue 16: every figure a reader meets is sourced or marked illustrative (playbook.figures).

The build checks it (mkdocs.yml's `extra.figures`, tests/build/test_figures_build.py); this
checks that the finder still finds the real site's figures, and its rules on small pages.
"""

from __future__ import annotations

from site_facts import nav_pages

from playbook.figures import figures_in, sourced_figures, unsourced_figures

#: The pages of mkdocs.yml's `extra.figures.not_prose` and the Sources page, as built.
NOT_READER_PROSE = {"sources.html", "contribuer.html", "tags.html", "a-revoir.html", "regles/index.html",
                    "analyses/bibliotheque/index.html", "analyses/bibliotheque.html", "404.html"}


def test_the_figure_finder_knows_figures_from_dates_and_steps():
    got = [f for f, _n in figures_in("Le 8 décembre 2026, 64 % des actifs ; étape 3 ; le 1er mars ; en 2015, "
                                     "200 caractères, 3 000 relations, 17 minutes, 2e degré, 1,5 point, de 0 à 500.")]
    assert got == ["64 %", "200 caractères", "3000 relations", "17 minutes", "1.5 point", "500"]


def test_a_page_with_an_unsourced_figure_fails_and_a_marked_one_passes():
    page = ('<article class="md-content__inner"><p>Un compte envoie 80 invitations par semaine.</p>'
            '<div class="admonition"><p class="admonition-title">Exemple fictif</p><p>Claire envoie 12 messages.</p></div>'
            '<p>Retenez 17 minutes par mois.</p><pre>42 lignes</pre><h2>Étape 9 : 99 %</h2>'
            '<table><thead><tr><th>Marche</th><th>Délai</th></tr></thead><tbody><tr><td>2</td><td>3 jours</td></tr>'
            '</tbody></table></article>')
    assert unsourced_figures(page, {"17": ["17 minutes par mois"], "80": ["80 relations"]}) == [
        ("80 invitations", "80", "Un compte envoie 80 invitations par semaine."), ("3 jours", "3", "3 jours")]


def test_the_real_sites_figures_are_found_and_sourced(real_build):
    site = real_build.site
    sourced = sourced_figures((site / "sources.html").read_text(encoding="utf-8"))
    assert all(any(unit in row for row in sourced.get(n, [])) for n, unit in
               (("17", "minutes"), ("64", "%"), ("200", "caractères")))
    pages = [dest for _title, dest in nav_pages() if dest not in NOT_READER_PROSE]
    assert len(pages) >= 25
    problems, seen = {}, []
    for dest in pages:
        found = unsourced_figures((site / dest).read_text(encoding="utf-8"), sourced, seen)
        if found:
            problems[dest] = found
    # The build passed, so nothing is unsourced; a finder that found nothing would pass too.
    assert len(seen) > 100, f"only {len(seen)} figures found in the reader pages: is the finder broken?"
    assert problems == {}
