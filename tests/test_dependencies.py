"""Pin and watch: every dependency is pinned exactly, MkDocs stays on 1.x and Material on 9.x."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINS = {
    m["name"].lower().replace("_", "-"): m["version"]
    for m in re.finditer(r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>\S+)", (ROOT / "requirements.txt").read_text(), re.M)
}


def _name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9_.-]+", requirement)[0].lower().replace("_", "-")


def test_every_declared_dependency_is_pinned_exactly():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    missing = [r for r in declared if _name(r) not in PINS]
    assert missing == [], f"run `make lock`: not pinned in requirements.txt: {missing}"


def test_mkdocs_1_and_material_9():
    major, minor, patch = (int(x) for x in PINS["mkdocs"].split(".")[:3])
    assert major == 1 and (minor, patch) >= (6, 1)
    material = tuple(int(x) for x in PINS["mkdocs-material"].split(".")[:3])
    assert material[0] == 9 and material >= (9, 7, 7)
