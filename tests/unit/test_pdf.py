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


# --------------------------------------------------------------------------------------------
# Plain functions


def test_french_date():
    months = LABELS["months"]
    assert pdf.french_date(datetime(2026, 12, 1), months) == "1er décembre 2026"
    assert pdf.french_date(datetime(2027, 2, 14), months) == "14 février 2027"


def test_interface_texts_come_from_the_labels():
    """The cover's and table of contents' wording is data (labels.yml), part of the cache key."""
    other = replace(META, labels=replace(META.labels, toc="Table", version="Réf.", edition="Parution du {date}",
                                         online="En ligne", months=("jan",) * 11 + ("déc.",)))
    cover = pdf._cover(other)
    assert "Parution du 1er déc. 2026" in cover and "Réf.\u00a0: v-test" in cover
    assert "En ligne\u00a0:" in cover and "Sommaire" not in cover
    assert pdf.PdfLabels.from_mapping(LABELS) == META.labels
    assert pdf.pdf_cache_key(FIXTURES, [], other) != pdf.pdf_cache_key(FIXTURES, [], META)


def test_git_version_without_git_history_falls_back(tmp_path):
    version, date = pdf.git_version(tmp_path)
    assert version == "dev"
    assert date.tzinfo is not None
    # The cover and footers then say so rather than give the build's day as the edition's date.
    assert pdf.edition_text(replace(META, version=version, date=date)) == LABELS["undated"]
    assert pdf.edition_text(META) == "Édition du 1er décembre 2026"


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


def test_annexes_move_reference_pages_to_the_last_section():
    """extra.pdf_annexes: reference pages print at the end, inside the last section (the
    annexes), in the order given; the other pages keep the navigation's order."""
    from types import SimpleNamespace as NS

    def page(title, src):
        return NS(is_page=True, is_section=False, title=title,
                  file=NS(src_uri=src, dest_uri=src.replace(".md", ".html")))

    nav = NS(items=[
        page("Accueil", "index.md"),
        NS(is_section=True, is_page=False, title="Outils", children=[
            page("Checklists", "checklists.md"), page("Bibliothèque", "messages/index.md"),
            page("Règles", "regles/index.md")]),
        NS(is_section=True, is_page=False, title="Annexes", children=[page("Glossaire", "glossaire.md")]),
    ])
    assert pdf.pages_from_nav(nav, ["regles/index.md", "messages/index.md"]) == [
        pdf.PdfPage("Accueil", "index.html", None, 1),
        pdf.PdfPage("Checklists", "checklists.html", "Outils", 2),
        pdf.PdfPage("Glossaire", "glossaire.html", "Annexes", 2),
        pdf.PdfPage("Règles", "regles/index.html", "Annexes", 2),
        pdf.PdfPage("Bibliothèque", "messages/index.html", "Annexes", 2),
    ]
    assert [p.dest_uri for p in pdf.pages_from_nav(nav)][2] == "messages/index.html"
    with pytest.raises(pdf.PdfError, match=r"`absente\.md`"):
        pdf.pages_from_nav(nav, ["absente.md"])
    left = pdf.pages_from_nav(nav, ["regles/index.md"], leave_out=["messages/index.md", "checklists.md"])
    assert [p.dest_uri for p in left] == ["index.html", "glossaire.html", "regles/index.html"]
    with pytest.raises(pdf.PdfError, match=r"`extra\.pdf_leave_out`.*`contribuer\.md`"):
        pdf.pages_from_nav(nav, leave_out=["contribuer.md"])


def test_missing_page_is_explained(tmp_path):
    with pytest.raises(pdf.PdfError, match=r"`absente\.html` .*Construisez le site avant le PDF"):
        pdf.build_html(tmp_path, [pdf.PdfPage("Absente", "absente.html")], meta=META)


def test_table_columns_get_their_words_and_a_wide_table_a_smaller_type():
    def laid_out(html: str):
        soup = BeautifulSoup(f'<article class="md-content__inner">{html}</article>', "html.parser")
        article = soup.article
        pdf._table_columns(article, soup)
        table = article.table
        return table.get("class"), [float(c["style"].split(":")[1].rstrip("%")) for c in table.select("col")]

    narrow = "<table><tr><th>Mois</th><th>Remarques</th></tr><tr><td>mars</td><td>" + "mot " * 30 + "</td></tr></table>"
    classes, plain = laid_out(narrow)
    assert "pb-table--fixed" in classes and "pb-table--dense" not in classes
    # « Mois » in bold (4 letters × 1.12, rounded up) and its 2 characters of padding, never cut
    assert plain[0] >= 100 * 7 / 110
    wide_header = "".join(f"<th>Colonne{n:02d}longue</th>" for n in range(10))
    classes, widths = laid_out(f"<table><tr>{wide_header}</tr><tr>{'<td>1</td>' * 10}</tr></table>")
    assert "pb-table--dense" in classes and abs(sum(widths) - 100) < 0.5
    # Inside a box, the same words need a larger share of a narrower line.
    _c, boxed = laid_out(f'<div class="admonition">{narrow}</div>')
    assert boxed[0] > plain[0]
