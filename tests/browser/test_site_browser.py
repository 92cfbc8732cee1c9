"""The built site in a real Chromium: loading, French search, no request outside the site."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

#: (query typed in the search box, page expected first): the playbook's acceptance queries, and
#: accented words typed with and without their accents.
SEARCHES = [
    ("relance", "prospecter/relances.html"),
    ("500 relations", "reseau/index.html"),
    ("algorithme", "reseau/diffusion.html"),
    ("commenter", "contenu/commenter.html"),
    ("ciblage", "prospecter/ciblage.html"),
    ("prospection", "prospecter/index.html"),
    ("Facebookisation", "constat/facebookisation.html"),
    ("ménage", "reseau/nettoyer.html"),
]


def test_home_page_loads_in_french(page, site_url):
    page.goto(site_url)
    expect(page).to_have_title(re.compile("playbook LinkedIn", re.I))
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.locator(".md-content h1").first).to_be_visible()


def test_french_search_finds_the_right_page(page, site_url):
    for query, expected in SEARCHES:
        page.goto(site_url)
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(query, delay=20)
        first = page.locator(".md-search-result__item a").first
        expect(first).to_be_visible(timeout=10_000)
        href = first.get_attribute("href") or ""
        assert urlsplit(href).path.endswith("/playbook/" + expected), f"{query!r}: first result is {href}"


def test_site_opened_from_disk_navigates_and_searches_offline(page, real_build):
    """The offline plugin's promise: file:// pages, inlined search index, no server at all."""
    page.goto((real_build.site / "index.html").as_uri())
    # A page near the top of the (long, sticky) sidebar: Playwright cannot scroll the sidebar's
    # own scroll area to a link far below the first screen, a reader's wheel can.
    page.locator("nav.md-nav--primary a[href$='compte/limites.html']").first.click()
    expect(page.locator(".md-content h1").first).to_contain_text("Limites et sécurité")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("algorithme", delay=20)
    first = page.locator(".md-search-result__item a").first
    expect(first).to_be_visible(timeout=10_000)
    assert urlsplit(first.get_attribute("href") or "").path.endswith("/reseau/diffusion.html")


def test_verifier_and_library_filters_work_from_disk(page, real_build):
    """Scripts must not wait for Material's document$, which never fires on file:// pages."""
    page.goto((real_build.site / "verifier.html").as_uri())
    draft = page.locator("#pb-draft")
    expect(draft).to_be_visible()
    draft.fill("Bonjour, suite à votre demande, voici notre offre.")
    expect(page.locator("#pb-results li").first).to_be_visible()
    page.goto((real_build.site / "messages" / "index.html").as_uri())
    expect(page.locator("form.pb-library-filters")).to_be_visible()
