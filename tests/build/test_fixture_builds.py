"""Fixture projects built with the real hooks: exit code, HTML and log messages."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_minimal_project_builds_cleanly_and_renders_the_glossary(build_fixture):
    build = build_fixture("minimal")
    assert build.returncode == 0, build.log
    assert build.warnings == []
    html = build.page("glossaire/index.html")
    # The listing is HTML the build sanitized (playbook.safe_html), so no tooltip on its own terms.
    assert "<dt>InMail</dt><dd>Message payant envoyé à un membre hors de votre réseau.</dd>" in html
    # The auto-appended glossary turns terms into tooltips on every page.
    assert '<abbr title="Nouveau message après un premier resté sans réponse.">relance</abbr>' in build.page("index.html")


def test_unknown_marker_fails_the_strict_build_naming_file_and_line(build_fixture):
    build = build_fixture("minimal", {"docs/index.md": "# Accueil\n\nTexte.\n\n<!-- playbook:chekclist x -->\n"})
    assert build.returncode != 0
    assert "docs/index.md:5: marqueur inconnu `playbook:chekclist`" in build.log
    assert "Traceback" not in build.log


def test_glossary_mistake_fails_the_build_naming_the_line(build_fixture):
    build = build_fixture("minimal", {"snippets/glossary.md": "*[InMail]: Payant.\nInMail: oubli des crochets\n"})
    assert build.returncode != 0
    assert "snippets/glossary.md:2: cette ligne n'est pas une entrée du glossaire." in build.log
    assert "Traceback" not in build.log


def test_glossary_marker_without_glossary_file_is_explained(build_fixture):
    build = build_fixture("minimal", {
        "snippets/glossary.md": None,
        "mkdocs.yml": _without_auto_append(),
    })
    assert build.returncode != 0
    assert "docs/glossaire.md:3: le marqueur du glossaire a besoin de `snippets/glossary.md`" in build.log


def _without_auto_append() -> str:
    text = (Path(__file__).resolve().parents[1] / "fixtures" / "minimal" / "mkdocs.yml").read_text(encoding="utf-8")
    return text.replace("      auto_append: [glossary.md]\n", "")


@pytest.mark.parametrize(("front", "line", "says"), [
    ("---\ntitle: Accueil\ntags: [Méthode\n---\n", 3, "illisible"),
    ("---\ntitle: Accueil\ntags: Méthode\n---\n", 3, "`tags` doit être une liste"),
    ("---\n- Méthode\n- Prospection\n---\n", 2, "doit être une liste de champs"),
])
def test_page_front_matter_mistakes_are_one_message_with_line(build_fixture, front, line, says):
    build = build_fixture("minimal", {
        "docs/index.md": front + "# Accueil\n\nTexte.\n",
        "mkdocs.yml": (FIXTURES / "minimal" / "mkdocs.yml").read_text(encoding="utf-8") + "plugins:\n  - search\n  - tags\n",
    })
    assert build.returncode != 0
    assert len(build.warnings) == 1, build.log
    assert f"docs/index.md:{line}:" in build.warnings[0] and says in build.warnings[0]
    assert "Traceback" not in build.log and "BuildError" not in build.log


def test_a_page_or_glossary_not_in_utf8_is_one_message_each(build_fixture):
    build = build_fixture("minimal", {
        "docs/index.md": "# Accueil\n\nUne relance réussie.\n".encode("latin-1"),
        "snippets/glossary.md": "*[relance]: Nouveau message après un silence.\n".encode("latin-1"),
    })
    assert build.returncode != 0
    assert "Traceback" not in build.log
    assert len(build.warnings) == 2, build.log
    assert any("docs/index.md:3:" in w and "UTF-8" in w for w in build.warnings)
    assert any("snippets/glossary.md" in w and "UTF-8" in w for w in build.warnings)


@pytest.mark.parametrize(("page", "expected"), [
    ("# Accueil\n\nTexte.\n\nVoir le [glossaire](glosaire.md).\n",
     "docs/index.md:5: le lien `glosaire.md` ne mène à aucune page ni aucun fichier du site."),
    ("# Accueil\n\nVoir le [glossaire](glossaire.md#lexique).\n",
     "docs/index.md:3: le lien `glossaire.md#lexique` vise le titre `#lexique`, que `glossaire.md` n'a pas."),
    ("# Accueil\n\n\nUne [image](images/absente.png).\n",
     "docs/index.md:4: le lien `images/absente.png` ne mène à aucune page ni aucun fichier du site."),
    ("# Accueil\n\nVoir [la suite](#suite).\n",
     "docs/index.md:3: le lien `#suite` vise un titre absent de cette page."),
])
def test_mkdocs_link_warnings_are_french_with_the_line(build_fixture, page, expected):
    build = build_fixture("minimal", {
        "docs/index.md": page,
        "mkdocs.yml": (FIXTURES / "minimal" / "mkdocs.yml").read_text(encoding="utf-8")
        + "validation:\n  anchors: warn\n",
    })
    assert build.returncode != 0
    assert len(build.warnings) == 1, build.log
    assert expected in build.warnings[0], build.warnings


def test_a_nav_entry_without_page_names_the_mkdocs_yml_line(build_fixture):
    config = (FIXTURES / "minimal" / "mkdocs.yml").read_text(encoding="utf-8") + "  - Absente: absente.md\n"
    build = build_fixture("minimal", {"mkdocs.yml": config})
    line = config.splitlines().index("  - Absente: absente.md") + 1
    assert f"mkdocs.yml:{line}: la navigation (`nav`) cite `absente.md`" in build.log, build.log


def test_a_glossary_with_a_byte_order_mark_works_like_one_without(build_fixture):
    """A BOM (Windows editors) must not hide the first term from the glossary or its tooltips."""
    glossary = (FIXTURES / "minimal" / "snippets" / "glossary.md").read_text(encoding="utf-8")
    assert glossary.startswith("*[InMail]")
    build = build_fixture("minimal", {"snippets/glossary.md": "\ufeff" + glossary,
                                      "docs/index.md": "# Accueil\n\nUn InMail, puis une relance.\n"})
    assert build.returncode == 0, build.log
    assert build.warnings == []
    assert "<dt>InMail</dt>" in build.page("glossaire/index.html")
    page = build.page("index.html")
    assert '<abbr title="Message payant envoyé à un membre hors de votre réseau.">InMail</abbr>' in page
    assert '<abbr title="Nouveau message après un premier resté sans réponse.">relance</abbr>' in page


def test_plurals_of_glossary_terms_get_the_terms_tooltip(build_fixture):
    build = build_fixture("minimal", {"docs/index.md": "# Accueil\n\nDeux relances et trois InMails.\n"})
    assert build.returncode == 0, build.log
    html = build.page("index.html")
    assert '<abbr title="Nouveau message après un premier resté sans réponse.">relances</abbr>' in html
    assert '<abbr title="Message payant envoyé à un membre hors de votre réseau.">InMails</abbr>' in html
