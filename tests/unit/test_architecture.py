"""The house rules of hooks/ that a reviewer would otherwise check by eye (issue 13)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOOK_FILE = ROOT / "hooks" / "playbook_hooks.py"
PACKAGE = ROOT / "hooks" / "playbook"
SOURCES = sorted([HOOK_FILE, *PACKAGE.rglob("*.py")])


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_the_hook_file_holds_entry_points_only():
    module = tree(HOOK_FILE)
    assert len(HOOK_FILE.read_text(encoding="utf-8").splitlines()) <= 180
    mutable = [node.lineno for node in module.body if isinstance(node, (ast.Assign, ast.AnnAssign))
               and isinstance(node.value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp))]
    assert mutable == [], f"module-level mutable containers at lines {mutable}: keep state in playbook.build"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_function_is_longer_than_60_lines(path):
    long = [(node.name, node.end_lineno - node.lineno + 1) for node in ast.walk(tree(path))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 60]
    assert long == []


def test_nothing_reads_python_private_regex_parser():
    for path in SOURCES:
        for node in ast.walk(tree(path)):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [f"{node.module}.{alias.name}" for alias in node.names] if isinstance(node, ast.ImportFrom) and node.module
                     else [])
            assert not [n for n in names if n.startswith(("sre_", "re._"))], (path, names)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
                assert not node.attr.startswith("_"), (path, node.lineno, node.attr)


def test_python_builds_no_markup_with_tags_in_strings():
    """Markup lives in hooks/playbook/templates/: a string literal opening an HTML element in the
    rendering modules is a template that escaped (the PDF's assembly and the sanitizer excepted)."""
    for name in ("build.py", "cards.py", "checklists.py", "library_pages.py", "glossary.py"):
        for node in ast.walk(tree(PACKAGE / name)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and not node.value.startswith("^"):
                built = 'class="' in node.value or re.search(r"</[a-z0-9]+>", node.value)
                assert not built, (name, node.lineno, node.value[:60])


def test_every_template_is_used():
    code = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES)
    templates = PACKAGE / "templates"
    for template in templates.iterdir():
        text = "\n".join(t.read_text(encoding="utf-8") for t in templates.iterdir())
        assert f'"{template.name}"' in code or f'"{template.name}"' in text, template.name
