"""snippets/labels.yml: checked once, each mistake named with its line and key."""

from pathlib import Path

from playbook.labels import load_labels

REAL = Path(__file__).resolve().parents[2] / "snippets" / "labels.yml"


def test_real_labels_are_complete():
    labels, errors = load_labels(REAL)
    assert errors == [] and labels["checklist"]["link"]["rule"]


def write(tmp_path, text):
    path = tmp_path / "labels.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_key_and_empty_text_name_the_key_and_line(tmp_path):
    text = REAL.read_text(encoding="utf-8").replace("  reset: Tout décocher\n", "").replace("context: Contexte", "context: ''")
    labels, errors = load_labels(write(tmp_path, text))
    assert labels is None
    messages = sorted(str(e) for e in errors)
    assert any("il manque le libellé `checklist.reset`" in m for m in messages)
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("context:"))
    assert any(m.startswith(f"snippets/labels.yml:{line}: le libellé `context` doit être un texte non vide") for m in messages)


def test_yaml_error_has_a_line(tmp_path):
    labels, errors = load_labels(write(tmp_path, "verdict:\n  good: Bien\n bad: Mal\n"))
    assert labels is None and len(errors) == 1 and errors[0].line == 3
