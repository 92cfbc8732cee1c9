"""Contributors' data fields never carry script into a page (playbook.safe_html).

Every field a consultant edits that is shown as HTML (checklists, glossary, rules.yml categories,
labels.yml library texts) is rendered by the build's own functions with each payload of
tests/fixtures/xss/payloads.txt; nothing that can run script may come out. The same HTML is
loaded in Chromium by tests/browser/test_xss_browser.py.
"""

from __future__ import annotations

import pytest
from xss_cases import FIELDS, PAYLOADS, page_markdown, unsafe

from playbook import safe_html


def test_enough_payloads():
    assert len(PAYLOADS) >= 25


def test_the_audit_sees_raw_payloads():
    """Control: the payloads, spliced into a page unsanitized, are seen by `unsafe` (else the
    tests below could not fail)."""
    flagged = [p for p in PAYLOADS if unsafe(page_markdown(p))]
    assert len(flagged) >= 25, [p for p in PAYLOADS if p not in flagged]


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives(field, payload):
    assert unsafe(FIELDS[field](payload)) == []


@pytest.mark.parametrize(("source", "expected"), [
    ("du **gras** et de l'*italique*", "du <strong>gras</strong> et de l'<em>italique</em>"),
    ("[Relances](../prospecter/relances.md#quand)", '<a href="../prospecter/relances.md#quand">Relances</a>'),
    ("[site](https://example.com/a?b=1)", '<a href="https://example.com/a?b=1">site</a>'),
    ("`code <b>`", "<code>code &lt;b&gt;</code>"),
    ("moins de 300 caractères < 8 000", "moins de 300 caractères &lt; 8 000"),
    ("[lien](javascript:alert(1))", "<a>lien</a>"),
    ("<b onclick=alert(1)>gras</b>", "<b>gras</b>"),
    ("<script>alert(1)</script>texte", "texte"),
])
def test_inline_markdown_is_kept_and_the_rest_removed(source, expected):
    assert safe_html.inline(source) == expected


def test_plain_text_fields_are_escaped():
    assert safe_html.text('<b title="x">') == "&lt;b title=&quot;x&quot;&gt;"
