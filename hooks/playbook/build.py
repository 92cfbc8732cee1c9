"""One build of the site: what it loaded (`BuildState`) and how each page marker is rendered.

`load(root, docs)` reads and checks every data file under `snippets/` once per build and returns
the state with the errors found. `renderers(state, links)` gives the page markers' renderers
(playbook.markers) for one page, `links` telling where that page's links lead. Nothing here
imports MkDocs: the hooks (hooks/playbook_hooks.py) pass what MkDocs knows through `PageLinks`.

One policy keeps one mistake to one message (`BuildState.ready`): a data file with errors was
reported when it was loaded, so the markers that need it render nothing more; a data file that
does not exist is an error on the page whose marker needs it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playbook import (cache, cards, checklists, figures, glossary, labels, library_pages, links, loading,
                      markers, pdf, review, safe_html, search, templating, typography)
from playbook.errors import ContentError

__all__ = ["BuildState", "PageLinks", "load", "renderers", "link_errors", "not_utf8", "notebook_links",
           "is_utf8", "glossary_snippet", "figure_errors"]

#: The data files a marker may need: how messages name each one, and how to restore it.
SOURCES = {
    "glossary": ("`snippets/glossary.md`", "Créez ce fichier avec une ligne `*[Terme]: définition` par terme."),
    "labels": ("`snippets/labels.yml`", "Rétablissez ce fichier tel qu'il est dans le dépôt."),
    "rules": ("`snippets/rules.yml`", "Rétablissez `snippets/rules.yml` (les règles du vérificateur)."),
    "messages": ("`snippets/messages/`", "Ajoutez-y au moins un exemple (un fichier `.md` par message)."),
}
RULES_PAGE = "regles/index.md"
LIBRARY_PAGE = "messages/index.md"


@dataclass
class BuildState:
    """Everything one build loaded. A data file that had errors is in `broken` (and its value
    stays empty); an example or checklist file with errors is in `broken_ids[kind]`."""

    root: Path
    docs: Path
    glossary: list[glossary.Term] | None = None
    labels: dict | None = None
    rules: Any | None = None  # playbook.lint.RuleSet
    checklists: dict[str, checklists.Checklist] = field(default_factory=dict)
    messages: dict[str, Any] = field(default_factory=dict)
    findings: dict[str, list] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    broken_ids: dict[str, set[str]] = field(default_factory=lambda: {"checklist": set(), "message": set()})
    reviews: dict[str, review.PageReview] = field(default_factory=dict)  # docs/ path -> owner, date
    today: Any = None  # the date review dates are compared with (playbook.review.today)
    history: str = "none"  # git history of the checkout: full, shallow or none (playbook.review)
    anchors: dict[str, set[str]] = field(default_factory=dict)  # page -> heading ids, filled while rendering
    rendered: dict[str, tuple[str, str]] = field(default_factory=dict)  # page -> (HTML written, source)
    nav: Any = None

    @property
    def docs_prefix(self) -> str:
        """`docs/` as a contributor sees it from the repository's root."""
        try:
            return self.docs.relative_to(self.root).as_posix() + "/"
        except ValueError:
            return self.docs.as_posix() + "/"

    def page_path(self, src_uri: str) -> str:
        return f"{self.docs_prefix}{src_uri}"

    def ready(self, what: str, *needs: str) -> bool:
        """Whether a marker needing the data files `needs` can render: False when one of them had
        errors (already reported), `markers.MarkerError` when one is missing."""
        if self.broken.intersection(needs):
            return False
        missing = [name for name in needs if getattr(self, name) in (None, {})]
        if missing:
            names = " et ".join(SOURCES[name][0] for name in missing)
            raise markers.MarkerError(f"{what} a besoin de {names}, qui n'existe pas ou est vide.",
                                      " ".join(SOURCES[name][1] for name in missing))
        return True


@dataclass(frozen=True)
class PageLinks:
    """Where links from one page lead: `href(src_uri)` is the URL of another page relative to
    this one (None when no such page exists), `title(src_uri)` that page's H1."""

    href: Callable[[str], str | None]
    title: Callable[[str], str | None]

    def rule(self, rule_or_category: str) -> str | None:
        page = self.href(RULES_PAGE)
        return f"{page}#{rule_or_category}" if page is not None else None


# ---------------------------------------------------------------------------------------------
# Loading

def load(root: Path, docs: Path) -> tuple[BuildState, list[ContentError]]:
    """Read and check every data file under `root/snippets/` (those that exist)."""
    state, errors = BuildState(root=root, docs=docs), []
    snippets = root / "snippets"
    if (snippets / "glossary.md").is_file():
        state.glossary, found = glossary.load_glossary(snippets / "glossary.md", "snippets/glossary.md")
        errors += found
    if (snippets / "checklists").is_dir():
        state.checklists, found = checklists.read_checklists(snippets / "checklists", root=root)
        errors += found
        state.broken_ids["checklist"] = {p.stem for p in (snippets / "checklists").iterdir()
                                         if p.suffix.lower() in (".yml", ".yaml")} - set(state.checklists)
    if (snippets / "labels.yml").is_file():
        state.labels, found = labels.load_labels(snippets / "labels.yml")
        errors += found
        if found:
            state.broken.add("labels")
    if (snippets / "rules.yml").is_file():
        loaded = loading.rules_and_library(snippets / "rules.yml", snippets / "messages")
        errors += loaded.errors
        if loaded.rules is None:
            state.broken.update(("rules", "messages"))
        else:
            state.rules, state.messages, state.findings = loaded.rules, loaded.library, dict(loaded.findings)
            state.broken_ids["message"] = set(loaded.broken)
    reviews, found = review.load(root, docs)
    errors += found
    try:
        state.today = review.today()
    except ContentError as error:  # a mistyped $PLAYBOOK_TODAY: said, and today is used
        errors.append(error)
        state.today = dt.date.today()
    state.reviews = {r.src: r for r in reviews}
    state.history = review.git_history(root)
    return state, errors


def is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def not_utf8(pages, state: BuildState) -> list[ContentError]:
    """Pages saved in another encoding than UTF-8 (MkDocs stops on them with a traceback): one
    message each, and the page is read with the undecodable bytes replaced so the build goes on.
    `pages` are MkDocs files (`content_bytes`, `content_string`, `src_uri`)."""
    errors = []
    for file in pages:
        data = file.content_bytes
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            errors.append(ContentError(
                state.page_path(file.src_uri), data.count(b"\n", 0, error.start) + 1,
                "la page n'est pas enregistrée en UTF-8 (accents illisibles).",
                "Enregistrez-la en UTF-8 dans votre éditeur (« Enregistrer sous », encodage UTF-8)."))
            file.content_string = data.decode("utf-8", "replace")
    return errors


# ---------------------------------------------------------------------------------------------
# Page markers

def renderers(state: BuildState, page: PageLinks) -> dict[str, markers.Renderer]:
    """The renderers of every marker, for one page (`instance` numbers differ on the page)."""
    counter = iter(range(1, 10_000))
    return {
        "glossary": markers.Renderer(lambda _arg: render_glossary(state), takes_argument=False,
                                     usage="<!-- playbook:glossary -->"),
        "review": markers.Renderer(lambda _arg: render_review_list(state, page), takes_argument=False,
                                   usage="<!-- playbook:review -->"),
        "checklist": markers.Renderer(lambda arg: render_checklist(state, page, arg, next(counter)),
                                      usage="<!-- playbook:checklist ID -->"),
        "message": markers.Renderer(lambda arg: render_message(state, page, arg, next(counter)),
                                    usage="<!-- playbook:message ID -->"),
        "library": markers.Renderer(lambda _arg: render_library(state), takes_argument=False,
                                    usage="<!-- playbook:library -->"),
        "rules": markers.Renderer(lambda _arg: render_rules(state, page), takes_argument=False,
                                  usage="<!-- playbook:rules -->"),
        "verifier": markers.Renderer(lambda _arg: render_verifier(state), takes_argument=False,
                                     usage="<!-- playbook:verifier -->"),
    }


def render_glossary(state: BuildState) -> str:
    if not state.ready("le marqueur du glossaire", "glossary"):
        return ""
    return glossary.render_glossary(state.glossary)


def render_checklist(state: BuildState, page: PageLinks, checklist_id: str, instance: int) -> str:
    checklist = state.checklists.get(checklist_id)
    if checklist is None and checklist_id in state.broken_ids["checklist"]:
        return ""  # its file's errors were reported
    if checklist is None:
        listed = ", ".join(sorted(state.checklists)) or "aucune pour l'instant"
        raise markers.MarkerError(
            f"checklist inconnue `{checklist_id}`.",
            f"Utilisez l'identifiant d'un fichier de `snippets/checklists/` (existantes : {listed}).")
    if not state.ready("cette checklist", "labels"):
        return ""

    def url_for(link: checklists.ItemLink) -> str | None:
        if link.kind != "link":
            return page.rule(link.target)  # rules and categories share the reference page
        href = page.href(link.target)  # None: reported by on_env with the checklist's file and line
        return f"{href}#{link.anchor}" if href is not None and link.anchor else href

    return checklists.render_checklist(checklist, md=safe_html.block, url_for=url_for, instance=instance,
                                       labels=state.labels["checklist"])


def render_message(state: BuildState, page: PageLinks, message_id: str, instance: int) -> str:
    message = state.messages.get(message_id)
    if message is None and message_id in state.broken_ids["message"]:
        return ""
    if not state.ready("cet exemple", "rules", "labels", "messages"):
        return ""
    if message is None:
        close = difflib.get_close_matches(message_id, sorted(state.messages), n=3, cutoff=0.6)
        raise markers.MarkerError(
            f"exemple de message inconnu `{message_id}`.",
            "Utilisez le nom d'un fichier de `snippets/messages/`, sans `.md`"
            + (f" (noms proches : {', '.join(close)})." if close else "."))
    rules = state.rules
    ctx = cards.CardContext(
        labels=state.labels,
        channel_labels={cid: c.label for cid, c in rules.channels.items()},
        category_labels={cid: c.label for cid, c in rules.categories.items()},
        rule_url=page.rule)
    pair = state.messages.get(message.pair) if message.pair else None
    return cards.render_example(message, pair, lambda m: state.findings[m.id], ctx, uid=f"pb-m{instance}")


def render_library(state: BuildState) -> str:
    if not state.ready("la bibliothèque de messages", "rules", "labels", "messages"):
        return ""
    rules = state.rules

    def primary(message) -> str | None:
        return library_pages.primary_category(message, rules, state.findings.get(message.id) or [])

    return library_pages.library_markdown(state.messages, rules.categories, rules.channels, state.labels, primary)


def render_rules(state: BuildState, page: PageLinks) -> str:
    if not state.ready("la référence des règles", "rules", "labels", "messages"):
        return ""

    def section_url(item) -> tuple[str, str] | None:
        target, _, anchor = item.link.partition("#")
        href = page.href(target)
        if href is None:
            return None  # reported by on_env with the rule's line
        return href + (f"#{anchor}" if anchor else ""), page.title(target) or target

    library = page.href(LIBRARY_PAGE) or ""
    return library_pages.rules_markdown(
        state.rules, library_pages.triggered_by(state.findings), state.labels, section_url,
        example_url=lambda message_id: f"{library}#{message_id}",
        example_title=lambda message_id: getattr(state.messages.get(message_id), "title", None) or message_id)


def render_verifier(state: BuildState) -> str:
    """The « Vérifier mon message » form and the rules as JSON for the in-browser linter."""
    if not state.ready("le vérificateur", "rules", "labels"):
        return ""
    snippets = state.root / "snippets"
    store = cache.cache_dir(state.root, "rules-json") if cache.enabled() else None
    rules_json = loading.stored_rules_json(snippets / "rules.yml", snippets / "messages",
                                           snippets / "labels.yml", store)
    return templating.render("verifier.html", v=state.labels["verifier"],
                             languages=list(state.labels["language"].items()),
                             rules_json=templating.Markup(rules_json))


# ---------------------------------------------------------------------------------------------
# Checks once every page is rendered

def link_errors(state: BuildState, pages: set[str]) -> list[ContentError]:
    """Links from checklists and rules.yml that MkDocs' own validation cannot see."""
    rules = state.rules
    # None when rules.yml has errors (reported already): its links are then not checked.
    known_rules = set(rules.by_id) if rules else (None if "rules" in state.broken else set())
    known_categories = set(rules.categories) if rules else (None if "rules" in state.broken else set())
    errors = checklists.check_links(state.checklists, pages, known_rules=known_rules,
                                    known_categories=known_categories, known_anchors=state.anchors)
    if rules is not None:
        errors += library_pages.link_errors(rules, pages, state.anchors)
    return errors


def notebook_links(html: str, src_uri: str, page: PageLinks, state: BuildState) -> tuple[str, list[ContentError]]:
    """Notebook Markdown cells bypass MkDocs' link handling (see playbook.links)."""
    html, missing = links.rewrite_page_links(html, src_uri, page.href)
    return html, [ContentError(state.page_path(src_uri), None, f"le lien `{link}` ne mène à aucune page du site.",
                               "Corrigez-le dans la cellule Markdown du notebook (un chemin relatif au notebook).")
                  for link in missing]


def page_content(html: str, src_uri: str, page: PageLinks, state: BuildState) -> tuple[str, list[ContentError]]:
    """A rendered page as the site serves it: notebook links resolved and notebook code kept out
    of the search index (playbook.search), French spacing (playbook.typography); the page's
    heading ids are recorded for the links that raw HTML (checklists) points to."""
    errors: list[ContentError] = []
    if src_uri.endswith(".ipynb"):
        html, errors = notebook_links(html, src_uri, page, state)
        html = search.hide_notebook_noise(html)
    html = review_notes(html, src_uri, state)
    html = typography.french_html(html)
    state.anchors[src_uri] = set(re.findall(r'\sid="([^"]+)"', html))
    return html, errors


_UP_TO_TITLE = re.compile(r"^.*?</h1\s*>", re.S)  # the banner goes under the page's title


def _date(state: BuildState, date) -> str:
    """`1er mars 2027`, never broken across two lines."""
    return pdf.french_date(date, state.labels["pdf"]["months"]).replace(" ", typography.NBSP)


def review_notes(html: str, src_uri: str, state: BuildState) -> str:
    """A reviewed page with its owner and review date at the end and, past that date, a notice
    under its title (playbook.review)."""
    entry = state.reviews.get(src_uri)
    if entry is None or not state.labels or "review" not in state.labels:
        return html
    text = state.labels["review"]

    def said(template: str) -> str:
        return template.replace("{owner}", entry.owner.name).replace("{date}", _date(state, entry.due))

    facts = templating.render("review-facts.html", text=said(text["facts"]))
    html = f"{html}\n{facts}"
    if not entry.is_overdue(state.today):
        return html
    banner = templating.render("review-banner.html", title=text["banner_title"], text=said(text["banner"]))
    title = _UP_TO_TITLE.match(html)
    return f"{title[0]}\n{banner}{html[title.end():]}" if title else f"{banner}\n{html}"


def render_review_list(state: BuildState, page: PageLinks) -> str:
    if not state.ready("la liste des pages à revoir", "labels"):
        return ""
    if "review" not in state.labels:
        raise markers.MarkerError("la liste des pages à revoir a besoin de la section `review` de "
                                  "snippets/labels.yml.", "Rétablissez cette section (voir le dépôt).")
    text = state.labels["review"]
    rows = [{"title": r.title, "href": page.href(r.src), "owner": r.owner.name, "due": _date(state, r.due),
             "late": r.is_overdue(state.today)} for r in review.by_date(list(state.reviews.values()))]
    rows.sort(key=lambda row: not row["late"])  # overdue first, each part still by date (stable)
    late = sum(row["late"] for row in rows)
    summary = text["some_overdue"].replace("{count}", str(late)) if late else text["none_overdue"]
    return templating.render("review-list.html", text=text, rows=rows, summary=summary)


def theme_labels(state: BuildState) -> dict:
    """The `site` texts of labels.yml (the theme's own texts around the pages: 404, edit button)
    and, under `review`, the page's « Mis à jour le … », with French spacing like the pages."""
    labels = state.labels or {}
    spaced = {key: typography.french_spacing(value) for key, value in (labels.get("site") or {}).items()}
    spaced["review"] = {key: typography.french_spacing(value) for key, value in (labels.get("review") or {}).items()}
    return spaced


def heading_of(markdown: str) -> str | None:
    """A page's H1, read from its source (page titles are not known yet when pages are generated)."""
    match = re.search(r"^# (.+?)\s*(?:\{.*\})?\s*$", markdown, re.M)
    return match[1].strip() if match else None


def not_found_context(site_url: str | None, extra_css, files) -> dict:
    """What overrides/404.html needs. The 404 page is served at any depth: MkDocs renders it with
    absolute URLs from site_url, which only work under that sub-path. Render it with relative URLs
    instead, resolved against a <base> naming the site's root, and tell its script (which moves
    <base> when the site is served elsewhere) the site's top-level folders."""
    from urllib.parse import urlsplit

    from mkdocs.utils import normalize_url

    root = urlsplit(site_url or "/").path or "/"
    return {
        "site_root": root if root.endswith("/") else root + "/",
        "base_url": ".",
        "extra_css": [normalize_url(path, None, ".") for path in extra_css],
        "site_folders": sorted({f.url.split("/")[0] for f in files if "/" in f.url}),
    }


def site_pdf(config, state: BuildState, name: str) -> tuple[list[str], str | None]:
    """The PDF step of `on_post_build`: (warnings to log, the summary line or None when no PDF
    was made). A problem the contributor must fix is a warning, so `--strict` fails on it."""
    try:
        if not state.ready("le PDF", "labels"):
            return [], None  # labels.yml has errors, reported already: no PDF, no second message
        report = pdf.build_site_pdf(config, state.nav, name=name, labels=state.labels["pdf"])
    except markers.MarkerError as error:  # no snippets/labels.yml: the cover has no texts
        return [f"PDF: {error.problem} {error.fix}"], None
    except pdf.PdfError as error:
        return [f"PDF: {error}"], None
    how = "reused from the cache (same inputs)" if report.cached else "laid out"
    # e.g. a glyph no installed font has: a warning, so strict fails
    return ([f"PDF: {message}" for message in report.warnings],
            f"PDF: {report.page_count} pages {how} in {report.seconds:.1f} s ({name})")


def glossary_snippet(mdx_configs: dict, path: Path, terms: list[glossary.Term] | None = None) -> None:
    """pymdownx.snippets' options for the glossary appended to every page, and the plurals of its
    terms given to the `abbr` extension's own glossary (`glossary.plural_forms`) when the terms
    themselves are appended."""
    options = mdx_configs.get("pymdownx.snippets")
    if options is None or not path.is_file():
        return
    # A byte-order mark (Windows editors) would hide the first term from every page.
    options.setdefault("encoding", "utf-8-sig")
    if not is_utf8(path):  # reported by `load`; pymdownx.snippets would crash on it
        options["auto_append"] = [name for name in options.get("auto_append", []) if Path(name).name != path.name]
    appended = any(Path(name).name == path.name for name in options.get("auto_append", []))
    abbr = mdx_configs.setdefault("abbr", {})
    if terms and appended and isinstance(abbr.get("glossary") or {}, dict):
        abbr["glossary"] = {**glossary.plural_forms(terms), **(abbr.get("glossary") or {})}


def figure_errors(state: BuildState, extra: dict, pages: set[str]) -> list[ContentError]:
    """playbook.figures over the pages this build rendered (`state.rendered`), when mkdocs.yml's
    `extra.figures` names the Sources page (`sources`) and the pages that are not reader prose
    (`not_prose`); `pages` are the site's pages. A dirty build (`--dirty`) that did not render the
    Sources page checks nothing: the figures were checked when it was last rendered."""
    if "figures" not in extra:
        return []
    settings = extra["figures"]
    fix = "Écrivez `sources: sources.md` puis `not_prose:` suivi de la liste des pages de maintenance."
    if not isinstance(settings, dict) or set(settings) - {"sources", "not_prose"} \
            or not isinstance(settings.get("sources"), str) \
            or not all(isinstance(p, str) for p in settings.get("not_prose") or []) \
            or not isinstance(settings.get("not_prose") or [], list):
        return [ContentError("mkdocs.yml", None, "`extra.figures` est mal écrit.", fix)]
    sources, skipped = settings["sources"], set(settings.get("not_prose") or [])
    unknown = sorted(name for name in {sources} | skipped if name not in pages)
    if unknown:
        return [ContentError("mkdocs.yml", None, f"`extra.figures` nomme « {name} », qui n'est pas une page du site.",
                             "Donnez le chemin d'une page sous docs/, par exemple `sources.md`.") for name in unknown]
    if sources not in state.rendered:
        return []
    checked = {state.page_path(uri): (html, text if uri.endswith(".md") else "")
               for uri, (html, text) in state.rendered.items() if uri != sources and uri not in skipped}
    return figures.check(checked, state.rendered[sources][0], state.page_path(sources))
