"""The contributors' data fields, rendered with every payload, run no script in real Chromium.

For each field of tests/xss_cases.py, one page holds the HTML the build makes from each payload of
tests/fixtures/xss/payloads.txt. Chromium opens it, every element is hovered, focused, clicked and
toggled (links included, so a surviving `javascript:` address would run), and any dialog
(`alert(1)`) is recorded. A control page with the same payloads left raw must fire dialogs, which
shows the harness would see one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from xss_cases import FIELDS, PAYLOADS, page_markdown

_PROVOKE = """() => {
  for (const element of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'toggle', 'start', 'load', 'error']) {
      element.dispatchEvent(new Event(type));
    }
    if (typeof element.focus === 'function') element.focus();
    if (typeof element.click === 'function') element.click();
  }
}"""


def _dialogs(page, tmp_path: Path, name: str, fragments: list[str]) -> list[str]:
    target = tmp_path / f"{name}.html"
    body = "\n".join(f'<section data-case="{i}">{html}</section>' for i, html in enumerate(fragments))
    target.write_text(f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{name}</title>'
                      f"</head><body>{body}</body></html>", encoding="utf-8")
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    page.goto(target.as_uri())
    page.wait_for_load_state("load")
    page.evaluate(_PROVOKE)
    page.wait_for_timeout(300)
    return fired


def test_control_raw_payloads_fire(page, tmp_path):
    # A page of its own: the raw payloads also throw script errors, which `page` would fail on.
    control = page.context.new_page()
    fired = _dialogs(control, tmp_path, "control", [page_markdown(p) for p in PAYLOADS])
    control.close()
    assert len(fired) >= 10, fired


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_no_payload_runs(page, tmp_path, field):
    render = FIELDS[field]
    fired = _dialogs(page, tmp_path, field.replace(" ", "-").replace("/", "-"),
                     [render(p) for p in PAYLOADS])
    assert fired == [], f"{field}: {len(fired)} dialog(s) from {len(PAYLOADS)} payloads"
