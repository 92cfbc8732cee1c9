"""Pin and watch: every dependency is pinned exactly, MkDocs stays on 1.x and Material on 9.x."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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


def test_every_pin_has_hashes_and_setup_requires_them():
    """Supply chain: each download (uv's own included) is checked against requirements.txt."""
    text = (ROOT / "requirements.txt").read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.strip())
    unhashed = [e.split()[0] for e in entries if "==" in e.split()[0] and "--hash=sha256:" not in e]
    assert len(entries) >= len(PINS) > 50 and unhashed == [], f"run `make lock`: {unhashed}"
    assert "-e " not in text  # an editable line cannot be hashed: the Makefile installs the project apart
    makefile = (ROOT / "Makefile").read_text()
    installs = [line for line in makefile.splitlines() if "install" in line and ("pip " in line) and "-r " in line]
    assert len(installs) == 2 and all("--require-hashes" in line for line in installs), installs
    assert "--generate-hashes" in makefile
