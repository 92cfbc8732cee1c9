"""The strict build fails on a figure that is neither on the Sources page nor marked (playbook.figures)."""

from pathlib import Path

FIXTURE_CONFIG = (Path(__file__).resolve().parents[1] / "fixtures" / "minimal" / "mkdocs.yml").read_text(encoding="utf-8")
FIGURES = "extra:\n  figures:\n    sources: sources.md\n    not_prose: [glossaire.md]\n"
SOURCES = "# Sources\n\n| Chiffre | Source |\n| --- | --- |\n| 17 minutes par mois | Étude, 2021 |\n"


def _config(figures: str = FIGURES) -> str:
    return FIXTURE_CONFIG.replace("  - Glossaire: glossaire.md\n", "  - Glossaire: glossaire.md\n  - Sources: sources.md\n") + figures


def test_an_unsourced_figure_fails_the_build_with_its_page_line_and_the_fix(build_fixture):
    build = build_fixture("minimal", {
        "mkdocs.yml": _config(),
        "docs/sources.md": SOURCES,
        "docs/index.md": "# Accueil\n\nOn y passe 17 minutes par mois.\n\nUn compte envoie 80 invitations par semaine.\n",
    })
    assert build.returncode != 0
    assert len(build.warnings) == 1, build.log
    assert ("docs/index.md:5: le chiffre « 80 invitations » (« Un compte envoie 80 invitations par semaine. ») "
            "n'a pas de source. Ajoutez-le à `docs/sources.md` avec sa source et la date où vous l'avez lue") in build.log
    assert "Traceback" not in build.log


def test_sourced_and_marked_figures_pass(build_fixture):
    build = build_fixture("minimal", {
        "mkdocs.yml": _config(),
        "docs/sources.md": SOURCES,
        "docs/index.md": ("# Accueil\n\nOn y passe 17 minutes par mois.\n\n"
                          "Un modèle illustratif : 80 invitations par semaine.\n"),
        "docs/glossaire.md": "# Glossaire\n\n42 lignes d'une page de maintenance.\n",
    })
    assert build.returncode == 0, build.log
    assert build.warnings == []


def test_a_sources_page_that_does_not_exist_is_explained(build_fixture):
    build = build_fixture("minimal", {"mkdocs.yml": _config(FIGURES.replace("sources: sources.md", "sources: sourcs.md")),
                                      "docs/sources.md": SOURCES})
    assert build.returncode != 0
    assert build.warnings == ["WARNING -  mkdocs.yml: `extra.figures` nomme « sourcs.md », qui n'est pas une page du site. "
                              "Donnez le chemin d'une page sous docs/, par exemple `sources.md`."], build.log


def test_malformed_settings_are_one_message_not_a_traceback(build_fixture):
    build = build_fixture("minimal", {"mkdocs.yml": _config("extra:\n  figures:\n    sources: sources.md\n    not_prose: [{a: 1}]\n"),
                                      "docs/sources.md": SOURCES})
    assert build.returncode != 0
    assert len(build.warnings) == 1 and "mkdocs.yml: `extra.figures` est mal écrit." in build.log, build.log
    assert "Traceback" not in build.log
