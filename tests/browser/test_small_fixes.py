"""Issue 15, item 9 (and the edit button): the 404 page, checklists and library filters on a
phone, the checker's text box in the first screen, print without link addresses."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from site_server import SUB_PATH, SubPathHandler, serve


MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


class _PagesLikeHandler(SubPathHandler):
    """Serves the site under SUB_PATH and, like GitHub Pages, answers any unknown URL there with
    the site's 404.html (status 404), whatever its depth."""

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir() or target.exists():
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@pytest.fixture(scope="module")
def pages_url(real_build):
    with serve(real_build.site, _PagesLikeHandler) as url:
        yield url


@pytest.mark.parametrize("missing", ["page-disparue.html", "reseau/page-disparue.html",
                                     "prospecter/vieux/dossier/introuvable.html"])
def test_404_is_french_styled_and_leads_back(page, pages_url, missing):
    page.set_viewport_size(DESKTOP)
    response = page.goto(pages_url + missing)
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "fr"
    heading = page.locator(".md-content h1")
    expect(heading).to_be_visible()
    assert "not found" not in page.locator("body").inner_text().lower()
    assert re.search(r"introuvable", heading.inner_text(), re.I)
    # Styled: Material's stylesheet applied (its header is a fixed bar, not a plain block).
    assert page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    # A way back: the home page and the search, both inside the site.
    home = page.locator(".pb-not-found a.pb-not-found__home")
    expect(home).to_be_visible()
    home.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path in (SUB_PATH, SUB_PATH + "index.html")
    expect(page.locator(".md-content h1").first).to_be_visible()
    page.goto(pages_url + missing)
    expect(page.locator(".pb-not-found .pb-not-found__search")).to_be_visible()


def test_404_reads_without_javascript(browser, real_build, pages_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(pages_url + "reseau/absente.html")
        expect(page.locator(".pb-not-found a.pb-not-found__home")).to_be_visible()
        assert re.search(r"introuvable", page.locator(".md-content h1").inner_text(), re.I)
    finally:
        context.close()


def test_edit_button_is_accented(page, site_url):
    page.goto(site_url + "reseau/diffusion.html")
    edit = page.locator("a.md-content__button[rel='edit']")
    assert edit.get_attribute("title") == "Éditer cette page"


def test_checklist_progress_at_the_top_on_a_phone_and_big_boxes(page, site_url):
    page.set_viewport_size(MOBILE)
    page.goto(site_url + "checklists.html")
    section = page.locator(".pb-checklist").first
    section.scroll_into_view_if_needed()
    status = section.locator(".pb-checklist__status")
    expect(status).to_be_visible()
    # Before the items in the page (a long list scrolls under the sticky bar, so compare order).
    assert status.evaluate("s => !!(s.compareDocumentPosition(s.parentNode.querySelector("
                           "'.pb-checklist__items')) & Node.DOCUMENT_POSITION_FOLLOWING)")
    section.locator(".pb-checklist__title").scroll_into_view_if_needed()
    box = status.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= MOBILE["height"]
    assert status.locator(".pb-checklist__reset").is_visible()
    # Scrolled to the checklist's last item, progress is still on screen (sticky).
    section.locator(".pb-checklist__item").last.scroll_into_view_if_needed()
    box = status.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= MOBILE["height"]
    for handle in section.locator("input.pb-checklist__box").all():
        size = handle.bounding_box()
        assert size["width"] >= 20 and size["height"] >= 20, size


def test_library_filter_hides_empty_sections_and_counts_cleanly(page, site_url):
    page.goto(site_url + "messages/index.html")
    form = page.locator("form.pb-library-filters")
    expect(form).to_be_visible()
    count_text = form.locator(".pb-library-summary").inner_text()
    assert re.fullmatch(r"\d+ exemples? affichés?", count_text), repr(count_text)
    form.locator("select[data-filter='category']").select_option("false-pretext")
    shown = page.locator(".pb-library-item:visible").count()
    assert shown == int(form.locator(".pb-library-count").inner_text())
    headings = page.locator(".md-content h2:visible").all_inner_texts()
    sections_with_items = page.evaluate("""() => {
        const out = new Set();
        for (const item of document.querySelectorAll('.pb-library-item')) {
          if (item.hidden) continue;
          let node = item.previousElementSibling;
          while (node && node.tagName !== 'H2') node = node.previousElementSibling;
          if (node) out.add(node.id);
        }
        return [...out];
    }""")
    assert sections_with_items == ["false-pretext"]
    visible_ids = page.locator(".md-content h2:visible").evaluate_all("hs => hs.map(h => h.id)")
    library_ids = page.evaluate("""() => [...document.querySelectorAll('.md-content h2')]
        .filter(h => { let n = h.nextElementSibling;
                       while (n && n.tagName !== 'H2') { if (n.matches('.pb-library-item')) return true;
                                                         n = n.nextElementSibling; }
                       return false; }).map(h => h.id)""")
    assert [h for h in visible_ids if h in library_ids] == ["false-pretext"], headings
    form.locator("select[data-filter='category']").select_option("")
    assert page.locator(".pb-library-item:visible").count() > shown
    assert all(page.locator(f"[id='{h}']").is_visible() for h in library_ids)


def test_checker_text_box_in_the_first_screen_on_a_phone(page, site_url):
    page.set_viewport_size(MOBILE)
    page.goto(site_url + "verifier.html")
    box = page.locator("#pb-draft")
    expect(box).to_be_visible()
    top = box.bounding_box()["y"]
    assert top + 60 <= MOBILE["height"], f"the text box starts {top:.0f} px down"


def test_print_shows_no_link_address(page, site_url):
    page.goto(site_url + "sources.html")
    page.emulate_media(media="print")
    contents = page.locator(".md-typeset a[href^='http']").evaluate_all(
        "links => links.map(a => getComputedStyle(a, '::after').content)")
    assert contents, "sources.html links outside the site"
    assert all(c in ("none", "normal", '""') for c in contents), set(contents)
