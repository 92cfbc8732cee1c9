"""Shared by the test_pdf tests of every tier (unit, build, site)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from playbook import pdf
from site_facts import ROOT, nav_pages

PDF_NAME = "playbook-linkedin.pdf"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts" / "pdf"
#: The PDF's interface wording, as the build passes it (the `pdf` section of labels.yml).
LABELS = yaml.safe_load((ROOT / "snippets" / "labels.yml").read_text(encoding="utf-8"))["pdf"]
META = pdf.PdfMeta(
    title="Le playbook LinkedIn",
    subtitle="Prospecter sans spammer, soigner son réseau, publier ce qui compte.",
    author="Htag Consulting",
    version="v-test",
    date=datetime(2026, 12, 1, 6, 2, 11, tzinfo=timezone.utc),
    labels=pdf.PdfLabels.from_mapping(LABELS),
    site_url="https://example.org/playbook/",
)
FIXTURE_PAGES = [
    pdf.PdfPage("Accueil", "index.html", None, 1),
    pdf.PdfPage("Le guide", "guide/index.html", "Une partie", 2),
    pdf.PdfPage("Page sœur : détails", "guide/soeur.html", "Une partie", 2),
    pdf.PdfPage("Carnet", "carnet.html", None, 1),
]


# --------------------------------------------------------------------------------------------
# Helpers: what a PDF must show, whoever made it


def normalize(text: str) -> str:
    """Spaces of any kind (no-break, narrow) as one space; typographic apostrophes as '."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


def page_texts(reader: PdfReader) -> list[str]:
    return [normalize(page.extract_text() or "") for page in reader.pages]


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page index) of every bookmark, in document order."""
    found: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, normalize(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def chapter_bookmarks(reader: PdfReader, chapters: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """(title, 0-based page) of the bookmark of each chapter given as (title, navigation level),
    matched in order: the next bookmark with that title at depth level - 1."""
    marks, position = [], 0
    entries = outline(reader)
    for title, level in chapters:
        for index in range(position, len(entries)):
            depth, found, page = entries[index]
            if found == title and depth == level - 1:
                marks.append((title, page))
                position = index + 1
                break
        else:
            raise AssertionError(f"no bookmark « {title} » at depth {level - 1} after the previous chapter")
    return marks


def toc_numbers(texts: list[str], titles: list[str], first_chapter_page: int) -> list[int]:
    """The page number the table of contents prints after each title, in order."""
    toc = " ".join(texts[1:first_chapter_page])
    numbers, position = [], 0
    for title in titles:
        match = re.compile(re.escape(title) + r" ?[.\u2024 ]*?(\d+)\b").search(toc, position)
        assert match, f"« {title} » is not in the table of contents (after position {position})"
        numbers.append(int(match.group(1)))
        position = match.end()
    return numbers


def resolved(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def unembedded_fonts(reader: PdfReader) -> list[str]:
    missing = set()
    for page in reader.pages:
        fonts = resolved(resolved(page.get("/Resources", {})).get("/Font", {}))
        for font in (resolved(f) for f in fonts.values()):
            if font.get("/Subtype") == "/Type3":
                continue  # glyphs drawn by the PDF itself
            descendants = font.get("/DescendantFonts")
            target = resolved(resolved(descendants)[0]) if descendants else font
            descriptor = resolved(target.get("/FontDescriptor", {}))
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    return sorted(missing)


def check_pdf(path: Path, chapters: list[tuple[str, int]], meta: pdf.PdfMeta) -> PdfReader:
    """Everything a reader of the PDF relies on, for chapters given as (title, navigation level)
    in navigation order; returns the reader for further checks."""
    reader = PdfReader(path)
    texts = page_texts(reader)
    chapters = [(normalize(title), level) for title, level in chapters]
    titles = [title for title, _level in chapters]

    # Metadata.
    info = reader.metadata
    assert info.title == meta.title
    assert info.author == meta.author
    assert info.creation_date is not None
    assert str(resolved(reader.trailer["/Root"]).get("/Lang")) == meta.lang

    # One bookmark per navigation page, in navigation order, as deep as the page in the navigation.
    marks = chapter_bookmarks(reader, chapters)
    assert [title for title, _page in marks] == titles
    pages = [page for _title, page in marks]
    assert pages == sorted(pages), "the chapters' bookmarks are not in page order"

    # Every title appears, in order, in the chapters' text.
    body, position = " ".join(texts[marks[0][1]:]), 0
    for title in titles:
        found = body.find(title, position)
        assert found >= 0, f"« {title} » is missing from the chapters (or out of order)"
        position = found + len(title)

    # The table of contents' numbers are the pages where the chapters start.
    numbers = toc_numbers(texts, titles, marks[0][1])
    for (title, page_index), number in zip(marks, numbers, strict=True):
        assert number == page_index + 1, f"TOC says « {title} » is on page {number}, it is on {page_index + 1}"
        assert title in texts[page_index], f"« {title} » is not on page {number}"

    # Fonts embedded; no missing-glyph substitute in the text.
    assert unembedded_fonts(reader) == []
    assert not any("\ufffd" in text for text in texts)

    # No screen leftovers.
    everything = " ".join(texts)
    assert "¶" not in everything
    return reader


def render_png(path: Path, page_number: int, name: str) -> Path | None:
    """Render one page (1-based) to test-artifacts/pdf/<name>.png with pdftoppm."""
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftoppm (poppler-utils) is missing on CI: install it to render the PDF")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / name
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(page_number),
                    "-l", str(page_number), str(path), str(prefix)], check=True, timeout=120)
    return prefix.with_suffix(".png")


# --------------------------------------------------------------------------------------------
# The fixture project: every construct the transform handles


@pytest.fixture
def print_site(build_fixture):
    build = build_fixture("pdf-print")
    assert build.returncode == 0, build.log
    return build.site


# --------------------------------------------------------------------------------------------
# The real site


def real_pdf_pages(site: Path) -> list[pdf.PdfPage]:
    """The navigation as build_pdf wants it (what the on_post_build hook passes)."""
    return pdf.pages_from_config(ROOT / "mkdocs.yml")


def expected_chapters(site: Path) -> list[tuple[str, int]]:
    """(title, navigation level) of every navigation page, in the PDF's order; a page without a
    title in mkdocs.yml is titled by its own heading, as MkDocs does."""
    chapters = []
    titles = dict((dest, title) for title, dest in nav_pages())
    pages = real_pdf_pages(site)
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    left_out = {re.sub(r"\.(md|ipynb)$", ".html", src) for src in
                load_config(str(ROOT / "mkdocs.yml")).extra.get("pdf_leave_out") or ()}
    assert left_out, "the maintainers' pages are left out of the PDF"
    assert sorted(page.dest_uri for page in pages) == sorted(set(titles) - left_out), \
        "the PDF prints every reader's page once"
    for page in pages:  # in the PDF's order: reference pages (extra.pdf_annexes) come last
        dest = page.dest_uri
        title = titles[dest]
        if not title:
            heading = BeautifulSoup((site / dest).read_text(encoding="utf-8"), "html.parser").select_one(
                "article.md-content__inner h1")
            title = heading.get_text().removesuffix("¶")
        chapters.append((normalize(title), page.level))
    return chapters


@pytest.fixture(scope="session")
def real_pdf(real_build) -> tuple[Path, pdf.PdfMeta, pdf.PdfReport | None]:
    """The real site's PDF, as the strict build itself writes it next to the site."""
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    meta = pdf.meta_from_config(load_config(str(ROOT / "mkdocs.yml")), ROOT, labels=LABELS)
    built = real_build.site / PDF_NAME
    assert built.is_file(), f"the build did not write {PDF_NAME}:\n{real_build.log}"
    return built, meta, None


def _first_page_with_tabs(reader: PdfReader, start: int, html: str) -> int:
    """The page (0-based) from `start` that shows the chapter's first tab label."""
    soup = BeautifulSoup(html, "html.parser")
    label = soup.select_one(".tabbed-labels label, .tabbed-set > label")
    wanted = normalize(label.get_text(" ", strip=True)).upper() if label else ""
    for index in range(start, min(start + 15, len(reader.pages))):
        if wanted and wanted in normalize(reader.pages[index].extract_text() or "").upper():
            return index
    return start


# --------------------------------------------------------------------------------------------
# The PDF as a document to hand a reader: nothing that only makes sense on a screen

#: Screen instructions and interface descriptions that must never print (hover, keyboard, filters,
#: the site's search box, the checker's text box and buttons, the download button).
SCREEN_ONLY_PHRASES = (
    "survolez",
    "touche Tab",
    "Avec JavaScript",
    "se filtrent",
    "utilisez la recherche en haut de page",
    "zone de saisie",
    "Montrer dans le texte",
    "Le bouton PDF, en haut de chaque page",
    "Cliquez sur « Tout décocher »",
    "le bouton « Tout décocher »",
)
#: Developer material: only on the contributor page (the chapter titled CONTRIBUTOR_CHAPTER).
DEVELOPER_PHRASES = ("playbook lint", "--jsonl", "rules.yml", "robot-bad", ".venv/bin", "Jupyter", ".ipynb",
                     "docs/analyses", "hide-input")
CONTRIBUTOR_CHAPTER = "Contribuer"
#: A page with fewer lines of text than this is a near-empty page (a TOC line, a lone heading).
MIN_LINES = 5
#: A printed line of code with an English comment (`# Share of ...`, `x = 1  # random seed`).
_ENGLISH_COMMENT = re.compile(
    r"(^|\s)#\s*[A-Za-z][^#\n]*\b(the|of|and|to|for|per|with|each|from|is|are|a|an|in)\b", re.I)
_FRENCH_HINT = re.compile(r"[àâçéèêëîïôûùœ«»]|\b(le|la|les|des|du|une|et|est|pour|dans)\b", re.I)


def pdftotext_pages(path: Path) -> list[str]:
    """Each page's text as pdftotext -layout prints it (what a reader sees, line by line)."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is missing on CI")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def reading_problems(path: Path) -> list[str]:
    """What keeps the PDF from being a document to hand a client, page by page (1-based): a
    screen-only phrase, developer material outside the contributor chapter, a page with fewer than
    MIN_LINES lines of text (running header and footer not counted), a printed English code comment,
a rules category's introduction left at the foot of a page, a gap before the punctuation that
follows a « (p. 12) ». The cover (page 1) is exempt from the
    line count: it is a designed page, a title band with a few lines of text."""
    reader = PdfReader(path)
    contributor = set()
    marks = outline(reader)
    for index, (depth, title, start) in enumerate(marks):
        if title == CONTRIBUTOR_CHAPTER:  # up to the next bookmark as high as its own
            end = next((p for d, _t, p in marks[index + 1:] if d <= depth), len(reader.pages))
            contributor.update(range(start, max(end, start + 1)))
    problems = []
    for index, raw in enumerate(pdftotext_pages(path)):
        number = index + 1
        text = normalize(raw).replace("\u2010", "-")
        flat = re.sub(r"- ", "", text)  # words hyphenated at a line's end
        for phrase in SCREEN_ONLY_PHRASES:
            if phrase.lower() in text.lower() or phrase.lower() in flat.lower():
                problems.append(f"p. {number}: screen-only phrase « {phrase} »")
        if index not in contributor:
            for phrase in DEVELOPER_PHRASES:
                if phrase in text.replace(" ", "") or phrase in text:
                    problems.append(f"p. {number}: developer material « {phrase} » outside {CONTRIBUTOR_CHAPTER}")
        lines = [line for line in raw.splitlines() if line.strip()]
        body = lines[1:-1]  # without the running header and footer every page but the cover has
        if number > 1 and len(body) < MIN_LINES:
            problems.append(f"p. {number}: only {len(body)} lines of text besides the header and footer: {body}")
        for gap in re.findall(r"\(p\.\s?[0-9]+\)[ \u2007]+[.,]", text):  # the slot's padding (pdf.py)
            problems.append(f"p. {number}: a gap between a page reference and its punctuation: « {gap} »")
        if body and re.match(r"\s*Dans le playbook\s?:", body[-1]):  # a rules category's introduction
            problems.append(f"p. {number}: ends with a category's introduction, its rules on the next page: {body[-1].strip()}")
        for line in lines:
            match = _ENGLISH_COMMENT.search(line)
            if match and not _FRENCH_HINT.search(line[match.start():]):
                problems.append(f"p. {number}: English code comment printed: {line.strip()}")
    return problems
