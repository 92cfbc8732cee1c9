"""The real playbook, built once per session with --strict (see conftest.real_build)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from site_facts import nav_pages


class ResourceParser(HTMLParser):
    """Collects every URL a page would load by itself (scripts, stylesheets, fonts, images...)."""

    LOADING = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
               ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}
    LOADING_LINKS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch",
                     "icon", "modulepreload", "manifest"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.lang: str | None = None
        self.inline_styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        for name, value in attrs:
            if (tag, name) in self.LOADING and value:
                self.urls.append(value)
        if tag == "link" and set((attributes.get("rel") or "").split()) & self.LOADING_LINKS:
            self.urls.append(attributes.get("href") or "")
        if attributes.get("style"):
            self.inline_styles.append(attributes["style"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.inline_styles.append(data)

    def handle_endtag(self, tag):
        self._in_style = False


def is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in {"http", "https"}


def built_pages(build):
    return sorted(build.site.rglob("*.html"))


def test_strict_build_prints_no_warning(real_build):
    assert real_build.warnings == []


def test_every_navigation_page_is_built_in_french(real_build):
    pages = nav_pages()
    assert pages, "the navigation is empty"
    for title, dest in pages:
        path = real_build.site / dest
        assert path.is_file(), f"{title}: {dest} was not built"
        parser = ResourceParser()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.lang == "fr", f"{dest} has lang={parser.lang!r}"


def test_no_page_loads_anything_from_outside_the_site(real_build):
    offenders = []
    for path in built_pages(real_build):
        parser = ResourceParser()
        parser.feed(path.read_text(encoding="utf-8"))
        offenders += [f"{path.name}: {u}" for u in parser.urls if is_external(u)]
        offenders += [f"{path.name}: inline {s[:60]}" for s in parser.inline_styles
                      if re.search(r"url\(\s*['\"]?https?:|@import", s)]
    assert offenders == []


def test_no_stylesheet_pulls_fonts_or_imports_from_outside(real_build):
    offenders = []
    for path in real_build.site.rglob("*.css"):
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"@import[^;]*https?:[^;]*|url\(\s*['\"]?https?:[^)]*\)", text)]
    assert offenders == []


def test_search_index_is_french_and_holds_the_pages(real_build):
    index = json.loads((real_build.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["fr"]
    text = " ".join(doc["text"] for doc in index["docs"])
    assert re.search(r"\b(réseau|prospection|relations)\b", text), "no French text in the index"
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for _title, dest in nav_pages():
        assert dest in locations or (dest == "index.html" and "" in locations), f"{dest} not indexed"
    # Offline use: the index is also inlined as a script the offline plugin loads from disk.
    assert (real_build.site / "search" / "search_index.js").is_file()


def test_every_page_has_an_edit_button(real_build):
    for _title, dest in nav_pages():
        html = real_build.page(dest)
        assert re.search(r'<a href="https://github\.com/[^"]+/edit/main/docs/[^"]+\.(md|ipynb)"[^>]*md-content__button', html), dest


def test_iframe_worker_shim_is_vendored_not_fetched(real_build):
    html = real_build.page("index.html")
    assert '<script src="assets/vendor/iframe-worker/shim.js"></script>' in html
    assert "unpkg" not in html


def test_every_page_ends_with_what_to_do_next(real_build):
    """House rule: each page ends with « Et maintenant ? » (its last section)."""
    for title, dest in nav_pages():
        html = real_build.page(dest)
        article = html[html.index('<article'):html.index('</article>')]
        headings = re.findall(r"<h2[^>]*>(.*?)</h2>", article, re.S)
        assert headings and "Et maintenant" in headings[-1], f"{dest} does not end with « Et maintenant ? »"
