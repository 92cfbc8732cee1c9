"""Library validation: every contributor mistake is one ContentError with file, line and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.errors import ContentError
from playbook.lint import load_rules
from playbook.messages import check_example, check_library, load_library, parse_message

ROOT = Path(__file__).resolve().parents[2]

BAD = """---
lang: fr
channel: message
verdict: bad
expect: [false-pretext]
context: Test.
pair: x-good
---
Bonjour, suite à votre demande voici notre offre.
"""
GOOD = """---
lang: fr
channel: message
verdict: good
context: Test.
---
Bonjour Anne, votre article sur les circuits courts à Lyon m'a appris beaucoup. Merci !
"""


def make(tmp_path, **files):
    for name, text in files.items():
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    return tmp_path


def errors_of(tmp_path, **files):
    _, errors = check_library(make(tmp_path, **files), load_rules())
    return errors


def test_valid_pair_loads(tmp_path):
    messages = load_library(make(tmp_path, **{"x-bad": BAD, "x-good": GOOD}))
    assert set(messages) == {"x-bad", "x-good"}
    bad = messages["x-bad"]
    assert bad.text.startswith("Bonjour") and bad.text_line == 9 and bad.expect == ("false-pretext",)


@pytest.mark.parametrize("edit, words, line", [
    (("lang: fr", "lang: de"), "lang « de » inconnu", 2),
    (("channel: message", "channel: sms"), "channel « sms » inconnu", 3),
    (("verdict: bad", "verdict: maybe"), "verdict « maybe » inconnu", 4),
    (("expect: [false-pretext]\n", ""), "« expect » manque", 1),
    (("pair: x-good\n", ""), "« pair » manque", 1),
    (("expect: [false-pretext]", "expect: [spam]"), "ni une catégorie ni une règle", 5),
    (("expect: [false-pretext]", "expect: []"), "liste non vide", 5),
    (("context: Test.\n", ""), "« context » manque", 1),
    (("context: Test.", "context: Test.\ncolour: red"), "champ inconnu « colour »", 7),
    (("lang: fr", "lang: fr\nlang: en"), "apparaît deux fois", 3),
    (("---\nBonjour, suite à votre demande voici notre offre.\n", "---\n\n"), "texte du message est vide", 9),
    (("lang: fr", "lang: [fr"), "en-tête YAML invalide", None),
])
def test_invalid_fields(tmp_path, edit, words, line):
    old, new = edit
    assert old in BAD
    errors = errors_of(tmp_path, **{"x-bad": BAD.replace(old, new, 1), "x-good": GOOD})
    assert errors and any(words in e.problem for e in errors), [str(e) for e in errors]
    error = next(e for e in errors if words in e.problem)
    assert error.path.endswith("x-bad.md") and error.fix is not None
    if line is not None:
        assert error.line == line


def test_missing_front_matter(tmp_path):
    errors = errors_of(tmp_path, **{"x-good": "Bonjour Anne"})
    assert "en-tête YAML manque" in errors[0].problem and errors[0].line == 1


def test_pair_to_missing_message(tmp_path):
    errors = errors_of(tmp_path, **{"x-bad": BAD})
    assert any("n'existe pas" in e.problem and e.line == 7 for e in errors)


def test_good_rewrites_only_one_bad(tmp_path):
    errors = errors_of(tmp_path, **{"x-bad": BAD, "y-bad": BAD, "x-good": GOOD})
    assert any("déjà la réécriture" in e.problem for e in errors)


def test_pair_between_two_bad(tmp_path):
    errors = errors_of(tmp_path, **{"x-bad": BAD, "x-good": BAD.replace("pair: x-good", "pair: x-bad")})
    assert any("aussi un message « bad »" in e.problem for e in errors)


def test_expect_on_good_and_bad_file_name(tmp_path):
    errors = errors_of(tmp_path, **{"Bad_Name": GOOD.replace("verdict: good", "verdict: good\nexpect: [generic]")})
    problems = " ".join(e.problem for e in errors)
    assert "identifiant valide" in problems and "ne concerne que" in problems


def test_all_errors_are_collected_and_load_raises_a_group(tmp_path):
    make(tmp_path, **{"x-bad": BAD.replace("lang: fr", "lang: de").replace("channel: message", "channel: sms"), "x-good": GOOD})
    with pytest.raises(ExceptionGroup) as info:
        load_library(tmp_path)
    assert len(info.value.exceptions) >= 2
    assert all(isinstance(e, ContentError) for e in info.value.exceptions)


def test_check_example_good_with_finding(tmp_path):
    make(tmp_path, **{"x-good": GOOD.replace("Bonjour Anne, votre article", "Bonjour, comme convenu, notre article")})
    message, errors = parse_message(tmp_path / "x-good.md")
    assert not errors
    problems = check_example(message)
    assert problems and all(p.line == 7 for p in problems)
    assert any("comme-convenu" in p.problem for p in problems)


def test_check_example_bad_missing_expectation(tmp_path):
    make(tmp_path, **{"x-bad": BAD.replace("expect: [false-pretext]", "expect: [false-pretext, no-purpose]")})
    message, _ = parse_message(tmp_path / "x-bad.md")
    problems = check_example(message)
    assert len(problems) == 1 and "no-purpose" in problems[0].problem and problems[0].line == 9


def test_bom_crlf_and_upper_case_suffix(tmp_path):
    """Windows editors: a BOM and CRLF line breaks are read like a plain file; a file named
    .MD is not silently ignored."""
    import shutil

    from playbook.messages import check_library

    source = sorted((ROOT / "snippets" / "messages").glob("*.md"))[:2]
    for path in source:
        shutil.copy(path, tmp_path / path.name)
    plain, plain_errors = check_library(tmp_path)
    first = tmp_path / source[0].name
    first.write_bytes(b"\xef\xbb\xbf" + first.read_bytes().replace(b"\n", b"\r\n"))
    windows, windows_errors = check_library(tmp_path)
    assert windows_errors == plain_errors
    assert {k: (m.text, m.lang, m.channel) for k, m in windows.items()} == \
        {k: (m.text, m.lang, m.channel) for k, m in plain.items()}
    (tmp_path / "salon-bad.MD").write_text("---\nlang: fr\n---\nBonjour", encoding="utf-8")
    _found, errors = check_library(tmp_path)
    odd = [e for e in errors if "salon-bad.MD" in str(e)]
    assert len(odd) == 1 and "Renommez-le en salon-bad.md" in str(odd[0])


def test_a_control_character_is_one_message_with_its_line(tmp_path):
    source = sorted((ROOT / "snippets" / "messages").glob("*.md"))[0]
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[-1] = lines[-1].rstrip("\n") + "\x00\n"
    broken = tmp_path / source.name
    broken.write_text("".join(lines), encoding="utf-8")
    message, errors = parse_message(broken, load_rules())
    assert message is None and len(errors) == 1
    assert errors[0].line == len(lines) and "U+0000" in str(errors[0])


def test_an_unclosed_quote_is_reported_on_its_own_line_in_french(tmp_path):
    source = sorted((ROOT / "snippets" / "messages").glob("*.md"))[0]
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[title] = 'title: "Un titre sans fin\n'
    broken = tmp_path / source.name
    broken.write_text("".join(lines), encoding="utf-8")
    _message, errors = parse_message(broken, load_rules())
    assert len(errors) == 1
    assert errors[0].line == title + 1
    assert "guillemet est ouvert mais jamais refermé" in str(errors[0])


def test_a_misspelt_field_suggests_the_right_one(tmp_path):
    source = sorted((ROOT / "snippets" / "messages").glob("*.md"))[0]
    text = source.read_text(encoding="utf-8").replace("\ncontext:", "\ncontexte:", 1)
    assert "\ncontexte:" in text
    (tmp_path / source.name).write_text(text, encoding="utf-8")
    _message, errors = parse_message(tmp_path / source.name, load_rules())
    assert any("Vouliez-vous dire « context » ?" in str(e) for e in errors), errors


def test_a_copied_message_file_is_the_one_blamed(tmp_path):
    """Copying relance-bad.md to relance-bad-2.md (same pair): one message, on the copy."""
    import shutil

    library = ROOT / "snippets" / "messages"
    bad = next(p for p in sorted(library.glob("*-bad.md")) if "pair:" in p.read_text(encoding="utf-8"))
    good_id = next(line.split(":", 1)[1].strip() for line in bad.read_text(encoding="utf-8").splitlines()
                   if line.startswith("pair:"))
    for path in (bad, library / f"{good_id}.md"):
        shutil.copy(path, tmp_path / path.name)
    shutil.copy(bad, tmp_path / f"{bad.stem}-2.md")
    _messages, errors = check_library(tmp_path)
    pair_errors = [e for e in errors if "pair" in str(e) or "réécriture" in str(e)]
    assert len(pair_errors) == 1, pair_errors
    assert pair_errors[0].path.endswith(f"{bad.stem}-2.md")


def test_a_missing_library_folder_is_one_french_message(tmp_path):
    from playbook.messages import check_library

    library, errors = check_library(tmp_path / "nulle-part")
    assert library == {} and len(errors) == 1 and "n'existe pas" in errors[0].problem
