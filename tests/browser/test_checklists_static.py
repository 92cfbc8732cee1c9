"""Checklists' JavaScript in real Chromium, on small static pages built from the real checklists.

Edge cases that are awkward on the full site: storage that throws or holds garbage, a checklist
edited since ticks were stored, other tabs, no JavaScript, print. The full site (Material's instant
navigation, pages embedding the same checklist) is covered in test_checklists_site.py.
"""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from site_server import QuietHandler, serve

from playbook.checklists import ItemLink, load_checklists, parse_checklist
from playbook.checklists import render_checklist as _render_checklist

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "docs" / "assets" / "javascripts" / "checklists.js"
CSS = ROOT / "docs" / "assets" / "stylesheets" / "checklists.css"


# The interface texts, as the build passes them (snippets/labels.yml, section `checklist`).
LABELS = yaml.safe_load((Path(__file__).resolve().parents[2] / "snippets" / "labels.yml").read_text(encoding="utf-8"))["checklist"]
render_checklist = functools.partial(_render_checklist, labels=LABELS)


def md(text: str) -> str:
    return markdown.markdown(text)


def url_for(link: ItemLink) -> str | None:
    return "../" + link.target if link.kind == "link" else None


@pytest.fixture(scope="module")
def real():
    return load_checklists(ROOT / "snippets" / "checklists", root=ROOT)


@pytest.fixture(scope="module")
def site(tmp_path_factory, real):
    """A tiny static site: two pages embedding checklists, served over HTTP on localhost."""
    root = tmp_path_factory.mktemp("site")
    shutil.copy(JS, root / "checklists.js")
    shutil.copy(CSS, root / "checklists.css")

    def page(body: str, extra_head: str = "") -> str:
        return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8">{extra_head}'
                f'<link rel="stylesheet" href="checklists.css"></head>'
                f'<body><article class="md-typeset">{body}</article>'
                f'<script src="checklists.js"></script></body></html>')

    relance = real["avant-relance"]
    two = render_checklist(relance, md=md, url_for=url_for, instance=1) + \
        render_checklist(real["avant-publication"], md=md, url_for=url_for, instance=2) + \
        render_checklist(relance, md=md, url_for=url_for, instance=3)
    (root / "deux.html").write_text(page(two), encoding="utf-8")
    (root / "autre.html").write_text(page(render_checklist(relance, md=md, url_for=url_for, instance=1)),
                                     encoding="utf-8")
    # A page with Material's `document$` (a minimal replaying observable), as with instant navigation.
    material = ("<script>window.document$ = {fns: [], subscribe(fn) { this.fns.push(fn); fn(); }, "
                "next() { this.fns.forEach(f => f()); }};</script>")
    (root / "material.html").write_text(page("<div id='main'></div>", material), encoding="utf-8")
    (root / "fragment.html").write_text(render_checklist(relance, md=md, url_for=url_for, instance=1),
                                        encoding="utf-8")
    # A checklist whose items changed since ticks were stored (an item removed, one added, reordered).
    edited = parse_checklist(
        "id: avant-relance\ntitle: Avant de relancer\nitems:\n"
        "  - id: nouveau-point\n    text: Nouveau.\n"
        "  - id: une-seule-relance\n    text: Seule relance.\n"
        "  - id: element-nouveau\n    text: Élément nouveau.\n",
        "x.yml", "avant-relance")[0]
    (root / "edite.html").write_text(page(render_checklist(edited, md=md, url_for=url_for, instance=1)),
                                     encoding="utf-8")

    with serve(root, QuietHandler, path="") as url:
        yield url



STORE = "playbook:checklist:avant-relance"


def stored(page) -> dict | None:
    raw = page.evaluate(f"() => localStorage.getItem('{STORE}')")
    return None if raw is None else json.loads(raw)


def test_browser_ticks_progress_sync_and_memory(page, site):
    page.goto(f"{site}/deux.html")
    first = page.locator(".pb-checklist[data-checklist='avant-relance'][data-instance='1']")
    other = page.locator(".pb-checklist[data-checklist='avant-relance'][data-instance='3']")
    assert first.locator(".pb-checklist__status").is_visible()
    assert first.locator(".pb-checklist__count").inner_text() == "0 / 9"
    assert first.locator(".pb-checklist__reset").is_disabled()

    # Clicking the label ticks the box (native label), and the other instance follows.
    page.locator("label[for='pb-avant-relance-element-nouveau-1']").click()
    assert page.locator("#pb-avant-relance-element-nouveau-3").is_checked()
    assert first.locator(".pb-checklist__count").inner_text() == "1 / 9"
    assert other.locator(".pb-checklist__count").inner_text() == "1 / 9"
    assert first.locator("progress").get_attribute("aria-valuetext") == "1 sur 9"
    assert stored(page) == {"element-nouveau": True}
    # Another checklist on the page is untouched.
    assert page.locator(".pb-checklist[data-checklist='avant-publication'][data-instance='2'] .pb-checklist__count").inner_text() == "0 / 8"

    # Keyboard: focus a box and press space.
    page.focus("#pb-avant-relance-une-seule-relance-3")
    page.keyboard.press("Space")
    assert page.locator("#pb-avant-relance-une-seule-relance-1").is_checked()

    # Another page embedding the same checklist, then a reload: ticks remembered.
    page.goto(f"{site}/autre.html")
    assert page.locator("#pb-avant-relance-element-nouveau-1").is_checked()
    assert page.locator("#pb-avant-relance-une-seule-relance-1").is_checked()
    assert page.locator(".pb-checklist__count").inner_text() == "2 / 9"
    page.reload()
    assert page.locator(".pb-checklist__count").inner_text() == "2 / 9"

    # Everything ticked: a polite message; then reset.
    for box in page.locator("input.pb-checklist__box").all():
        box.check()
    message = page.locator(".pb-checklist__message")
    assert message.get_attribute("aria-live") == "polite"
    assert "Tous les points sont cochés" in message.inner_text()
    page.locator(".pb-checklist__reset").click()
    assert page.locator(".pb-checklist__count").inner_text() == "0 / 9"
    assert not page.locator("input.pb-checklist__box:checked").count()
    assert "remise à zéro" in message.inner_text()
    assert stored(page) is None


def test_browser_edited_checklist_keeps_ticks_by_id(page, site):
    page.goto(f"{site}/autre.html")
    page.evaluate(f"""() => localStorage.setItem('{STORE}', JSON.stringify(
        {{"element-nouveau": true, "porte-de-sortie": true, "disparu": true, "une-seule-relance": "yes"}}))""")
    page.goto(f"{site}/edite.html")
    assert page.locator("#pb-avant-relance-element-nouveau-1").is_checked()
    assert not page.locator("#pb-avant-relance-une-seule-relance-1").is_checked()
    assert page.locator(".pb-checklist__count").inner_text() == "1 / 3"
    page.locator("#pb-avant-relance-nouveau-point-1").check()
    # Ticks of items this checklist no longer has are dropped on save.
    assert stored(page) == {"nouveau-point": True, "element-nouveau": True}


@pytest.mark.parametrize("garbage", ["{not json", "[1, 2]", "null", "42", '"texte"', '{"element-nouveau": 1}'])
def test_browser_garbage_in_storage(page, site, garbage):
    page.goto(f"{site}/autre.html")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORE, garbage])
    page.reload()
    assert page.locator(".pb-checklist__count").inner_text() == "0 / 9"
    page.locator("#pb-avant-relance-element-nouveau-1").check()
    assert stored(page) == {"element-nouveau": True}


def test_browser_storage_unavailable(browser, site):
    context = browser.new_context()
    context.add_init_script("""
        Object.defineProperty(window, 'localStorage', {
            configurable: true,
            get() { throw new DOMException('denied', 'SecurityError'); },
        });
    """)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{site}/deux.html")
        page.locator("#pb-avant-relance-element-nouveau-1").check()
        # Instances still agree, progress still counts; nothing is remembered, and the page says so.
        assert page.locator("#pb-avant-relance-element-nouveau-3").is_checked()
        assert page.locator(".pb-checklist[data-checklist='avant-relance'][data-instance='1'] .pb-checklist__count").inner_text() == "1 / 9"
        assert "pas mémorisées" in page.locator(".pb-checklist[data-checklist='avant-publication'][data-instance='2'] .pb-checklist__message").inner_text()
        page.locator(".pb-checklist[data-checklist='avant-relance'][data-instance='1'] .pb-checklist__reset").click()
        assert not page.locator("#pb-avant-relance-element-nouveau-3").is_checked()
        assert errors == []
    finally:
        context.close()


def test_browser_write_failure_keeps_ticks(browser, site):
    context = browser.new_context()
    context.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{site}/deux.html")
        page.locator("#pb-avant-relance-element-nouveau-1").check()
        assert page.locator("#pb-avant-relance-element-nouveau-1").is_checked()
        assert page.locator("#pb-avant-relance-element-nouveau-3").is_checked()
        assert errors == []
    finally:
        context.close()


def test_browser_instant_navigation(page, site):
    page.goto(f"{site}/material.html")
    page.evaluate(f"() => localStorage.setItem('{STORE}', JSON.stringify({{'porte-de-sortie': true}}))")
    # Simulate Material replacing the content, then emitting on document$.
    page.evaluate(f"""async () => {{
        const html = await (await fetch('fragment.html')).text();
        document.getElementById('main').innerHTML = html;
        window.document$.next();
    }}""")
    assert page.locator(".pb-checklist__status").is_visible()
    assert page.locator("#pb-avant-relance-porte-de-sortie-1").is_checked()
    # A second emission does not enhance twice (one change = one state update).
    page.evaluate("() => window.document$.next()")
    page.locator("#pb-avant-relance-porte-de-sortie-1").uncheck()
    assert page.locator(".pb-checklist__count").inner_text() == "0 / 9"
    assert stored(page) is None


def test_browser_other_tab_sync(browser, site):
    context = browser.new_context()
    try:
        one, two = context.new_page(), context.new_page()
        one.goto(f"{site}/autre.html")
        two.goto(f"{site}/autre.html")
        one.locator("#pb-avant-relance-message-court-1").check()
        two.wait_for_function("() => document.querySelector('#pb-avant-relance-message-court-1').checked")
        assert two.locator(".pb-checklist__count").inner_text() == "1 / 9"
    finally:
        context.close()


def test_browser_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site}/deux.html")
        assert not page.locator(".pb-checklist__status").first.is_visible()
        assert not page.locator(".pb-checklist__reset").first.is_visible()
        page.locator("label[for='pb-avant-relance-element-nouveau-1']").click()
        assert page.locator("#pb-avant-relance-element-nouveau-1").is_checked()
    finally:
        context.close()


def test_browser_print_shows_empty_boxes(page, site):
    page.goto(f"{site}/autre.html")
    page.locator("#pb-avant-relance-element-nouveau-1").check()
    page.emulate_media(media="print")
    assert not page.locator("#pb-avant-relance-element-nouveau-1").is_visible()
    assert not page.locator(".pb-checklist__status").is_visible()
    before = page.evaluate("""() => getComputedStyle(
        document.querySelector('.pb-checklist__item'), '::before').content""")
    assert before == '"\u25a1"'
    assert page.evaluate("""() => getComputedStyle(
        document.querySelector('.pb-checklist__item')).breakInside""") == "avoid"
