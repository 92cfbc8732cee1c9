"""Message cards: findings in, HTML out (no MkDocs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from playbook.cards import CardContext, highlight, render_card, render_example
from playbook.lint import Finding

LABELS = yaml.safe_load((Path(__file__).resolve().parents[2] / "snippets" / "labels.yml").read_text(encoding="utf-8"))


def F(rule: str, category: str, severity: str, start: int, end: int, message: str) -> Finding:
    return Finding(rule, category, severity, start, end, message)


@dataclass
class M:
    id: str
    verdict: str
    text: str
    lang: str = "fr"
    channel: str = "message"
    context: str = "Un test."
    title: str = ""
    pair: str | None = None


CTX = CardContext(labels=LABELS, channel_labels={"message": "Message"},
                  category_labels={"generic": "Message « robot »"},
                  rule_url=lambda rule: f"../regles/index.html#{rule}")


def test_highlight_escapes_text_and_keeps_line_breaks():
    assert highlight("<b>a</b>\nb & c", [], []) == "&lt;b&gt;a&lt;/b&gt;<br>b &amp; c"


def test_a_finding_is_marked_in_place_with_its_note_number_at_its_end():
    out = highlight("Bonjour cher ami", [F("r", "generic", "warning", 8, 12, "Trop vague.")], ["n1"])
    assert out == ('Bonjour <mark class="pb-finding pb-finding--warning" tabindex="0" data-rules="r" '
                   'data-tip="Trop vague." aria-describedby="n1">cher</mark>'
                   '<sup class="pb-finding__ref" aria-hidden="true">1</sup> ami')


def test_overlapping_findings_split_into_marks_naming_both_and_the_worst_severity():
    findings = [F("a", "generic", "warning", 0, 6, "A"), F("b", "generic", "error", 3, 9, "B")]
    out = highlight("abcdefghi", findings, ["n1", "n2"])
    assert out.count("<mark") == 3
    assert 'pb-finding--error" tabindex="0" data-rules="a b" data-tip="A / B" aria-describedby="n1 n2">def</mark><sup class="pb-finding__ref" aria-hidden="true">1</sup>' in out
    assert out.endswith('>ghi</mark><sup class="pb-finding__ref" aria-hidden="true">2</sup>')


def test_emoji_and_accents_keep_their_code_point_spans():
    text = "👋 Élise, réservez ici"
    start = text.index("réservez")
    out = highlight(text, [F("r", "hard-sell", "error", start, start + 8, "Vente.")], ["n1"])
    assert ">réservez</mark>" in out and out.startswith("👋 Élise, <mark")


def test_card_has_verdict_context_notes_rule_links_and_invented_label():
    card = render_card(M("x", "bad", "Bonjour cher ami"), [F("r", "generic", "warning", 8, 12, "Trop vague.")], CTX, uid="u")
    assert 'class="pb-message pb-message--bad" id="u"' in card and 'data-categories="generic"' in card
    assert "À éviter" in card and "Contexte :" in card and "16 caractères" in card
    assert '<li id="u-n1" class="pb-message__finding pb-message__finding--warning">' in card
    # the reader gets a French link to the rule, not its code (the id stays in the address)
    assert '<a href="../regles/index.html#r" data-rule="r">voir la règle</a>' in card and "<code>" not in card
    assert "Message inventé pour l&#39;illustration." in card
    assert "\n\n" not in card  # a blank line would end the raw HTML block


def test_clean_card_says_so():
    card = render_card(M("y", "good", "Votre article m'a aidé."), [], CTX, uid="u")
    assert "Le vérificateur ne relève rien dans ce message." in card and "<ol" not in card


def test_example_with_pair_shows_the_bad_one_first_in_tabs():
    bad, good = M("bad", "bad", "Salut", pair="good"), M("good", "good", "Bonjour Anne", pair="bad")
    out = render_example(good, bad, lambda m: [], CTX, uid="pb-m1")
    assert out.index('data-message="bad"') < out.index('data-message="good"')
    assert '<input checked id="pb-m1-tabs-1" name="pb-m1-tabs" type="radio">' in out
    assert '<label for="pb-m1-tabs-1">À éviter</label><label for="pb-m1-tabs-2">À préférer</label>' in out
    assert render_example(good, None, lambda m: [], CTX, uid="pb-m2").startswith('<div class="pb-message pb-message--good"')


def test_a_finding_about_the_whole_message_is_listed_not_painted():
    text = "Bonjour, je souhaite agrandir mon réseau."
    whole = Finding("generic", "generic", "warning", 0, len(text), "Dans l'ensemble, passe-partout.", "message")
    local = F("agrandir", "generic", "warning", 21, 40, "Sans but.")
    card = render_card(M("z", "bad", text), [whole, local], CTX, uid="u")
    assert card.count("<mark") == 1 and ">agrandir mon réseau</mark>" in card
    assert ('<span class="pb-message__excerpt">Tout le message :</span> Dans l&#39;ensemble, passe-partout. '
            '<span class="pb-message__rule">(Message « robot », avertissement)</span>') in card


def test_a_long_excerpt_in_a_note_ends_at_a_word_with_an_ellipsis():
    text = "Je me permets de vous contacter car votre profil a retenu toute mon attention aujourd'hui même"
    card = render_card(M("w", "bad", text), [F("r", "generic", "warning", 0, len(text), "Formule.")], CTX, uid="u")
    assert "« Je me permets de vous contacter car votre profil a retenu toute mon attention… »" in card
