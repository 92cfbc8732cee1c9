"""French search in the real search box: accents optional, elisions ignored (issue 15, item 2).

French readers type without accents (on phones especially) and with elided articles
(« d'invitation », « l'algorithme »). Each query must bring its page among the first results,
and every highlighted word must start with one of the words typed: an elision (d', l', qu'…)
or a short stopword must not light up every word starting with d or l.
"""

import re
import unicodedata
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

#: How many result groups (one per page) the expected page may be among.
TOP = 5

#: (query as a reader types it, page expected among the first results)
QUERIES = [
    ("reseau", "reseau/index.html"),
    ("réseau", "reseau/index.html"),
    ("verificateur", "verifier.html"),
    ("vérificateur", "verifier.html"),
    ("note d'invitation", "prospecter/canaux.html"),
    ("note d’invitation", "prospecter/canaux.html"),
    ("l'algorithme", "reseau/diffusion.html"),
    ("relance", "prospecter/relances.html"),
    ("dernier message", "prospecter/relances.html"),
    ("sales navigator", "glossaire.html"),
    ("menage", "reseau/nettoyer.html"),
    ("qualite du reseau", "analyses/qualite-reseau.html"),
    ("repondre", "recevoir/repondre.html"),
    ("premier message", "prospecter/premier-message.html"),
]

ELISIONS = ("qu", "d", "l", "j", "n", "s", "c", "m", "t")
STOPWORDS = {"du", "de", "la", "le", "les", "des", "un", "une", "et", "il"}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def _words(query: str) -> list[str]:
    words = []
    for word in _fold(query).replace("’", "'").split():
        head, _, tail = word.partition("'")
        if tail and head in ELISIONS:
            word = tail
        if word not in STOPWORDS:
            words.append(word)
    return words


def _search(page, site_url, query):
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=15)
    expect(page.locator(".md-search-result__meta")).not_to_have_text("", timeout=10_000)
    first = page.locator(".md-search-result__item > a").first
    expect(first).to_be_visible(timeout=10_000)
    page.wait_for_timeout(300)  # the worker answers each keystroke: let the last answer land


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_french_query_finds_its_page_and_highlights_only_its_words(page, site_url, query, expected):
    _search(page, site_url, query)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    pages = []
    for href in hrefs:
        path = urlsplit(href).path
        if path not in pages:
            pages.append(path)
    top = [path.removeprefix("/playbook/") for path in pages[:TOP]]
    assert expected in top, f"{query!r}: {expected} not among the first {TOP} results {top}"

    words = _words(query)
    marks = page.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent)")
    assert marks, f"{query!r}: nothing highlighted"
    stray = sorted({m for m in marks if not any(_fold(m).startswith(w) for w in words)})
    assert stray == [], f"{query!r}: highlights words that were not typed: {stray[:15]}"
    # Material lists under a result the typed words it lacks (« Non trouvé : … »): never an
    # elision or a stopword, which no page is expected to contain.
    missing = page.eval_on_selector_all(".md-search-result__terms del, .md-search-result__terms s",
                                        "els => els.map(e => e.textContent.trim())")
    dropped = [m for m in missing if _fold(m) in ELISIONS or _fold(m) in STOPWORDS]
    assert dropped == [], f"{query!r}: results say these words are missing: {dropped}"


def test_notebook_entries_hold_prose_only(page, site_url):
    """Chart labels and the headings' « ¶ » of the analyses stay out of the results."""
    _search(page, site_url, "réseau")
    # innerText, not textContent: a title and the paragraph after it must not run together.
    texts = page.eval_on_selector_all(
        ".md-search-result__item", "els => els.filter(e => e.querySelector('a[href*=\"analyses/\"]'))"
        ".map(e => e.innerText)")
    assert texts, "no analysis page among the results for « réseau »"
    joined = "\n".join(texts)
    for chart_text in ("réseau2", "RéseauBarres", "RéseauModèle", "¶"):
        assert chart_text not in joined, f"search results show {chart_text!r}"
    axis = re.search(r"\b\d+(?:[ \u202f]\d+){3,}\b", joined)
    assert axis is None, f"search results show chart axis labels: {axis and axis[0]!r}"
