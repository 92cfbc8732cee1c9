"""Checklists: parsing, every validation message, HTML rendering, the real snippets, and the JS.

The browser tests render a page with `render_checklist`, load docs/assets/javascripts/checklists.js
and drive it in Chromium (marked `browser`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from html.parser import HTMLParser
import functools
from pathlib import Path

import markdown
import pytest
import yaml

from playbook.checklists import (
    ChecklistErrors,
    ItemLink,
    check_links,
    load_checklists,
    parse_checklist,
    read_checklists,
    render_checklist as _render_checklist,
)
from playbook.errors import ContentError
from site_facts import nav_sources  # the real navigation (docs/ paths), read from mkdocs.yml

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "snippets" / "checklists"
JS = ROOT / "docs" / "assets" / "javascripts" / "checklists.js"
CSS = ROOT / "docs" / "assets" / "stylesheets" / "checklists.css"

CATEGORIES = {"generic", "not-personalized", "false-pretext", "demands-reply", "hard-sell", "no-purpose"}

VALID = textwrap.dedent("""\
    id: demo
    title: Démo
    intro: Une *intro* courte.
    items:
      - id: premier
        text: Premier **point**.
        detail: |
          Un détail.

          Deux paragraphes.
        link: prospecter/relances.md#quand
      - id: deuxieme
        text: Non
        category: generic
      - id: troisieme
        text: Troisième point.
        rule: note-trop-longue
    """)


def parse(text: str, name: str = "demo"):
    return parse_checklist(textwrap.dedent(text), f"snippets/checklists/{name}.yml", expected_id=name)


def only_error(text: str, name: str = "demo") -> ContentError:
    checklist, errors = parse(text, name)
    assert checklist is None
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


# ---------------------------------------------------------------------------------------------
# Parsing


def test_parse_valid_checklist():
    checklist, errors = parse(VALID)
    assert errors == []
    assert checklist.id == "demo"
    assert checklist.title == "Démo"
    assert checklist.intro == "Une *intro* courte."
    assert [i.id for i in checklist.items] == ["premier", "deuxieme", "troisieme"]
    first, second, third = checklist.items
    assert first.text == "Premier **point**."
    assert first.detail.startswith("Un détail.") and "Deux paragraphes." in first.detail
    assert first.link == ItemLink("link", "prospecter/relances.md", "quand", 11)
    assert first.line == 5
    # YAML 1.1 would turn `Non`/`No` into a boolean: checklist texts stay text.
    assert second.text == "Non"
    assert second.link.kind == "category" and second.link.target == "generic"
    assert third.link.kind == "rule" and third.link.target == "note-trop-longue"
    assert third.detail is None
    assert checklist.categories == ("generic",)


def test_parse_without_intro_detail_or_link():
    checklist, errors = parse("""\
        id: demo
        title: Démo
        items:
          - id: seul
            text: Le seul point.
        """)
    assert errors == []
    assert checklist.intro is None
    assert checklist.items[0].detail is None and checklist.items[0].link is None


# ---------------------------------------------------------------------------------------------
# Validation: one message per mistake, with file and line


def assert_message(error: ContentError, line: int | None, *fragments: str):
    text = str(error)
    assert "snippets/checklists/demo.yml" in text
    assert error.line == line
    if line:
        assert f"demo.yml:{line}:" in text
    for fragment in fragments:
        assert fragment in text, text
    assert error.fix, "every error says how to fix it"


def test_yaml_syntax_error_has_line():
    error = only_error("""\
        id: demo
        title: Démo
        items:
          - id: un
            text: Vérifiez ceci : et cela
        """)
    assert_message(error, 5, "erreur de syntaxe YAML", "`text: >-`")


def test_yaml_bad_indentation_has_line():
    error = only_error("id: demo\ntitle: Démo\nitems:\n  - id: un\n    text: a\n   - id: deux\n")
    assert error.line in (5, 6)
    assert "erreur de syntaxe YAML" in str(error)


def test_empty_file():
    error = only_error("")
    assert_message(error, 1, "vide")


def test_not_a_mapping():
    error = only_error("- id: demo\n")
    assert_message(error, 1, "ensemble de champs")


def test_missing_title():
    error = only_error("""\
        id: demo
        items:
          - id: un
            text: Un.
        """)
    assert_message(error, 1, "pas de champ `title`")


def test_empty_title():
    error = only_error("""\
        id: demo
        title:
        items:
          - id: un
            text: Un.
        """)
    assert_message(error, 2, "`title` est vide")


def test_id_differs_from_file_name():
    error = only_error("""\
        id: autre
        title: Démo
        items:
          - id: un
            text: Un.
        """)
    assert_message(error, 1, "`autre`", "`demo`", "id: demo")


def test_missing_id():
    error = only_error("""\
        title: Démo
        items:
          - id: un
            text: Un.
        """)
    assert_message(error, 1, "pas de champ `id`", "id: demo")


@pytest.mark.parametrize("items", ["items:\n", "items: []\n"])
def test_empty_checklist(items):
    error = only_error("id: demo\ntitle: Démo\n" + items)
    assert_message(error, 3, "aucun point")


def test_missing_items():
    error = only_error("id: demo\ntitle: Démo\n")
    assert_message(error, 1, "pas de champ `items`")


def test_items_not_a_list():
    error = only_error("id: demo\ntitle: Démo\nitems:\n  un: Un.\n")
    assert_message(error, 3, "doit être une liste")


def test_item_without_id():
    error = only_error("""\
        id: demo
        title: Démo
        items:
          - id: un
            text: Un.
          - text: Deux.
        """)
    assert_message(error, 6, "point 2 n'a pas de champ `id`")


def test_item_without_text():
    error = only_error("""\
        id: demo
        title: Démo
        items:
          - id: un
        """)
    assert_message(error, 4, "point `un` n'a pas de champ `text`")


def test_item_with_empty_text():
    error = only_error("""\
        id: demo
        title: Démo
        items:
          - id: un
            text: ""
        """)
    assert_message(error, 5, "`text` est vide")


def test_duplicate_item_id_names_both_lines():
    error = only_error("""\
        id: demo
        title: Démo
        items:
          - id: un
            text: Un.
          - id: deux
            text: Deux.
          - id: un
            text: Encore un.
        """)
    assert_message(error, 8, "lignes 4 et 8", "`un`")


@pytest.mark.parametrize("bad, suggestion", [("Élément Nouveau", "element-nouveau"), ("mon_point", "mon-point")])
def test_invalid_item_id(bad, suggestion):
    error = only_error(f"""\
        id: demo
        title: Démo
        items:
          - id: {bad}
            text: Un.
        """)
    assert_message(error, 4, "n'est pas valide", suggestion)


def test_unknown_key_suggests_closest():
    error = only_error("""\
        id: demo
        title: Démo
        items:
          - id: un
            txt: Un.
            text: Un.
        """)
    assert_message(error, 5, "point `un` : clé inconnue `txt`", "Vouliez-vous dire `text` ?")


def test_unknown_top_level_french_key():
    error = only_error("""\
        id: demo
        titre: Démo
        title: Démo
        items:
          - id: un
            text: Un.
        """)
    assert_message(error, 2, "clé inconnue `titre`", "Vouliez-vous dire `title` ?")


def test_repeated_key():
    error = only_error("""\
        id: demo
        title: Démo
        items:
          - id: un
            text: Un.
            text: Deux.
        """)
    assert_message(error, 6, "apparaît deux fois", "ligne 5")


def test_two_link_kinds():
    error = only_error("""\
        id: demo
        title: Démo
        items:
          - id: un
            text: Un.
            link: prospecter/relances.md
            category: generic
        """)
    assert_message(error, 7, "à la fois `link` et `category`")


@pytest.mark.parametrize("link", ["/prospecter/relances.md", "prospecter/relances", "../x.md",
                                  "prospecter/relances.md#", "prospecter/relances.md#une ancre"])
def test_malformed_page_link(link):
    error = only_error(f"""\
        id: demo
        title: Démo
        items:
          - id: un
            text: Un.
            link: "{link}"
        """)
    assert_message(error, 6)


def test_all_errors_are_collected():
    _, errors = parse("""\
        id: autre
        items:
          - id: Un
            txt: Un.
          - id: deux
            text: Deux.
          - id: deux
            text: Encore.
        """)
    problems = [(e.line, e.problem) for e in errors]
    assert len(errors) == 6, problems
    assert [e.line for e in errors] == sorted(e.line for e in errors)
    joined = " | ".join(p for _, p in problems)
    for fragment in ("diffère du nom du fichier", "pas de champ `title`", "n'est pas valide", "clé inconnue `txt`",
                     "lignes 5 et 7", "point `Un` n'a pas de champ `text`"):
        assert fragment in joined


# ---------------------------------------------------------------------------------------------
# Loading a directory


def write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")


def test_load_checklists_raises_with_every_error(tmp_path):
    write(tmp_path, "bon.yml", "id: bon\ntitle: Bon\nitems:\n  - id: un\n    text: Un.\n")
    write(tmp_path, "mauvais.yml", "id: mauvais\nitems:\n  - id: un\n")
    write(tmp_path, "casse.yml", "id: casse\ntitle: [\n")
    write(tmp_path, "notes.txt", "ignored")
    with pytest.raises(ChecklistErrors) as caught:
        load_checklists(tmp_path, root=tmp_path)
    messages = [str(e) for e in caught.value.errors]
    assert len(messages) == 3, messages
    assert any(m.startswith("casse.yml:") and "erreur de syntaxe YAML" in m for m in messages)
    assert "mauvais.yml:1: la checklist n'a pas de champ `title`." in "\n".join(messages)
    assert any(m.startswith("mauvais.yml:3:") and "pas de champ `text`" in m for m in messages)
    checklists, errors = read_checklists(tmp_path, root=tmp_path)
    assert list(checklists) == ["bon"] and len(errors) == 3


def test_yaml_extension_is_reported(tmp_path):
    write(tmp_path, "demo.yaml", "id: demo\n")
    _, errors = read_checklists(tmp_path, root=tmp_path)
    assert [str(e) for e in errors] == ["demo.yaml: le nom d'un fichier de checklist doit se terminer par `.yml`. Renommez-le en `demo.yml`."]


def test_missing_directory(tmp_path):
    _, errors = read_checklists(tmp_path / "absent", root=tmp_path)
    assert len(errors) == 1 and "absent" in str(errors[0])


def test_paths_relative_to_root():
    _, errors = read_checklists(SNIPPETS, root=ROOT)
    assert errors == []
    checklists = load_checklists(SNIPPETS, root=ROOT)
    assert checklists["avant-relance"].path == "snippets/checklists/avant-relance.yml"


# ---------------------------------------------------------------------------------------------
# Links


def test_check_links_reports_unknown_targets():
    checklist, _ = parse("""\
        id: demo
        title: Démo
        items:
          - id: page
            text: Page.
            link: prospecter/relance.md
          - id: ancre
            text: Ancre.
            link: prospecter/relances.md#nulle-part
          - id: regle
            text: Règle.
            rule: inconnue
          - id: categorie
            text: Catégorie.
            category: generik
          - id: bon
            text: Bon.
            link: prospecter/relances.md
        """)
    errors = check_links({"demo": checklist}, nav_sources(), {"note-trop-longue"}, CATEGORIES,
                         known_anchors={"prospecter/relances.md": {"quand-relancer"}})
    messages = [str(e) for e in errors]
    assert len(messages) == 4, messages
    assert messages[0].startswith("snippets/checklists/demo.yml:6: point `page` renvoie à `prospecter/relance.md`")
    assert "Vouliez-vous dire `prospecter/relances.md` ?" in messages[0]
    assert messages[1].startswith("snippets/checklists/demo.yml:9:") and "#nulle-part" in messages[1]
    assert messages[2].startswith("snippets/checklists/demo.yml:12:") and "n'est pas une règle du vérificateur" in messages[2]
    assert messages[3].startswith("snippets/checklists/demo.yml:15:") and "Vouliez-vous dire `generic` ?" in messages[3]
    # Without anchor knowledge, anchors are accepted.
    assert len(check_links([checklist], nav_sources(), {"note-trop-longue"}, CATEGORIES)) == 3


# ---------------------------------------------------------------------------------------------
# Rendering


class Tree(HTMLParser):
    """A tiny DOM: list of (tag, attrs, text inside) for every element, in document order."""

    def __init__(self, source: str):
        super().__init__()
        self.elements: list[dict] = []
        self.stack: list[dict] = []
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "parent": self.stack[-1] if self.stack else None}
        self.elements.append(element)
        if tag not in ("input", "br", "img", "hr"):
            self.stack.append(element)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self.stack:
            element["text"] += data

    def find(self, tag=None, **attrs):
        found = []
        for element in self.elements:
            if tag and element["tag"] != tag:
                continue
            if all((element["attrs"].get(k.rstrip("_")) or "") == v if v is not True
                   else k.rstrip("_") in element["attrs"] for k, v in attrs.items()):
                found.append(element)
        return found

    def by_class(self, name):
        return [e for e in self.elements if name in (e["attrs"].get("class") or "").split()]


# The interface texts, as the build passes them (snippets/labels.yml, section `checklist`).
LABELS = yaml.safe_load((Path(__file__).resolve().parents[2] / "snippets" / "labels.yml").read_text(encoding="utf-8"))["checklist"]
render_checklist = functools.partial(_render_checklist, labels=LABELS)


def md(text: str) -> str:
    return markdown.markdown(text)


def url_for(link: ItemLink) -> str | None:
    if link.kind == "link":
        return "../" + link.target.removesuffix(".md") + "/" + (f"#{link.anchor}" if link.anchor else "")
    if link.kind == "category":
        return f"../regles/#{link.target}"
    return None  # unknown to this site: no link


def render_demo(instance: int = 1) -> str:
    checklist, errors = parse(VALID)
    assert errors == []
    return render_checklist(checklist, md=md, url_for=url_for, instance=instance)


def test_render_structure():
    out = render_demo()
    tree = Tree(out)
    section = tree.find("section")[0]
    assert section["attrs"]["class"] == "pb-checklist"
    assert section["attrs"]["data-checklist"] == "demo"
    heading = tree.find("h2")[0]
    assert heading["text"] == "Démo"
    assert section["attrs"]["aria-labelledby"] == heading["attrs"]["id"]
    assert '<p class="pb-checklist__intro">Une <em>intro</em> courte.</p>' in out

    boxes = tree.find("input")
    assert [b["attrs"]["id"] for b in boxes] == ["pb-demo-premier-1", "pb-demo-deuxieme-1", "pb-demo-troisieme-1"]
    for box in boxes:
        assert box["attrs"]["type"] == "checkbox"
        assert "disabled" not in box["attrs"] and "checked" not in box["attrs"]
        labels = tree.find("label", for_=box["attrs"]["id"])
        assert len(labels) == 1
    assert "<label class=\"pb-checklist__label\" for=\"pb-demo-premier-1\" id=\"pb-demo-premier-1-label\">" \
           "Premier <strong>point</strong>.</label>" in out

    items = tree.find("li")
    assert [i["attrs"]["data-item"] for i in items] == ["premier", "deuxieme", "troisieme"]
    detail = tree.by_class("pb-checklist__detail")[0]
    assert "<p>Un détail.</p>" in out and "<p>Deux paragraphes.</p>" in out
    assert detail["parent"]["parent"] is items[0]

    links = tree.find("a")
    assert [(a["attrs"]["href"], a["text"]) for a in links] == [
        ("../prospecter/relances/#quand", "Voir la section"),
        ("../regles/#generic", "Voir les règles"),
    ]  # the rule link: url_for returned None, so no link
    assert links[0]["attrs"]["aria-describedby"] == "pb-demo-premier-1-label"


def test_render_enhancements_hidden_without_js():
    tree = Tree(render_demo())
    status = tree.by_class("pb-checklist__status")[0]
    assert "hidden" in status["attrs"]
    progress = tree.find("progress")[0]
    assert progress["parent"] is status
    assert progress["attrs"]["max"] == "3" and progress["attrs"]["value"] == "0"
    assert progress["attrs"]["aria-label"]
    button = tree.find("button")[0]
    assert button["parent"] is status
    assert button["attrs"]["type"] == "button" and "disabled" in button["attrs"]
    assert button["text"] == "Tout décocher"
    message = tree.by_class("pb-checklist__message")[0]
    assert message["attrs"]["aria-live"] == "polite" and message["text"] == ""


def test_render_instances_have_unique_ids():
    page = render_demo(1) + "\n" + render_demo(2)
    ids = [e["attrs"]["id"] for e in Tree(page).elements if "id" in e["attrs"]]
    assert len(ids) == len(set(ids))
    assert "pb-demo-premier-2" in ids


def test_render_has_no_blank_lines():
    # Raw HTML spliced into Markdown ends at the first blank line.
    assert not re.search(r"\n\s*\n", render_demo())


def test_render_escapes_title():
    checklist, _ = parse("id: demo\ntitle: A <b> & B\nitems:\n  - id: un\n    text: Un.\n")
    out = render_checklist(checklist, md=md, url_for=url_for, instance=1)
    assert ">A &lt;b&gt; &amp; B</h2>" in out


def test_render_heading_level():
    checklist, _ = parse(VALID)
    out = render_checklist(checklist, md=md, url_for=url_for, instance=1, heading_level=3)
    assert '<h3 class="pb-checklist__title"' in out


def test_render_survives_python_markdown_page():
    # The hook may splice the HTML into the page's Markdown: it must come out unchanged.
    out = render_demo()
    page = markdown.markdown("# Page\n\nAvant.\n\n" + out + "\n\nAprès.\n")
    assert out in page


# ---------------------------------------------------------------------------------------------
# The real checklists


@pytest.fixture(scope="module")
def real():
    return load_checklists(SNIPPETS, root=ROOT)


def test_real_checklists_load_cleanly(real):
    assert set(real) == {"avant-invitation", "avant-relance", "trier-invitation",
                         "avant-publication", "routine-mensuelle", "fichier-prospects", "profil",
                         "compte-sain"}
    for checklist in real.values():
        assert checklist.intro
        assert len(checklist.items) >= 4


def test_real_checklists_links_exist(real):
    assert check_links(real, nav_sources(), set(), CATEGORIES) == []


@pytest.mark.parametrize("name", ["avant-invitation", "avant-relance"])
def test_prospecting_checklists_cover_every_category_once(real, name):
    categories = real[name].categories
    assert sorted(categories) == sorted(CATEGORIES)


def test_real_checklists_render(real):
    for number, checklist in enumerate(real.values(), start=1):
        out = render_checklist(checklist, md=md, url_for=url_for, instance=number)
        tree = Tree(out)
        assert len(tree.find("input")) == len(checklist.items)


# ---------------------------------------------------------------------------------------------
# Stylesheet (the JavaScript's Node tests are in tests/js/, its browser tests in tests/browser/)


def css_declarations(css: str) -> list[tuple[tuple[str, ...], str, str]]:
    """(enclosing rules, property, value) of every declaration of a stylesheet, comments removed;
    the enclosing rules are the at-rules and selectors around it, outermost first."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    stack: list[str] = []
    found = []
    for match in re.finditer(r"([^{};]+)\{|\}|([^{};]+)(?:;|(?=\}))", css):
        if match[1] is not None:
            stack.append(" ".join(match[1].split()))
        elif match[0] == "}":
            stack.pop()
        elif ":" in match[2]:
            prop, value = match[2].split(":", 1)
            found.append((tuple(stack), prop.strip().lower(), " ".join(value.split())))
    return found


# What a colour property may hold besides Material's variables: sizes, line styles, keywords that
# are no colour of their own. Any other word (`red`, `#333`, `rgb(...)`, a non-Material variable)
# is a hard-coded colour that ignores the reader's palette (light or dark scheme).
_NOT_A_COLOUR = re.compile(r"-?[\d.]+(?:px|rem|em|%)?|solid|dashed|dotted|double|none|inset|"
                           r"transparent|currentcolor|inherit|initial|unset|auto", re.I)
_MD_VARIABLE = re.compile(r"var\(\s*--md-[\w-]+\s*(?:,\s*)?\)")  # a fallback: Material's too
# Allow-list: in @media print the checklist is ink on paper, black on white whatever the screen's
# scheme (Material's dark-scheme variables would print light grey on white). Nothing else.
_PRINT_INK = {"#000", "#fff", "black", "white"}


def hard_coded_colours(css: str) -> list[str]:
    """`selector { property: value }` of every colour declaration that is not Material's
    variables (nor the print allow-list)."""
    bad = []
    for context, prop, value in css_declarations(css):
        if not re.search(r"color|background|border|outline|shadow|fill|stroke", prop):
            continue
        rest = value
        while _MD_VARIABLE.search(rest):  # innermost first: var(--md-a, var(--md-b))
            rest = _MD_VARIABLE.sub(" ", rest)
        printing = any(c.startswith("@media print") for c in context)
        words = [w for w in re.split(r"[\s,]+", rest) if w]
        if any(not _NOT_A_COLOUR.fullmatch(w) and not (printing and w.lower() in _PRINT_INK)
               for w in words):
            bad.append(f"{' '.join(context)} {{ {prop}: {value} }}")
    return bad


def test_css_declarations_parser_and_colour_check():
    css = """/* a { color: red } */ .a { color: var(--md-accent-fg-color); border: 0 }
    @media print { .b { color: #000; background: none } .c { color: #333 } }
    .d { background: var(--md-x, #fff) } .e { color: var(--other) } .f { margin: 0 red }"""
    assert css_declarations(css)[0] == ((".a",), "color", "var(--md-accent-fg-color)")
    assert hard_coded_colours(css) == [
        "@media print .c { color: #333 }", ".d { background: var(--md-x, #fff) }",
        ".e { color: var(--other) }"]


def test_css_uses_material_variables_and_print_rules():
    css = CSS.read_text(encoding="utf-8")
    assert hard_coded_colours(css) == []
    coloured = [value for _context, prop, value in css_declarations(css) if "color" in prop]
    assert len(coloured) >= 10 and all("var(--md-" in v for v in coloured if "#" not in v)
    printed = css[css.index("@media print"):]
    for rule in ("break-inside: avoid", "\\25A1", ".pb-checklist__reset", ".pb-checklist__progress"):
        assert rule in printed
