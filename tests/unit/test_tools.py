"""The developer tools (tools/): outside the runtime package, run from the repository root, and
finding the project from configuration (--root, $PLAYBOOK_ROOT, mkdocs.yml upwards)."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from site_facts import ROOT, tool

HOOKS = ROOT / "hooks"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_the_build_code_never_imports_the_tools():
    offenders = [f"{path.relative_to(ROOT)}: {name}"
                 for path in sorted(HOOKS.rglob("*.py"))
                 for name in _imported_modules(path)
                 if name == "tools" or name.startswith("tools.")]
    assert offenders == []
    for gone in ("playbook.bench", "playbook.lint.bench", "playbook.lint.evaluate"):
        assert importlib.util.find_spec(gone) is None, f"{gone} is back in the runtime package"


def _env_without_root() -> dict:
    return {k: v for k, v in os.environ.items() if k != "PLAYBOOK_ROOT"}


def test_bench_help_runs_from_the_repository_root():
    proc = subprocess.run([sys.executable, "-m", "tools.bench", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env=_env_without_root())
    assert proc.returncode == 0, proc.stderr
    assert "python -m tools.bench" in proc.stdout and "--root" in proc.stdout


def test_project_root_from_option_environment_or_upwards(tmp_path, monkeypatch, capsys):
    project_root = tool("bench").project_root
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    deeper = tmp_path / "a" / "b"
    deeper.mkdir(parents=True)
    monkeypatch.delenv("PLAYBOOK_ROOT", raising=False)
    monkeypatch.chdir(deeper)
    assert project_root() == tmp_path.resolve()
    assert project_root(ROOT) == ROOT
    monkeypatch.setenv("PLAYBOOK_ROOT", str(ROOT))
    assert project_root() == ROOT
    monkeypatch.delenv("PLAYBOOK_ROOT")
    monkeypatch.chdir(tmp_path.parent)
    with pytest.raises(SystemExit) as stopped:
        project_root()
    assert stopped.value.code == 2 and "no mkdocs.yml in" in capsys.readouterr().err


def test_lint_bench_one_quick_run(capsys):
    assert tool("lint_bench").main(["--root", str(ROOT), "--seconds", "0.1"]) == 0
    out = capsys.readouterr().out
    assert "messages/second (language given)" in out and "rules" in out


def test_evaluate_scores_a_corpus_and_says_when_no_rules(tmp_path):
    corpus = tmp_path / "mini.jsonl"
    corpus.write_text('{"id": "1", "text": "Bonjour, comme convenu, voici notre offre.", "lang": "fr", '
                      '"verdict": "bad", "categories": ["false-pretext"]}\n', encoding="utf-8")
    env = {**_env_without_root(), "PYTHONPATH": str(ROOT)}
    scored = subprocess.run([sys.executable, "-m", "tools.evaluate", str(corpus)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, env=env)
    assert scored.returncode == 0, scored.stderr
    assert "1 messages, 0 good" in scored.stdout and "false-pretext" in scored.stdout
    lost = subprocess.run([sys.executable, "-m", "tools.evaluate", str(corpus)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, env=env)
    assert lost.returncode == 2 and "Traceback" not in lost.stderr
    assert "introuvable" in lost.stderr and lost.stderr.count("\n") == 1


def test_evaluate_against_a_second_labelling_scores_agreement(tmp_path, capsys):
    corpus, labels = tmp_path / "mini.jsonl", tmp_path / "second.jsonl"
    corpus.write_text('{"id": "a", "text": "x", "verdict": "bad", "categories": ["generic", "no-purpose"]}\n'
                      '{"id": "b", "text": "y", "verdict": "good", "categories": []}\n'
                      '{"id": "c", "text": "z", "verdict": "good", "categories": []}\n', encoding="utf-8")
    labels.write_text('{"id": "a", "categories": ["generic"]}\n{"id": "b", "categories": ["hard-sell"]}\n'
                      '{"id": "c", "categories": []}\n', encoding="utf-8")
    evaluate = tool("evaluate")
    assert evaluate.main([str(corpus), "--against", str(labels)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.split()}
    assert rows["generic"] == ["1.00", "1.00", "1.00", "1", "0", "0", "0"]
    assert rows["no-purpose"] == ["0.00", "0.00", "0.00", "0", "0", "1", "0"]
    assert rows["hard-sell"] == ["0.00", "0.00", "0.00", "0", "1", "0", "1"]  # a false alarm on a good one
    assert "bad messages caught: 1/1 (100%)" in out and "good messages left clean: 1/2 (50%)" in out
    assert "scoring the labels of" in out
    labels.write_text('{"id": "a", "categories": []}\n', encoding="utf-8")
    assert evaluate.main([str(corpus), "--against", str(labels)]) == 2
    assert "no labels for 2 messages" in capsys.readouterr().err
    for bad, says in (('{"id": "a", "categories": ["generik"]}', "row 1 (a): `categories` must be a list of"),
                      ('{"categories": []}', "row 1 has no string `id`"),
                      ('{"id": "a", "categories": []}\n{"id": "a", "categories": []}', "row 2: id a is labelled twice")):
        labels.write_text(bad + "\n", encoding="utf-8")
        assert evaluate.main([str(corpus), "--against", str(labels)]) == 2
        assert says in capsys.readouterr().err
