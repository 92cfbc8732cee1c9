"""Every link of every built page leads to a file of the site (and to an element of it when the
link names one): navigation, content, footer, generated listings and the 404 page alike."""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]



class Links(HTMLParser):
    """Every href a reader can follow, and every id a fragment can point to."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag in ("a", "area") and attributes.get("href") is not None:
            self.hrefs.append(attributes["href"])
        if tag == "link" and attributes.get("href") and "canonical" not in (attributes.get("rel") or ""):
            self.hrefs.append(attributes["href"])


@cache
def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def site_prefix() -> str:
    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            return urlsplit(line.split(":", 1)[1].strip()).path
    return "/"


def target_of(page: Path, site: Path, href: str) -> tuple[Path | None, str]:
    parts = urlsplit(href)
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    if path.startswith("/"):
        prefix = site_prefix()
        if not path.startswith(prefix):
            return None, ""
        target = site / path[len(prefix):]
    else:
        target = page.parent / path
    resolved = target.resolve()
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, unquote(parts.fragment)


def test_every_link_of_every_built_page_leads_somewhere(real_build):
    site = real_build.site.resolve()
    broken = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        for href in parsed(page).hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # outside the site: other tests forbid loading from there, not linking
            target, fragment = target_of(page, site, href)
            where = f"{page.relative_to(site)}: {href}"
            if target is None or not target.is_relative_to(site) or not target.is_file():
                broken.append(f"{where} (no such file)")
            elif fragment and target.suffix == ".html" and fragment not in parsed(target).ids:
                broken.append(f"{where} (no element #{fragment})")
    assert broken == [], "\n".join(broken)
