"""Every figure a reader meets is sourced or marked illustrative (issue 16).

A number written in digits in a reader page's prose (a limit, a share, a duration, a count) must
either appear, with its unit, on the « Sources » page (which gives its source and year), or sit
in a passage that says it is invented: « illustratif », « fictif », « repère du cabinet »… in the
same paragraph, list item or table cell, in the block that holds it (a box, a tab, a table, a
list, a checklist), or in the sentence that introduces that block. What is not a figure: dates
(« 8 décembre 2026 »), ordinals (« 1er », « Étape 3 »), headings (their figures are in the text
below them), example messages (every card is a fictional example), code and charts.

`check(pages, sources_html, …)` works on the rendered HTML (the hooks keep what MkDocs wrote in
`on_post_page` and check it in `on_post_build`) and returns one `ContentError` per unsourced
figure, with the line of the page's source where the number is written (none when the number
comes from a text the page embeds: a checklist, an example, a label). No library does this: it is
the Sources page's contract.
"""

from __future__ import annotations

import re
import unicodedata

from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment, Tag

from playbook.errors import ContentError

__all__ = ["check", "sourced_figures", "unsourced_figures", "figures_in"]

#: Elements whose text is not prose, by tag or class.
SKIP_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "svg", "math", "noscript", "h1", "h2", "h3",
             "h4", "h5", "h6", "nav", "header", "footer", "abbr"}
SKIP_CLASSES = {"pb-message", "pb-review-facts", "pb-review-banner", "md-source-file", "headerlink",
                "pb-library", "jp-InputArea", "jp-OutputArea-prompt", "pb-checklist__status"}
#: Where a mark is looked for around a number: the nearest of these is its passage, the
#: outermost of the second kind (up to the article) its block.
PASSAGES = {"p", "li", "td", "th", "dd", "dt", "figcaption", "blockquote"}
BLOCKS = {"table", "ul", "ol", "dl", "blockquote", "details", "figure"}
BLOCK_CLASSES = {"admonition", "tabbed-set", "pb-checklist", "pb-example", "grid"}
MARKS = re.compile(r"illustrati|fictif|fictive|inventé|repère[s]? (?:du|de pratique|retenu)|choix du cabinet"
                   r"|conversions? arithmétiques?|calculée?s? à partir"
                   r"|règle du cabinet|pratique du cabinet|propre au cabinet", re.IGNORECASE)

MONTHS = ("janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre"
          r"|decembre|(?:janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec)\.")
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[\u00a0\u202f ]\d{3})+|\d+(?:[.,]\d+)?)(?![\w])")
#: Not figures: dates, ordinals and numbered steps.
DATE_AFTER = re.compile(rf"^\s*(?:er\s+)?(?:{MONTHS})(?!\w)", re.IGNORECASE)
ORDINAL_AFTER = re.compile(r"^(?:er|re|e|ème|eme|nd|nde)\b")
STEP_BEFORE = re.compile(r"(?:étape|faute|étapes|partie|question|point|n°|no|p\.|page|article|art\.|§)\s*$",
                         re.IGNORECASE)
UNIT = re.compile(r"^\s*(%|€|(?:euros?|caractères|minutes?|secondes?|heures?|jours?|semaines?|mois|ans|années?"
                  r"|invitations?|relations?|messages?|notes?|crédits?|inmails?|personnes?|profils?|membres?"
                  r"|comptes?|millions?|milliers?|fois|points?|publications?|posts?|commentaires?|rendez-vous"
                  r"|lignes?|mots?|recherches?|actifs?)\b)", re.IGNORECASE)
#: A table column of step numbers (« Marche », « Étape »): its cells are ranks, not figures.
RANK_HEADER = re.compile(r"^\s*(?:marche|étape|rang|n°|ordre|priorité)\s*$", re.IGNORECASE)


def check(pages: dict[str, tuple[str, str]], sources_html: str, sources_path: str) -> list[ContentError]:
    """The unsourced figures of `pages` (path as the contributor sees it → (rendered HTML, the
    page's Markdown source, or "" for a notebook)), each an error on the line of the source that
    writes the number."""
    sourced = sourced_figures(sources_html)
    errors = []
    fix = (f"Ajoutez-le à `{sources_path}` avec sa source et la date où vous l'avez lue (le nombre et "
           "son unité dans la même ligne), ou dites dans le passage qu'il est illustratif "
           "(« illustratif », « exemple fictif », « repère du cabinet »).")
    for path, (html, source) in pages.items():
        used: set[int] = set()
        for figure, number, excerpt in unsourced_figures(html, sourced):
            line = _line_of(source, number, figure, used, excerpt)
            where = "" if line or not source else " (il vient d'un texte que la page insère : checklist, exemple ou libellé)"
            used.add(line)
            errors.append(ContentError(path, line, f"le chiffre « {figure} » (« {excerpt} ») n'a pas de source{where}.", fix))
    return errors


def _article_soup(html: str) -> BeautifulSoup:
    """The page's `<article>` parsed on its own: Material repeats the whole navigation on every
    page, and parsing it took more than half of the check's time (2.0 s → 0.8 s for the site)."""
    start, end = html.find('<article class="md-content__inner'), html.rfind("</article>")
    return BeautifulSoup(html[start:end + len("</article>")] if 0 <= start < end else html, "html.parser")


def _classes(tag: Tag) -> set[str]:
    return set(tag.get("class") or ())


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u202f", " ").replace("\u00a0", " ")


def _figure(number: str, after: str) -> str:
    """`number` with its unit when one follows (« 200 caractères », « 64 % »), normalised."""
    unit = UNIT.match(_plain(after))
    digits = re.sub(r"\s", "", _plain(number)).replace(",", ".")
    return f"{digits} {unit[1].lower()}" if unit else digits


def figures_in(text: str, tail: str = ""):
    """(figure, number) of each figure in a piece of prose, dates and ordinals left out; `tail` is
    the text that follows it in the same passage (its unit may sit in the next element, a glossary
    term: « 80 <abbr>crédits InMail</abbr> »)."""
    following = text + tail
    for m in NUMBER.finditer(text):
        before, after = text[max(0, m.start() - 20):m.start()], following[m.end():m.end() + 20]
        if DATE_AFTER.match(_plain(after)) or ORDINAL_AFTER.match(after) or STEP_BEFORE.search(_plain(before)):
            continue
        if re.fullmatch(r"(?:19|20)[0-9]{2}", m[1]) or m[1] == "0":  # a year, or nothing
            continue
        yield _figure(m[1], after), m[1]


def sourced_figures(html: str) -> dict[str, list[str]]:
    """The numbers the Sources page lists, each with the text of the rows, items or paragraphs
    that give it (lower-cased): a page's « 200 caractères » is sourced when a Sources row gives
    200 and speaks of « caractères »."""
    soup = _article_soup(html)
    article = soup.select_one("article.md-content__inner") or soup
    found: dict[str, list[str]] = {}
    for passage in article.find_all(["tr", "li", "p"]):
        if passage.find_parent(["tr", "li"]) is not None and passage.name == "p":
            continue
        text = _plain(passage.get_text(" ")).lower()
        for _with_unit, number in figures_in(passage.get_text(" ")):
            found.setdefault(_figure(number, ""), []).append(text)
    return found


def _is_sourced(figure: str, sourced: dict[str, list[str]]) -> bool:
    """Whether a Sources row gives the number with its unit, as a word (singular or plural:
    « ans » is not found in « dans »)."""
    number, _, unit = figure.partition(" ")
    rows = sourced.get(number) or []
    if not unit:
        return bool(rows)
    forms = {unit, unit + "s", unit[:-1] if unit[-1:] in "sx" and len(unit) > 3 else unit}
    word = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(forms))) + r")(?!\w)")
    return any(word.search(row) for row in rows)


def _rank(text_node) -> bool:
    """A cell of a column of step numbers (its header is « Marche », « Étape »…)."""
    cell = text_node.parent
    if cell.name != "td" or not re.fullmatch(r"\s*[0-9]{1,2}\s*", str(text_node)):
        return False
    row, table = cell.find_parent("tr"), cell.find_parent("table")
    index = row.find_all("td").index(cell)
    headers = table.select("thead th") if table else []
    return index < len(headers) and bool(RANK_HEADER.match(headers[index].get_text()))


def _marked(text_node, article: Tag) -> bool:
    passage = block = None
    for parent in text_node.parents:
        if parent is article:
            break
        if passage is None and parent.name in PASSAGES:
            passage = parent
        if parent.name in BLOCKS or _classes(parent) & BLOCK_CLASSES:
            block = parent
    for element in (passage, block):
        if element is not None and MARKS.search(element.get_text(" ")):
            return True
    if block is not None:  # a table, list or box: the sentence that introduces it may mark it
        intro = block.find_previous_sibling(True)
        if intro is not None and MARKS.search(intro.get_text(" ")):
            return True
    return False


def unsourced_figures(html: str, sourced: dict[str, list[str]], seen: list | None = None) -> list[tuple[str, str, str]]:
    """(figure, number as written, the text that holds it, cut at 90 characters) of each figure of
    a page's prose that is neither on the Sources page nor marked; every figure looked at is
    appended to `seen`."""
    article = _article_soup(html).select_one("article.md-content__inner")
    if article is None:
        return []
    out = []
    for text in article.find_all(string=True):
        if isinstance(text, Comment) or not isinstance(text, NavigableString) or not text.strip():
            continue
        if any(p.name in SKIP_TAGS or _classes(p) & SKIP_CLASSES for p in text.parents):
            continue
        if _rank(text):
            continue
        for figure, number in figures_in(str(text), _tail(text)):
            if seen is not None:
                seen.append(figure)
            if not _is_sourced(figure, sourced) and not _marked(text, article):
                out.append((figure, number, " ".join(str(text).split())[:90]))
    return out


def _tail(text_node, size: int = 24) -> str:
    """The text that follows `text_node` inside its passage, up to `size` characters."""
    passage = next((p for p in text_node.parents if p.name in PASSAGES), None)
    out = ""
    for element in text_node.next_elements:
        if passage is None or passage not in element.parents:
            break
        if isinstance(element, NavigableString) and not isinstance(element, Comment):
            out += str(element)
            if len(out) >= size:
                break
    return out


_LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>]*>|\{[^}]*\}")


def _line_of(source: str, number: str, figure: str, used: set | None = None, excerpt: str = "") -> int | None:
    """The line of the Markdown `source` that writes `number`: front matter, code blocks and link
    targets left out; a line that writes it with the figure's unit first, then one that shares
    the most words with `excerpt` (the rendered text around the number), then one not in `used`
    (already reported for another figure of the page)."""
    digits = [re.escape(part) for part in re.split(r"\s+", _plain(number))]
    pattern = re.compile(r"(?<![\w.,/-])" + r"\s?".join(digits) + r"(?![\w]|[.,][0-9]|\s[0-9]{3}(?![0-9]))")
    unit = figure.partition(" ")[2]
    words = {w for w in re.findall(r"\w{4,}", _plain(excerpt).lower())}
    found = []
    for number_line, line in _prose_lines(source):
        plain = _LINK_TARGET.sub(" ", _plain(line))
        for m in pattern.finditer(plain):
            after = UNIT.match(plain[m.end():])
            shared = len(words & set(re.findall(r"\w{4,}", plain.lower())))
            found.append((not (unit and after and after[1].lower() == unit), -shared,
                          number_line in (used or ()), number_line))
    return min(found)[3] if found else None


def _prose_lines(source: str):
    """(line number, line) of a Markdown page outside its front matter and fenced code."""
    lines = source.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        start = end + 1 if end is not None else 0
    fence = None
    for i in range(start, len(lines)):
        stripped = lines[i].lstrip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if marker and (fence is None or marker[1][0] == fence[0] and len(marker[1]) >= len(fence)):
            fence = None if fence is not None else marker[1]
            continue
        if fence is None:
            yield i + 1, lines[i]
