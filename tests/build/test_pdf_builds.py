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

from pdf_checks import PDF_NAME, FIXTURES, ARTIFACTS, LABELS, META, FIXTURE_PAGES, normalize, page_texts, outline, chapter_bookmarks, toc_numbers, resolved, unembedded_fonts, check_pdf, render_png, print_site, real_pdf_pages, expected_chapters, real_pdf, _first_page_with_tabs  # noqa: F401 (shared by the tiers)


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
    assert soup.select(".jp-CodeCell .jp-InputArea") == []  # code never prints, only its results
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
