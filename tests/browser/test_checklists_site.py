"""Checklists on the real site: ticks survive reloads and Material's instant navigation to
another page embedding the same checklist; progress, reset and keyboard use."""

from __future__ import annotations

import re

from playwright.sync_api import expect

CHECKLIST = ".pb-checklist[data-checklist='avant-invitation']"


def test_ticks_follow_the_reader_across_pages_reloads_and_reset(page, site_url):
    page.goto(site_url + "prospecter/index.html")
    checklist = page.locator(CHECKLIST).first
    boxes = checklist.locator("input.pb-checklist__box")
    total = boxes.count()
    assert total >= 5
    count = checklist.locator(".pb-checklist__count")
    expect(count).to_have_text(f"0 / {total}")

    first_id = boxes.nth(0).get_attribute("id")
    checklist.locator(f"label[for='{first_id}']").click()
    expect(count).to_have_text(f"1 / {total}")

    # Keyboard: focus the second box and press Space.
    boxes.nth(1).focus()
    page.keyboard.press("Space")
    expect(count).to_have_text(f"2 / {total}")

    # Instant navigation (Material swaps the content without a page load) to another page
    # embedding the same checklist.
    page.evaluate("() => { window.__samePage = true }")
    page.locator("nav.md-nav--primary a[href$='checklists.html']").first.click()
    # Material's anchor tracking may add the heading in view (#exemples) once the page is there.
    page.wait_for_url(re.compile(r".*/checklists\.html(#[\w-]+)?$"))
    assert page.evaluate("() => window.__samePage === true"), "instant navigation did not happen"
    other = page.locator(CHECKLIST).first
    expect(other.locator(".pb-checklist__count")).to_have_text(f"2 / {total}")
    assert other.locator("input.pb-checklist__box").nth(0).is_checked()

    page.reload()
    other = page.locator(CHECKLIST).first
    expect(other.locator(".pb-checklist__count")).to_have_text(f"2 / {total}")

    # Everything ticked: a short message; reset clears every page's state.
    for box in other.locator("input.pb-checklist__box").all():
        box.check()
    expect(other.locator(".pb-checklist__message")).to_contain_text("Tous les points sont cochés")
    other.locator(".pb-checklist__reset").click()
    expect(other.locator(".pb-checklist__count")).to_have_text(f"0 / {total}")
    page.goto(site_url + "prospecter/index.html")
    expect(page.locator(CHECKLIST).first.locator(".pb-checklist__count")).to_have_text(f"0 / {total}")


def test_corrupted_storage_does_not_break_the_page(page, site_url):
    page.goto(site_url + "checklists.html")
    page.evaluate("() => localStorage.setItem('playbook:checklist:avant-invitation', '{oops')")
    page.reload()
    checklist = page.locator(CHECKLIST).first
    total = checklist.locator("input.pb-checklist__box").count()
    expect(checklist.locator(".pb-checklist__count")).to_have_text(f"0 / {total}")
    checklist.locator("input.pb-checklist__box").first.check()
    expect(checklist.locator(".pb-checklist__count")).to_have_text(f"1 / {total}")
