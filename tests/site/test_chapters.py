"""Issue 16: the five chapters a consultant needed are real pages: in the navigation, in the PDF,
found by the search, and long enough to be of use (at least 600 words of prose each)."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from pdf_checks import normalize, outline, real_pdf  # noqa: F401 (fixture)
from site_facts import nav_pages

#: (built page, its title, a word the search must find it by)
CHAPTERS = [
    ("compte/profil.html", "Le profil", "titre"),
    ("compte/limites.html", "Limites et sécurité du compte", "restriction"),
    ("prospecter/rgpd.html", "Prospection et RGPD", "CNIL"),
    ("mesurer.html", "Mesurer", "SSI"),
    ("compte/sales-navigator.html", "Sales Navigator et InMail : quand payer", "crédits"),
]
MIN_WORDS = 600


def prose_words(html: str) -> int:
    """Words of the page's paragraphs, list items and table cells (code, example cards, the
    checklist's controls and the review footer left out)."""
    article = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    for tag in article.select("pre, code, .pb-message, .pb-checklist__status, .pb-review-facts, .md-source-file"):
        tag.decompose()
    text = " ".join(el.get_text(" ") for el in article.find_all(["p", "li", "td"]) if not el.find_parent("li"))
    return len(re.findall(r"\w+(?:['’-]\w+)*", text))


@pytest.mark.parametrize("dest, title, word", CHAPTERS, ids=[c[0] for c in CHAPTERS])
def test_each_new_chapter_is_a_real_page_in_nav_and_search(real_build, dest, title, word):
    assert dest in {d for _t, d in nav_pages()}, f"{dest} is not in mkdocs.yml's nav"
    html = (real_build.site / dest).read_text(encoding="utf-8")
    assert prose_words(html) >= MIN_WORDS, f"{dest}: {prose_words(html)} words of prose"
    assert "et-maintenant" in html
    index = json.loads((real_build.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    page_url = dest.removesuffix("index.html")
    entries = [d for d in index["docs"] if d["location"].split("#")[0] == page_url]
    assert entries, f"{dest} is not in the search index"
    assert any(word.lower() in (d["text"] + d["title"]).lower() for d in entries), word


def test_each_new_chapter_is_printed_in_the_pdf(real_pdf):
    path, _meta, _report = real_pdf
    titles = {title for _depth, title, _page in outline(PdfReader(str(path)))}
    missing = [t for _d, t, _w in CHAPTERS if normalize(t) not in titles]
    assert missing == [], f"chapters without a bookmark in the PDF: {missing}"
