"""Issue 15, item 1: every link a reader can click, as the browser resolves it (relative links,
the footer, links the page's scripts add), leads to a page of the site, and a link to a place
in a page finds that place. Crawled from the home page; the HTML-only check of every built file
is tests/site/test_links.py."""

from __future__ import annotations

from urllib.parse import unquote, urldefrag, urlsplit

# Links the scripts write after load (checker results, checklist progress) are collected after
# this wait; the checker gets a draft so its result links exist.
SETTLE_MS = 400
DRAFT = "Bonjour, suite à votre demande je me permets de vous proposer une démo de notre solution."


def test_every_link_of_every_page_leads_somewhere_real(page, site_url):
    host = urlsplit(site_url).netloc
    to_visit, seen, problems, checked = [site_url + "index.html"], set(), [], 0
    fragments: dict[str, set[str]] = {}  # page URL -> fragments some link points to
    while to_visit:
        url = to_visit.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        if response is None or response.status != 200:
            problems.append(f"{url}: HTTP {response.status if response else 'none'}")
            continue
        if url.endswith("verifier.html"):
            page.fill("#pb-draft", DRAFT)
        page.wait_for_timeout(SETTLE_MS)
        ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        ids |= set(page.eval_on_selector_all("a[name]", "els => els.map(e => e.name)"))
        for wanted in fragments.get(url, set()) - ids:
            problems.append(f"{url}#{wanted}: no such place in the page")
        fragments[url] = ids  # from now on, checked as the links are found
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                continue  # outside the site (mailto:, the article's address): not followed here
            checked += 1
            target, fragment = urldefrag(href)
            fragment = unquote(fragment)  # ids are written as typed (« tag:méthode »)
            if not target.endswith((".html", "/")):
                target_ok = page.request.get(target).status == 200  # the PDF, a notebook, a file
                if not target_ok:
                    problems.append(f"{url}: link to {href} is broken")
                continue
            if fragment:
                known = fragments.get(target)
                if isinstance(known, set) and target in seen and fragment not in known:
                    problems.append(f"{url}: link to {href}: no such place in the page")
                elif target not in seen:
                    fragments.setdefault(target, set()).add(fragment)
            to_visit.append(target)
    assert len(seen) >= 30 and checked > 500, (len(seen), checked)
    assert problems == [], "\n".join(problems[:20])
