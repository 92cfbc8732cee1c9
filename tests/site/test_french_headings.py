"""Issue 15, item 3: a French interface. Rule headings, channel and category names are French;
the ids stay as anchors."""

from __future__ import annotations

import re

CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$|^[a-z0-9]+$")


def _text(html: str) -> str:
    html = re.sub(r'<a class="headerlink".*?</a>', "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html).strip()


def test_no_rule_heading_is_a_bare_code(real_build):
    page = real_build.page("regles/index.html")
    headings = re.findall(r'<h3 id="([^"]+)"[^>]*>(.*?)</h3>', page, re.S)
    assert len(headings) > 50
    for anchor, inner in headings:
        assert "<code>" not in inner, anchor
        text = _text(inner)
        assert not CODE.match(text), f"#{anchor}: heading is the code {text!r}"
        assert text != anchor


def test_rules_name_channels_in_french(real_build):
    page = real_build.page("regles/index.html")
    cells = re.findall(r"<th scope=\"row\">Canaux concernés</th><td>(.*?)</td>", page, re.S)
    assert cells
    for cell in cells:
        assert not re.search(r"connection-note|follow-up|inmail\b", cell), cell


def test_five_faults_table_names_categories_in_french(real_build):
    page = real_build.page("prospecter/cinq-fautes.html")
    table = re.search(r"<table>.*?</table>", page, re.S)[0]
    for code in ("generic", "not-personalized", "false-pretext", "demands-reply", "hard-sell", "no-purpose"):
        assert re.search(rf">\s*{code}\s*<", table) is None, code
    assert "Vente forcée" in table
