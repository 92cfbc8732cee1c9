"""« Vérifier mon message » in real Chromium: the page gives the Python linter's answers as the
consultant types, changes its length verdict with the channel, keeps hostile text inert, makes no
request once loaded, announces results politely, works with the keyboard, and explains the
command line when JavaScript is off."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from playbook.lint import lint, load_rules
from playbook.messages import load_library
from playbook.typography import french_spacing

ROOT = Path(__file__).resolve().parents[2]
PAGE = "verifier.html"


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "snippets" / "messages")


def python_findings(text, lang=None, channel=None):
    return [(f.rule, f.start, f.end) for f in lint(text, lang=lang, channel=channel, rules=load_rules())]


def shown_findings(page):
    return page.eval_on_selector_all(
        "#pb-results > li",
        "items => items.map(li => [li.dataset.rule, Number(li.dataset.start), Number(li.dataset.end)])")


def preview_text(page):
    """The preview's text without the numbered badges."""
    return page.evaluate("""() => {
        const copy = document.getElementById('pb-preview').cloneNode(true);
        copy.querySelectorAll('.pb-mark__ref').forEach(n => n.remove());
        return copy.textContent.replace(/\u200b$/, '');
    }""")


def open_verifier(page, site_url):
    page.goto(site_url + PAGE)
    form = page.locator("#pb-verifier")
    expect(form).to_be_visible()
    # Material fetches sitemap.xml after load (instant navigation): let it finish, so a short test
    # never closes the page in the middle of that request.
    page.wait_for_load_state("networkidle")
    return form


def enter(page, text, *, channel="", lang="auto"):
    page.select_option("#pb-channel", channel)
    page.select_option("#pb-lang", lang)
    page.locator("#pb-draft").fill(text)


def wait_for(page, expected):
    """Wait until the list shows exactly `expected` [(rule, start, end)] (one frame is enough)."""
    page.wait_for_function(
        """expected => JSON.stringify(Array.from(document.querySelectorAll('#pb-results > li'),
             li => [li.dataset.rule, Number(li.dataset.start), Number(li.dataset.end)]))
           === JSON.stringify(expected)""",
        arg=[list(f) for f in expected], timeout=5000)


def test_every_library_example_shows_the_python_findings(page, site_url, library):
    open_verifier(page, site_url)
    for message in library.values():
        enter(page, message.text, channel=message.channel, lang=message.lang)
        expected = python_findings(message.text, message.lang, message.channel)
        try:
            wait_for(page, expected)
        except Exception:  # noqa: BLE001 - show what differs
            assert shown_findings(page) == [list(f) for f in expected], message.id
        if message.verdict == "bad":
            assert expected, f"{message.id}: a bad example with no finding"
            shown_categories = set(page.eval_on_selector_all(
                "#pb-results .pb-result__category", "links => links.map(a => a.getAttribute('href'))"))
            rules = load_rules()
            for item in message.expect:
                category = item if item in rules.categories else rules.by_id[item].category
                assert any(h.endswith("#" + category) for h in shown_categories), (message.id, item)
            assert page.locator("#pb-preview mark").count() >= 1
        else:
            assert expected == []
            expect(page.locator("#pb-summary")).to_contain_text("ne relève rien")
            assert page.locator("#pb-preview mark").count() == 0


def test_a_bad_example_and_its_rewrite_typed_key_by_key(page, site_url, library):
    bad = library["faux-pretexte-bad"]
    good = library[bad.pair]
    open_verifier(page, site_url)
    page.select_option("#pb-channel", bad.channel)
    draft = page.locator("#pb-draft")
    draft.press_sequentially(bad.text[:160], delay=0)
    wait_for(page, python_findings(bad.text[:160], None, bad.channel))
    assert page.locator("#pb-results > li").count() >= 1
    item = page.locator("#pb-results > li").first
    expect(item.locator(".pb-result__message")).not_to_be_empty()
    expect(item.locator(".pb-result__advice")).to_contain_text("Conseil")
    rule_link = item.locator("a.pb-result__rule")
    # Relative in the page source; Material's instant navigation may make links absolute.
    assert re.fullmatch(r"(.*/)?regles/index\.html#[a-z0-9-]+", rule_link.get_attribute("href"))
    assert rule_link.get_attribute("href").endswith("#" + item.get_attribute("data-rule"))
    # The rewrite clears everything.
    draft.fill("")
    draft.press_sequentially(good.text, delay=0)
    wait_for(page, [])
    expect(page.locator("#pb-summary")).to_contain_text("ne relève rien")


def test_rule_and_category_links_lead_to_their_anchors(page, site_url, library):
    open_verifier(page, site_url)
    enter(page, library["robot-bad"].text, channel="connection-note", lang="fr")
    link = page.locator("#pb-results a.pb-result__rule").first
    rule_id = link.get_attribute("href").split("#")[1]
    category = page.locator("#pb-results a.pb-result__category").first.get_attribute("href").split("#")[1]
    link.click()
    # The rules page is long: wait for the address, not for every image and script to load
    # (a loaded CI machine took over 30 s to fire « load »); the anchors are then awaited below.
    page.wait_for_url(re.compile(r".*/regles/index\.html#" + re.escape(rule_id) + "$"), wait_until="commit")
    expect(page.locator(f"[id='{rule_id}']")).to_have_count(1, timeout=15000)
    expect(page.locator(f"[id='{category}']")).to_have_count(1, timeout=15000)


def test_switching_the_channel_changes_the_length_verdict(page, site_url):
    length_rules = {r.id for r in load_rules().rules if r.kind == "too_long"}
    open_verifier(page, site_url)
    text = ("Bonjour Claire, votre intervention au salon de Lyon sur la logistique urbaine m'a marqué. "
            "Nous travaillons sur le même sujet pour des villes moyennes. ") * 3 + "À bientôt 👋"
    count = page.locator("#pb-count")
    enter(page, text, channel="connection-note", lang="fr")
    length = len(text)
    assert length > 300
    expect(count).to_have_attribute("data-state", "over")
    expect(count).to_contain_text(f"{length - 300} de trop")
    assert length_rules & {f[0] for f in shown_findings(page)}
    assert shown_findings(page) == [list(f) for f in python_findings(text, "fr", "connection-note")]

    page.select_option("#pb-channel", "message")
    expect(count).to_have_attribute("data-state", "ok")
    expect(count).to_contain_text("dans la limite")
    wait_for(page, python_findings(text, "fr", "message"))
    assert not length_rules & {f[0] for f in shown_findings(page)}

    page.select_option("#pb-channel", "")
    expect(count).to_have_attribute("data-state", "none")
    # Code points, as Python counts them: the emoji is one character.
    expect(count).to_contain_text(f"{length} caractères")


def test_a_note_between_the_free_and_the_premium_limit_says_premium_only(page, site_url):
    open_verifier(page, site_url)
    text = ("Bonjour Claire, votre intervention au salon de Lyon sur la logistique urbaine m'a marqué. "
            "Nous travaillons sur le même sujet pour des villes moyennes, et votre retour nous aiderait. ") * 2
    text = text[:250]
    enter(page, text, channel="connection-note", lang="fr")
    count = page.locator("#pb-count")
    expect(count).to_have_attribute("data-state", "ok")
    expect(count).to_contain_text("plus de 200 caractères")
    expect(count).to_contain_text("Premium seulement")
    assert "note-trop-longue-compte-gratuit" in {f[0] for f in shown_findings(page)}
    assert shown_findings(page) == [list(f) for f in python_findings(text, "fr", "connection-note")]

HOSTILE = [
    "<img src=x onerror=\"window.__pwned = 1; alert(1)\">",
    "<script>window.__pwned = 1; alert(1)</script>",
    "javascript:alert(1)",
    "\"><svg onload=\"window.__pwned=1\"></svg><a href=\"javascript:alert(1)\">lien</a>",
    "Suite à votre demande <b onmouseover=alert(1)>gras</b> &lt;i&gt; &amp; <!-- commentaire -->",
    "<iframe src=\"https://example.com/\"></iframe><style>body{display:none}</style>",
]


def test_hostile_input_is_shown_as_text_and_never_runs(page, site_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_verifier(page, site_url)
    before = page.evaluate("() => document.querySelectorAll('*').length")
    for text in HOSTILE:
        enter(page, text)
        wait_for(page, python_findings(text))
        preview = page.locator("#pb-preview")
        assert preview_text(page) == text
        assert preview.locator("img, script, svg, iframe, style, a, b, i").count() == 0
        assert page.locator("#pb-results img, #pb-results script, #pb-results svg, #pb-results iframe").count() == 0
        page.locator("#pb-preview").hover()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src='x'], iframe[src^='https://example.com']").count() == 0
    # Only the verifier's own nodes changed: no element was added anywhere else.
    enter(page, "")
    page.wait_for_timeout(50)
    assert page.evaluate("() => document.querySelectorAll('*').length") <= before + 2


def test_no_request_at_all_once_the_page_is_loaded(page, site_url, library):
    open_verifier(page, site_url)
    stored = "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
    storage = page.evaluate(stored)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    draft = page.locator("#pb-draft")
    draft.press_sequentially("Bonjour, comme convenu je vous envoie notre démo 👍", delay=0)
    for message in list(library.values())[:8]:
        enter(page, message.text, channel=message.channel)
    enter(page, HOSTILE[0] + HOSTILE[3])
    page.select_option("#pb-channel", "inmail")
    page.select_option("#pb-lang", "en")
    buttons = page.locator("#pb-results button.pb-result__show")
    if buttons.count():
        buttons.first.click()
    page.wait_for_timeout(1000)
    assert requests == [], f"the verifier made requests: {[urlsplit(u).path for u in requests]}"
    # Nothing stored either (Material keeps its own settings; the draft adds nothing).
    assert page.evaluate(stored) == storage
    cookies = page.context.cookies()
    assert cookies == []


def test_results_are_announced_politely_once_typing_pauses(page, site_url, library):
    open_verifier(page, site_url)
    live = page.locator("#pb-live")
    assert live.get_attribute("aria-live") == "polite"
    assert live.get_attribute("role") == "status"
    draft = page.get_by_label("Votre brouillon")
    expect(draft).to_be_visible()
    assert page.get_by_label("Canal d'envoi").count() == 1
    assert page.get_by_label("Langue du message").count() == 1
    draft.press_sequentially("Comme convenu, je vous relance", delay=20)
    # Debounced: not spoken while typing, then the same summary as shown.
    summary = page.locator("#pb-summary")
    expect(live).to_have_text(summary.inner_text(), timeout=3000)
    assert re.search("\\d+\u00a0points? relevés?", live.inner_text())  # a number keeps its word


def test_keyboard_only_reaches_a_finding_and_selects_it(page, site_url, library):
    open_verifier(page, site_url)
    message = library["sans-but-bad"]
    page.locator("#pb-draft").focus()
    page.keyboard.insert_text(message.text)
    expected = python_findings(message.text)
    wait_for(page, expected)
    # Tab from the text area reaches the first "Montrer dans le texte" button after the rule link.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('pb-result__show')"):
            break
    else:
        pytest.fail("Tab never reached a 'Montrer dans le texte' button")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "pb-draft"
    # the first finding with a place in the text (one about the whole message has no button)
    rule, start, end = next((f.rule, f.start, f.end) for f in lint(message.text, rules=load_rules())
                            if f.scope == "span")
    selected = page.evaluate(
        "() => { const t = document.activeElement; return t.value.slice(t.selectionStart, t.selectionEnd) }")
    assert selected == message.text[start:end]


def test_a_judgment_about_the_whole_message_is_listed_but_not_painted(page, site_url):
    text = "Bonjour, je vois que vous travaillez dans l'IT. Puis-je vous présenter notre solution ?"
    found = lint(text, lang="fr", channel="message", rules=load_rules())
    whole = [f for f in found if f.scope == "message"]
    local = [f for f in found if f.scope == "span"]
    assert whole and local  # the model judges the whole text, a rule points at the pitch
    open_verifier(page, site_url)
    enter(page, text, channel="message", lang="fr")
    wait_for(page, [(f.rule, f.start, f.end) for f in found])
    marks = page.eval_on_selector_all("#pb-preview mark", "ms => ms.map(m => m.textContent)")
    assert marks and all(len(m) < len(text.strip()) for m in marks)  # the text is not painted whole
    assert any(text[f.start:f.end] in "".join(marks) for f in local)
    for f in whole:
        item = page.locator(f'#pb-results > li[data-rule="{f.rule}"]')
        expect(item.locator(".pb-result__excerpt")).to_have_text("tout le message")
        expect(item.locator(".pb-result__show")).to_have_count(0)
        # the checker spaces its texts as the build spaces the pages (playbook.typography)
        expect(item.locator(".pb-result__message")).to_have_text(french_spacing(f.message))
    texts = page.eval_on_selector_all(
        "#pb-summary, #pb-results :is(.pb-result__message, .pb-result__advice, .pb-result__category)",
        "els => els.map(e => e.textContent)")
    breakable = [t for t in texts if re.search(r" [:;!?»]|« ", t)]
    assert breakable == [], f"a line of the results could start with a colon or a guillemet: {breakable[:2]}"


def test_window_playbook_lint_counts_code_points_like_python(page, site_url):
    open_verifier(page, site_url)
    texts = [
        "👨‍👩‍👧‍👦🇫🇷 Suite à votre demande, je souhaite agrandir mon réseau 👍",
        "Re : 👋🏽 comme convenu\r\nBonjour [Prénom], xxx",
        "Hi 😀, as discussed, I'd love to grow my network. Just bumping this!",
        "",
        "   ",
    ]
    for text in texts:
        for lang in (None, "fr", "en"):
            for channel in (None, "connection-note", "follow-up"):
                got = page.evaluate("([t, l, c]) => window.playbook.lint(t, {lang: l, channel: c})",
                                    [text, lang, channel])
                expected = [f.to_dict() for f in lint(text, lang=lang, channel=channel, rules=load_rules())]
                assert got == expected, (text, lang, channel)


def test_without_javascript_the_page_explains_the_command_line(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    outside = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    try:
        page = context.new_page()
        page.goto(site_url + PAGE)
        expect(page.locator("#pb-verifier")).to_be_hidden()
        noscript = page.locator("noscript")
        # Without JavaScript the reader gets the paper route (a checklist) and, for a local copy,
        # the contributor page's command line; no command is spelled out to a reader.
        notice = noscript.inner_html()
        assert "checklist avant une invitation" in notice and "contribuer.html#en-ligne-de-commande" in notice
        assert "playbook lint" not in notice
        expect(page.get_by_role("heading", name="Et maintenant ?")).to_be_visible()
    finally:
        context.close()
    assert outside == []
