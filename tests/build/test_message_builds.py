"""The example library through a real build: cards, generated pages, and every contributor
mistake failing `mkdocs build --strict` with one message naming the file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parents[1] / "fixtures" / "library"


def original(relative: str) -> str:
    return (LIBRARY / relative).read_text(encoding="utf-8")


def test_embedded_example_renders_as_a_card_with_its_rewrite_in_tabs(build_fixture):
    build = build_fixture("library")
    assert build.returncode == 0, build.log
    assert build.warnings == []
    html = build.page("index.html")
    assert html.count('class="pb-message pb-message--') == 2
    assert '<div class="tabbed-set' in html  # the pair sits beside it, in content tabs
    # The finding is marked in place, explained on hover/focus and in a numbered note, and
    # links to its rule on the generated reference page.
    mark = re.search(r'<mark class="pb-finding pb-finding--error"[^>]*>([^<]*)</mark>', html)
    assert mark and mark[1] == "agrandir mon réseau"
    assert 'data-tip="La seule raison donnée est d&#39;agrandir votre réseau."' in mark[0]
    assert 'href="regles/index.html#agrandir-reseau"' in html
    assert "Le vérificateur ne relève rien dans ce message." in html  # the good rewrite


def test_library_and_rules_pages_are_generated(build_fixture):
    build = build_fixture("library")
    assert build.returncode == 0, build.log
    library = build.page("messages/index.html")
    assert 'data-message="invitation-vide"' in library and 'data-message="invitation-motivee"' in library
    assert '<form class="pb-library-filters" hidden' in library
    rules = build.page("regles/index.html")
    assert 'id="agrandir-reseau"' in rules and 'id="no-purpose"' in rules
    # Each rule lists the library examples that trigger it, and links to its playbook section.
    entry = rule_entry(rules, "agrandir-reseau")
    assert 'href="../messages/index.html#invitation-vide"' in entry
    assert 'href="../index.html#sans-but"' in entry
    assert "Aucun exemple de la bibliothèque ne la déclenche" in rule_entry(rules, "suite-demande")


def rule_entry(html: str, rule_id: str) -> str:
    start = html.index(f'id="{rule_id}"')
    end = html.find("<h", start + 1)
    return html[start:end if end != -1 else None]


BAD = "snippets/messages/invitation-vide.md"
GOOD = "snippets/messages/invitation-motivee.md"


@pytest.mark.parametrize(("changes", "expected"), [
    ({GOOD: original(GOOD).replace("puis-je vous suivre ?", "j'aimerais agrandir mon réseau.")},
     "snippets/messages/invitation-motivee.md:9: ce bon exemple déclenche la règle agrandir-reseau"),
    ({BAD: original(BAD).replace("agrandir mon réseau", "élargir mes horizons")},
     "snippets/messages/invitation-vide.md:10: ce mauvais exemple devrait déclencher « no-purpose »"),
    ({"docs/index.md": original("docs/index.md").replace("message invitation-vide", "message invitation-vid")},
     "docs/index.md:7: exemple de message inconnu `invitation-vid`."),
    ({BAD: original(BAD).replace("channel: connection-note", "channel: courrier")},
     "snippets/messages/invitation-vide.md:4:"),
    ({BAD: original(BAD).replace("verdict: bad\n", "")},
     "snippets/messages/invitation-vide.md"),
    ({"snippets/rules.yml": original("snippets/rules.yml").replace("là.\n    link: index.md#sans-but", "là.\n    link: index.md#sans-raison")},
     "snippets/rules.yml:35: règle `agrandir-reseau` : `index.md` n'a pas de titre `#sans-raison`."),
    ({"snippets/rules.yml": original("snippets/rules.yml").replace("id: suite-demande", "id: agrandir-reseau")},
     "snippets/rules.yml:44:"),
    ({"snippets/rules.yml": original("snippets/rules.yml").replace('"suite a votre demande"', '"suite (?P<x>a) votre"')},
     "snippets/rules.yml:"),
], ids=["good-breaks-a-rule", "bad-misses-expected", "unknown-embed", "invalid-channel",
        "missing-field", "rule-link-anchor", "duplicate-rule-id", "invalid-pattern"])
def test_mistakes_fail_the_strict_build_with_file_and_line(build_fixture, changes, expected):
    build = build_fixture("library", changes)
    assert build.returncode != 0
    assert expected in build.log, build.log
    assert "Traceback" not in build.log


def test_broken_labels_give_one_message_and_no_traceback(build_fixture):
    labels = original("snippets/labels.yml").replace("  good: À préférer\n", "")
    build = build_fixture("library", {"snippets/labels.yml": labels})
    assert build.returncode != 0
    assert "il manque le libellé `verdict.good`" in build.log
    assert len(build.warnings) == 1, "\n".join(build.warnings)
    assert "Traceback" not in build.log


def test_a_good_example_that_fakes_a_request_and_presses_for_an_answer_fails_the_build(build_fixture):
    """Issue 14's check on the real rules and model: a real French good example with « Suite à votre
    demande, merci de me répondre rapidement. » appended is refused, naming both faults."""
    real = Path(__file__).resolve().parents[2] / "snippets"
    example = next(p for p in sorted((real / "messages").glob("*.md"))
                   if "verdict: good" in (text := p.read_text(encoding="utf-8")) and "lang: fr" in text)
    edited = example.read_text(encoding="utf-8").rstrip("\n") + " Suite à votre demande, merci de me répondre rapidement.\n"
    build = build_fixture("library", {"snippets/rules.yml": (real / "rules.yml").read_text(encoding="utf-8"),
                                      # with the judgment layer, as on the site
                                      "snippets/verifier-model.json": (real / "verifier-model.json").read_text(encoding="utf-8"),
                                      f"snippets/messages/{example.name}": edited})
    assert build.returncode != 0
    mine = [w for w in build.warnings if f"snippets/messages/{example.name}" in w and "ce bon exemple" in w]
    assert any("(false-pretext)" in w for w in mine), build.log
    assert any("(demands-reply)" in w for w in mine), build.log
