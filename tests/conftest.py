"""Shared test helpers, and the tiers.

Every test lives in the folder of its tier, which gives it the pytest marker of the same name:
`unit` (plain functions, no MkDocs build), `build` (fixture projects under tests/fixtures/<scenario>/
built into tmp_path), `site` (the real site and its PDF, built once per session with --strict),
`browser` (the built pages in a real Chromium) and `js` (the JavaScript under Node).
`make test-fast` runs `-m "not site and not browser"`: nothing there builds the real site.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOOKS = ROOT / "hooks" / "playbook_hooks.py"
MKDOCS = Path(sys.executable).with_name("mkdocs")


TIERS = ("unit", "build", "site", "browser", "js")
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        parts = Path(item.path).resolve().relative_to(TESTS).parts
        tier = parts[0] if len(parts) > 1 else None
        if tier not in TIERS:
            raise pytest.UsageError(f"{item.nodeid}: a test lives in the folder of its tier, tests/<tier>/ "
                                    f"({', '.join(TIERS)}).")
        if tier in ("unit", "build", "js") and "real_build" in item.fixturenames:
            raise pytest.UsageError(f"{item.nodeid} uses the real build: it belongs in tests/site/.")
        if tier == "unit" and "build_fixture" in item.fixturenames:
            raise pytest.UsageError(f"{item.nodeid} builds a fixture project: it belongs in tests/build/.")
        item.add_marker(tier)


@dataclass
class Build:
    """The outcome of one `mkdocs build --strict`."""

    returncode: int
    log: str
    site: Path

    @property
    def warnings(self) -> list[str]:
        """MkDocs' own warnings and errors (`WARNING -  …`, `ERROR   -  …`).

        Lines that other processes write to the same stream are not MkDocs log records: the
        notebook kernels started by mkdocs-jupyter print their own logging there (e.g. a tornado
        message when a kernel shuts down), which does not affect the build.
        """
        return [line for line in self.log.splitlines() if re.match(r"(WARNING|ERROR)\s+-  ", line)]

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def mkdocs_build(project: Path, site: Path) -> Build:
    """Build `project` strictly into `site`, as `make site` does, and capture the log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_HOOKS": str(HOOKS)}
    result = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


@pytest.fixture
def build_project():
    """`mkdocs_build` itself, for tests that prepare their project folder (a git history...)."""
    return mkdocs_build


@pytest.fixture
def build_fixture(tmp_path):
    """Copy tests/fixtures/<scenario>/ into tmp_path, optionally patch files, and build it.

    `changes` maps a relative path to new content (text, bytes, or None to delete it), so one scenario can serve
    several error cases without a folder each.
    """

    def build(scenario: str, changes: dict[str, str | bytes | None] | None = None) -> Build:
        project = tmp_path / scenario
        shutil.copytree(FIXTURES / scenario, project)
        for relative, content in (changes or {}).items():
            target = project / relative
            if content is None:
                target.unlink()
            elif isinstance(content, bytes):  # a file saved in another encoding
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")
        return mkdocs_build(project, tmp_path / "site")

    return build


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> Build:
    """The real playbook, built once per test session with --strict."""
    build = mkdocs_build(ROOT, tmp_path_factory.mktemp("real") / "site")
    assert build.returncode == 0, f"the real site failed to build:\n{build.log}"
    return build
