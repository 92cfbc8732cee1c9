"""The offline PDF of the playbook: the built site's pages, assembled into one printable document.

`build_pdf(site_dir, pages, out, meta=...)` reads each built page's `<article class=
"md-content__inner">` from `site_dir`, turns it into print-friendly HTML and lays everything out with
WeasyPrint (CSS Paged Media, no browser, no JavaScript):

- a cover (title, subtitle, author, the edition's date in words, a small technical reference) and
  a table of contents with page numbers;
- one chapter per navigation page, navigation sections as part headings, the chapter title as
  running header, page numbers in the margin, PDF bookmarks mirroring the navigation; reference
  pages named in `extra.pdf_annexes` (mkdocs.yml) are printed at the end, in the navigation's last
  section (the annexes), rather than in the middle of the reading;
- what only makes sense on screen is removed (permalinks, edit button, tags, forms, buttons,
  search); content tabs are expanded (each tab's label becomes a small heading), collapsed
  `<details>` blocks are opened, checklists get empty boxes, notebook prompts and empty code cells
  disappear;
- every id is made unique across the document and internal links become in-document links;
  external links get their address as a footnote;
- French typography: non-breaking (thin) spaces before `; ! ? :` and inside « », hyphenation.

The look lives in `pdf.css` next to this file: a self-contained print stylesheet (Material's CSS is
never fed to WeasyPrint; it is made for screens, uses masks for icons and logs hundreds of warnings).

Conventions the page authors and other build steps may rely on:
- an element with class `pb-screen-only` is left out of the PDF; `pb-print-only` is kept (hide it
  on screen with the site's CSS);
- an element with a `lang` attribute other than French gets no French punctuation spacing.

`git_version(root)` gives the version and date printed on the cover (`edition_text` words it). `pages_from_nav(nav)` turns
MkDocs's navigation into the `PdfPage` list.
"""

from __future__ import annotations

import copy
import html
import json
import logging
import math
import posixpath
import re
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playbook import typography

__all__ = [
    "PdfError",
    "PdfLabels",
    "PdfMeta",
    "PdfPage",
    "PdfReport",
    "build_html",
    "build_pdf",
    "build_site_pdf",
    "french_date",
    "edition_text",
    "french_spacing",
    "git_version",
    "meta_from_config",
    "pages_from_config",
    "pages_from_nav",
    "pdf_cache_key",
]

STYLESHEET = Path(__file__).with_name("pdf.css")

#: The PDF flavour asked of WeasyPrint: tagged, accessible (title, language, structure tree).
PDF_VARIANT = "pdf/ua-1"

NBSP = typography.NBSP
french_spacing = typography.french_spacing  # also applied to every page of the site (playbook.typography)

# What only makes sense on a screen. Buttons, forms and inputs go too (see _clean). Matched by
# _screen_only in one walk over the page: as a CSS selector list (soupsieve) it took a second.
_REMOVED_TAGS = frozenset((
    "nav", "form", "script", "style", "noscript", "template", "iframe", "object", "embed", "audio",
    "video", "progress", "meter", "clipboard-copy",
))
_REMOVED_CLASSES = frozenset((
    "md-content__button", "md-tags", "md-source-file", "md-feedback", "md-search", "md-dialog",
    "md-top", "pb-screen-only", "pb-checklist__status", "pb-checklist__reset",
    "pb-checklist__message", "footnote-backref", "jp-InputPrompt", "jp-OutputPrompt",
    "jp-Cell-inputCollapser", "jp-Cell-outputCollapser", "jp-Collapser", "zeroclipboard-container",
    "clipboard-copy-txt", "md-clipboard",
))
_REMOVED_LINK_CLASSES = frozenset(("headerlink", "anchor-link"))  # on <a> only
_REMOVED_ATTRIBUTES = ("data-md-component", "hidden")

_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]

# Text inside these is left as typed (no French spacing).
_VERBATIM = typography.VERBATIM


class PdfError(Exception):
    """The PDF cannot be made (a page was not built, an article is missing...), said for people."""


@dataclass(frozen=True)
class PdfPage:
    """One navigation page, in navigation order.

    `dest_uri` is the built file relative to the site (`prospecter/relances.html`), `section` the
    title of the navigation section it belongs to (None at the top level) and `level` its depth in
    the navigation (1 at the top level, 2 inside a section...).
    """

    title: str
    dest_uri: str
    section: str | None = None
    level: int = 1


@dataclass(frozen=True)
class PdfLabels:
    """The PDF's interface wording: the `pdf` section of snippets/labels.yml (checked by
    playbook.labels), the same for every page."""

    toc: str  # the table of contents' title
    edition: str  # cover and footers: "Édition du {date}", {date} the last commit's date in words
    undated: str  # the same without git (no commit date to give)
    version: str  # the small technical reference on the cover (the commit)
    online: str
    months: tuple[str, ...]  # January to December, for dates in words

    @classmethod
    def from_mapping(cls, data: Mapping) -> PdfLabels:
        return cls(toc=data["toc"], edition=data["edition"], undated=data["undated"],
                   version=data["version"], online=data["online"], months=tuple(data["months"]))


@dataclass(frozen=True)
class PdfMeta:
    """What the cover and the PDF's metadata say (`labels`: its interface wording)."""

    title: str
    subtitle: str
    author: str
    version: str  # a technical reference (git describe), printed small on the cover only
    date: datetime
    labels: PdfLabels
    lang: str = "fr"
    site_url: str | None = None  # printed on the cover; links to pages outside the PDF go there


@dataclass
class PdfReport:
    """What `build_pdf` made."""

    path: Path
    page_count: int
    chapters: int
    seconds: float
    size_bytes: int
    variant: str | None
    warnings: list[str] = field(default_factory=list)  # WeasyPrint's own complaints, if any
    cached: bool = False  # True when the same inputs were laid out before and the file was reused


# --------------------------------------------------------------------------------------------
# Inputs: navigation and version


def pages_from_nav(nav, annexes: list[str] | tuple[str, ...] = (),
                   leave_out: list[str] | tuple[str, ...] = ()) -> list[PdfPage]:
    """The pages of a MkDocs `Navigation` (as given to `on_nav`), in order, as `PdfPage`s.

    `annexes` are docs/ paths (`messages/index.md`, mkdocs.yml's `extra.pdf_annexes`): reference
    pages the PDF prints at the end, in this order, inside the navigation's last section (the
    annexes), instead of at their place in the navigation. `leave_out` (`extra.pdf_leave_out`)
    are pages for the site's maintainers, not printed: links to them lead to the site. The site's
    navigation is unchanged."""
    pages: list[PdfPage] = []
    set_aside: dict[str, PdfPage] = {}
    wanted = list(dict.fromkeys(annexes))
    skipped = set(leave_out)
    last: list[tuple[str | None, int]] = [(None, 1)]

    def walk(items, section: str | None, level: int) -> None:
        for item in items:
            if getattr(item, "is_section", False):
                walk(item.children, item.title, level + 1)
            elif getattr(item, "is_page", False):
                page = PdfPage(item.title or "", item.file.dest_uri, section, level)
                if item.file.src_uri in skipped:
                    skipped.discard(item.file.src_uri)
                elif item.file.src_uri in wanted:
                    set_aside[item.file.src_uri] = page
                else:
                    pages.append(page)
                    last[0] = (section, level)

    walk(nav.items, None, 1)
    for key, unknown in (("pdf_annexes", [src for src in wanted if src not in set_aside]),
                         ("pdf_leave_out", sorted(skipped))):
        if unknown:
            raise PdfError(f"`extra.{key}` (mkdocs.yml) nomme des pages absentes de la navigation : "
                           + ", ".join(f"`{src}`" for src in unknown) + ". Corrigez leur chemin (relatif à docs/).")
    section, level = last[0]
    pages.extend(replace(set_aside[src], section=section, level=level) for src in wanted)
    return pages


def _pdf_selection(extra: Mapping) -> tuple[list[str], list[str]]:
    """(annexes, pages left out) from mkdocs.yml's `extra`."""
    return list(extra.get("pdf_annexes") or ()), list(extra.get("pdf_leave_out") or ())


def pages_from_config(config_file: Path) -> list[PdfPage]:
    """The navigation of a MkDocs project, read without building it (pages not titled in the
    navigation get an empty title: `build_pdf` then uses their own heading)."""
    import os

    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    return pages_from_nav(get_navigation(files, config), *_pdf_selection(config.extra))


def meta_from_config(config, root: Path | None = None, *, labels: Mapping | PdfLabels) -> PdfMeta:
    """Cover and metadata from a loaded MkDocs config (site_name, site_description, site_author,
    site_url, theme language), the git checkout at `root` (default: the config's folder) and
    `labels`, the `pdf` section of snippets/labels.yml."""
    root = Path(root or Path(config.config_file_path).resolve().parent)
    version, date = git_version(root)
    language = (config.theme.get("language") if config.theme else None) or "fr"
    return PdfMeta(
        title=config.site_name,
        subtitle=" ".join((config.site_description or "").split()),
        author=config.site_author or "",
        version=version,
        date=date,
        labels=labels if isinstance(labels, PdfLabels) else PdfLabels.from_mapping(labels),
        lang=language,
        site_url=config.site_url or None,
    )


def build_site_pdf(config, nav, name: str = "playbook-linkedin.pdf", *,
                   labels: Mapping) -> PdfReport:
    """For the `on_post_build` hook: the PDF of `nav` (kept from `on_nav`), written as
    `<site_dir>/<name>`; `labels` is the `pdf` section of snippets/labels.yml."""
    from playbook import cache

    site_dir = Path(config.site_dir)
    root = Path(config.config_file_path).resolve().parent
    folder = cache.cache_dir(root, "pdf") if cache.enabled() else None
    return build_pdf(site_dir, pages_from_nav(nav, *_pdf_selection(config.extra)), site_dir / name,
                     meta=meta_from_config(config, labels=labels),
                     cache_dir=folder)


def git_version(root: Path) -> tuple[str, datetime]:
    """(version, date) of the checkout at `root`: `git describe --tags --always --dirty` and the
    last commit's date. Without git or without commits: ("dev", now in UTC)."""

    def git(*args: str) -> str | None:
        try:
            result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                    timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else None

    version = git("describe", "--tags", "--always", "--dirty")
    stamp = git("log", "-1", "--format=%cI")
    date = None
    if stamp:
        try:
            date = datetime.fromisoformat(stamp)
        except ValueError:
            date = None
    if version is None or date is None:
        return "dev", datetime.now(timezone.utc).replace(microsecond=0)
    return version, date


def edition_text(meta: PdfMeta) -> str:
    """What the cover and the footers say of the edition: « Édition du 7 décembre 2026 », from the
    last commit's date; without git (version "dev"), the `undated` label instead of a date that
    would only be the day of the build."""
    if meta.version == "dev":
        return meta.labels.undated
    return meta.labels.edition.format(date=french_date(meta.date, meta.labels.months))


def french_date(date: datetime, months: tuple[str, ...] | list[str]) -> str:
    """`1er décembre 2026`, with `months` the twelve months' names (labels.yml, `pdf.months`)."""
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {months[date.month - 1]} {date.year}"


# --------------------------------------------------------------------------------------------
# Assembly


def _soup(markup: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(markup, "html.parser")


def _page_id(dest_uri: str) -> str:
    stem = dest_uri[:-5] if dest_uri.endswith(".html") else dest_uri
    return "p-" + (re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower() or "page")


@dataclass
class _Chapter:
    page: PdfPage
    pid: str
    article: object  # bs4 Tag
    ids: dict[str, str]  # page-local id -> document id


def build_html(site_dir: Path, pages: list[PdfPage], *, meta: PdfMeta) -> str:
    """The whole printable document as one HTML string (what `build_pdf` hands to WeasyPrint).

    Image paths are relative to `site_dir`, which must be the base URL when rendering."""
    if not pages:
        raise PdfError("le PDF n'a aucune page : la navigation du site est vide.")
    chapters: list[_Chapter] = []
    seen: set[str] = set()
    for page in pages:
        if page.dest_uri in seen:
            continue  # a page listed twice in the navigation is printed once
        seen.add(page.dest_uri)
        chapters.append(_read_chapter(site_dir, page))
    by_dest = {c.page.dest_uri: c for c in chapters}
    for chapter in chapters:
        _rewrite_links(chapter, by_dest, site_dir, meta)
        _typography(chapter.article)

    esc = html.escape
    head = "".join(
        f'<meta name="{name}" content="{esc(content)}">' for name, content in (
            ("author", meta.author),
            ("description", meta.subtitle),
            ("generator", "WeasyPrint (playbook.pdf)"),
            ("dcterms.created", meta.date.isoformat()),
            ("dcterms.modified", meta.date.isoformat()),
        ))
    parts, toc_rows, sections = [], [], 0
    current_section: str | None = None
    for chapter in chapters:
        page = chapter.page
        if page.section != current_section:
            current_section = page.section
            if page.section is not None:
                sections += 1
                part_id = f"part-{sections}"
                level = max(page.level - 1, 1)
                parts.append(
                    f'<section class="pb-part" id="{part_id}">'
                    f'<h1 class="pb-part__title bl-{level}">{esc(french_spacing(page.section))}'
                    f"</h1></section>"
                )
                toc_rows.append(_toc_row(part_id, page.section, "pb-toc__part", level))
        parts.append(_chapter_html(chapter))
        toc_rows.append(_toc_row(chapter.pid, page.title, "pb-toc__chapter", page.level))
    # Assembled as text: each piece is well-formed markup already (parsing 800 kB again took 1 s).
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(meta.lang)}"><head><meta charset="utf-8">'
        f"<title>{esc(meta.title)}</title>{head}</head><body>{_cover(meta)}"
        f'<nav class="pb-toc" aria-label="{esc(meta.labels.toc)}">'
        f'<h1 class="pb-toc__title bl-1">{esc(meta.labels.toc)}</h1>'
        f'<ul class="pb-toc__list">{"".join(toc_rows)}</ul></nav>'
        f'{"".join(parts)}</body></html>'
    )


def _toc_row(target: str, title: str, kind: str, level: int) -> str:
    return (f'<li class="{kind} pb-toc--l{min(level, 4)}"><a href="#{target}">'
            f'<span class="pb-toc__label">{html.escape(french_spacing(title))}</span>'
            f'{_page_number_slot(target)}</a></li>')


# --------------------------------------------------------------------------------------------
# Page numbers of the table of contents and of cross-references
#
# CSS's `target-counter()` would do this, but WeasyPrint lays out again every page that holds a
# forward reference once the target's page is known: with ~700 cross-references that tripled the
# PDF's layout time (36 s instead of 13 s for the playbook). Instead each number is a slot holding
# a placeholder as wide as the widest number (digits are tabular in DejaVu, and U+2007 FIGURE
# SPACE is exactly one digit wide), the document is laid out once, and `_fill_page_numbers` writes
# each target's page into its slot: the line's layout cannot change, so nothing moves.

_SLOT_CLASS = "pb-page-slot"
_SLOT_DIGITS = 3  # up to 999 pages; a longer PDF is reported (see _fill_page_numbers)
FIGURE_SPACE = "\u2007"


def _page_number_slot(target: str, *, prefix: str = "", suffix: str = "") -> str:
    """A slot for the page number of `#target`, between `prefix` and `suffix` ("(p. " and ")" in
    a cross-reference; nothing in the table of contents). The padding of a short number goes first:
    right-aligned numbers in the contents, and in a cross-reference a slightly wider space before
    its parenthesis rather than a gap between « (p. 22) » and the punctuation after it."""
    return (f'<span class="{_SLOT_CLASS}" data-pb-target="{html.escape(target)}" '
            f'data-pb-prefix="{html.escape(prefix)}" data-pb-suffix="{html.escape(suffix)}">'
            f'{html.escape(prefix)}{"0" * _SLOT_DIGITS}{html.escape(suffix)}</span>')


def _slot_text(number: int, prefix: str = "", suffix: str = "") -> str:
    digits = str(number)
    return FIGURE_SPACE * max(_SLOT_DIGITS - len(digits), 0) + prefix + digits + suffix


def _fill_page_numbers(document) -> list[str]:
    """Write each slot's target page number into the laid-out `document` (a WeasyPrint
    `Document`); returns the problems found (an unknown target, too many pages).

    Relies on WeasyPrint's box tree (`Page._page_box`, `TextBox.text`, `pango_layout.text`):
    tests/test_pdf.py checks the printed numbers against the pages, so an upgrade that changes
    these internals fails there, not silently."""
    from weasyprint.formatting_structure.boxes import TextBox

    page_of: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            page_of.setdefault(anchor, number)
    problems = []
    if len(document.pages) >= 10 ** _SLOT_DIGITS:
        problems.append(f"le PDF a {len(document.pages)} pages : les numéros de page au-delà de "
                        f"{10 ** _SLOT_DIGITS - 1} ne tiennent pas dans le sommaire.")
    for page in document.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if (not isinstance(box, TextBox) or element is None or "::" in box.element_tag
                    or element.get("class") != _SLOT_CLASS):
                continue  # ("::" is the slot's ::before, the TOC's leader)
            target = element.get("data-pb-target")
            number = page_of.get(target)
            if number is None:
                problems.append(f"renvoi vers une ancre absente du PDF : #{target}")
                continue
            text = _slot_text(number, element.get("data-pb-prefix") or "", element.get("data-pb-suffix") or "")
            box.text = text
            box.pango_layout.text = text
    return problems


def _cover(meta: PdfMeta) -> str:
    esc = html.escape
    labels = meta.labels
    online = ""
    if meta.site_url:
        online = (f'<p class="pb-cover__online">{esc(labels.online)}{NBSP}: '
                  f'<a href="{esc(meta.site_url)}">{esc(meta.site_url)}</a></p>')
    return (
        '<section class="pb-cover">'
        '<div class="pb-cover__band">'
        f'<p class="pb-cover__author">{esc(meta.author)}</p>'
        f'<h1 class="pb-cover__title">{esc(french_spacing(meta.title))}</h1>'
        f'<p class="pb-cover__subtitle">{esc(french_spacing(meta.subtitle))}</p>'
        "</div>"
        f'<p class="pb-cover__edition">{esc(edition_text(meta))}</p>'
        f"{online}"
        f'<p class="pb-cover__reference">{esc(labels.version)}{NBSP}: {esc(meta.version)}</p>'
        "</section>"
    )


def _chapter_html(chapter: _Chapter) -> str:
    page = chapter.page
    title = html.escape(french_spacing(page.title))
    level = min(max(page.level, 1), 6)
    article = chapter.article
    for tag, depth in (("h2", 1), ("h3", 2)):
        for heading in article.find_all(tag):
            heading["class"] = [*heading.get("class", []), f"bl-{min(level + depth, 6)}"]
    inner = article.decode_contents()
    return (
        f'<article class="pb-chapter" id="{chapter.pid}" lang="fr">'
        f'<h1 class="pb-chapter__title bl-{level}">{title}</h1>'
        f"{inner}</article>"
    )


# --------------------------------------------------------------------------------------------
# One page


def _read_chapter(site_dir: Path, page: PdfPage) -> _Chapter:
    path = site_dir / page.dest_uri
    if not path.is_file():
        raise PdfError(f"la page `{page.dest_uri}` (« {page.title} ») n'a pas été générée dans `{site_dir}`. "
                       "Construisez le site avant le PDF.")
    soup = _soup(path.read_text(encoding="utf-8"))
    article = soup.select_one("article.md-content__inner")
    if article is None:
        raise PdfError(f"la page `{page.dest_uri}` n'a pas d'élément `<article class=\"md-content__inner\">`, "
                       "où le PDF lit son contenu. Vérifiez les gabarits du dossier `overrides/`.")
    pid = _page_id(page.dest_uri)
    if not page.title.strip():  # a navigation entry without a title: the page's own heading
        heading = article.find("h1")
        title = " ".join(heading.get_text().removesuffix("¶").split()) if heading else ""
        page = replace(page, title=title or page.dest_uri)
    _clean(article, soup)
    ids = _prefix_ids(article, pid)
    return _Chapter(page, pid, article, ids)


def _clean(article, soup) -> None:
    from bs4.element import Comment

    for tag in [tag for tag in article.find_all(True) if _screen_only(tag)]:
        if not tag.decomposed:  # (inside one removed already)
            tag.decompose()
    for comment in article.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    _footnotes(article, soup)
    _checkboxes(article, soup)
    _expand_tabs(article, soup)
    for tag in article.find_all(["input", "button", "select", "textarea", "datalist", "output"]):
        tag.decompose()
    for label in article.find_all("label"):
        label.name = "span"
        for attr in ("for", "tabindex"):
            label.attrs.pop(attr, None)
    _open_details(article)
    _long_cards(article)
    _notebook(article)
    _table_columns(article, soup)
    # The page's own title: the chapter heading (the navigation title) replaces it.
    first = article.find("h1")
    if first is not None:
        alias = first.get("id")
        first.decompose()
        if alias:
            article["data-pb-alias"] = alias
    for heading in article.find_all("h1"):
        heading.name = "h2"
    for tag in article.find_all(True):
        for attr in ("tabindex", "onclick", "loading", "srcset", "sizes", "data-md-component",
                     "draggable", "contenteditable"):
            tag.attrs.pop(attr, None)


# Column widths of tables, set here rather than by WeasyPrint's automatic table layout, which
# measures every word of every cell (min- and max-content widths, hyphenation included) and took
# 16 s of the playbook's PDF for 117 tables. This is CSS 2.1's automatic layout algorithm on
# character counts: each column gets at least its longest word and, room permitting, its longest
# cell; the table is then laid out with `table-layout: fixed` (pdf.css), in one pass.
_LINE_CHARS = 110  # characters of table text (8 pt DejaVu Sans) across the text width of A4
_NESTED_LINE_CHARS = 96  # the same inside a box, a list item or a quotation (their margins)
_BOLD = 1.12  # a header cell's bold letters are this much wider
_DENSE_GAIN = 8 / 6.8  # more characters per line in a dense table's 6.8 pt type (pdf.css)
_CELL_PADDING_CHARS = 2
_KEY_COLUMN = 30.0  # percent: the header column of a two-column key/value table


def _table_columns(article, soup) -> None:
    for table in article.find_all("table"):
        if table.find(["colgroup", "col"]) or table.find(attrs={"colspan": True}) \
                or table.find(attrs={"rowspan": True}) or table.find_parent("table"):
            continue  # WeasyPrint's own layout for the rare complex table
        rows = [row.find_all(["th", "td"], recursive=False) for row in table.find_all("tr")]
        columns = max((len(cells) for cells in rows), default=0)
        if columns < 2:
            continue
        least, most = [1] * columns, [1] * columns
        for cells in rows:
            for index, cell in enumerate(cells):
                text = " ".join(cell.get_text(" ").split())
                scale = _BOLD if cell.name == "th" else 1.0
                longest_word = max((len(word) for word in text.split()), default=0)
                least[index] = max(least[index], math.ceil(longest_word * scale) + _CELL_PADDING_CHARS)
                most[index] = max(most[index], math.ceil(len(text) * scale) + _CELL_PADDING_CHARS)
        nested = table.find_parent(["li", "blockquote"]) is not None \
            or table.find_parent(class_="admonition") is not None
        room = _NESTED_LINE_CHARS if nested else _LINE_CHARS
        dense = sum(least) > room  # too many columns for their words: a smaller type (pdf.css)
        if dense:
            room = room * _DENSE_GAIN
        widths = _auto_widths(least, most, room)
        if columns == 2 and all(cells and cells[0].name == "th" and cells[0].get("scope") == "row"
                                for cells in rows):
            widths = [_KEY_COLUMN, 100 - _KEY_COLUMN]  # key/value tables alike (e.g. the rules)
        colgroup = soup.new_tag("colgroup")
        for width in widths:
            colgroup.append(soup.new_tag("col", attrs={"style": f"width: {width:.1f}%"}))
        table.insert(0, colgroup)
        table["class"] = [*table.get("class", []), "pb-table--fixed", *(["pb-table--dense"] if dense else [])]


def _auto_widths(least: list[int], most: list[int], room: int) -> list[float]:
    """Column widths in percent of the table, from each column's minimum and maximum width."""
    low, high = sum(least), sum(most)
    if high <= room:  # everything fits on one line: share out what remains like browsers do
        shares = most
    elif low >= room:
        shares = least
    else:
        spare = (room - low) / (high - low)
        shares = [lo + (hi - lo) * spare for lo, hi in zip(least, most, strict=True)]
    total = sum(shares)
    return [100 * share / total for share in shares]


def _screen_only(tag) -> bool:
    if tag.name in _REMOVED_TAGS or any(attr in tag.attrs for attr in _REMOVED_ATTRIBUTES):
        return True
    classes = tag.get("class") or ()
    return any(c in _REMOVED_CLASSES for c in classes) or (
        tag.name == "a" and any(c in _REMOVED_LINK_CLASSES for c in classes))


def _footnotes(article, soup) -> None:
    """Markdown footnotes become real footnotes at the bottom of the page, numbered with the
    link footnotes (one series per chapter)."""
    notes = {}
    for block in article.select("div.footnote"):
        for item in block.select("li[id]"):
            notes[item["id"]] = item
    for ref in article.select("a.footnote-ref[href^='#']"):
        item = notes.get(str(ref["href"])[1:])
        if item is None:
            continue
        note = soup.new_tag("span", attrs={"class": "pb-fn pb-fn--note"})
        for child in item.find_all(recursive=False) or [item]:
            for inner in list(child.contents):
                note.append(copy.copy(inner))
        holder = ref.parent if ref.parent is not None and ref.parent.name == "sup" else ref
        holder.replace_with(note)
    for block in article.select("div.footnote"):
        block.decompose()


def _checkboxes(article, soup) -> None:
    """Checklists and task lists: an empty box to tick with a pen (☐), or ☑ when ticked in the
    Markdown of a task list."""
    for box in article.select(".pb-checklist input[type=checkbox]"):
        mark = soup.new_tag("span", attrs={"class": "pb-box", "aria-hidden": "true"})
        mark.string = "\u2610"
        box.replace_with(mark)
    for box in article.select("li.task-list-item input[type=checkbox]"):
        mark = soup.new_tag("span", attrs={"class": "pb-box", "aria-hidden": "true"})
        mark.string = "\u2611" if box.has_attr("checked") else "\u2610"
        box.replace_with(mark)
    for indicator in article.select(".task-list-indicator"):
        indicator.decompose()


def _expand_tabs(article, soup) -> None:
    """Every tab's content, one after the other, each preceded by its label."""
    for tabs in article.select(".tabbed-set"):
        labels_box = tabs.find(class_="tabbed-labels", recursive=False)
        if labels_box is not None:  # alternate style: labels together, then the blocks
            labels = labels_box.find_all("label", recursive=False)
            content = tabs.find(class_="tabbed-content", recursive=False)
            blocks = content.find_all(class_="tabbed-block", recursive=False) if content else []
        else:  # classic style: label, content, label, content...
            labels = tabs.find_all("label", recursive=False)
            blocks = tabs.find_all(class_="tabbed-content", recursive=False)
        kept = [c for c in tabs.get("class", []) if c not in ("tabbed-set", "tabbed-alternate")]
        wrapper = soup.new_tag("div", attrs={"class": " ".join(["pb-tabs", *kept])})  # e.g. pb-example
        for label, block in zip(labels, blocks, strict=False):
            tab = soup.new_tag("div", attrs={"class": "pb-tab"})
            title = soup.new_tag("p", attrs={"class": "pb-tab__label"})
            for child in list(label.contents):
                title.append(child)
            tab.append(title)
            for child in list(block.contents):
                tab.append(child)
            wrapper.append(tab)
        tabs.replace_with(wrapper)


#: A message card with more findings than this may break between its text and its findings:
#: kept whole, it would push its introduction onto a page of its own.
_LONG_CARD_FINDINGS = 5


def _long_cards(article) -> None:
    for card in article.select(".pb-message"):
        if len(card.select(".pb-message__finding")) > _LONG_CARD_FINDINGS:
            card["class"] = [*card.get("class", []), "pb-message--long"]


def _open_details(article) -> None:
    """Collapsed blocks, opened: an admonition whose title is the summary."""
    for details in article.find_all("details"):
        details.name = "div"
        details["class"] = ["admonition", *(c for c in details.get("class", []) if c != "admonition"),
                            "pb-details"]
        details.attrs.pop("open", None)
        summary = details.find("summary", recursive=False)
        if summary is not None:
            summary.name = "p"
            summary["class"] = ["admonition-title"]


def _notebook(article) -> None:
    """mkdocs-jupyter output: cell tags obeyed (`hide-input`, `remove-input`, `hide-output`,
    `remove-output`, `hide-cell`, `remove-cell`), no tag toolbar, no code cell's source (only
    outputs print), no empty boxes; a cell with nothing left goes entirely."""
    for toolbar in article.select(".celltoolbar"):
        toolbar.decompose()
    # The code itself is for the site's readers who open the notebook: on paper only its results
    # (text, tables, charts) are printed, never the Python that made them.
    for area in article.select(".jp-CodeCell .jp-Cell-inputWrapper"):
        area.decompose()
    for tags, part in (("hide-input remove-input", ".jp-Cell-inputWrapper"),
                       ("hide-output remove-output", ".jp-Cell-outputWrapper"),
                       ("hide-cell remove-cell", None)):
        selector = ", ".join(f".celltag_{tag}" for tag in tags.split())
        for cell in article.select(selector):
            if part is None:
                cell.decompose()
            else:
                for area in cell.select(part):
                    area.decompose()
    for area in article.select(".jp-InputArea, .jp-Cell-inputWrapper"):
        if not area.get_text(strip=True):
            area.decompose()
    for area in article.select(".jp-OutputArea, .jp-Cell-outputWrapper"):
        if not area.get_text(strip=True) and not area.find(["img", "svg", "table"]):
            area.decompose()
    for cell in article.select(".jp-Cell"):
        if not cell.get_text(strip=True) and not cell.find(["img", "svg", "table"]):
            cell.decompose()


def _prefix_ids(article, pid: str) -> dict[str, str]:
    """Make every id unique in the document (`<page id>--<id>`); returns the old -> new mapping.
    References inside the page (`aria-*` id lists) follow."""
    ids: dict[str, str] = {}
    for tag in article.find_all(attrs={"id": True}):
        old = tag["id"]
        new = f"{pid}--{re.sub(r'[^A-Za-z0-9_:.-]+', '-', old)}"
        if old in ids:  # a duplicate id inside one page: keep the first as the target
            del tag["id"]
            continue
        ids[old] = new
        tag["id"] = new
    for tag in article.find_all(attrs={"name": True}):
        if tag.name == "a":
            del tag["name"]
    for attr in ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns"):
        for tag in article.find_all(attrs={attr: True}):
            refs = [ids[r] for r in str(tag[attr]).split() if r in ids]
            if refs:
                tag[attr] = " ".join(refs)
            else:
                del tag[attr]
    alias = article.attrs.pop("data-pb-alias", None)
    if alias:
        ids.setdefault(alias, pid)
    return ids


def _rewrite_links(chapter: _Chapter, by_dest: dict[str, _Chapter], site_dir: Path,
                   meta: PdfMeta) -> None:
    article = chapter.article
    soup = article
    while soup.parent is not None:
        soup = soup.parent
    here = chapter.page.dest_uri
    for link in article.find_all("a", href=True):
        href = str(link["href"]).strip()
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("//"):
            _external(link, href, soup)
            continue
        if not parts.path:  # same page
            link["href"] = "#" + chapter.ids.get(unquote(parts.fragment), chapter.pid)
            continue
        target = _resolve(here, parts.path)
        if target is None:
            link.unwrap()
            continue
        chapter_to = by_dest.get(target)
        if chapter_to is not None:
            anchor = chapter_to.ids.get(unquote(parts.fragment), chapter_to.pid) if parts.fragment \
                else chapter_to.pid
            link["href"] = "#" + anchor
            if chapter_to is not chapter and link.find_parent(_HEADINGS) is None:
                # On paper: "(p. 12)" after the link (see _fill_page_numbers).
                link["class"] = [*link.get("class", []), "pb-ref"]
                ref = _soup(f'<span class="pb-pageref">{NBSP}'
                            f'{_page_number_slot(anchor, prefix=f"(p.{NBSP}", suffix=")")}</span>')
                link.insert_after(ref)
        elif meta.site_url and (site_dir / target).exists():
            _external(link, meta.site_url.rstrip("/") + "/" + target
                      + (f"#{parts.fragment}" if parts.fragment else ""), soup)
        else:
            link.unwrap()  # a page left out of the PDF (and no site URL to send the reader to)
    for image in article.find_all("img", src=True):
        src = str(image["src"]).strip()
        parts = urlsplit(src)
        if parts.scheme == "data":
            continue
        target = None if (parts.scheme or parts.netloc) else _resolve(here, parts.path)
        if target is None or not (site_dir / target).is_file():
            # Never fetched from the network; a missing file is shown by its description.
            alt = soup.new_tag("span", attrs={"class": "pb-missing-image"})
            alt.string = f"[{image.get('alt') or posixpath.basename(parts.path) or 'image'}]"
            image.replace_with(alt)
            continue
        image["src"] = target
        if not image.has_attr("alt"):
            image["alt"] = ""


def _resolve(here: str, path: str) -> str | None:
    """A link's path, relative to the page `here`, as a path relative to the site root."""
    path = unquote(path)
    if path.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
    if joined.startswith("../") or joined == "..":
        return None
    if joined == ".":
        joined = "index.html"
    elif path.endswith("/") or "." not in posixpath.basename(joined):
        joined = joined.rstrip("/") + "/index.html"
    if joined.endswith(".md"):  # a link MkDocs could not convert (only in non-strict builds)
        joined = joined[:-3] + ".html"
        if joined.endswith("/README.html"):
            joined = joined[: -len("README.html")] + "index.html"
    return joined


def _external(link, url: str, soup) -> None:
    """An external link stays clickable and shows its address as a footnote (or nothing when the
    text already is the address)."""
    link["href"] = url
    shown = url[len("mailto:"):] if url.startswith("mailto:") else url
    text = link.get_text(" ", strip=True)
    bare = re.sub(r"^https?://(www\.)?", "", shown).rstrip("/")
    if not text or bare in text or text in (shown, url):
        link["class"] = [*link.get("class", []), "pb-url"]
        return
    if link.find_parent(class_="pb-fn") is not None:  # already in a footnote: in parentheses
        link.insert_after(f" ({shown})")
        return
    note = soup.new_tag("span", attrs={"class": "pb-fn"})
    note.string = shown
    link.insert_after(note)


def _typography(article) -> None:
    from bs4 import NavigableString
    from bs4.element import Comment, Doctype, ProcessingInstruction

    for text in list(article.find_all(string=True)):
        if isinstance(text, Comment | Doctype | ProcessingInstruction) or not isinstance(
                text, NavigableString):
            continue
        skip = False
        for parent in text.parents:
            if parent.name in _VERBATIM:
                skip = True
                break
            lang = parent.get("lang") if hasattr(parent, "get") else None
            if lang:
                skip = not typography.is_french(lang)
                break
        if skip:
            continue
        new = french_spacing(str(text))
        if new != text:
            text.replace_with(NavigableString(new))


# --------------------------------------------------------------------------------------------
# Rendering


# SVG styling in inline charts' `style` attributes (Matplotlib writes `style="fill: ..."`): the
# HTML cascade does not know these properties and says so, but the SVG renderer applies them.
_SVG_STYLE_NOISE = re.compile(
    r"^Ignored `(fill|stroke|text-anchor|dominant-baseline|clip-path|clip-rule|fill-rule|"
    r"stop-color|stop-opacity|marker|paint-order|shape-rendering|alignment-baseline)[a-z-]*:"
    r"[^`]*` at 1:\d+, unknown property\.$")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not _SVG_STYLE_NOISE.match(message):
            self.messages.append(message)


def _fetcher(site_dir: Path):
    """Files under the site and data: URLs only; nothing from the network."""
    from weasyprint.urls import URLFetcher

    root = site_dir.resolve()

    class SiteOnly(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path != root and root not in path.parents:
                    raise ValueError(f"outside the site: {url}")
            elif scheme != "data":
                raise ValueError(f"not fetched (the PDF loads nothing from the network): {url}")
            return super().fetch(url, headers)

    return SiteOnly(allowed_protocols={"file", "data"})


_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp"}

#: Where fontconfig finds the system's fonts (Debian): installing or upgrading a font changes the
#: PDF, so their names and sizes are part of the cache key.
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
             Path.home() / ".local" / "share" / "fonts")


def _fonts_signature() -> str:
    found = []
    for folder in FONT_DIRS:
        if folder.is_dir():
            found.extend(f"{p}:{p.stat().st_size}" for p in folder.rglob("*") if p.is_file())
    return "\n".join(sorted(found))


def pdf_cache_key(site_dir: Path, pages: list[PdfPage], meta: PdfMeta) -> str:
    """SHA-256 of everything the PDF is made of: the built pages, the site's images, the print
    stylesheet, this module's code, the cover's metadata and interface labels (`meta`), the
    installed fonts and the libraries' versions."""
    from playbook import cache

    site_dir = Path(site_dir)
    images = [p for p in site_dir.rglob("*") if p.suffix.lower() in _IMAGES and p.is_file()]
    return cache.files_digest(
        site_dir, [site_dir / page.dest_uri for page in pages] + images + [STYLESHEET, Path(__file__)],
        repr(pages), repr(meta), PDF_VARIANT, cache.versions(), _fonts_signature())


def build_pdf(site_dir: Path, pages: list[PdfPage], out: Path, *, meta: PdfMeta,
              cache_dir: Path | None = None) -> PdfReport:
    """Write the PDF of `pages` (built in `site_dir`) to `out`; see the module docstring.

    With `cache_dir`, a PDF made from exactly the same inputs (`pdf_cache_key`) is copied from
    there instead of being laid out again, and a new one is stored there (older ones removed)
    unless WeasyPrint complained: a PDF with warnings (a missing font or library) is made again
    next time, so installing what was missing is enough to mend it."""
    start = time.perf_counter()
    out = Path(out)
    if cache_dir is None:
        return _render_pdf(Path(site_dir), pages, out, meta=meta, start=start)
    from playbook import cache

    entry = Path(cache_dir) / pdf_cache_key(site_dir, pages, meta)
    stored, facts = entry / "playbook.pdf", entry / "report.json"
    if stored.is_file() and facts.is_file():
        try:
            known = json.loads(facts.read_text(encoding="utf-8"))
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stored, out)
            return PdfReport(path=out, page_count=int(known["page_count"]),
                             chapters=int(known["chapters"]), seconds=time.perf_counter() - start,
                             size_bytes=out.stat().st_size, variant=known.get("variant"),
                             cached=True)
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged entry: lay the PDF out again and store it anew
    report = _render_pdf(Path(site_dir), pages, out, meta=meta, start=start)
    if report.warnings:
        return report
    try:
        entry.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, stored)
        facts.write_text(json.dumps({
            "page_count": report.page_count, "chapters": report.chapters,
            "variant": report.variant}), encoding="utf-8")
        cache.prune_siblings(entry)
    except OSError:
        pass  # a read-only or full disk costs the next build time, never this one's PDF
    return report


def _render_pdf(site_dir: Path, pages: list[PdfPage], out: Path, *, meta: PdfMeta,
                start: float) -> PdfReport:
    import weasyprint

    markup = build_html(site_dir, pages, meta=meta)
    chapters = markup.count('class="pb-chapter"')
    stylesheet = weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"))
    collect = _Collect()
    loggers = [logging.getLogger(name) for name in ("weasyprint", "weasyprint.progress")]
    saved = [(lg.propagate, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(collect)
        lg.propagate = False
    loggers[1].setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(
            string=markup, base_url=site_dir.resolve().as_uri() + "/",
            url_fetcher=_fetcher(site_dir), media_type="print",
        ).render(stylesheets=[stylesheet])
        collect.messages.extend(_fill_page_numbers(document))
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(out, pdf_variant=PDF_VARIANT, pdf_tags=True, uncompressed_pdf=False)
    finally:
        for lg, (propagate, level) in zip(loggers, saved, strict=True):
            lg.removeHandler(collect)
            lg.propagate = propagate
            lg.setLevel(level)
    return PdfReport(
        path=out, page_count=len(document.pages), chapters=chapters,
        seconds=time.perf_counter() - start, size_bytes=out.stat().st_size,
        variant=PDF_VARIANT, warnings=collect.messages,
    )
