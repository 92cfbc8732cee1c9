"""axe-core in real Chromium: no serious or critical violation (contrast included) on the pages a
consultant meets, in the light and the dark palette.

axe-core comes from node_modules (a pinned devDependency, `make setup`) and is injected from disk:
the page makes no request for it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Material's palette choice, as its toggle stores it (mkdocs.yml `theme.palette`: index 1 is the
# light scheme, index 2 the dark one). The key is scoped by the site's base path.
PALETTES = {
    "light": {"index": 1, "color": {"media": "(prefers-color-scheme: light)", "scheme": "default",
                                    "primary": "indigo", "accent": "blue"}},
    "dark": {"index": 2, "color": {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
                                   "primary": "indigo", "accent": "light blue"}},
}

PAGES = {
    "home": "index.html",
    "content": "prospecter/relances.html",
    "checker": "verifier.html",
    "checklists": "checklists.html",
    "library": "messages/index.html",
    "rules": "regles/index.html",
}

# A bad message that lights up errors, warnings and suggestions in the checker.
BAD_MESSAGE = (
    "Bonjour, je suis tombé sur votre profil et j'ai été impressionné par votre parcours. "
    "Notre solution innovante révolutionne la prospection : 30 % de rendez-vous en plus ! "
    "Êtes-vous disponible pour un appel de 15 minutes cette semaine ? "
    "Merci de me répondre rapidement, avant lundi."
)

SERIOUS = {"serious", "critical"}


def _open(page, site_url, path, scheme):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make setup` (npm ci)")
    value = json.dumps(PALETTES[scheme])
    page.add_init_script(f"localStorage.setItem('/playbook/.__palette', {json.dumps(value)})")
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    expected = PALETTES[scheme]["color"]["scheme"]
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)


def _show_findings(page):
    page.select_option("#pb-channel", "")
    page.select_option("#pb-lang", "auto")
    page.locator("#pb-draft").fill(BAD_MESSAGE)
    page.wait_for_function("document.querySelectorAll('#pb-results > li').length >= 3", timeout=5000)
    classes = page.eval_on_selector_all("#pb-preview mark", "ms => ms.map(m => m.className).join(' ')")
    assert "pb-mark--" in classes, "the checker painted no mark"


def _violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), impact: n.impact,
                                      summary: (n.failureSummary || '').split('\\n').slice(1, 2).join('')}))}));
    }""")
    return [v for v in result if v["impact"] in SERIOUS]


def _describe(violations):
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {node['target']}: {node['summary'].strip()}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violation(page, site_url, name, scheme):
    page.set_viewport_size({"width": 1366, "height": 900})
    _open(page, site_url, PAGES[name], scheme)
    if name == "checker":
        _show_findings(page)
    if name == "library":
        assert page.locator("mark.pb-finding").count() > 0, "the library shows no highlighted finding"
    if name == "checklists":
        # one tick enables « Tout décocher », which axe skips while it is disabled
        checklist = page.locator(".pb-checklist").first
        box_id = checklist.locator("input.pb-checklist__box").first.get_attribute("id")
        checklist.locator(f"label[for='{box_id}']").click()
        expect(checklist.locator(".pb-checklist__reset")).to_be_enabled()
    violations = _violations(page)
    assert violations == [], f"{PAGES[name]} ({scheme}):\n{_describe(violations)}"
