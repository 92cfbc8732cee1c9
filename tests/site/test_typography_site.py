"""Issue 15, item 8: French typography on every built page, done once at build time.

A colon, « ; ! ? » or a closing guillemet typed after an ordinary space can start a line on a
phone; the build puts no-break (narrow) spaces there. Code, scripts, charts and passages in
another language are left as typed. Glossary terms in headings are not underlined.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment

#: Text here is typed as is (code, commands, charts).
VERBATIM = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math", "noscript"}
BREAKABLE = re.compile(r"(?:\S{0,30}) [:;!?»](?=\s|$)|« ")


def _french_texts(soup):
    for text in soup.find_all(string=True):
        if isinstance(text, Comment) or not isinstance(text, NavigableString):
            continue
        parents = list(text.parents)
        if any(p.name in VERBATIM for p in parents):
            continue
        lang = next((p.get("lang") for p in parents if p.get("lang")), "fr")
        if str(lang).lower().startswith("fr"):
            yield str(text)


def test_no_page_lets_french_punctuation_start_a_line(real_build):
    pages = sorted(real_build.site.rglob("*.html"))
    assert len(pages) > 25
    found = {}
    spaced = 0
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for text in _french_texts(soup):
            spaced += len(re.findall("[\u00a0\u202f][:;!?»]|«\u202f", text))
            for bad in BREAKABLE.findall(text):
                found.setdefault(path.relative_to(real_build.site).as_posix(), []).append(bad)
    assert found == {}, {page: hits[:5] for page, hits in found.items()}
    assert spaced > 1000  # the playbook does use French punctuation: the check saw it


def test_english_passages_and_code_keep_their_spaces(real_build):
    page = real_build.page("messages/index.html")
    soup = BeautifulSoup(page, "html.parser")
    english = [el.get_text() for el in soup.select('[lang="en"]')]
    assert english, "the library has English examples"
    assert not any("\u202f" in text or "\u00a0:" in text for text in english)


def test_headings_hold_no_glossary_underline(real_build):
    for path in sorted(real_build.site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        inside = soup.select(":is(h1, h2, h3, h4, h5, h6) abbr")
        assert inside == [], (path.name, [str(a) for a in inside[:3]])
    texts = "".join(p.read_text(encoding="utf-8") for p in real_build.site.rglob("*.html"))
    assert "<abbr" in texts  # terms are still explained in running text
