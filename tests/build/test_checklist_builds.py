"""Checklists through a real build: rendering on pages, and each contributor mistake failing
`mkdocs build --strict` with one message naming the file and line."""

from __future__ import annotations

import pytest

CHECKLIST = """\
id: demo
title: Avant d'envoyer
intro: Relisez *vite*.
items:
  - id: but
    text: Le message a un but.
    link: glossaire.md
  - id: lien
    text: Il existe un lien entre vos activités.
    link: glossaire.md#glossaire
"""
PAGE = "# Accueil\n\nTexte.\n\n<!-- playbook:checklist demo -->\n\n!!! tip \"Encore\"\n    <!-- playbook:checklist demo -->\n"


def build_with(build_fixture, checklist: str = CHECKLIST, page: str = PAGE):
    return build_fixture("minimal", {"snippets/checklists/demo.yml": checklist, "docs/index.md": page})


def test_checklist_renders_on_the_page_twice_with_unique_ids(build_fixture):
    build = build_with(build_fixture)
    assert build.returncode == 0, build.log
    html = build.page("index.html")
    assert html.count('data-checklist="demo"') == 2
    assert 'id="pb-demo-but-1"' in html and 'id="pb-demo-but-2"' in html
    assert '<label class="pb-checklist__label" for="pb-demo-but-1"' in html
    assert 'href="glossaire/#glossaire"' in html  # relative to the page, anchor kept
    assert "<em>vite</em>" in html


@pytest.mark.parametrize(("checklist", "page", "expected"), [
    (CHECKLIST, PAGE.replace("checklist demo", "checklist demos", 1),
     "docs/index.md:5: checklist inconnue `demos`. Utilisez l'identifiant d'un fichier de `snippets/checklists/` (existantes : demo)."),
    (CHECKLIST.replace("id: lien", "id: but"), PAGE, "snippets/checklists/demo.yml:8: point `but` : le même identifiant est utilisé"),
    ("id: demo\ntitle: Vide\nitems: []\n", PAGE, "snippets/checklists/demo.yml:3:"),
    (CHECKLIST.replace("title: Avant d'envoyer\n", ""), PAGE, "snippets/checklists/demo.yml:1:"),
    (CHECKLIST.replace("link: glossaire.md\n", "link: glosaire.md\n"), PAGE,
     "snippets/checklists/demo.yml:7: point `but` renvoie à `glosaire.md`, qui n'est pas une page du site. Vouliez-vous dire `glossaire.md` ?"),
    (CHECKLIST.replace("glossaire.md#glossaire", "glossaire.md#lexique"), PAGE,
     "snippets/checklists/demo.yml:10: point `lien` : `glossaire.md` n'a pas de titre `#lexique`."),
], ids=["unknown-id", "duplicate-item", "empty", "missing-title", "missing-page", "missing-anchor"])
def test_mistakes_fail_the_strict_build_with_file_and_line(build_fixture, checklist, page, expected):
    build = build_with(build_fixture, checklist, page)
    assert build.returncode != 0
    assert expected in build.log
    assert len(build.warnings) == 1, "one mistake, one message: " + "\n".join(build.warnings)
    assert "Traceback" not in build.log


def test_a_broken_rules_yml_is_one_message_not_one_per_checklist_link(build_fixture):
    """Checklist items linked to categories are not reported when rules.yml itself is broken."""
    from pathlib import Path

    rules = (Path(__file__).resolve().parents[1] / "fixtures" / "library" / "snippets" / "rules.yml").read_text(encoding="utf-8")
    checklist = ("id: liee\ntitle: Liée\nitems:\n"
                 + "".join(f"  - id: p{i}\n    text: Point {i}.\n    category: no-purpose\n" for i in range(4)))
    build = build_fixture("library", {
        "snippets/rules.yml": rules.replace("severity: error", "severity: fatale", 1),
        "snippets/checklists/liee.yml": checklist,
        "docs/liee.md": "# Liée\n\n<!-- playbook:checklist liee -->\n",
    })
    assert build.returncode != 0
    assert len(build.warnings) == 1, build.warnings
    assert "snippets/rules.yml" in build.warnings[0]


def test_a_checklist_saved_as_yaml_is_one_message(build_fixture):
    build = build_fixture("minimal", {"snippets/checklists/demo.yaml": CHECKLIST, "docs/index.md": PAGE})
    assert build.returncode != 0
    assert len(build.warnings) == 1, build.warnings
    assert "snippets/checklists/demo.yaml" in build.warnings[0] and "demo.yml" in build.warnings[0]
