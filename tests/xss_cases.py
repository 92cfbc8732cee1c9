"""Script-injection cases for the contributors' data fields (tests/test_safe_html.py and
tests/browser/test_xss_browser.py).

Each data field a consultant edits is rendered here by the build's own functions, with one
payload from tests/fixtures/xss/payloads.txt, then the way the page would show it (through the
page's Markdown when the field is spliced into Markdown). `unsafe(markup)` lists what could run
script in a browser; the browser test loads everything in Chromium and listens for dialogs.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import markdown
import yaml

from playbook import checklists, glossary, library_pages, safe_html

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = [line for line in (ROOT / "tests" / "fixtures" / "xss" / "payloads.txt")
            .read_text(encoding="utf-8").splitlines() if line.strip()]
LABELS = yaml.safe_load((ROOT / "snippets" / "labels.yml").read_text(encoding="utf-8"))

# The page-level Markdown a generated listing goes through (mkdocs.yml's extensions that matter).
_PAGE_EXTENSIONS = ["abbr", "attr_list", "def_list", "md_in_html", "admonition", "tables",
                    "pymdownx.superfences", "pymdownx.smartsymbols"]


def page_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=_PAGE_EXTENSIONS)


def _checklist(text: str = "Un point", detail: str | None = None, intro: str | None = None) -> str:
    item = checklists.ChecklistItem(id="point", text=text, detail=detail)
    checklist = checklists.Checklist(id="essai", title="Essai", items=(item,), intro=intro)
    return checklists.render_checklist(checklist, md=safe_html.block, url_for=lambda link: None,
                                       instance=1, labels=LABELS["checklist"])


def glossary_definition(payload: str) -> str:
    return page_markdown(glossary.render_glossary([glossary.Term("Terme", payload, 1)]))


def _library(category_label="Catégorie", category_description="Description.",
             good_section="Réussis", good_intro="Introduction.") -> str:
    labels = {**LABELS, "library": {**LABELS["library"], "good_section": good_section,
                                    "good_intro": good_intro}}
    bad = SimpleNamespace(id="mauvais", verdict="bad", pair=None, lang="fr", channel="message")
    good = SimpleNamespace(id="bon", verdict="good", pair=None, lang="fr", channel="message")
    categories = {"generic": SimpleNamespace(label=category_label, description=category_description)}
    channels = {"message": SimpleNamespace(label="Message")}
    listing = library_pages.library_markdown({"mauvais": bad, "bon": good}, categories, channels,
                                             labels, lambda message: "generic")
    return page_markdown(listing)


#: field name -> renderer(payload) -> HTML as the reader's browser receives it.
FIELDS = {
    "checklist text": lambda payload: _checklist(text=payload),
    "checklist detail": lambda payload: _checklist(detail=payload),
    "checklist intro": lambda payload: _checklist(intro=payload),
    "glossary definition": glossary_definition,
    "rules.yml category label": lambda payload: _library(category_label=payload),
    "rules.yml category description": lambda payload: _library(category_description=payload),
    "labels.yml library.good_section": lambda payload: _library(good_section=payload),
    "labels.yml library.good_intro": lambda payload: _library(good_intro=payload),
}

_SCRIPTING_TAGS = {"script", "iframe", "frame", "object", "embed", "svg", "math", "style", "base",
                   "meta", "link", "img", "video", "audio", "source", "body", "template",
                   "noscript", "marquee", "details"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "content"}


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _SCRIPTING_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}=…>")
            elif name in _URL_ATTRIBUTES and value.replace("\t", "").replace("\n", "").startswith(
                    ("javascript:", "data:", "vbscript:")):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
            elif name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")


def unsafe(markup: str) -> list[str]:
    """What in `markup` could run script or load something in a browser (empty: nothing)."""
    audit = _Audit()
    audit.feed(markup)
    audit.close()
    return audit.problems
