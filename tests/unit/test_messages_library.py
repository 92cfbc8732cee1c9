"""The example-message library: one test case per file (ids = file names), plus library-wide rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.lint import CATEGORY_IDS, lint, load_rules
from playbook.messages import check_example, check_library, parse_message

LIBRARY = Path(__file__).resolve().parents[2] / "snippets" / "messages"
FILES = sorted(LIBRARY.glob("*.md"))

REQUIRED = {
    "robot-bad": ("bad", "connection-note", "generic"),
    "robot-good": ("good", "connection-note", None),
    "sans-personnalisation-bad": ("bad", "message", "not-personalized"),
    "sans-personnalisation-good": ("good", "message", None),
    "faux-pretexte-bad": ("bad", "message", "false-pretext"),
    "faux-pretexte-good": ("good", "message", None),
    "exige-reponse-bad": ("bad", "follow-up", "demands-reply"),
    "exige-reponse-good": ("good", "follow-up", None),
    "vente-forcee-bad": ("bad", "message", "hard-sell"),
    "vente-forcee-good": ("good", "message", None),
    "sans-but-bad": ("bad", "connection-note", "no-purpose"),
    "sans-but-good": ("good", "connection-note", None),
    "premier-message-good": ("good", "message", None),
    "relance-bad": ("bad", "follow-up", None),
    "relance-good": ("good", "follow-up", None),
    "inmail-bad": ("bad", "inmail", None),
    "inmail-good": ("good", "inmail", None),
    "decliner-good": ("good", "message", None),
    "reorienter-good": ("good", "message", None),
}


@pytest.fixture(scope="module")
def library():
    messages, errors = check_library(LIBRARY, load_rules())
    return messages, errors


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_example(path):
    rules = load_rules()
    message, errors = parse_message(path, rules)
    assert not errors, "\n".join(map(str, errors))
    problems = check_example(message, rules)
    assert not problems, "\n".join(map(str, problems))


def test_library_is_consistent(library):
    _, errors = library
    assert not errors, "\n".join(map(str, errors))


def test_required_ids_and_roles(library):
    messages, _ = library
    for mid, (verdict, channel, category) in REQUIRED.items():
        assert mid in messages, mid
        m = messages[mid]
        assert (m.verdict, m.channel, m.lang) == (verdict, channel, "fr"), mid
        if category:
            assert category in m.expect, mid
        if verdict == "bad":
            assert m.pair == mid.replace("-bad", "-good")


def test_library_balance(library):
    messages, _ = library
    values = list(messages.values())
    assert len(values) >= 52
    assert sum(m.lang == "fr" for m in values) >= 0.6 * len(values)
    assert sum(m.verdict == "good" for m in values) >= len(values) / 3
    assert any(m.lang == "en" for m in values)
    for category in CATEGORY_IDS:
        bad = [m for m in values if m.verdict == "bad" and category in m.expect]
        assert len(bad) >= 4, category


def test_good_connection_notes_fit_a_free_account(library):
    """A good note must be sendable by every consultant: within the free (Basic) account's limit
    that the channel model declares (rules.yml, `free_max_chars`), unless its context says it
    needs Premium."""
    limit = load_rules().channels["connection-note"].free_max_chars
    assert limit == 200, "the channel model knows a free account's note limit (docs/sources.md)"
    messages, _errors = library
    too_long = {m.id: len(m.text) for m in messages.values()
                if m.verdict == "good" and m.channel == "connection-note" and len(m.text) > limit
                and "Premium" not in (m.context or "")}
    assert too_long == {}, f"good invitation notes over {limit} characters: {too_long}"


def test_a_note_over_the_free_limit_is_a_suggestion_only_on_invitation_notes():
    rules = load_rules()
    note = "Bonjour Claire, j'ai lu votre article sur la facturation électronique dans le bâtiment. " * 3
    findings = lint(note[:250], lang="fr", channel="connection-note", rules=rules)
    free = [f for f in findings if f.rule == "note-trop-longue-compte-gratuit"]
    assert [(f.severity, f.start, f.end) for f in free] == [("info", 200, 250)]
    assert not [f for f in findings if f.rule == "trop-long-pour-le-canal"]
    assert not [f for f in lint(note[:250], lang="fr", channel="message", rules=rules)
                if f.rule == "note-trop-longue-compte-gratuit"]
