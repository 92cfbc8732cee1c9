"""MkDocs entry points of the playbook.

Thin on purpose: each hook gathers what MkDocs knows (paths, pages, files) and calls plain functions
of the `playbook` package (hooks/playbook/), which are tested without MkDocs and also serve the
`playbook` command line. Content problems are logged as warnings, which `mkdocs build --strict`
turns into a failed build; each names the file and line and says how to fix it.
"""

from __future__ import annotations

import difflib
import logging
import re
from pathlib import Path

from mkdocs.plugins import event_priority

from playbook import (cache, cards, checklists, glossary, labels, library_pages, links, loading, markers,
                      mkdocs_messages, notebooks, page_meta, pdf, safe_html)
from playbook.errors import ContentError

log = logging.getLogger("mkdocs.plugins.playbook")

# What on_config loaded for this build (reset on every build, so `mkdocs serve` sees edits).
_build: dict = {}
# What stays for the whole MkDocs run (several builds under `mkdocs serve`).
_session: dict = {"command": "build"}


# ---------------------------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------------------------

def on_startup(command, dirty):
    # The PDF takes seconds: `mkdocs serve` rebuilds on every save and skips it.
    _session["command"] = command


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    snippets = root / "snippets"
    _build.clear()
    _build.update(root=root, docs=Path(config.docs_dir).resolve(), glossary=None, checklists={},
                  broken_checklists=set(), anchors={}, rules=None, messages={},
                  broken_messages=set(), findings={}, labels=None, rules_broken=False,
                  labels_broken=False)
    if (snippets / "glossary.md").is_file():
        terms, errors = glossary.load_glossary(snippets / "glossary.md", "snippets/glossary.md")
        _report(errors)
        _build["glossary"] = terms
        snippet_options = config.mdx_configs.get("pymdownx.snippets")
        if snippet_options is not None:
            # A byte-order mark (Windows editors) would hide the first term from every page.
            snippet_options.setdefault("encoding", "utf-8-sig")
            if not _is_utf8(snippets / "glossary.md"):  # reported above; pymdownx.snippets would crash
                snippet_options["auto_append"] = [name for name in snippet_options.get("auto_append", [])
                                                  if Path(name).name != "glossary.md"]
    if (snippets / "checklists").is_dir():
        found, errors = checklists.read_checklists(snippets / "checklists", root=root)
        _report(errors)
        _build["checklists"] = found
        # Files whose errors were just reported: pages embedding them stay quiet (one message).
        _build["broken_checklists"] = {p.stem for p in (snippets / "checklists").iterdir()
                                       if p.suffix.lower() in (".yml", ".yaml")} - set(found)
    if (snippets / "labels.yml").is_file():
        labels_found, errors = labels.load_labels(snippets / "labels.yml")
        _report(errors)
        _build["labels"] = labels_found
        _build["labels_broken"] = bool(errors)
    if (snippets / "rules.yml").is_file():
        _load_rules_and_library(snippets)
    _notebook_cache(config, root)
    _french_link_messages(config)
    return config


def on_files(files, config):
    _build["files"] = files
    _report(_not_utf8(files))
    _build["notebooks"] = notebooks.Prewarm()
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and cache.enabled():
        # Executed in worker processes while MkDocs renders the other pages (playbook.notebooks).
        _build["notebooks"].start(
            [Path(f.abs_src_path) for f in files if f.src_uri.endswith(".ipynb") and jupyter.should_include(f)],
            jupyter.config)
    return files


def on_pre_page(page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        failure = _build["notebooks"].wait(page.file.abs_src_path)  # its cache file is then a hit
        if failure:
            _report([ContentError(_page_path(page), None, f"le notebook ne s'exécute pas : {failure}")])
    return page


def on_nav(nav, config, files):
    _build["nav"] = nav
    return nav


@event_priority(100)  # before Material's tags plugin reads page.meta
def on_page_markdown(markdown, page, config, files):
    markdown, page.meta, errors = page_meta.check(markdown, page.meta, _page_path(page),
                                                  page.file.content_string)
    _report(errors)
    text, errors = markers.expand(markdown, _renderers(page), _page_path(page))
    _report(errors)
    return text


def on_page_content(html, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        html = _notebook_links(html, page, files)
    # Heading ids of every page, to check anchors that raw-HTML links (checklists) point to.
    _build["anchors"][page.file.src_uri] = set(re.findall(r'\sid="([^"]+)"', html))
    return html


def on_env(env, config, files):
    # Every page is rendered by now: check links that MkDocs' own validation cannot see.
    pages = {f.src_uri for f in files.documentation_pages()}
    rules = _build["rules"]
    _report(checklists.check_links(
        _build["checklists"], pages,
        # None when rules.yml has errors (reported already): its links are then not checked.
        known_rules=set(rules.by_id) if rules else (None if _build["rules_broken"] else set()),
        known_categories=set(rules.categories) if rules else (None if _build["rules_broken"] else set()),
        known_anchors=_build["anchors"],
    ))
    if rules is not None:
        _report(library_pages.link_errors(rules, pages, _build["anchors"]))
    return env


def on_post_build(config):
    name = config.extra.get("pdf")
    if not name or _session["command"] == "serve":
        return
    try:
        if (labels := (_build["labels"] or {}).get("pdf")) is None:
            return  # labels.yml has errors, reported already: no PDF, no second message
        report = pdf.build_site_pdf(config, _build["nav"], name=name, labels=labels)
    except pdf.PdfError as error:
        log.warning(f"PDF: {error}")
        return
    for message in report.warnings:  # e.g. a glyph no installed font has: strict fails
        log.warning(f"PDF: {message}")
    how = "reused from the cache (same inputs)" if report.cached else "laid out"
    log.info(f"PDF: {report.page_count} pages {how} in {report.seconds:.1f} s ({name})")


# ---------------------------------------------------------------------------------------------
# Marker renderers: each returns Markdown (raw HTML allowed) or raises markers.MarkerError.
# ---------------------------------------------------------------------------------------------

def _renderers(page) -> dict[str, markers.Renderer]:
    counter = iter(range(1, 10_000))
    return {
        "glossary": markers.Renderer(
            _render_glossary, takes_argument=False, usage="<!-- playbook:glossary -->"),
        "checklist": markers.Renderer(
            lambda arg: _render_checklist(arg, page, next(counter)),
            usage="<!-- playbook:checklist ID -->"),
        "message": markers.Renderer(
            lambda arg: _render_message(arg, page, next(counter)),
            usage="<!-- playbook:message ID -->"),
        "library": markers.Renderer(
            lambda _arg: _library_listing(), takes_argument=False, usage="<!-- playbook:library -->"),
        "rules": markers.Renderer(
            lambda _arg: _rules_listing(page), takes_argument=False, usage="<!-- playbook:rules -->"),
        "rules-json": markers.Renderer(
            _render_rules_json, takes_argument=False, usage="<!-- playbook:rules-json -->"),
    }


def _render_glossary(_arg: None) -> str:
    if _build["glossary"] is None:
        raise markers.MarkerError(
            "le marqueur du glossaire a besoin de `snippets/glossary.md`, qui n'existe pas.",
            "Créez ce fichier avec une ligne `*[Terme]: définition` par terme.",
        )
    return glossary.render_glossary(_build["glossary"])


def _render_checklist(checklist_id: str, page, instance: int) -> str:
    known = _build["checklists"]
    checklist = known.get(checklist_id)
    if checklist is None and checklist_id in _build["broken_checklists"]:
        return ""
    if checklist is None:
        listed = ", ".join(sorted(known)) or "aucune pour l'instant"
        raise markers.MarkerError(
            f"checklist inconnue `{checklist_id}`.",
            f"Utilisez l'identifiant d'un fichier de `snippets/checklists/` (existantes : {listed}).",
        )

    if _build["labels_broken"]:
        return ""
    if _build["labels"] is None:
        raise markers.MarkerError("les checklists ont besoin de `snippets/labels.yml` (section `checklist`).",
                                  "Rétablissez ce fichier tel qu'il est dans le dépôt.")
    return checklists.render_checklist(
        checklist, md=safe_html.block, url_for=lambda link: _url_for(link, page), instance=instance,
        labels=_build["labels"]["checklist"])


def _url_for(link, page) -> str | None:
    """Href of a checklist item's link, relative to the page that shows it (None if unknown)."""
    if link.kind != "link":
        return _rule_url(link.target, page)  # rules and categories share the reference page
    target = _build["files"].get_file_from_path(link.target)
    if target is None:
        return None  # reported by on_env with the checklist's file and line
    href = target.url_relative_to(page.file)
    return f"{href}#{link.anchor}" if link.anchor else href


def _render_message(message_id: str, page, instance: int) -> str:
    library = _build["messages"]
    message = library.get(message_id)
    if _quiet() or (message is None and message_id in _build["broken_messages"]):
        return ""  # the underlying errors were reported already
    _need_library("cet exemple")
    if message is None:
        raise markers.MarkerError(
            f"exemple de message inconnu `{message_id}`.",
            "Utilisez le nom d'un fichier de `snippets/messages/`, sans `.md`"
            + (f" (noms proches : {', '.join(_close(message_id, library))})." if _close(message_id, library) else "."),
        )
    rules = _build["rules"]
    ctx = cards.CardContext(
        labels=_build["labels"],
        channel_labels={cid: c.label for cid, c in rules.channels.items()},
        category_labels={cid: c.label for cid, c in rules.categories.items()},
        rule_url=lambda rule_id: _rule_url(rule_id, page),
    )
    pair = library.get(message.pair) if message.pair else None
    return cards.render_example(message, pair, lambda m: _build["findings"][m.id], ctx, uid=f"pb-m{instance}")


def _render_rules_json(_arg: None) -> str:
    """The rules as JSON for the in-browser verifier (docs/verifier.md, linter.js)."""
    if _quiet():
        return ""  # the errors of snippets/rules.yml were reported: one mistake, one message
    if _build["rules"] is None:
        raise markers.MarkerError(
            "le vérificateur a besoin de `snippets/rules.yml`, qui n'existe pas.",
            "Rétablissez `snippets/rules.yml` (les règles du vérificateur).",
        )
    snippets = _build["root"] / "snippets"
    store = cache.cache_dir(_build["root"], "rules-json") if cache.enabled() else None
    return loading.stored_rules_json(snippets / "rules.yml", snippets / "messages", snippets / "labels.yml", store)


# ---------------------------------------------------------------------------------------------
# MkDocs' own link warnings, in French with their line (playbook.mkdocs_messages)

_MKDOCS_LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav")


def _french_link_messages(config) -> None:
    for name in _MKDOCS_LOGGERS:  # one filter per logger, replaced on each build (mkdocs serve)
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, mkdocs_messages.FrenchMessages)]:
            logger.removeFilter(old)
        logger.addFilter(mkdocs_messages.FrenchMessages(
            Path(config.docs_dir), _docs_prefix(), Path(config.config_file_path)))


# ---------------------------------------------------------------------------------------------
# Notebook cache
# ---------------------------------------------------------------------------------------------

def _notebook_cache(config, root: Path) -> None:
    """mkdocs-jupyter's cache, in a folder named after everything the notebooks read (see
    playbook.cache): a changed snippet or chart helper executes them again."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return
    if not cache.enabled():
        jupyter.config["cache"] = False
        return
    folder = cache.cache_dir(root, "notebooks") / cache.notebook_inputs_digest(root)
    jupyter.config["cache"] = True
    jupyter.config["cache_dir"] = str(folder)
    cache.prune_siblings(folder)


# ---------------------------------------------------------------------------------------------
# Data loading and generated pages
# ---------------------------------------------------------------------------------------------

def _load_rules_and_library(snippets: Path) -> None:
    loaded = loading.rules_and_library(snippets / "rules.yml", snippets / "messages")
    _report(loaded.errors)
    if loaded.rules is None:
        _build["rules_broken"] = True  # pages using rules stay quiet: one mistake, one message
        return
    _build.update(rules=loaded.rules, messages=loaded.library, findings=dict(loaded.findings),
                  broken_messages=set(loaded.broken))


def _primary_category(message) -> str | None:
    return library_pages.primary_category(message, _build["rules"], _build["findings"].get(message.id) or [])


def _quiet() -> bool:
    """True when rules.yml or labels.yml had errors: they were reported, and the pages that need
    them render nothing more, so one mistake gives one message."""
    return _build["rules_broken"] or _build["labels_broken"]


def _need_library(what: str) -> None:
    if _build["rules"] is None or not _build["messages"] or _build["labels"] is None:
        raise markers.MarkerError(
            f"{what} a besoin de fichiers valides : `snippets/rules.yml`, `snippets/labels.yml` et "
            "`snippets/messages/`.",
            "Corrigez d'abord les erreurs signalées pour ces fichiers.",
        )


def _library_listing() -> str:
    if _quiet():
        return ""
    _need_library("la bibliothèque de messages")
    rules = _build["rules"]
    return library_pages.library_markdown(
        _build["messages"], rules.categories, rules.channels, _build["labels"], _primary_category)


def _rules_listing(page) -> str:
    if _quiet():
        return ""
    _need_library("la référence des règles")
    rules = _build["rules"]
    triggered = library_pages.triggered_by(_build["findings"])
    files = _build["files"]

    def section_url(item):
        page_path, _, anchor = item.link.partition("#")
        target = files.get_file_from_path(page_path)
        if target is None:
            return None  # reported by on_env with the rule's line
        href = target.url_relative_to(page.file) + (f"#{anchor}" if anchor else "")
        return href, _heading_of(target) or page_path

    library = files.get_file_from_path("messages/index.md")
    library_url = library.url_relative_to(page.file) if library else ""
    return library_pages.rules_markdown(
        rules, triggered, _build["labels"], section_url,
        example_url=lambda message_id: f"{library_url}#{message_id}")


def _heading_of(file) -> str | None:
    """A page's H1, read from its source (page titles are not known yet when pages are generated)."""
    match = re.search(r"^# (.+?)\s*(?:\{.*\})?\s*$", file.content_string, re.M)
    return match[1].strip() if match else None


def _rule_url(rule_or_category: str, page) -> str | None:
    target = _build["files"].get_file_from_path("regles/index.md")
    if target is None:
        return None
    return f"{target.url_relative_to(page.file)}#{rule_or_category}"


def _notebook_links(html: str, page, files) -> str:
    """Notebook Markdown cells bypass MkDocs' link handling (see playbook.links)."""
    def resolve(src_uri: str) -> str | None:
        target = files.get_file_from_path(src_uri)
        return target.url_relative_to(page.file) if target else None

    html, missing = links.rewrite_page_links(html, page.file.src_uri, resolve)
    _report([ContentError(_page_path(page), None, f"le lien `{link}` ne mène à aucune page du site.",
                          "Corrigez-le dans la cellule Markdown du notebook (un chemin relatif au notebook).")
             for link in missing])
    return html


def _close(name: str, known) -> list[str]:
    return difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

def _page_path(page) -> str:
    """The page's path as a contributor sees it in the repository (e.g. docs/reseau/index.md)."""
    return f"{_docs_prefix()}{page.file.src_uri}"


def _docs_prefix() -> str:
    docs = _build["docs"]
    try:
        return docs.relative_to(_build["root"]).as_posix() + "/"
    except ValueError:
        return docs.as_posix() + "/"


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _not_utf8(files) -> list[ContentError]:
    """Pages saved in another encoding than UTF-8 (MkDocs stops on them with a traceback): one
    message each, and the page is read with the undecodable bytes replaced so the build goes on."""
    errors = []
    for file in files.documentation_pages():
        data = file.content_bytes
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            errors.append(ContentError(f"{_docs_prefix()}{file.src_uri}", line,
                                       "la page n'est pas enregistrée en UTF-8 (accents illisibles).",
                                       "Enregistrez-la en UTF-8 dans votre éditeur (« Enregistrer sous », "
                                       "encodage UTF-8)."))
            file.content_string = data.decode("utf-8", "replace")
    return errors


def _report(errors: list[ContentError]) -> None:
    for error in errors:
        log.warning(str(error))
