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
    for page, expected in zip(real_pdf_pages(real_build.site), titles, strict=True):
        html = real_build.page(page.dest_uri)
        if 'class="admonition' in html and 'class="tabbed-set' in html:
            page_number = _first_page_with_tabs(reader, starts[expected], html) + 1
            break
    cover = render_png(path, 1, "cover")
    toc = render_png(path, 2, "toc")
    content = render_png(path, page_number, "content")
    for image in (cover, toc, content):
        assert image.is_file() and image.stat().st_size > 10_000, image
    # The cover says what it must: the title, the edition's date in French words (« Édition du
    # 7 décembre 2026 », also in every footer) and, small, the commit.
    first = normalize(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
                                     capture_output=True, text=True, check=True).stdout)
    edition = normalize(pdf.edition_text(meta))
    assert pdf.french_date(meta.date, LABELS["months"]) in edition
    for wanted in (normalize(meta.title), edition, LABELS["version"], meta.version):
        assert wanted in first, (wanted, first)
    footer = normalize(subprocess.run(["pdftotext", "-f", "5", "-l", "5", str(path), "-"],
                                      capture_output=True, text=True, check=True).stdout)
    assert edition in footer and meta.version not in footer, footer
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


def test_real_build_subsets_fonts_with_harfbuzz(real_build):
    """Proof that .ci/system-packages is complete: WeasyPrint found HarfBuzz-Subset (without
    libharfbuzz-subset0 it falls back to fontTools and says so once per font)."""
    complaints = [line for line in real_build.log.splitlines()
                  if "HarfBuzz" in line or "fontTools" in line]
    assert complaints == [], "\n".join(complaints)


def test_real_pdf_reads_as_a_document_for_a_client(real_pdf):
    """No screen instructions, no developer material outside « Contribuer », no near-empty page,
    no printed code comment (tests/pdf_checks.py lists the phrases)."""
    from pdf_checks import reading_problems

    path, _meta, _report = real_pdf
    problems = reading_problems(path)
    assert problems == [], "\n".join(problems)
