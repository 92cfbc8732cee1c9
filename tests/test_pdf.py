"""The offline PDF (playbook.pdf): print transform, layout checks on a fixture project and on the
real site.

The real site's PDF is read from `<site>/playbook-linkedin.pdf` when the build makes it (the
`on_post_build` hook); until then the tests make it themselves with `build_pdf` (see `real_pdf`).
"""

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
# Plain functions


@pytest.mark.parametrize(("typed", "printed"), [
    ("Deux points : oui", "Deux points\u00a0: oui"),
    ("Vraiment ? Oui ! Bon ; soit", "Vraiment\u202f? Oui\u202f! Bon\u202f; soit"),
    ("« Bonjour »", "«\u202fBonjour\u202f»"),
    ("«Bonjour»", "«\u202fBonjour\u202f»"),
    ("https://example.com/?a=1 et 10:30", "https://example.com/?a=1 et 10:30"),
    ("Déjà\u00a0: fait", "Déjà\u00a0: fait"),
])
def test_french_spacing(typed, printed):
    assert pdf.french_spacing(typed) == printed


def test_french_date():
    months = LABELS["months"]
    assert pdf.french_date(datetime(2026, 12, 1), months) == "1er décembre 2026"
    assert pdf.french_date(datetime(2027, 2, 14), months) == "14 février 2027"


def test_interface_texts_come_from_the_labels():
    """The cover's and table of contents' wording is data (labels.yml), part of the cache key."""
    other = replace(META, labels=replace(META.labels, toc="Table", version="Édition", date="Le",
                                         online="En ligne", months=("jan",) * 11 + ("déc.",)))
    cover = pdf._cover(other)
    assert "<dt>Édition</dt>" in cover and "<dt>Le</dt>" in cover and "1er déc. 2026" in cover
    assert "En ligne\u00a0:" in cover and "Sommaire" not in cover
    assert pdf.PdfLabels.from_mapping(LABELS) == META.labels
    assert pdf.pdf_cache_key(FIXTURES, [], other) != pdf.pdf_cache_key(FIXTURES, [], META)


def test_git_version_without_git_history_falls_back(tmp_path):
    version, date = pdf.git_version(tmp_path)
    assert version == "dev"
    assert date.tzinfo is not None


def test_git_version_reads_describe_and_commit_date(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-C", str(tmp_path)]
    subprocess.run([*git, "init", "-q"], check=True)
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    subprocess.run([*git, "add", "a.txt"], check=True)
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-11-30T10:00:00+01:00",
           "GIT_AUTHOR_DATE": "2026-11-30T10:00:00+01:00"}
    subprocess.run([*git, "commit", "-q", "-m", "first"], check=True, env=env)
    subprocess.run([*git, "tag", "v1.2.0"], check=True)
    version, date = pdf.git_version(tmp_path)
    assert version == "v1.2.0"
    assert date == datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
    (tmp_path / "a.txt").write_text("b", encoding="utf-8")
    assert pdf.git_version(tmp_path)[0] == "v1.2.0-dirty"


def test_pages_from_config_follow_the_navigation():
    assert pdf.pages_from_config(FIXTURES / "pdf-print" / "mkdocs.yml") == [
        pdf.PdfPage("Accueil", "index.html", None, 1),
        pdf.PdfPage("", "guide/index.html", "Une partie", 2),
        pdf.PdfPage("Page sœur : détails", "guide/soeur.html", "Une partie", 2),
        pdf.PdfPage("Carnet", "carnet.html", None, 1),
    ]


def test_missing_page_is_explained(tmp_path):
    with pytest.raises(pdf.PdfError, match=r"`absente\.html` .*Construisez le site avant le PDF"):
        pdf.build_html(tmp_path, [pdf.PdfPage("Absente", "absente.html")], meta=META)


# --------------------------------------------------------------------------------------------
# The fixture project: every construct the transform handles


@pytest.fixture
def print_site(build_fixture):
    build = build_fixture("pdf-print")
    assert build.returncode == 0, build.log
    return build.site


def test_print_transform(print_site):
    markup = pdf.build_html(print_site, FIXTURE_PAGES, meta=META)
    soup = BeautifulSoup(markup, "html.parser")
    text = soup.get_text(" ")

    # Screen-only things are gone.
    assert "¶" not in text
    for selector in ("button", "input", "form", "script", "style", "nav.md-tags", "details",
                     ".md-content__button", ".pb-screen-only", ".tabbed-set", "clipboard-copy"):
        assert not soup.select(selector), selector
    assert "Seulement à l'écran" not in text and "Copied!" not in text

    # Tabs expanded with their labels; collapsed block opened with its title.
    labels = [p.get_text(strip=True) for p in soup.select(".pb-tab__label")]
    assert labels == ["Premier onglet", "Second onglet"]
    assert "Contenu du second onglet." in text and "Le contenu caché du bloc replié." in text
    assert soup.select_one(".admonition.note .admonition-title").get_text(strip=True) == "Un bloc replié"

    # Checklist: an empty box, no progress; task list: ticked and empty boxes.
    assert soup.select_one(".pb-checklist .pb-box").get_text() == "\u2610"
    assert [b.get_text() for b in soup.select("li.task-list-item .pb-box")] == ["\u2611", "\u2610"]
    # Message card: text and explanation kept.
    card = soup.select_one(".pb-message--bad")
    assert "je me permets de vous écrire" in card.select_one(".pb-message__text").get_text()
    assert "rien ne montre que vous avez lu le profil" in card.get_text()
    assert card.select_one("mark")["aria-describedby"] == "p-index--ex-1-robot-bad-n1"

    # One document: unique ids, every internal link lands somewhere.
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for link in soup.find_all("a", href=True):
        if link["href"].startswith("#"):
            assert link["href"][1:] in ids, link
    soeur = soup.find("a", string="page sœur")
    assert soeur["href"] == "#p-guide-soeur--deuxieme"
    assert soup.find("a", string="encadrés")["href"] == "#p-index--encadres"
    assert soup.find("a", string="accueil")["href"] == "#p-index"
    assert soup.find("a", string="la section du guide")["href"] == "#p-guide-index--section-du-guide"
    assert soup.find("a", string="cette section")["href"] == "#p-guide-soeur--deuxieme"

    # External links: address as a footnote, unless already visible.
    external = soup.find("a", string="site externe")
    assert external["href"] == "https://example.com/guide"
    assert external.find_next_sibling("span", class_="pb-fn").get_text() == "https://example.com/guide"
    assert soup.select_one("a.pb-url")["href"] == "https://example.com/visible"
    # Markdown footnotes are page footnotes too.
    assert soup.select_one(".pb-fn--note").get_text(strip=True) == "Le texte de la note."

    # French spacing in text, never in code.
    assert "deux points\u00a0: puis" in text and "«\u202fdes guillemets\u202f»" in text
    assert soup.find("code", string=re.compile("a : b")).get_text() == "a : b ?"

    # Notebook: no prompt, no empty code cell, the chart is kept.
    assert "In [" not in text and "In\xa0[" not in text
    assert len(soup.select(".jp-CodeCell .jp-InputArea")) == 1  # the empty cell and the hidden code went
    assert "code masqué" not in text and "hide-input" not in text and "Résultat visible" in text
    assert soup.select_one(".jp-OutputArea img")

    # Images are read from the site, by path relative to it.
    assert soup.select_one("img[alt='Bande bleue']")["src"] == "assets/bande.png"


def test_fixture_pdf(print_site, tmp_path):
    report = pdf.build_pdf(print_site, FIXTURE_PAGES, tmp_path / "test.pdf", meta=META)
    assert report.warnings == []
    assert report.chapters == len(FIXTURE_PAGES)
    assert report.variant == "pdf/ua-1"
    reader = check_pdf(report.path, [(p.title, p.level) for p in FIXTURE_PAGES], META)
    assert 4 <= len(reader.pages) <= 12
    assert report.page_count == len(reader.pages)
    # Bookmarks mirror the navigation: the section above its pages, headings below.
    marks = outline(reader)
    assert (0, "Une partie", 3) in marks
    assert (1, "Le guide", 3) in marks
    assert (2, "Section du guide", 3) in marks
    # A link to another chapter prints the page it leads to, forwards and backwards (the numbers
    # are written into the laid-out document: see pdf._fill_page_numbers); one inside its own
    # chapter prints none.
    text = " ".join(page_texts(reader))
    deuxieme = next(page for depth, title, page in marks if title == "Deuxième section")
    assert f"page sœur (p. {deuxieme + 1})" in text
    assert "la section du guide (p. 4)" in text
    assert "cette section (p." not in text
    assert "000" not in text  # no placeholder left


# --------------------------------------------------------------------------------------------
# The real site


def real_pdf_pages(site: Path) -> list[pdf.PdfPage]:
    """The navigation as build_pdf wants it (what the on_post_build hook passes)."""
    return pdf.pages_from_config(ROOT / "mkdocs.yml")


def expected_chapters(site: Path) -> list[tuple[str, int]]:
    """(title, navigation level) of every navigation page, in order; a page without a title in
    mkdocs.yml is titled by its own heading, as MkDocs does."""
    chapters = []
    for (title, dest), page in zip(nav_pages(), real_pdf_pages(site), strict=True):
        assert page.dest_uri == dest
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


def test_every_page_links_to_the_pdf(real_build):
    for _title, dest in nav_pages():
        depth = dest.count("/")
        href = "../" * depth + PDF_NAME
        assert f'<a href="{href}" download' in real_build.page(dest), dest


def test_real_pdf_is_complete_and_navigable(real_build, real_pdf):
    path, meta, report = real_pdf
    chapters = expected_chapters(real_build.site)
    reader = check_pdf(path, chapters, meta)
    assert len(chapters) + 2 <= len(reader.pages) <= 40 * len(chapters) + 10
    if report is not None:
        assert report.warnings == [], "WeasyPrint complained (a .notdef is a glyph no font has)"
        print(f"PDF: {report.page_count} pages in {report.seconds:.1f} s")


def test_real_pdf_renders_cover_and_a_content_page(real_build, real_pdf):
    path, meta, _report = real_pdf
    reader = PdfReader(path)
    # The first page whose chapter has both an admonition and content tabs, else the first chapter.
    chapters = expected_chapters(real_build.site)
    titles = [title for title, _level in chapters]
    starts = dict(chapter_bookmarks(reader, chapters))
    page_number = starts[titles[0]] + 1
    for (title, dest), expected in zip(nav_pages(), titles, strict=True):
        html = real_build.page(dest)
        if 'class="admonition' in html and 'class="tabbed-set' in html:
            page_number = _first_page_with_tabs(reader, starts[expected], html) + 1
            break
    cover = render_png(path, 1, "cover")
    toc = render_png(path, 2, "toc")
    content = render_png(path, page_number, "content")
    for image in (cover, toc, content):
        assert image.is_file() and image.stat().st_size > 10_000, image
    # The cover says what it must: the title, the version and the date in French words.
    first = normalize(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
                                     capture_output=True, text=True, check=True).stdout)
    for wanted in (normalize(meta.title), LABELS["version"], meta.version, LABELS["date"],
                   pdf.french_date(meta.date, LABELS["months"])):
        assert wanted in first, (wanted, first)
    # ...and shows it: the indigo band (pdf.css, #283593) fills a good part of the page, and no
    # page rendered is blank (one colour everywhere).
    from PIL import Image, ImageStat

    with Image.open(cover) as picture:
        rgb = picture.convert("RGB")
    band = sum(n for n, colour in rgb.getcolors(rgb.width * rgb.height) if colour == (0x28, 0x35, 0x93))
    assert band / (rgb.width * rgb.height) > 0.2, f"cover band covers {band / (rgb.width * rgb.height):.0%}"
    for image in (toc, content):
        with Image.open(image) as picture:
            assert max(ImageStat.Stat(picture.convert("L")).stddev) > 10, f"{image} looks blank"


def _first_page_with_tabs(reader: PdfReader, start: int, html: str) -> int:
    """The page (0-based) from `start` that shows the chapter's first tab label."""
    soup = BeautifulSoup(html, "html.parser")
    label = soup.select_one(".tabbed-labels label, .tabbed-set > label")
    wanted = normalize(label.get_text(" ", strip=True)).upper() if label else ""
    for index in range(start, min(start + 15, len(reader.pages))):
        if wanted and wanted in normalize(reader.pages[index].extract_text() or "").upper():
            return index
    return start


def test_real_build_subsets_fonts_with_harfbuzz(real_build):
    """Proof that .ci/system-packages is complete: WeasyPrint found HarfBuzz-Subset (without
    libharfbuzz-subset0 it falls back to fontTools and says so once per font)."""
    complaints = [line for line in real_build.log.splitlines()
                  if "HarfBuzz" in line or "fontTools" in line]
    assert complaints == [], "\n".join(complaints)


def test_pdf_cache_reuses_same_inputs_and_never_serves_a_stale_pdf(print_site, tmp_path):
    """Same inputs: the stored PDF, byte for byte. A changed page, image or cover: laid out anew."""
    site = tmp_path / "site-copy"
    shutil.copytree(print_site, site)
    store = tmp_path / "cache"
    first = pdf.build_pdf(site, FIXTURE_PAGES, tmp_path / "a.pdf", meta=META, cache_dir=store)
    again = pdf.build_pdf(site, FIXTURE_PAGES, tmp_path / "b.pdf", meta=META, cache_dir=store)
    assert (first.cached, again.cached) == (False, True)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert again.page_count == first.page_count and again.chapters == first.chapters

    page = site / "guide" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", "<p>Zanzibarquemotnouveau</p></article>", 1), encoding="utf-8")
    changed = pdf.build_pdf(site, FIXTURE_PAGES, tmp_path / "c.pdf", meta=META, cache_dir=store)
    assert not changed.cached
    assert "Zanzibarquemotnouveau" in " ".join(page_texts(PdfReader(changed.path)))
    assert len(list(store.iterdir())) == 1, "older entries are removed"

    image = next(site.rglob("bande.png"))
    image.write_bytes(image.read_bytes() + b"\0")
    assert not pdf.build_pdf(site, FIXTURE_PAGES, tmp_path / "d.pdf", meta=META, cache_dir=store).cached
    later = replace(META, version="v-test-2")
    cover = pdf.build_pdf(site, FIXTURE_PAGES, tmp_path / "e.pdf", meta=later, cache_dir=store)
    assert not cover.cached and "v-test-2" in page_texts(PdfReader(cover.path))[0]


def test_pdf_cache_key_follows_the_installed_fonts(print_site, tmp_path, monkeypatch):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setattr(pdf, "FONT_DIRS", (fonts,))
    before = pdf.pdf_cache_key(print_site, FIXTURE_PAGES, META)
    (fonts / "NotoColorEmoji.ttf").write_bytes(b"\0" * 10)
    assert pdf.pdf_cache_key(print_site, FIXTURE_PAGES, META) != before


def test_pdf_with_warnings_is_never_stored(print_site, tmp_path, monkeypatch):
    """A PDF made while a font or library was missing is laid out again next time."""
    real = pdf._render_pdf

    def complaining(*args, **kwargs):
        report = real(*args, **kwargs)
        report.warnings.append('Using fontTools instead of HarfBuzz-Subset for font "DejaVu Sans".')
        return report

    monkeypatch.setattr(pdf, "_render_pdf", complaining)
    store = tmp_path / "cache"
    first = pdf.build_pdf(print_site, FIXTURE_PAGES, tmp_path / "a.pdf", meta=META, cache_dir=store)
    assert first.warnings and not first.cached
    monkeypatch.setattr(pdf, "_render_pdf", real)
    again = pdf.build_pdf(print_site, FIXTURE_PAGES, tmp_path / "b.pdf", meta=META, cache_dir=store)
    assert not again.cached and again.warnings == []
