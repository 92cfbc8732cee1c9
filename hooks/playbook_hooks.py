"""MkDocs entry points of the playbook.

Entry points only: each hook gathers what MkDocs knows (paths, pages, files) and calls plain
functions of the `playbook` package (hooks/playbook/), which are tested without MkDocs and also
serve the `playbook` command line. What one build loaded is a `playbook.build.BuildState`; the
page markers are rendered by `playbook.build.renderers`. Content problems are logged as warnings,
which `mkdocs build --strict` turns into a failed build; each names the file and line and says how
to fix it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from playbook import build, cache, markers, mkdocs_messages, notebooks, page_meta, search, typography
from playbook.errors import ContentError

log = logging.getLogger("mkdocs.plugins.playbook")


class _Run:
    """The MkDocs run (several builds under `mkdocs serve`) and its current build."""

    command = "build"
    state: build.BuildState | None = None
    files = None
    prewarm: notebooks.Prewarm | None = None


def on_startup(command, dirty):
    _Run.command = command  # the PDF takes seconds: `mkdocs serve` rebuilds on every save and skips it


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    _Run.state, errors = build.load(root, Path(config.docs_dir).resolve())
    _report(errors)
    build.glossary_snippet(config.mdx_configs, root / "snippets" / "glossary.md", _Run.state.glossary)
    _notebook_cache(config, root)
    _french_link_messages(config)
    config.copyright = config.copyright and typography.french_html(config.copyright)  # the footer
    return config


def on_files(files, config):
    _Run.files = files
    _report(build.not_utf8(files.documentation_pages(), _Run.state))
    _Run.prewarm = notebooks.Prewarm()
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and cache.enabled():
        # Executed in worker processes while MkDocs renders the other pages (playbook.notebooks).
        _Run.prewarm.start(
            [Path(f.abs_src_path) for f in files if f.src_uri.endswith(".ipynb") and jupyter.should_include(f)],
            jupyter.config)
    return files


def on_pre_page(page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        failure = _Run.prewarm.wait(page.file.abs_src_path)  # its cache file is then a hit
        if failure:
            _report([ContentError(_Run.state.page_path(page.file.src_uri), None,
                                  f"le notebook ne s'exécute pas : {failure}")])
    return page


def on_nav(nav, config, files):
    _Run.state.nav = nav
    return nav


@event_priority(100)  # before Material's tags plugin reads page.meta
def on_page_markdown(markdown, page, config, files):
    path = _Run.state.page_path(page.file.src_uri)
    markdown, page.meta, errors = page_meta.check(markdown, page.meta, path, page.file.content_string)
    _report(errors)
    text, errors = markers.expand(markdown, build.renderers(_Run.state, _links(page, files)), path)
    _report(errors)
    return text


def on_page_content(html, page, config, files):
    html, errors = build.page_content(html, page.file.src_uri, _links(page, files), _Run.state)
    _report(errors)
    typography.french_toc(page.toc)
    if page.title and typography.french_spacing(page.title) != page.title:  # the nav and <title>
        page.meta["title"] = typography.french_spacing(page.title)
    return html


def on_env(env, config, files):
    # Every page is rendered by now: check links that MkDocs' own validation cannot see.
    _report(build.link_errors(_Run.state, {f.src_uri for f in files.documentation_pages()}))
    # Texts of the theme around the pages (overrides/partials/language.html, overrides/404.html).
    env.globals["site_labels"] = build.theme_labels(_Run.state)
    env.globals["page_history"] = _Run.state.history  # dates shown only with the full git history
    return env


def on_template_context(context, template_name, config):
    if template_name == "404.html":  # served at any depth: relative URLs under a <base>
        context.update(build.not_found_context(config.site_url, config.extra_css, _Run.files or []))
    return context


@event_priority(-100)  # after Material's search plugin has indexed the page
def on_page_context(context, page, config, nav):
    if page.file.src_uri.endswith(".ipynb"):
        page.content = search.unwrap_hidden(page.content)
    return context


def on_post_page(output, page, config):
    _Run.state.rendered[page.file.src_uri] = (output, page.file.content_string)  # figures check
    return output


def on_post_build(config):
    pages = {f.src_uri for f in _Run.files.documentation_pages()} if _Run.files is not None else set()
    _report(build.figure_errors(_Run.state, config.extra, pages))
    engine = config.plugins.get("material/search")
    for message in search.fold_accents(Path(config.site_dir), engine.config.lang if engine else ()):
        log.warning(message)
    name = config.extra.get("pdf")
    if name and _Run.command != "serve":  # the PDF takes seconds: `mkdocs serve` skips it
        warnings, summary = build.site_pdf(config, _Run.state, name)
        for message in warnings:
            log.warning(message)
        if summary:
            log.info(summary)


# ---------------------------------------------------------------------------------------------
# What the hooks tell MkDocs and its plugins

def _links(page, files) -> build.PageLinks:
    """Where links from `page` lead, from MkDocs' list of files."""
    def href(src_uri: str) -> str | None:
        target = files.get_file_from_path(src_uri)
        return target.url_relative_to(page.file) if target is not None else None

    def title(src_uri: str) -> str | None:
        target = files.get_file_from_path(src_uri)
        return build.heading_of(target.content_string) if target is not None else None

    return build.PageLinks(href=href, title=title)


def _notebook_cache(config, root: Path) -> None:
    """mkdocs-jupyter's cache, in a folder named after everything the notebooks read (see
    playbook.cache): a changed snippet or chart helper executes them again."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return
    jupyter.config["cache"] = cache.enabled()
    if cache.enabled():
        folder = cache.cache_dir(root, "notebooks") / cache.notebook_inputs_digest(root)
        jupyter.config["cache_dir"] = str(folder)
        cache.prune_siblings(folder)


def _french_link_messages(config) -> None:
    """MkDocs' own link warnings, in French with their line (playbook.mkdocs_messages)."""
    for name in ("mkdocs.structure.pages", "mkdocs.structure.nav"):
        logger = logging.getLogger(name)  # one filter per logger, replaced on each build (mkdocs serve)
        for old in [f for f in logger.filters if isinstance(f, mkdocs_messages.FrenchMessages)]:
            logger.removeFilter(old)
        logger.addFilter(mkdocs_messages.FrenchMessages(
            Path(config.docs_dir), _Run.state.docs_prefix, Path(config.config_file_path)))


def _report(errors: list[ContentError]) -> None:
    for error in errors:
        log.warning(str(error))
