"""playbook.figures on small pages: what is a figure, when it is sourced or marked, and the line
an unsourced one is reported on."""

from __future__ import annotations

from playbook.figures import check, figures_in, sourced_figures, unsourced_figures

ARTICLE = '<article class="md-content__inner">{}</article>'


def test_the_figure_finder_knows_figures_from_dates_and_steps():
    got = [f for f, _n in figures_in("Le 8 décembre 2026, 64 % des actifs ; étape 3 ; le 1er mars ; en 2015, "
                                     "200 caractères, 3 000 relations, 17 minutes, 2e degré, 1,5 point, de 0 à 500, "
                                     "relevé le 8 déc. 2026.")]
    assert got == ["64 %", "200 caractères", "3000 relations", "17 minutes", "1.5 point", "500"]


def test_a_page_with_an_unsourced_figure_fails_and_a_marked_one_passes():
    page = ARTICLE.format(
        '<p>Un compte envoie 80 invitations par semaine.</p>'
        '<div class="admonition"><p class="admonition-title">Exemple fictif</p><p>Claire envoie 12 messages.</p></div>'
        '<p>Retenez 17 minutes par mois.</p><pre>42 lignes</pre><h2>Étape 9 : 99 %</h2>'
        '<table><thead><tr><th>Marche</th><th>Délai</th></tr></thead><tbody><tr><td>2</td><td>3 jours</td></tr>'
        '</tbody></table>')
    assert unsourced_figures(page, {"17": ["17 minutes par mois"], "80": ["80 relations"]}) == [
        ("80 invitations", "80", "Un compte envoie 80 invitations par semaine."), ("3 jours", "3", "3 jours")]


def test_a_unit_inside_a_glossary_tooltip_is_still_the_figures_unit():
    page = ARTICLE.format('<p>Comptez 80 <abbr title="Unité.">crédits InMail</abbr> par mois.</p>')
    assert unsourced_figures(page, {"80": ["80 relations"]}) == [("80 crédits", "80", "Comptez 80")]
    assert unsourced_figures(page, {"80": ["80 crédits inmail par mois"]}) == []


def test_a_unit_is_found_on_the_sources_page_as_a_word():
    sourced = sourced_figures(ARTICLE.format("<p>Dans 3 cas sur 10, parfois.</p><ul><li>5 ans, relevé le 8 déc. 2026</li></ul>"))
    page = ARTICLE.format("<p>Après 3 ans, 10 fois, 5 ans et 8 invitations.</p>")
    # « ans » is not « dans », « fois » not « parfois »; the reading date gives no 8
    assert [f for f, _n, _e in unsourced_figures(page, sourced)] == ["3 ans", "10 fois", "8 invitations"]


def test_unsourced_figures_are_reported_on_the_line_that_writes_them():
    sources = ARTICLE.format("<p>17 minutes par mois (étude, 2021).</p>")
    source = ("---\ndescription: 12 conseils\n---\n# Titre\n\n```text\n80 invitations\n```\n\n"
              "[Voir](page-80-invitations.md). Exemple fictif : 80 invitations.\n\nVoici la suite.\n\n"
              "Un compte envoie 80 invitations.\n\nEt 80 invitations encore.\n")
    html = ARTICLE.format("<p>Exemple fictif : 80 invitations.</p><p>Voici la suite.</p><p>Un compte envoie 80 invitations.</p>"
                          "<p>Et 80 invitations encore.</p><ul class=\"pb-checklist\"><li>Visez 25 relances</li></ul>")
    errors = check({"docs/page.md": (html, source)}, sources, "docs/sources.md")
    assert [(e.path, e.line) for e in errors] == [("docs/page.md", 14), ("docs/page.md", 16), ("docs/page.md", None)]
    assert errors[0].problem == "le chiffre « 80 invitations » (« Un compte envoie 80 invitations. ») n'a pas de source."
    assert errors[2].problem.endswith("(il vient d'un texte que la page insère : checklist, exemple ou libellé).")
    assert errors[0].fix.startswith("Ajoutez-le à `docs/sources.md` avec sa source et la date où vous l'avez lue")


def test_a_mark_covers_the_block_it_introduces_not_the_next_paragraph():
    page = ARTICLE.format("<p>Un exemple fictif :</p><ul><li>Claire envoie 12 messages.</li></ul>"
                          "<p>Exemple fictif : 30 relances.</p><p>Un compte envoie 80 invitations.</p>")
    assert [f for f, _n, _e in unsourced_figures(page, {})] == ["80 invitations"]
