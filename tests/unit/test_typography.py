"""playbook.typography: French spacing on strings and on rendered pages (site and PDF)."""

from __future__ import annotations

import pytest

from playbook import typography
from playbook.typography import NBSP, NNBSP, french_html, french_spacing


@pytest.mark.parametrize(("typed", "printed"), [
    ("Deux points : oui", "Deux points\u00a0: oui"),
    ("Vraiment ? Oui ! Bon ; soit", "Vraiment\u202f? Oui\u202f! Bon\u202f; soit"),
    ("« Bonjour »", "«\u202fBonjour\u202f»"),
    ("«Bonjour»", "«\u202fBonjour\u202f»"),
    ("https://example.com/?a=1 et 10:30", "https://example.com/?a=1 et 10:30"),
    ("Déjà\u00a0: fait", "Déjà\u00a0: fait"),
    ("Retour à la ligne\n: ici", "Retour à la ligne\u00a0: ici"),
    ("200 caractères, 64 % et 3 000 relations le 8 décembre",
     "200\u00a0caractères, 64\u202f% et 3\u202f000\u00a0relations le 8\u00a0décembre"),
    ("1,5 point, 20 millions, v1.6 2 fois, 2020 2021, 10:30 ici", "1,5\u00a0point, 20\u00a0millions, v1.6 2\u00a0fois, 2020 2021, 10:30 ici"),
    ("en 2021 les membres, relue le 1er mars 2027 par", "en 2021 les membres, relue le 1er mars 2027 par"),
])
def test_french_spacing(typed, printed):
    assert french_spacing(typed) == printed
    assert french_spacing(printed) == printed  # a second pass (the PDF after the site) changes nothing


def test_page_text_gets_french_spacing_and_markup_stays_byte_for_byte():
    page = ('<h1 id="diffusion">L\'algorithme du fil : la diffusion</h1>\n'
            '<p class="x" title="a : b">Dites « <em>oui</em> » ? Puis <a href="https://e.fr/?q=1">ceci</a> !</p>')
    assert french_html(page) == (
        f'<h1 id="diffusion">L\'algorithme du fil{NBSP}: la diffusion</h1>\n'
        f'<p class="x" title="a : b">Dites «{NNBSP}<em>oui</em>{NNBSP}»{NNBSP}? Puis '
        f'<a href="https://e.fr/?q=1">ceci</a>{NNBSP}!</p>')


def test_code_scripts_charts_and_other_languages_stay_as_typed():
    page = ('<p>Code <code>a : b</code>, <kbd>Ctrl ?</kbd></p><pre><span>x : y</span></pre>'
            '<script>if (a < b) { s = " : " }</script><style>p::after { content: " : " }</style>'
            '<svg viewBox="0 0 9 9"><text>axe : 10</text></svg>'
            '<blockquote lang="en"><p>Hi : there <span>again !</span></p></blockquote><p>Fin !</p>')
    result = french_html(page)
    for kept in ("<code>a : b</code>", "<kbd>Ctrl ?</kbd>", "<span>x : y</span>", 'if (a < b) { s = " : " }',
                 'content: " : "', '<svg viewBox="0 0 9 9"><text>axe : 10</text></svg>',
                 "<p>Hi : there <span>again !</span></p></blockquote>"):
        assert kept in result
    assert result.endswith(f"<p>Fin{NNBSP}!</p>")  # French again after the English quote


def test_french_inside_an_english_passage_and_nested_same_tags():
    page = ('<div lang="en"><div><p>Hi : there</p></div><div lang="fr-FR">Oui : bien</div><p>Still : English</p></div>'
            "<p>Retour : français</p>")
    result = french_html(page)
    assert "Hi : there" in result and f"Oui{NBSP}: bien" in result and "Still : English" in result
    assert f"Retour{NBSP}: français" in result


def test_glossary_terms_lose_their_underline_in_headings_only():
    page = ('<h2 id="ssi">Le <abbr title="Social Selling Index">SSI</abbr> chaque mois</h2>'
            '<p>Votre <abbr title="Social Selling Index">SSI</abbr> monte.</p>')
    assert french_html(page) == ('<h2 id="ssi">Le SSI chaque mois</h2>'
                                 '<p>Votre <abbr title="Social Selling Index">SSI</abbr> monte.</p>')


def test_void_and_self_closing_tags_do_not_unbalance_the_walk():
    page = '<p lang="en">One<br>two<img src="x.png"/><input type="checkbox"> : end</p><p>Fin : oui</p>'
    result = french_html(page)
    assert "> : end</p>" in result and f"Fin{NBSP}: oui" in result


def test_is_french():
    assert typography.is_french("fr") and typography.is_french("FR-fr")
    assert not typography.is_french("en") and not typography.is_french("en-GB")
