"""The linter engine: normalisation, matching on real text, spans, categories, API shape."""

from __future__ import annotations

import dataclasses
import re

import pytest

from playbook.lint import detect_language, lint, load_rules, normalize
from playbook.lint.syntax import check_pattern


def rules_of(text, **kw):
    """Every rule that matches, even where another of its category covers the same words."""
    return {f.rule for f in lint(text, every_rule=True, **kw)}


def cats_of(text, **kw):
    return {f.category for f in lint(text, **kw) if f.severity != "info"}


# --- normalisation ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Électricité", "electricite"),
    ("J’ai «vu» — ça", "j'ai \"vu\" - ca"),
    ("a\u00a0b\u202fc\td", "a b c d"),
    ("ŒUVRE ß", "œuvre ß"),
    ("İ😀x", "I😀x"),
])
def test_normalize_maps_each_code_point_to_one(text, expected):
    result = normalize(text)
    assert result == expected
    assert len(result) == len(text)


def test_normalize_keeps_offsets_on_mixed_text():
    text = "Bonjour Éloïse 👋\r\nÀ bientôt ‘ici’ — ok"
    norm = normalize(text)
    assert len(norm) == len(text)
    for index, ch in enumerate(text):
        assert len(normalize(ch)) == 1
        assert norm[index] == normalize(ch)


# --- matching on real text ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Suite à votre demande, voici notre offre.",
    "SUITE A VOTRE DEMANDE, voici notre offre.",
    "suite a votre   demande, voici notre offre.",
    "Suite à\nvotre demande, voici notre offre.",
    "Suite à 🙂 votre demande, voici notre offre.",
])
def test_case_accents_spaces_line_breaks_emoji(text):
    findings = [f for f in lint(text, lang="fr") if f.rule == "suite-a-votre-demande"]
    assert len(findings) == 1
    span = text[findings[0].start:findings[0].end]
    assert span.lower().startswith("suite") and span.lower().endswith("demande")


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ"])
def test_typographic_apostrophes(apostrophe):
    text = f"Bonjour, j{apostrophe}aimerais agrandir mon réseau."
    found = [f for f in lint(text, lang="fr") if f.rule == "agrandir-mon-reseau"]
    assert found and text[found[0].start:found[0].end] == "agrandir mon réseau"


def test_spans_point_at_the_right_substring_after_emoji_and_accents():
    text = "🚀🚀 Éric, élargir\u00a0mon réseau c’est mon but. Comme convenu, à bientôt"
    by_rule = {f.rule: text[f.start:f.end] for f in lint(text, lang="fr")}
    assert by_rule["agrandir-mon-reseau"] == "élargir\u00a0mon réseau"
    assert by_rule["comme-convenu"] == "Comme convenu"


def test_whole_words_only():
    assert "relance-insistante" not in rules_of("Nous préparons la prérelance du produit.", lang="fr")
    assert "relance-insistante" in rules_of("Petite relance : avez-vous vu ?", lang="fr")


def test_stems_and_inflections():
    for verb in ("agrandir", "agrandissons", "élargissant"):
        assert "agrandir-mon-reseau" in rules_of(f"Je veux {verb} mon réseau.", lang="fr"), verb


def test_word_order_and_gaps():
    assert "profil-decouvert" in rules_of("Votre parcours est tout simplement remarquable.", lang="fr")
    assert "chasing-reply" in rules_of("Did you get a chance to review my proposal?", lang="en")


def test_placeholders_are_found_with_exact_spans():
    for placeholder in ("[Prénom]", "{{first_name}}", "{prenom}", "XXX", "<Nom>", "%FIRSTNAME%"):
        text = f"Bonjour {placeholder}, j'ai une question."
        found = [f for f in lint(text) if f.rule == "champ-non-rempli"]
        assert found, placeholder
        assert text[found[0].start:found[0].end] == placeholder


def test_fake_reply_subject_only_at_line_start():
    assert "objet-re-tr" in rules_of("RE : notre échange\nBonjour Paul")
    assert "objet-re-tr" in rules_of("Bonjour,\nTR: proposition")
    assert "objet-re-tr" not in rules_of("Bonjour Paul, votre re: ne compte pas ici")


# --- categories on hand-written cases -------------------------------------------------------

BAD = [
    ("fr", None, "generic", "Bonjour, en naviguant sur LinkedIn je suis tombée sur votre profil, très inspirant !"),
    ("en", None, "generic", "Dear Sir/Madam, I hope this email finds you well."),
    ("fr", None, "not-personalized", "Bonjour, nous aidons les entreprises comme la vôtre à recruter. Un échange ?"),
    ("en", None, "not-personalized", "Hi, we work with businesses like yours. Open to a chat?"),
    ("fr", None, "false-pretext", "Bonjour, pour faire suite à notre conversation, voici les éléments."),
    ("en", None, "false-pretext", "Hi Jo, per our conversation, here are the next steps."),
    ("fr", "follow-up", "demands-reply", "Bonjour, sans retour de votre part, je me permets de vous relancer."),
    ("en", "follow-up", "demands-reply", "Hi, just bumping this. Any update?"),
    ("fr", None, "hard-sell", "Bonjour Léa, notre outil vous fait gagner 5 h par semaine : démo gratuite sur calendly.com/x"),
    ("en", None, "hard-sell", "Hi Kim, book a demo here: calendly.com/acme. 20% off this month!"),
    ("fr", "connection-note", "no-purpose", "Bonjour, je souhaite élargir mon réseau. Merci d'accepter mon invitation."),
    ("en", "connection-note", "no-purpose", "Hi, I'd like to add you to my professional network."),
]


@pytest.mark.parametrize("lang, channel, category, text", BAD, ids=[f"{b[2]}-{b[0]}" for b in BAD])
def test_bad_cases_are_caught(lang, channel, category, text):
    assert category in cats_of(text, lang=lang, channel=channel)
    assert category in cats_of(text, channel=channel)  # language detected


GOOD = [
    ("fr", "connection-note", "Bonjour Inès, votre article sur le tri des biodéchets à la cantine de Niort m’a appris beaucoup. "
                              "Je gère une cuisine centrale à Poitiers : au plaisir d’échanger !"),
    ("fr", "follow-up", "Bonjour Marc, comme promis lors du salon Pollutec mardi, voici le lien vers notre étude sur la "
                        "méthanisation. Bonne lecture !"),
    ("fr", "message", "Bonjour Claire,\nMerci pour votre message. Ce sujet est suivi par Paul Morel, à qui je transmets.\nBonne journée"),
    ("en", "connection-note", "Hi Sam, your talk at PyCon on packaging was superb. We hit the same issue at work; "
                              "would love to follow your posts."),
    ("en", "follow-up", "Hi Ada, following up on your question at the Leeds meetup: here's the guide I mentioned. No need to reply!"),
]


@pytest.mark.parametrize("lang, channel, text", GOOD)
def test_good_messages_stay_clean(lang, channel, text):
    assert cats_of(text, lang=lang, channel=channel) == set()


def test_follow_up_with_nothing_new_needs_the_channel():
    text = "Bonjour Paul, je reviens vers vous concernant ma proposition."
    assert "relance-sans-nouveaute" in rules_of(text, lang="fr", channel="follow-up")
    assert "relance-sans-nouveaute" not in rules_of(text, lang="fr")


def test_connection_note_too_long_only_with_channel():
    text = "Bonjour Anne, votre article sur la logistique urbaine m'a intéressé. " * 6
    found = [f for f in lint(text, lang="fr", channel="connection-note") if f.rule == "trop-long-pour-le-canal"]
    assert found and (found[0].start, found[0].end) == (300, len(text)) and found[0].severity == "error"
    assert "trop-long-pour-le-canal" not in rules_of(text, lang="fr")
    assert "trop-long-pour-le-canal" not in rules_of(text, lang="fr", channel="message")


# --- API -------------------------------------------------------------------------------------

def test_finding_shape_and_order():
    findings = lint("Bonjour [Prénom], comme convenu voici notre démo gratuite. Merci de me répondre rapidement.")
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.rule))
    first = findings[0]
    assert set(first.to_dict()) == {"rule", "category", "severity", "start", "end", "message", "scope"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.start = 3


def test_language_detection_and_skipping():
    assert detect_language("Hi John, thanks for your post on the conference") == "en"
    assert detect_language("Bonjour Jean, merci pour votre post sur la conférence") == "fr"
    assert detect_language("") == "fr"
    assert "grow-my-network" not in rules_of("I want to grow my network", lang="fr")
    assert "grow-my-network" in rules_of("I want to grow my network", lang="en")


def test_unknown_lang_or_channel_is_an_error():
    with pytest.raises(ValueError):
        lint("x", lang="de")
    with pytest.raises(ValueError):
        lint("x", channel="sms")


def test_rule_patterns_stay_in_the_portable_subset():
    import yaml
    from playbook.lint import DEFAULT_RULES

    data = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))
    patterns = [r["pattern"] for r in data["rules"] if "pattern" in r]
    patterns += [p for r in data["rules"] if "absent" in r for p in r["absent"].get("signal_patterns", [])]
    assert patterns
    for pattern in patterns:
        check_pattern(pattern)


def test_every_rule_has_french_or_english_texts_and_a_docs_link():
    rules = load_rules()
    for rule in rules:
        assert rule.message and rule.advice
        assert rule.link.split("#")[0].endswith(".md")
    assert set(rules.categories) == {"generic", "not-personalized", "false-pretext", "demands-reply", "hard-sell", "no-purpose"}
    assert {c.id: c.max_chars for c in rules.channels.values()} == {
        "connection-note": 300, "inmail": 1900, "message": 8000, "follow-up": 8000}


# The consultants read every rule's message and advice in French, English rules included; only
# quotations (« … », "…", “…”) may cite the English wording a rule catches.
FRENCH_FUNCTION_WORDS = frozenset(
    "le la les l un une des du de d et ou est sont vous votre vos ce cette qui que qu ne n pas "
    "sur pour avec sans avant tout non dans au aux à en il elle son sa ses lui se s rien ni".split())
ENGLISH_FUNCTION_WORDS = frozenset(
    "the and you your is are to of for with this that it be not if what they their them can "
    "would should instead only any has have was about".split())
QUOTATION = re.compile(r'«[^»]*»|"[^"]*"|“[^”]*”')


def test_every_rule_message_and_advice_is_in_french():
    not_french = []
    for rule in load_rules():
        for field in ("message", "advice"):
            words = re.findall(r"[^\W\d_]+", QUOTATION.sub(" ", getattr(rule, field)).lower())
            french = sum(word in FRENCH_FUNCTION_WORDS for word in words)
            english = sorted({word for word in words if word in ENGLISH_FUNCTION_WORDS})
            if french < 2 or english:
                not_french.append(f"{rule.id} {field}: {', '.join(english) or 'too few French words'}")
    assert not not_french, "not French outside quotations:\n" + "\n".join(not_french)


def test_one_finding_per_fault():
    text = "Bonjour Claire, merci de me répondre rapidement."
    merged = [f for f in lint(text, lang="fr") if f.category == "demands-reply"]
    assert len(merged) == 1 and "rapidement" in text[merged[0].start:merged[0].end]
    every = [f for f in lint(text, lang="fr", every_rule=True) if f.category == "demands-reply"]
    assert len(every) > 1  # several rules see the same fault: only one remark is shown


def test_a_big_promise_is_a_hard_sell_whatever_the_subject():
    for text in ("Bonjour Claire, cet outil va révolutionner votre activité.",
                 "Bonjour Claire, nous allons révolutionner votre prospection.",
                 "Bonjour Claire, notre solution va révolutionner votre activité."):
        assert "hard-sell" in cats_of(text, lang="fr"), text
    assert "hard-sell" not in cats_of("Votre article sur la révolution des paiements m'a plu.", lang="fr")
